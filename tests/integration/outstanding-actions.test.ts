// Outstanding actions across the partnership (issue 11): the list and its filters, counts by
// theme, the share of settings that completed their previous return's actions, the CSV, who may
// see them; and a theme suggested when the DSL adds an action without choosing one.
//
// The fixture, in the scenario's partnership ("E" is the earlier full audit 2024, "C" the current
// one 2026), every figure below worked out from this table by hand:
//
//   setting                      action                                        theme      status       due         from  source
//   Brookfield Primary (s175)    Train all supply staff (the scenario's)       training   open         2025-03-31  E     self
//   Ash Academy (s157)           Governor training on safer recruitment        training   open         2099-01-31  E     self
//                                Update the single central record              safer_rec  done         –           E     self
//   Birch Secondary (s175)       Refresh governor training for new governors   training   in_progress  2025-01-31  E     self
//                                Rewrite the behaviour policy                  policy     dropped      –           E     self
//                                Cover 100% of staff with refresher sessions   training   open         2099-07-31  C     self
//   Harbour Police Team (s11)    Agree escalation with the MASH                multi      done         –           E     self
//                                Log every referral                            record     dropped      –           E     self
//   Cedar Special (s175)         Board to review safeguarding twice a year     governance done         –           E     self
//                                Follow up every absence on the first day      attendance open         –           C     moderation
//   (another partnership)        Governor training elsewhere                   training   open         2020-01-01  –     self
//
// Outstanding (open or in progress) here: 5 actions in 4 settings; training 4 (3 settings),
// attendance 1. Overdue: Brookfield's and Birch's 2025 ones. Settings whose E return planned an
// action: Brookfield, Ash, Birch, Harbour, Cedar = 5; of them Harbour (done + dropped) and Cedar
// (done; its C action does not count) finished everything = 2. So "2 of 5 settings (40%)".
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as page from "../../app/routes/partnerships.$slug.actions";
import * as csv from "../../app/routes/partnerships.$slug.actions[.]csv";
import * as actionPlanPage from "../../app/routes/settings.$settingId.returns.$returnId.actions";
import { completionShare, countsByTheme, csvCell, listOutstandingActions, type OutstandingActionFilters } from "../../app/domain/outstanding-actions.server";
import { startReturn } from "../../app/domain/returns.server";
import { actions, auditEvents, returns, type Action, type Setting, type User } from "../../db/schema";
import { useTestDatabase, type TestDatabase } from "../support/database";
import { buildScenario, reload, returnFor } from "../support/scenario";
import { makePartnership, makeSetting, makeUser } from "../support/factories";
import { signedInRequest } from "../support/auth";
import { dataResult, routeArgs, thrownRedirect, thrownResponse } from "../support/routes";
import { requestHandlerFor } from "../support/remix";
import { textOfPage } from "../support/pages";

const handle = requestHandlerFor({
  "routes/actions": { path: "partnerships/:slug/actions", module: page },
  "routes/plan": { path: "settings/:settingId/returns/:returnId/actions", module: actionPlanPage },
});

let database: TestDatabase;
let world: Awaited<ReturnType<typeof buildScenario>>;
let ash: Setting, birch: Setting, harbour: Setting, cedar: Setting;
let chair: User, lead: User, outsider: User;
const TODAY = "2026-06-01";

type World = Awaited<ReturnType<typeof buildScenario>>;

async function returnIn(w: World, cycle: World["cycle"], setting: Setting) {
  const [row] = await database.db
    .insert(returns)
    .values({
      partnershipId: w.partnership.id,
      cycleId: cycle.id,
      settingId: setting.id,
      frameworkId: setting.basis === "s11" ? cycle.agencyFrameworkId : cycle.educationFrameworkId,
      status: "submitted",
    })
    .onConflictDoNothing()
    .returning();
  return row ?? (await database.db.select().from(returns).where(and(eq(returns.cycleId, cycle.id), eq(returns.settingId, setting.id))))[0];
}

async function action(setting: Setting, originReturnId: string | null, a: Pick<Action, "description" | "theme" | "status"> & Partial<Action>) {
  await database.db.insert(actions).values({ partnershipId: setting.partnershipId, settingId: setting.id, originReturnId, owner: "DSL", dueOn: null, ...a });
}

