// The panel's pages through their loaders and actions: who may open each, drawing the sample
// from the page (preview, then confirm keeps the same), assigning, and declaring a conflict.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { moderationAssignments, returns, sampleMembers, samples } from "../../db/schema";
import { loader as homeLoader } from "../../app/routes/partnerships.$slug._index";
import { loader as dashboardLoader } from "../../app/routes/partnerships.$slug.moderation._index";
import { action as sampleAction, loader as sampleLoader } from "../../app/routes/partnerships.$slug.moderation.sample";
import { action as assignAction, loader as assignLoader } from "../../app/routes/partnerships.$slug.moderation.assign";
import { action as conflictsAction, loader as conflictsLoader } from "../../app/routes/partnerships.$slug.moderation.conflicts";
import { signedInRequest } from "../support/auth";
import { useTestDatabase, type TestDatabase } from "../support/database";
import { buildModerationWorld, type ModerationWorld } from "../support/moderation-world";
import { dataResult, routeArgs, thrownRedirect, thrownResponse } from "../support/routes";
import { requestHandlerFor } from "../support/remix";
import { textOfPage } from "../support/pages";
import * as dashboardRoute from "../../app/routes/partnerships.$slug.moderation._index";
import * as sampleRoute from "../../app/routes/partnerships.$slug.moderation.sample";
import * as assignRoute from "../../app/routes/partnerships.$slug.moderation.assign";
import * as conflictsRoute from "../../app/routes/partnerships.$slug.moderation.conflicts";

const handle = requestHandlerFor({
  "routes/partnerships.$slug.moderation._index": { path: "partnerships/:slug/moderation", module: dashboardRoute },
  "routes/partnerships.$slug.moderation.sample": { path: "partnerships/:slug/moderation/sample", module: sampleRoute },
  "routes/partnerships.$slug.moderation.assign": { path: "partnerships/:slug/moderation/assign", module: assignRoute },
  "routes/partnerships.$slug.moderation.conflicts": { path: "partnerships/:slug/moderation/conflicts", module: conflictsRoute },
});

let database: TestDatabase;
let world: ModerationWorld;

beforeAll(async () => {
  database = await useTestDatabase();
  world = await buildModerationWorld(database.db);
}, 60_000);

afterAll(async () => {
  await database?.destroy();
});

const page = (name: string) => `/partnerships/${world.partnership.slug}/moderation${name}`;
const params = () => ({ slug: world.partnership.slug });
const get = async (user: { id: string }, path: string) => routeArgs(await signedInRequest(user, path), params());
const post = async (user: { id: string }, path: string, form: Record<string, string>) => routeArgs(await signedInRequest(user, path, { form }), params());

const LOADERS = {
  dashboard: ["", dashboardLoader],
  sample: ["/sample", sampleLoader],
  assign: ["/assign", assignLoader],
  conflicts: ["/conflicts", conflictsLoader],
} as const;

describe("who may open the panel's pages", () => {
  it("refuses a DSL every page, and hides them from another partnership's lead", async () => {
    for (const [path, loader] of Object.values(LOADERS)) {
      expect((await thrownResponse(loader(await get(world.dsl, page(path))))).status, path).toBe(403);
      expect((await thrownResponse(loader(await get(world.outsider, page(path))))).status, path).toBe(404);
    }
  });

  it("refuses a plain moderator the lead's pages and an admin the declaration, and lets each in where they belong", async () => {
    for (const key of ["sample", "assign"] as const) {
      const [path, loader] = LOADERS[key];
      expect((await thrownResponse(loader(await get(world.moderatorA, page(path))))).status).toBe(403);
      await expect(loader(await get(world.lead, page(path)))).resolves.toBeTruthy();
      await expect(loader(await get(world.admin, page(path)))).resolves.toBeTruthy();
    }
    expect((await thrownResponse(conflictsLoader(await get(world.admin, page("/conflicts"))))).status).toBe(403);
    await expect(conflictsLoader(await get(world.moderatorA, page("/conflicts")))).resolves.toBeTruthy();
    const dashboard = await dashboardLoader(await get(world.moderatorA, page("")));
    expect(dashboard.lead).toBe(false);
    expect(dashboard.judge).toBe(true);
    // A post is checked as the page is.
    expect((await thrownResponse(sampleAction(await post(world.moderatorA, page("/sample"), { intent: "preview", rate: "60", seed: "1", calibration: "10" })))).status).toBe(403);
  });

  it("links the partnership's home to the panel for those who may read it", async () => {
    const home = await homeLoader(await get(world.moderatorA, `/partnerships/${world.partnership.slug}`));
    expect(home.links.map((l) => l.href)).toContain(page(""));
  });
});

