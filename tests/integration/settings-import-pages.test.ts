// The register's "Refresh from GIAS" page (issue 12, decision 023): upload an extract or
// download the day's (GIAS played by msw), see what would be created, updated and deactivated,
// then apply exactly what was previewed; for partnership administrators only.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { http, HttpResponse } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { resetConfig } from "../../app/env.server";
import { action, loader } from "../../app/routes/partnerships.$slug.settings_.import";
import { loader as registerLoader } from "../../app/routes/partnerships.$slug.settings";
import { settings, type Partnership, type User } from "../../db/schema";
import { signedInRequest } from "../support/auth";
import { useTestDatabase, type TestDatabase } from "../support/database";
import { makePartnership, makeSetting, makeUser } from "../support/factories";
import { dataResult, routeArgs, thrownRedirect, thrownResponse } from "../support/routes";

const fixture = fs.readFileSync(path.resolve(import.meta.dirname, "../fixtures/gias-sample.csv"));
const gias = setupServer();
let database: TestDatabase;
let partnership: Partnership;
let admin: User;
let moderator: User;
let dataDir: string;

beforeAll(async () => {
  gias.listen({ onUnhandledRequest: "error" });
  database = await useTestDatabase();
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "gias-pages-"));
  resetConfig({ DATA_DIR: dataDir, GIAS_EXTRACT_URL: "https://gias.example.test/extract{date}.csv", GIAS_MAX_MB: "1" });
  partnership = await makePartnership(database.db, { slug: "halton" });
  admin = await makeUser(database.db, { roles: [{ partnershipId: partnership.id, role: "admin" }] });
  moderator = await makeUser(database.db, { roles: [{ partnershipId: partnership.id, role: "moderator" }] });
});
afterEach(() => gias.resetHandlers());
afterAll(async () => {
  gias.close();
  resetConfig();
  await database?.destroy();
});

const url = "/partnerships/halton/settings/import";
type Page = {
  preview?: { created: { name: string; urn: string }[]; updated: { name: string; urn: string }[]; deactivated: { name: string; urn: string }[]; unchanged: number };
  apply?: Record<string, string>;
  errors?: Record<string, string>;
};

async function post(user: User, fields: Record<string, string>, file?: { name: string; bytes: Uint8Array }) {
  const body = new FormData();
  for (const [k, v] of Object.entries(fields)) body.append(k, v);
  if (file) body.append("file", new Blob([Buffer.from(file.bytes)], { type: "text/csv" }), file.name);
  return action(routeArgs(await signedInRequest(user, url, { method: "POST", body }), { slug: "halton" }));
}
const count = async () => (await database.db.select().from(settings).where(eq(settings.partnershipId, partnership.id))).length;