beforeAll(async () => {
  database = await useTestDatabase();
  world = await buildScenario(database.db);
  const db = database.db;
  const p = world.partnership.id;
  ash = await makeSetting(db, p, { name: "Ash Academy", type: "academy", basis: "s157" });
  birch = await makeSetting(db, p, { name: "Birch Secondary", type: "secondary", basis: "s175" });
  harbour = await makeSetting(db, p, { name: "Harbour Police Team", type: "police", basis: "s11" });
  cedar = await makeSetting(db, p, { name: "Cedar Special", type: "special", basis: "s175" });
  const E = world.previousCycle;
  const C = world.cycle;
  const ashE = await returnIn(world, E, ash);
  const birchE = await returnIn(world, E, birch);
  const birchC = await returnIn(world, C, birch);
  const harbourE = await returnIn(world, E, harbour);
  const cedarE = await returnIn(world, E, cedar);
  const cedarC = await returnIn(world, C, cedar);
  await action(ash, ashE.id, { description: "Governor training on safer recruitment", theme: "training", status: "open", dueOn: "2099-01-31" });
  await action(ash, ashE.id, { description: "Update the single central record", theme: "safer_recruitment", status: "done" });
  await action(birch, birchE.id, { description: "Refresh governor training for new governors", theme: "training", status: "in_progress", dueOn: "2025-01-31" });
  await action(birch, birchE.id, { description: "Rewrite the behaviour policy", theme: "policy_procedures", status: "dropped" });
  await action(birch, birchC.id, { description: "Cover 100% of staff with refresher sessions", theme: "training", status: "open", dueOn: "2099-07-31" });
  await action(harbour, harbourE.id, { description: "Agree escalation with the MASH", theme: "multi_agency_escalation", status: "done" });
  await action(harbour, harbourE.id, { description: "Log every referral", theme: "record_keeping", status: "dropped" });
  await action(cedar, cedarE.id, { description: "Board to review safeguarding twice a year", theme: "governance", status: "done" });
  await action(cedar, cedarC.id, { description: "Follow up every absence on the first day", theme: "attendance", status: "open", source: "moderation" });

  const elsewhere = await makePartnership(db);
  const farSetting = await makeSetting(db, elsewhere.id, { name: "Far Primary" });
  await action(farSetting, null, { description: "Governor training elsewhere", theme: "training", status: "open", dueOn: "2020-01-01" });
  outsider = await makeUser(db, { roles: [{ partnershipId: elsewhere.id, role: "admin" }] });
  chair = await makeUser(db, { roles: [{ partnershipId: p, role: "subgroup_chair" }] });
  lead = await makeUser(db, { roles: [{ partnershipId: p, role: "moderation_lead" }] });
});
afterAll(async () => {
  await database?.destroy();
});

const list = (filters: OutstandingActionFilters = {}) => listOutstandingActions(database.db, { partnershipId: world.partnership.id, filters, today: TODAY });
const descriptions = async (filters: OutstandingActionFilters = {}) => (await list(filters)).map((a) => a.description).sort();

const BROOKFIELD = "Train all supply staff";
const ASH = "Governor training on safer recruitment";
const BIRCH_E = "Refresh governor training for new governors";
const BIRCH_C = "Cover 100% of staff with refresher sessions";
const CEDAR_C = "Follow up every absence on the first day";
const sorted = (...items: string[]) => [...items].sort();