describe("drawing the sample on its page", () => {
  it("offers 60%, a fresh seed and 10% calibration", async () => {
    const d = await sampleLoader(await get(world.lead, page("/sample")));
    expect(d.defaults).toMatchObject({ rate: "60", calibration: "10", prefer: "" });
    expect(d.defaults.seed).toMatch(/^\d{6}$/);
    expect(d.sample).toBeNull();
    expect(d.rule).toMatch(/rounded up/);
  });

  it("shows what is wrong with the rate", async () => {
    const result = dataResult<{ errors: Record<string, string> }>(
      await sampleAction(await post(world.lead, page("/sample"), { intent: "preview", rate: "sixty", seed: "7", calibration: "10" })),
    );
    expect(result.status).toBe(400);
    expect(result.data.errors.rate).toMatch(/percent/);
  });

  it("previews, then keeps exactly the previewed sample on confirming", async () => {
    const form = { rate: "60", seed: "77", calibration: "10" };
    const previewed = (await sampleAction(await post(world.lead, page("/sample"), { ...form, intent: "preview" }))) as {
      preview: { size: number; expected: string; members: { settingName: string; reason: string }[]; strata: { label: string }[] };
    };
    expect(previewed.preview.size).toBe(7);
    expect(previewed.preview.strata.map((s) => s.label)).toContain("Primary school");
    expect(await database.db.select().from(samples).where(eq(samples.cycleId, world.cycle.id))).toEqual([]);

    const location = await thrownRedirect(sampleAction(await post(world.lead, page("/sample"), { ...form, intent: "confirm", expected: previewed.preview.expected })));
    expect(location).toContain("done=drawn");
    const [sample] = await database.db.select().from(samples).where(eq(samples.cycleId, world.cycle.id));
    const members = await database.db.select().from(sampleMembers).where(eq(sampleMembers.sampleId, sample.id));
    expect(members.map((m) => m.returnId).sort().join(",")).toBe(previewed.preview.expected.split(",").sort().join(","));

    const d = await sampleLoader(await get(world.lead, page("/sample")));
    expect(d.sample?.members).toHaveLength(7);
    const again = dataResult<{ errors: Record<string, string> }>(
      await sampleAction(await post(world.lead, page("/sample"), { ...form, intent: "confirm", expected: previewed.preview.expected })),
    );
    expect(again.status).toBe(409);
    expect(again.data.errors.form).toMatch(/already been drawn/);
  });
});