describe("refreshing the register from GIAS", () => {
  it("previews an uploaded extract without changing anything, then applies exactly that", async () => {
    const page = (await post(admin, { intent: "upload", laCode: "876" }, { name: "edubase.csv", bytes: fixture })) as Page;
    expect(page.preview!.created).toHaveLength(12);
    expect(page.preview!.created[0]).toEqual({ urn: "900001", name: expect.any(String) });
    expect(page.preview!.created[0].name).not.toBe("900001");
    expect(await count()).toBe(0);
    // The file waits under DATA_DIR, named by its SHA-256.
    expect(fs.readdirSync(path.join(dataDir, "gias-imports", partnership.id))).toEqual([`${page.apply!.sha256}.csv`]);

    const location = await thrownRedirect(post(admin, { ...page.apply!, intent: "apply" }));
    expect(location).toBe("/partnerships/halton/settings?created=12&updated=0&deactivated=0");
    expect(await count()).toBe(12);
    expect(fs.readdirSync(path.join(dataDir, "gias-imports", partnership.id))).toEqual([]);
  });

  it("refuses to apply a preview once the register has changed, and shows the new preview", async () => {
    const edited = Buffer.from(fixture.toString("latin1").replace(/Open/, "Closed"), "latin1");
    const page = (await post(admin, { intent: "upload", laCode: "876" }, { name: "edubase.csv", bytes: edited })) as Page;
    // Someone changes the register between the preview and Apply.
    await database.db.update(settings).set({ name: "Renamed by hand" }).where(eq(settings.urn, page.preview!.deactivated[0]?.urn ?? page.preview!.updated[0]?.urn ?? "900001"));
    const before = await database.db.select().from(settings).where(eq(settings.partnershipId, partnership.id));
    const refused = dataResult<Page>(await post(admin, { ...page.apply!, intent: "apply" }));
    expect(refused.status).toBe(409);
    expect(refused.data.errors).toEqual({ file: "The register has changed since the preview, so nothing was imported: look at the new preview and apply it again" });
    expect(refused.data.apply!.fingerprint).not.toBe(page.apply!.fingerprint);
    expect(await database.db.select().from(settings).where(eq(settings.partnershipId, partnership.id))).toEqual(before);
  });

  it("downloads the day's extract with Refresh from GIAS, and says when GIAS has not published it yet", async () => {
    gias.use(http.get("https://gias.example.test/:file", () => new HttpResponse(fixture, { headers: { "Content-Length": String(fixture.length) } })));
    const page = (await post(admin, { intent: "download", laCode: "876" })) as Page;
    expect(page.preview!.unchanged).toBeGreaterThan(0);
    expect(page.apply!.source).toMatch(/^https:\/\/gias\.example\.test\/extract\d{8}\.csv$/);
    gias.use(http.get("https://gias.example.test/:file", () => new HttpResponse(null, { status: 404 })));
    const missing = dataResult<Page>(await post(admin, { intent: "download", laCode: "876" }));
    expect(missing.status).toBe(502);
    expect(missing.data.errors!.download).toMatch(/^GIAS has not published the extract for \d{1,2} [A-Z][a-z]+ \d{4} yet$/);
  });

  it("shows each problem by its field: the local authority code, no file, a file that is not an extract", async () => {
    const before = await count();
    expect(dataResult<Page>(await post(admin, { intent: "upload", laCode: "87" }))).toEqual({
      status: 400,
      data: { errors: { laCode: "Enter the local authority's three-digit GIAS code, like 876", file: "Select the GIAS extract (CSV) to upload" }, values: { laCode: "87" } },
    });
    const notGias = dataResult<Page>(await post(admin, { intent: "upload", laCode: "876" }, { name: "x.csv", bytes: Buffer.from("a,b\n1,2\n") }));
    expect(notGias.status).toBe(400);
    expect(notGias.data.errors!.file).toBeTruthy();
    const tooBig = dataResult<Page>(await post(admin, { intent: "upload", laCode: "876" }, { name: "x.csv", bytes: Buffer.alloc(1024 * 1024 + 10, "x") }));
    expect(tooBig).toEqual({ status: 400, data: { errors: { file: "The file must be smaller than 1 MB" } } });
    expect(await count()).toBe(before);
  });

  it("is for administrators: the panel gets 403", async () => {
    expect((await thrownResponse(loader(routeArgs(await signedInRequest(moderator, url), { slug: "halton" })))).status).toBe(403);
    expect((await thrownResponse(post(moderator, { intent: "upload", laCode: "876" }))).status).toBe(403);
    await makeSetting(database.db, partnership.id, { urn: "999999" });
    expect((await loader(routeArgs(await signedInRequest(admin, url), { slug: "halton" }))).laCode).toBe("876");
    // The register offers the page to administrators only.
    const register = async (user: User) => (await registerLoader(routeArgs(await signedInRequest(user, "/partnerships/halton/settings"), { slug: "halton" }))).mayAdminister;
    expect([await register(admin), await register(moderator)]).toEqual([true, false]);
  });
});
