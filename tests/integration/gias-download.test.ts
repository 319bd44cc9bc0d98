// Refresh from GIAS (issue 12, decision 023): the day's public extract downloaded, streamed and
// counted, with GIAS played by msw. A day GIAS has not published yet, a body cut short of its
// Content-Length and one over the limit are each refused with a clear reason and change nothing.
import fs from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import { http, HttpResponse } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { setDatabaseHandle } from "../../app/db.server";
import { resetConfig } from "../../app/env.server";
import { downloadGiasExtract, giasExtractUrl } from "../../app/domain/gias-download.server";
import { previewSettingsImport } from "../../app/domain/settings-register.server";
import { settings } from "../../db/schema";
import { main } from "../../scripts/portal";
import { useTestDatabase, type TestDatabase } from "../support/database";
import { makePartnership } from "../support/factories";

const fixture = fs.readFileSync(path.resolve(import.meta.dirname, "../fixtures/gias-sample.csv"));
const TEMPLATE = "https://gias.example.test/edubase/downloads/public/edubasealldata{date}.csv";
const gias = setupServer();
let database: TestDatabase;
/** What GIAS was asked for. */
let asked: string[] = [];

beforeAll(async () => {
  gias.listen({ onUnhandledRequest: "error" });
  database = await useTestDatabase();
  resetConfig({ GIAS_EXTRACT_URL: TEMPLATE, GIAS_MAX_MB: "1" });
});
afterEach(() => {
  gias.resetHandlers();
  asked = [];
});
afterAll(async () => {
  gias.close();
  resetConfig();
  setDatabaseHandle(undefined);
  await database?.destroy();
});

function publish(body: (date: string) => Response) {
  gias.use(
    http.get("https://gias.example.test/edubase/downloads/public/:file", ({ request, params }) => {
      asked.push(new URL(request.url).pathname);
      const date = /^edubasealldata(\d{8})\.csv$/.exec(String(params.file))?.[1];
      return date ? body(date) : new HttpResponse(null, { status: 404 });
    }),
  );
}

async function portal(...argv: string[]) {
  let stdout = "";
  let stderr = "";
  const code = await main(argv, { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) } });
  return { code, stdout, stderr };
}

const countIn = async (partnershipId: string) => (await database.db.select().from(settings).where(eq(settings.partnershipId, partnershipId))).length;

describe("the day's GIAS extract", () => {
  it("is downloaded from the configured address for the day and imported, as a file would be", async () => {
    const partnership = await makePartnership(database.db);
    publish((date) => (date === "20261201" ? new HttpResponse(fixture, { headers: { "Content-Type": "text/csv", "Content-Length": String(fixture.length) } }) : new HttpResponse(null, { status: 404 })));
    const dry = await portal("import-settings", "--from-gias", "--date", "2026-12-01", "--partnership", partnership.slug, "--la", "876", "--dry-run");
    expect(dry.stderr).toBe("");
    expect(dry.stdout).toContain("  created:     12\n");
    expect(dry.stdout).toMatch(/Dry run: nothing was written\.\n$/);
    expect(await countIn(partnership.id)).toBe(0);

    const { code, stdout, stderr } = await portal("import-settings", "--from-gias", "--date", "2026-12-01", "--partnership", partnership.slug, "--la", "876");
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(stdout).toContain(`Imported ${giasExtractUrl(TEMPLATE, "2026-12-01")} into`);
    expect(stdout).toContain("  created:     12\n");
    expect(stdout).toContain("  skipped:     3\n");
    expect(asked).toEqual(["/edubase/downloads/public/edubasealldata20261201.csv", "/edubase/downloads/public/edubasealldata20261201.csv"]);
    expect(await countIn(partnership.id)).toBe(12);
    // Decoded as Windows-1252, as a downloaded file is.
    const preview = await previewSettingsImport(database.db, { partnershipId: partnership.id, laCode: "876", file: (await downloadGiasExtract({ urlTemplate: TEMPLATE, maxBytes: 1024 * 1024, date: "2026-12-01" })).bytes });
    expect(preview.result.unchanged).toHaveLength(12);
  });

  it("says so when GIAS has not published the day's extract yet (404), and changes nothing", async () => {
    const partnership = await makePartnership(database.db);
    publish(() => new HttpResponse("Not found", { status: 404 }));
    const result = await portal("import-settings", "--from-gias", "--date", "2026-12-02", "--partnership", partnership.slug, "--la", "876");
    expect(result).toEqual({ code: 1, stdout: "", stderr: "portal: GIAS has not published the extract for 2 December 2026 yet\n" });
    expect(await countIn(partnership.id)).toBe(0);
  });

  it("refuses a body cut short of its Content-Length, and changes nothing", async () => {
    const partnership = await makePartnership(database.db);
    const half = fixture.subarray(0, Math.floor(fixture.length / 2));
    publish(() => new HttpResponse(half, { headers: { "Content-Length": String(fixture.length) } }));
    const result = await portal("import-settings", "--from-gias", "--date", "2026-12-01", "--partnership", partnership.slug, "--la", "876");
    expect(result).toEqual({
      code: 1,
      stdout: "",
      stderr: `portal: The download of the GIAS extract for 1 December 2026 was cut short (${half.length} of ${fixture.length} bytes), so it was not imported; try again\n`,
    });
    expect(await countIn(partnership.id)).toBe(0);
  });

  it("refuses a body over the limit, whether it says so first or only as it streams, and changes nothing", async () => {
    const partnership = await makePartnership(database.db);
    const big = Buffer.concat([fixture, Buffer.alloc(1024 * 1024, "x")]);
    const refusal = "portal: The GIAS extract for 1 December 2026 is larger than the limit of 1 MB (GIAS_MAX_MB), so it was not imported\n";
    publish(() => new HttpResponse(big, { headers: { "Content-Length": String(big.length) } }));
    expect(await portal("import-settings", "--from-gias", "--date", "2026-12-01", "--partnership", partnership.slug, "--la", "876")).toEqual({ code: 1, stdout: "", stderr: refusal });
    // No Content-Length: counted as it arrives, and stopped once past the limit.
    let sent = 0;
    publish(
      () =>
        new HttpResponse(
          new ReadableStream({
            pull(controller) {
              if (sent >= 4 * 1024 * 1024) return controller.close();
              sent += 64 * 1024;
              controller.enqueue(new Uint8Array(64 * 1024).fill(120));
            },
          }),
        ),
    );
    expect(await portal("import-settings", "--from-gias", "--date", "2026-12-01", "--partnership", partnership.slug, "--la", "876")).toEqual({ code: 1, stdout: "", stderr: refusal });
    expect(sent).toBeLessThan(4 * 1024 * 1024);
    expect(await countIn(partnership.id)).toBe(0);
  });

  it("takes a FILE or --from-gias, not both", async () => {
    expect((await portal("import-settings", "x.csv", "--from-gias", "--partnership", "p", "--la", "876")).stderr).toBe("portal: import-settings takes a FILE or --from-gias, not both\n");
    expect((await portal("import-settings", "--partnership", "p", "--la", "876")).stderr).toBe(
      "portal: import-settings needs the FILE to import (a GIAS extract in CSV), or --from-gias to download today's\n",
    );
    expect(asked).toEqual([]);
  });
});