describe("conflicts and assignment on their pages", () => {
  it("needs a setting and a reason, then records the moderator's own conflict", async () => {
    const missing = dataResult<{ errors: Record<string, string> }>(await conflictsAction(await post(world.moderatorB, page("/conflicts"), { settingId: "", reason: "" })));
    expect(missing.status).toBe(400);
    expect(Object.keys(missing.data.errors).sort()).toEqual(["reason", "settingId"]);

    const elm = world.setting("Elm Primary");
    const location = await thrownRedirect(conflictsAction(await post(world.moderatorB, page("/conflicts"), { settingId: elm.id, reason: "I was its headteacher until 2025" })));
    expect(location).toContain("done=declared");
    const mine = await conflictsLoader(await get(world.moderatorB, page("/conflicts")));
    expect(mine.mine.map((c) => c.settingName)).toEqual(["Elm Primary"]);
    expect((await conflictsLoader(await get(world.moderatorA, page("/conflicts")))).mine).toEqual([]);
  });

  it("lets the lead see conflicts and assign automatically; each moderator then finds their reviews", async () => {
    const before = await assignLoader(await get(world.lead, page("/assign")));
    expect(before.conflicts.map((c) => [c.moderatorName, c.settingName, c.reason])).toEqual([["Ben Moderator", "Elm Primary", "I was its headteacher until 2025"]]);
    const elmRow = before.rows.find((r) => r.settingName === "Elm Primary");
    if (elmRow) expect(elmRow.eligible.map((e) => e.text)).not.toContain("Ben Moderator");

    await thrownRedirect(assignAction(await post(world.lead, page("/assign"), { intent: "auto" })));
    const rows = await database.db.select().from(moderationAssignments).where(eq(moderationAssignments.partnershipId, world.partnership.id));
    expect(rows.filter((r) => r.role === "primary")).toHaveLength(7);

    const dashboard = await dashboardLoader(await get(world.moderatorA, page("")));
    const mineA = rows.filter((r) => r.moderatorUserId === world.moderatorA.id);
    expect(dashboard.panel?.mine.map((m) => m.href).sort()).toEqual(mineA.map((r) => page(`/reviews/${r.id}`)).sort());
    expect(dashboard.panel?.progress).toMatchObject({ size: 7, assigned: 7, done: 0, unassigned: 0 });
    expect(dashboard.panel?.workload.reduce((n, w) => n + w.assigned, 0)).toBe(rows.length);
    expect(dashboard.panel?.agreement.byStandard).toEqual([]);
    expect(dashboard.panel?.challenges).toEqual({ open: 0, overdue: 0 });
  });

  it("refuses a by-hand assignment to someone with a conflict, with the reason", async () => {
    const [member] = await database.db.select().from(sampleMembers).where(eq(sampleMembers.partnershipId, world.partnership.id)).limit(1);
    const rows = await assignLoader(await get(world.lead, page("/assign")));
    const row = rows.rows.find((r) => r.returnId === member.returnId)!;
    const [ret] = await database.db.select().from(returns).where(eq(returns.id, member.returnId));
    await thrownRedirect(conflictsAction(await post(world.moderatorA, page("/conflicts"), { settingId: ret.settingId, reason: "My sister is its business manager" })));
    const result = dataResult<{ error: string }>(
      await assignAction(await post(world.lead, page("/assign"), { intent: "by-hand", returnId: row.returnId, role: "primary", moderatorUserId: world.moderatorA.id })),
    );
    expect(result.status).toBe(409);
    expect(result.data.error).toMatch(/declared a conflict of interest/);
  });
});

describe("the pages as rendered", () => {
  it("shows the dashboard, the sample, the assignments and the conflicts in words", async () => {
    const text = async (user: { id: string }, path: string) => {
      const response = await handle(await signedInRequest(user, page(path)));
      expect(response.status, path).toBe(200);
      return textOfPage(await response.text());
    };
    const dashboard = await text(world.lead, "");
    expect(dashboard).toContain("Moderation panel");
    expect(dashboard).toContain("Returns in the sample 7");
    expect(dashboard).toContain("Not enough pairs yet");
    expect(dashboard).toContain("Assign returns");
    expect(await text(world.lead, "/sample")).toContain("In the sample");
    const assign = await text(world.lead, "/assign");
    expect(assign).toContain("My sister is its business manager");
    expect(await text(world.moderatorA, "/conflicts")).toContain("Your declared conflicts");
    expect(await text(world.moderatorA, "")).toContain("Your reviews");
  });
});