describe("the outstanding actions", () => {
  it("are every open or in-progress action of the partnership's settings, and nothing of another partnership", async () => {
    expect(await descriptions()).toEqual(sorted(BROOKFIELD, ASH, BIRCH_E, BIRCH_C, CEDAR_C));
    const birch = (await list()).find((a) => a.description === BIRCH_E)!;
    expect(birch).toMatchObject({ settingName: "Birch Secondary", settingType: "secondary", basis: "s175", status: "in_progress", overdue: true, cycleName: "Full audit 2024" });
  });

  it("are filtered by theme, type of setting, statutory basis, cycle, source and overdue", async () => {
    expect(await descriptions({ theme: "attendance" })).toEqual([CEDAR_C]);
    expect(await descriptions({ theme: "governance" })).toEqual([]);
    expect(await descriptions({ settingType: "secondary" })).toEqual(sorted(BIRCH_E, BIRCH_C));
    expect(await descriptions({ basis: "s157" })).toEqual([ASH]);
    expect(await descriptions({ basis: "s175" })).toEqual(sorted(BROOKFIELD, BIRCH_E, BIRCH_C, CEDAR_C));
    expect(await descriptions({ cycleId: world.previousCycle.id })).toEqual(sorted(BROOKFIELD, ASH, BIRCH_E));
    expect(await descriptions({ cycleId: world.cycle.id })).toEqual(sorted(BIRCH_C, CEDAR_C));
    expect(await descriptions({ source: "moderation" })).toEqual([CEDAR_C]);
    expect(await descriptions({ source: "self_assessment" })).toEqual(sorted(BROOKFIELD, ASH, BIRCH_E, BIRCH_C));
    expect(await descriptions({ overdue: true })).toEqual(sorted(BROOKFIELD, BIRCH_E));
    expect(await descriptions({ theme: "training", overdue: true, basis: "s175" })).toEqual(sorted(BROOKFIELD, BIRCH_E));
  });

  it("are searched by words in the description, in any case, with % and _ taken literally", async () => {
    expect(await descriptions({ q: "governor training" })).toEqual(sorted(ASH, BIRCH_E));
    expect(await descriptions({ q: "GOVERNOR TRAINING" })).toEqual(sorted(ASH, BIRCH_E));
    expect(await descriptions({ q: "100%" })).toEqual([BIRCH_C]);
    expect(await descriptions({ q: "%" })).toEqual([BIRCH_C]);
    expect(await descriptions({ q: "_" })).toEqual([]);
    expect(await descriptions({ q: "nothing like this" })).toEqual([]);
  });

  it("are counted by theme, with the settings they are in", async () => {
    const counts = await countsByTheme(database.db, { partnershipId: world.partnership.id, filters: {}, today: TODAY });
    expect(counts.actions).toBe(5);
    expect(counts.settings).toBe(4);
    const nonZero = counts.byTheme.filter((t) => t.actions > 0);
    expect(nonZero).toEqual([
      { theme: "training", actions: 4, settings: 3 },
      { theme: "attendance", actions: 1, settings: 1 },
    ]);
    expect(counts.byTheme).toHaveLength(9);
    // "Governor training" is named in 2 settings' plans.
    const governor = await countsByTheme(database.db, { partnershipId: world.partnership.id, filters: { q: "governor training" }, today: TODAY });
    expect([governor.actions, governor.settings]).toEqual([2, 2]);
    const overdue = await countsByTheme(database.db, { partnershipId: world.partnership.id, filters: { overdue: true }, today: TODAY });
    expect(overdue.byTheme.find((t) => t.theme === "training")).toEqual({ theme: "training", actions: 2, settings: 2 });
  });
});

describe("the share of settings that completed their previous return's actions", () => {
  it("counts, of the settings whose return in the cycle before planned an action, those that finished all of them", async () => {
    const share = await completionShare(database.db, { partnershipId: world.partnership.id, cycleId: world.cycle.id });
    expect(share).toEqual({ numerator: 2, denominator: 5, previousCycle: { id: world.previousCycle.id, name: "Full audit 2024" } });
  });

  it("has nothing to count for the first cycle", async () => {
    const share = await completionShare(database.db, { partnershipId: world.partnership.id, cycleId: world.previousCycle.id });
    expect(share).toEqual({ numerator: 0, denominator: 0, previousCycle: null });
  });
});

async function pageFor(user: User, query = "") {
  const request = await signedInRequest(user, `/partnerships/${world.partnership.slug}/actions${query}`);
  return page.loader(routeArgs(request, { slug: world.partnership.slug }));
}

async function csvFor(user: User, query = "") {
  const request = await signedInRequest(user, `/partnerships/${world.partnership.slug}/actions.csv${query}`);
  return csv.loader(routeArgs(request, { slug: world.partnership.slug }));
}

/** RFC 4180 rows, parsed here rather than by the code under test. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted && c === '"' && text[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (c === '"') {
      quoted = !quoted;
    } else if (!quoted && c === ",") {
      row.push(cell);
      cell = "";
    } else if (!quoted && c === "\r" && text[i + 1] === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
      i++;
    } else {
      cell += c;
    }
  }
  return rows;
}

describe("the outstanding actions page", () => {
  it("shows the count, counts by theme, the completion share and the filtered actions", async () => {
    const d = await pageFor(world.admin);
    expect([d.counts.actions, d.counts.settings]).toEqual([5, 4]);
    expect(d.share).toMatchObject({ numerator: 2, denominator: 5, cycleName: "Full audit 2026" });
    expect(d.rows.map((r) => r.description).sort()).toEqual(sorted(BROOKFIELD, ASH, BIRCH_E, BIRCH_C, CEDAR_C));
    // An administrator may open each setting's home.
    expect(d.rows.find((r) => r.description === ASH)?.settingHref).toBe(`/settings/${ash.id}/actions`);
    expect(d.csvHref).toBe(`/partnerships/${world.partnership.slug}/actions.csv`);
  });

  it("renders the share with its numerator and denominator, the counts, the CSV link and each action", async () => {
    const response = await handle(await signedInRequest(world.admin, `http://localhost/partnerships/${world.partnership.slug}/actions?q=governor+training`));
    expect(response.status).toBe(200);
    const html = await response.text();
    const text = textOfPage(html);
    expect(text).toMatch(/2 of 5 settings \(40%\) completed every action from their previous return/);
    expect(text).toMatch(/2 outstanding actions in 2 settings match these filters/);
    expect(text).toMatch(/Training 2 2/);
    expect(text).toMatch(/Birch Secondary Refresh governor training for new governors Training 31 January 2025 Overdue In progress Self-assessment/);
    expect(text).toMatch(/Ash Academy Governor training on safer recruitment Training 31 January 2099 Not started Self-assessment/);
    expect(html).toContain(`href="/partnerships/${world.partnership.slug}/actions.csv?q=governor+training"`);
    expect(html).toContain(`href="/settings/${ash.id}/actions"`);
  });

  it("reads its filters from the query string, ignoring what it does not know", async () => {
    const d = await pageFor(world.admin, `?theme=training&type=secondary&basis=nope&source=&q=governor+training&overdue=yes`);
    expect(d.filters).toEqual({ theme: "training", settingType: "secondary", basis: undefined, cycleId: undefined, source: undefined, overdue: true, q: "governor training" });
    expect(d.rows.map((r) => r.description)).toEqual([BIRCH_E]);
    expect(d.counts.actions).toBe(1);
    expect(d.csvHref).toBe(`/partnerships/${world.partnership.slug}/actions.csv?theme=training&type=secondary&overdue=yes&q=governor+training`);
    // A cycle that is not an id is no filter (and no database error).
    expect((await pageFor(world.admin, "?cycle=not-a-cycle")).counts.actions).toBe(5);
    const byCycle = await pageFor(world.admin, `?cycle=${world.previousCycle.id}`);
    expect(byCycle.counts.actions).toBe(3);
    // The share is about the cycle filtered by: the earlier one is the first.
    expect(byCycle.share).toMatchObject({ numerator: 0, denominator: 0, previousCycle: null });
  });

  it("is open to admins, moderators, moderation leads and subgroup chairs; a DSL is refused, another partnership's admin finds nothing", async () => {
    for (const user of [world.admin, world.moderator, lead, chair]) expect((await pageFor(user)).counts.actions).toBe(5);
    // Every reader of the list may read each setting's action plan, where its rows lead.
    expect((await pageFor(chair)).rows.every((r) => r.settingHref === `/settings/${r.settingId}/actions`)).toBe(true);
    expect((await thrownResponse(pageFor(world.dsl))).status).toBe(403);
    expect((await thrownResponse(csvFor(world.dsl))).status).toBe(403);
    expect((await thrownResponse(pageFor(outsider))).status).toBe(404);
    expect((await thrownResponse(csvFor(outsider))).status).toBe(404);
  });
});

describe("the CSV download", () => {
  it("is an attachment holding a header row and exactly the filtered rows", async () => {
    const response = await csvFor(chair, "?q=governor+training");
    expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("Content-Disposition")).toMatch(/^attachment; filename="outstanding-actions-.+\.csv"$/);
    const [head, ...rows] = parseCsv(await response.text());
    expect(head).toEqual(["Setting", "Type of setting", "Statutory basis", "Description", "Theme", "Owner", "Due date", "Overdue", "Status", "Source", "Cycle"]);
    expect(rows).toEqual([
      ["Ash Academy", "Academy or free school", "s157", ASH, "Training", "DSL", "2099-01-31", "no", "Not started", "Self-assessment", "Full audit 2024"],
      ["Birch Secondary", "Secondary school", "s175", BIRCH_E, "Training", "DSL", "2025-01-31", "yes", "In progress", "Self-assessment", "Full audit 2024"],
    ]);
  });

  it("has the same rows as the page for every filter", async () => {
    for (const query of ["", "?theme=attendance", "?type=secondary", "?basis=s175", `?cycle=${world.cycle.id}`, "?source=moderation", "?overdue=yes", "?q=100%25"]) {
      const shown = (await pageFor(world.admin, query)).rows.map((r) => r.description);
      const [, ...rows] = parseCsv(await (await csvFor(world.admin, query)).text());
      expect([query, rows.map((r) => r[3])]).toEqual([query, shown]);
    }
  });

  it("quotes what needs quoting and keeps a formula from running", () => {
    expect(csvCell("plain")).toBe("plain");
    expect(csvCell('Say "no", then stop')).toBe('"Say ""no"", then stop"');
    expect(csvCell("two\r\nlines")).toBe('"two\r\nlines"');
    for (const start of ["=", "+", "-", "@"]) expect(csvCell(`${start}HYPERLINK("x")`)).toBe(`"'${start}HYPERLINK(""x"")"`);
    expect(csvCell("=1+1")).toBe("'=1+1");
  });
});

describe("an action added without a theme", () => {
  let w: World;
  let returnId: string;
  beforeAll(async () => {
    w = await buildScenario(database.db);
    const ctx = await returnFor(database.db, w.cycle, w.school.id);
    await startReturn(database.db, ctx, { mode: "earlier", actor: w.dsl });
    returnId = (await reload(database.db, ctx)).ret.id;
  });
  const path = () => `/settings/${w.school.id}/returns/${returnId}/actions`;
  const params = () => ({ settingId: w.school.id, returnId });
  const add = async (form: Record<string, string>) =>
    thrownRedirect(actionPlanPage.action(routeArgs(await signedInRequest(w.dsl, path(), { form: { intent: "add", owner: "DSL", ...form } }), params())));
  const added = async (description: string) => (await database.db.select().from(actions).where(and(eq(actions.settingId, w.school.id), eq(actions.description, description))))[0];

  it("gets the theme suggested from its description, and the page says so", async () => {
    const location = await add({ description: "Book governor training" });
    const action = await added("Book governor training");
    expect(action.theme).toBe("training");
    expect(location).toBe(`${path()}?saved=added&suggested=${action.id}#action-${action.id}`);
    const d = await actionPlanPage.loader(routeArgs(await signedInRequest(w.dsl, location), params()));
    expect(d.suggestedTheme).toBe("Training");
    const shown = textOfPage(await (await handle(await signedInRequest(w.dsl, `http://localhost${location}`))).text());
    expect(shown).toMatch(/No theme was chosen, so its theme was suggested from what needs to be done: Training\. You can change it/);
    // "Not sure" is the same as choosing none.
    await add({ description: "Check DBS renewals", theme: "suggest" });
    expect((await added("Check DBS renewals")).theme).toBe("safer_recruitment");
  });

  it("is Other when nothing in the description suggests a theme, and a chosen theme is kept", async () => {
    await add({ description: "Repaint the fence" });
    expect((await added("Repaint the fence")).theme).toBe("other");
    const location = await add({ description: "Book more governor training", theme: "governance" });
    expect((await added("Book more governor training")).theme).toBe("governance");
    expect(location).not.toMatch(/suggested=/);
  });

  it("can have its theme changed in the action's update", async () => {
    const action = await added("Book governor training");
    await thrownRedirect(
      actionPlanPage.action(
        routeArgs(
          await signedInRequest(w.dsl, path(), { form: { intent: "update", actionId: action.id, revision: String(action.revision), status: "in_progress", theme: "governance", progressNote: "" } }),
          params(),
        ),
      ),
    );
    expect((await added("Book governor training")).theme).toBe("governance");
    const [event] = await database.db.select().from(auditEvents).where(and(eq(auditEvents.entityId, action.id), eq(auditEvents.action, "action.updated")));
    expect(event.detail).toMatchObject({ theme: { from: "training", to: "governance" } });
    // An unknown theme is refused, not saved.
    const refused = dataResult<{ errors: Record<string, string> }>(
      await actionPlanPage.action(
        routeArgs(await signedInRequest(w.dsl, path(), { form: { intent: "update", actionId: action.id, revision: String(action.revision + 1), status: "open", theme: "bogus" } }), params()),
      ),
    );
    expect(refused.status).toBe(400);
    expect(refused.data.errors.theme).toBe("Select the theme of the action");
  });
});

describe("completing the last outstanding action from the previous return", () => {
  it("takes it off the list and adds its setting to the completion share", async () => {
    // Last: the fixture's figures above are as they were before this.
    await database.db.update(actions).set({ status: "done" }).where(and(eq(actions.settingId, world.school.id), eq(actions.description, BROOKFIELD)));
    expect(await descriptions()).toEqual(sorted(ASH, BIRCH_E, BIRCH_C, CEDAR_C));
    const share = await completionShare(database.db, { partnershipId: world.partnership.id, cycleId: world.cycle.id });
    expect([share.numerator, share.denominator]).toEqual([3, 5]);
  });
});
