// Aggregate findings (issue 13): the page, every sheet of the workbook and each sheet's CSV,
// checked against figures worked out by hand from the fixture below (never by calling the
// findings module), with a filter by type of setting, formula-injection attempts in a setting's
// name, an action's description and evidence, and who may see them.
//
// The fixture: one partnership, two full audits ("2024" closed, "2026" the one asked about, due
// 2026-12-18, closing 2026-12-31). Frameworks: education 2024 (1.1, 1.2, 2.1, 2.2), 2026 (1.1, 1.2,
// 2.1, 2.3); agency (1.1). Register, by name (six, all active, all invited to both cycles):
//
//   setting                 type       basis  2024                         2026 (first submitted)   2026 ratings 1.1 1.2 2.1 2.3
//   =1+2 Ash Academy        academy    s157   submitted, all met            2026-12-10 (on time)     met met met exceeds (good evidence)
//   Birch Primary           primary    s175   submitted, all met, 1 action  2026-12-10 (on time)     exceeds(good) met met met
//   Cedar Primary           primary    s175   submitted, all met, 1 action  2026-12-20 (late)        exceeds(thin: unsupported) partially met met
//   Dale Nursery            nursery    s175   –                            started, not submitted   –
//   Elm Police Team         police     s11    –                            2027-01-05 (after close) agency 1.1 met
//   Fir Primary             primary    s175   –                            not started              –
//
// Moderation of 2026 (first reviews): Ash completed, agreed, every judgement agree; Birch
// completed, agreed with changes: 1.1 revised to met (lowered), 2.1 revised to exceeds (raised),
// 1.2 and 2.3 agree; Cedar's review is still in progress (not moderated).
// Actions: Birch's 2024 "Train all staff" (training) carried and put in progress; Cedar's 2024
// "Update the policy" (policy) carried and confirmed done at submission. 2026: Ash adds
// "=HYPERLINK(...)" (policy), Cedar "+Record every concern" (record keeping), Dale "Governor
// training" (training, two overdue reminders sent).
//
// By hand, all settings (2026):
//   invited 6 of 6 in the register; submitted 4 of 6 (66.7%); on time 2 of 6 (33.3%: Ash, Birch);
//   by the close 3 of 6 (50.0%: and Cedar); every standard met or exceeded 3 of 4 (75.0%: all but
//   Cedar's partially met); moderation coverage 2 of 4 (50.0%); agreed 1 of 2 (50.0%: Ash);
//   any Exceeds: Ash, Birch, Cedar = 3; unsupported or revised down: Birch (lowered), Cedar
//   (unsupported) = 2 of 3 (66.7%); previous actions: Birch and Cedar planned, Cedar finished = 1 of 2
//   (50.0%); outstanding 4: training 2 (Birch, Dale), policy 1 (Ash), record keeping 1 (Cedar).
//   Participation: academy 1/1, primary 2/3, nursery 0/1, police 1/1; s175 2/4, s157 1/1, s11 1/1.
//   Self-assessed (latest versions): 1.1 met 1 exceeds 2; 1.2 partially 1 met 2; 2.1 met 3; 2.3 met 2
//   exceeds 1; agency 1.1 met 1. Moderated: 1.1 met 2; 1.2 met 2; 2.1 met 1 exceeds 1; 2.3 met 1
//   exceeds 1. Inflation: 1.1 lowered 1 of 2 (50.0%) first; then 1.2, 2.1 (raised 1 of 2), 2.3 with
//   0 of 2; agency 1.1 (nothing moderated) last.
//   Moved since 2024 (by code): Birch 1.1 met→exceeds; Cedar 1.1 met→exceeds, 1.2 met→partially met = 3.
//   Non-submitters: Dale Nursery (in progress; DSL 3, two overdue-action reminders), Fir Primary
//   (not started; DSL 5).
// Primary schools only: invited 3 of 3; submitted 2 of 3; on time 1 of 3; by close 2 of 3; every
//   met 1 of 2; moderated 1 of 2; agreed 0 of 1; Exceeds 2 of 2; previous actions 1 of 2;
//   outstanding 2 (training 1, record keeping 1).
// 2024 (the previous cycle of the same kind): invited 6 of 6, submitted 3 of 6.
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as XLSX from "xlsx";
import * as page from "../../app/routes/partnerships.$slug.findings";
import * as workbookRoute from "../../app/routes/partnerships.$slug.findings[.]xlsx";
import * as csvRoute from "../../app/routes/partnerships.$slug.findings[.]csv";
import { actions, cycles, judgements, moderationAssignments, returnVersions, returns, standards, type Setting, type User } from "../../db/schema";
import { buildScenario as buildSharedScenario, type Scenario } from "../../db/seed/scenario";
import { useTestDatabase, type TestDatabase } from "../support/database";
import { AGENCY, FRAMEWORK_V1, FRAMEWORK_V2, GOOD_EVIDENCE } from "../support/scenario";
import { makePartnership, makeUser } from "../support/factories";
import { signedInRequest } from "../support/auth";
import { requestHandlerFor } from "../support/remix";
import { textOfPage } from "../support/pages";
import { routeArgs, thrownResponse } from "../support/routes";

const handle = requestHandlerFor({
  "routes/findings": { path: "partnerships/:slug/findings", module: page },
  "routes/findings-xlsx": { path: "partnerships/:slug/findings.xlsx", module: workbookRoute },
  "routes/findings-csv": { path: "partnerships/:slug/findings.csv", module: csvRoute },
});

const ASH = "=1+2 Ash Academy";
const INJECTED_EVIDENCE = "=HYPERLINK(\"https://evil.example/x\",\"Click\") and then the rest of the evidence for this standard.";
const ASH_ACTION = "=HYPERLINK(\"https://evil.example\",\"policy\")";

let database: TestDatabase;
let world: Scenario<"chair" | "admin" | "moderator" | "lead">;
let outsider: User;
let slug: string;
let cycleId: string;
let remindersRecorded: boolean;

const byName = (name: string) => world.settings.find((s) => s.name === name)!;

beforeAll(async () => {
  database = await useTestDatabase();
  const db = database.db;
  const id = Math.random().toString(16).slice(2, 10);
  slug = `findings-${id}`;
  world = await buildSharedScenario(db, {
    partnership: { name: `Findings partnership ${id}`, slug },
    register: {
      listed: [
        { name: ASH, type: "academy", basis: "s157", urn: "900001" },
        { name: "Birch Primary", type: "primary", urn: "900002" },
        { name: "Cedar Primary", type: "primary", urn: "900003" },
        { name: "Dale Nursery", type: "nursery", urn: "900004" },
        { name: "Elm Police Team", type: "police", urn: null },
        { name: "Fir Primary", type: "primary", urn: "900006" },
      ],
    },
    people: {
      chair: { name: "Sam Chair", email: `chair-${id}@example.org.uk`, roles: [{ role: "subgroup_chair" }] },
      admin: { name: "Ari Admin", email: `admin-${id}@example.org.uk`, roles: [{ role: "admin" }] },
      moderator: { name: "Mo Panel", email: `mod-${id}@example.org.uk`, roles: [{ role: "moderator" }] },
      lead: { name: "Lee Lead", email: `lead-${id}@example.org.uk`, roles: [{ role: "moderation_lead" }] },
    },
    perSetting: { dsl: 1, signatory: 1 },
    frameworks: { earlier: FRAMEWORK_V1, current: FRAMEWORK_V2, agency: AGENCY },
    signOffAs: { name: "Head Teacher", roleTitle: "Headteacher" },
    writes: "bulk",
    earlier: {
      started: ({ setting }) => [ASH, "Birch Primary", "Cedar Primary"].includes(setting.name),
      answer: () => ({ rating: "met", evidence: GOOD_EVIDENCE }),
      actions: ({ setting }) =>
        setting.name === "Birch Primary"
          ? [{ description: "Train all staff", theme: "training", owner: "DSL", dueOn: "2025-06-30", standardCode: "2.1" }]
          : setting.name === "Cedar Primary"
            ? [{ description: "Update the policy", theme: "policy_procedures", owner: "DSL", dueOn: "2025-06-30", standardCode: "1.1" }]
            : [],
      on: { submitted: new Date("2024-12-01T10:00:00Z"), signedOff: new Date("2024-11-30T10:00:00Z") },
    },
    current: {
      started: ({ setting }) => setting.name !== "Fir Primary",
      submitted: ({ setting }) => setting.name !== "Dale Nursery",
      answer: ({ setting }, { code }) => {
        const rating = (
          {
            [ASH]: { "2.3": "exceeds" },
            "Birch Primary": { "1.1": "exceeds" },
            "Cedar Primary": { "1.1": "exceeds", "1.2": "partially_met" },
          } as Record<string, Record<string, "exceeds" | "partially_met">>
        )[setting.name]?.[code] ?? "met";
        const thin = setting.name === "Cedar Primary" && code === "1.1";
        const evidence = thin ? "We are great." : setting.name === ASH && code === "1.1" ? INJECTED_EVIDENCE : GOOD_EVIDENCE;
        return { rating, evidence };
      },
      actions: ({ setting }) =>
        setting.name === ASH
          ? [{ description: ASH_ACTION, theme: "policy_procedures", owner: "DSL", dueOn: "2027-03-31", standardCode: null }]
          : setting.name === "Cedar Primary"
            ? [{ description: "+Record every concern", theme: "record_keeping", owner: "DSL", dueOn: "2027-03-31", standardCode: null }]
            : setting.name === "Dale Nursery"
              ? [{ description: "Governor training", theme: "training", owner: "DSL", dueOn: "2026-10-31", standardCode: null }]
              : [],
      actionUpdates: ({ setting }, action) =>
        setting.name === "Birch Primary" && action.carriedForward ? { status: "in_progress", progressNote: "Half the staff trained.", newDueOn: null } : null,
      on: { submitted: new Date("2026-12-10T10:00:00Z"), signedOff: new Date("2026-12-09T10:00:00Z") },
    },
  });
  const p = world.partnership.id;
  const current = world.current.cycle;
  cycleId = current.id;
  await db.update(cycles).set({ closesOn: "2026-12-31" }).where(eq(cycles.id, current.id));

  // Cedar submitted late and Elm after the close: versions are immutable, so the fixture lifts the guard for a moment.
  const versionOf = async (s: Setting) => {
    const [row] = await db
      .select({ id: returnVersions.id, returnId: returns.id })
      .from(returnVersions)
      .innerJoin(returns, eq(returns.id, returnVersions.returnId))
      .where(and(eq(returns.cycleId, current.id), eq(returns.settingId, s.id)));
    return row;
  };
  await db.execute(sql`alter table return_versions disable trigger return_versions_immutable`);
  await db.update(returnVersions).set({ submittedAt: new Date("2026-12-20T10:00:00Z") }).where(eq(returnVersions.id, (await versionOf(byName("Cedar Primary"))).id));
  await db.update(returnVersions).set({ submittedAt: new Date("2027-01-05T10:00:00Z") }).where(eq(returnVersions.id, (await versionOf(byName("Elm Police Team"))).id));
  await db.execute(sql`alter table return_versions enable trigger return_versions_immutable`);
  // No write to a version happens in the portal, so nothing recounts it: the fixture does (decision 024).
  await db.execute(sql`select findings_recount(array(select return_id from return_versions))`);

  // The panel.
  const currentStandards = await db.select().from(standards).where(eq(standards.frameworkId, world.frameworks.current.id));
  const standardOf = (code: string) => currentStandards.find((s) => s.code === code)!;
  const review = async (setting: string, status: "completed" | "in_review", outcome: "agreed" | "agreed_with_changes" | null, revised: Record<string, "met" | "exceeds">) => {
    const { returnId } = await versionOf(byName(setting));
    const [assignment] = await db
      .insert(moderationAssignments)
      .values({ partnershipId: p, returnId, moderatorUserId: world.people.moderator.id, role: "primary", status, outcome, completedAt: status === "completed" ? new Date("2027-01-20T10:00:00Z") : null })
      .returning();
    for (const code of ["1.1", "1.2", "2.1", "2.3"]) {
      const moderatedRating = revised[code] ?? null;
      await db.insert(judgements).values({
        partnershipId: p,
        assignmentId: assignment.id,
        returnId,
        standardId: standardOf(code).id,
        standardCode: code,
        verdict: moderatedRating ? "revised" : "agree",
        moderatedRating,
        reason: moderatedRating ? "The evidence shows otherwise." : "",
      });
    }
  };
  await review(ASH, "completed", "agreed", {});
  await review("Birch Primary", "completed", "agreed_with_changes", { "1.1": "met", "2.1": "exceeds" });
  await review("Cedar Primary", "in_review", null, { "1.1": "met" });

  await db.update(actions).set({ remindersSent: 2 }).where(and(eq(actions.settingId, byName("Dale Nursery").id), eq(actions.description, "Governor training")));
  const [{ t }] = ((r) => (Array.isArray(r) ? r : (r as { rows: { t: string | null }[] }).rows))(await db.execute(sql`select to_regclass('cycle_reminders')::text as t`)) as { t: string | null }[];
  remindersRecorded = t !== null;
  if (remindersRecorded) {
    const { returnId } = (await db.select({ returnId: returns.id }).from(returns).where(and(eq(returns.cycleId, current.id), eq(returns.settingId, byName("Fir Primary").id))))[0];
    await db.execute(
      sql`insert into cycle_reminders (partnership_id, cycle_id, return_id, reminder, due_on, recipients) values (${p}::uuid, ${current.id}::uuid, ${returnId}::uuid, 'before-7', '2026-12-18', array['dsl-5@example.org.uk'])`,
    );
  }

  const elsewhere = await makePartnership(db);
  outsider = await makeUser(db, { roles: [{ partnershipId: elsewhere.id, role: "subgroup_chair" }] });
});
afterAll(async () => {
  await database?.destroy();
});

const url = (path: string, search: Record<string, string> = {}) => `/partnerships/${slug}/${path}?${new URLSearchParams({ cycle: cycleId, ...search })}`;

async function pageText(search: Record<string, string> = {}, user: User = world.people.chair) {
  const response = await handle(await signedInRequest(user, url("findings", search)));
  expect(response.status).toBe(200);
  const html = await response.text();
  return { html, text: textOfPage(html) };
}

async function workbook(search: Record<string, string> = {}) {
  const response = await handle(await signedInRequest(world.people.chair, url("findings.xlsx", search)));
  expect(response.status).toBe(200);
  const bytes = new Uint8Array(await response.arrayBuffer());
  return { response, bytes, book: XLSX.read(bytes, { type: "array", cellDates: true, cellStyles: true }) };
}

const rowsOf = (book: XLSX.WorkBook, name: string) => XLSX.utils.sheet_to_json<unknown[]>(book.Sheets[name], { header: 1, raw: true, defval: null });
const rowNamed = (rows: unknown[][], name: string) => rows.find((r) => r[0] === name)!;

describe("the findings page", () => {
  it("shows every headline figure worked out by hand, with its definition", async () => {
    const { text } = await pageText();
    for (const [label, figure] of [
      ["Settings invited", "6 of 6 (100.0%)"],
      ["Settings that submitted (participation)", "4 of 6 (66.7%)"],
      ["Submitted on time", "2 of 6 (33.3%)"],
      ["Submitted by the close", "3 of 6 (50.0%)"],
      ["Rated every standard met or exceeded", "3 of 4 (75.0%)"],
      ["Moderation coverage", "2 of 4 (50.0%)"],
      ["Moderated returns agreed", "1 of 2 (50.0%)"],
      ["Exceeds unsupported or revised down", "2 of 3 (66.7%)"],
      ["Completed all actions from their previous return", "1 of 2 (50.0%)"],
    ]) {
      expect(text).toContain(`${label} ${figure}`);
    }
    expect(text).toContain("Outstanding actions 4");
    expect(text).toContain("Submitting settings whose latest version rates every standard met or exceeds");
    // Year on year: 2024 beside 2026.
    expect(text).toContain("Settings that submitted (participation) 4 of 6 (66.7%) 3 of 6 (50.0%)");
    expect(text).toContain("Compared with Full audit 2024, the previous cycle of the same kind.");
  });

  it("shows participation, ratings by standard, the inflation ranking, moved ratings and non-submitters", async () => {
    const { html, text } = await pageText();
    expect(text).toContain("Academy or free school 1 1 100.0%");
    expect(text).toContain("Primary school 3 2 66.7%");
    expect(text).toContain("Nursery or early years setting 1 0 0.0%");
    expect(text).toContain("Basis s175 4 2 50.0%");
    // Not met, partially met, met, exceeds, not applicable, no rating; met or exceeded; 2024's.
    expect(text).toContain("1.1 Leaders lead Self-assessed 0 0 1 2 0 0 100.0% 100.0%");
    expect(text).toContain("1.2 Governors challenge Self-assessed 0 1 2 0 0 0 66.7% 100.0%");
    expect(text).toContain("2.1 moderated Moderated 0 0 1 1 0 0 100.0%");
    expect(text).toMatch(/Inflation index by standard Standard Rank Moderated self-ratings Lowered Raised 1.1 Leaders lead 1 2 1 \(50.0%\) 0 \(0.0%\) 1.2 Governors challenge 2 2 0 \(0.0%\) 0 \(0.0%\) 2.1 Staff are trained 3 2 0 \(0.0%\) 1 \(50.0%\)/);
    expect(text).toContain("3 ratings moved.");
    expect(text).toContain("Birch Primary 1.1 Met Exceeds");
    expect(text).toContain("Cedar Primary 1.2 Met Partially met");
    expect(text).toContain("2 settings have not submitted.");
    expect(text).toContain("Dale Nursery In progress");
    expect(text).toContain("DSL 3, dsl-3@");
    expect(text).toContain("2 about overdue actions");
    expect(text).toContain(remindersRecorded ? "1 about the return" : "Reminders about returns are not recorded");
    // Charts: server-drawn SVG images with a title and description, beside their tables.
    expect(html.match(/<svg[^>]*role="img"/g)?.length).toBe(3);
    expect(html).toContain("<title");
    expect(html).toContain("<desc");
  });

  it("filters by type of setting", async () => {
    const { text } = await pageText({ type: "primary" });
    for (const figure of [
      "Settings invited 3 of 3 (100.0%)",
      "Settings that submitted (participation) 2 of 3 (66.7%)",
      "Submitted on time 1 of 3 (33.3%)",
      "Submitted by the close 2 of 3 (66.7%)",
      "Rated every standard met or exceeded 1 of 2 (50.0%)",
      "Moderation coverage 1 of 2 (50.0%)",
      "Moderated returns agreed 0 of 1 (0.0%)",
      "Exceeds unsupported or revised down 2 of 2 (100.0%)",
      "Completed all actions from their previous return 1 of 2 (50.0%)",
      "Outstanding actions 2",
    ]) {
      expect(text).toContain(figure);
    }
    expect(text).not.toContain("Dale Nursery");
    expect(text).toContain("Fir Primary Not started");
  });

  it("refuses an unknown filter with a clear error and shows no figures", async () => {
    const response = await handle(await signedInRequest(world.people.chair, url("findings", { type: "castle" })));
    expect(response.status).toBe(400);
    const text = textOfPage(await response.text());
    expect(text).toContain("There is a problem");
    expect(text).toContain("Choose a type of setting from the list");
    expect(text).not.toContain("Settings invited");
    const csv = await handle(await signedInRequest(world.people.chair, url("findings.csv", { basis: "s999", sheet: "summary" })));
    expect(csv.status).toBe(400);
    expect(await csv.text()).toContain("Choose a statutory basis from the list");
    const sheet = await handle(await signedInRequest(world.people.chair, url("findings.csv", { sheet: "everything" })));
    expect(sheet.status).toBe(400);
  });

  it("is for subgroup chairs and administrators of the partnership only", async () => {
    expect((await handle(await signedInRequest(world.people.admin, url("findings")))).status).toBe(200);
    for (const who of [world.people.moderator, world.people.lead, world.staff.get(byName("Birch Primary").id)!.dsl[0]]) {
      for (const path of ["findings", "findings.xlsx", "findings.csv"]) {
        const route = path === "findings" ? page : path === "findings.xlsx" ? workbookRoute : csvRoute;
        expect((await thrownResponse(route.loader(routeArgs(await signedInRequest(who, url(path, { sheet: "summary" })), { slug })))).status).toBe(403);
      }
    }
    const other = await thrownResponse(page.loader(routeArgs(await signedInRequest(outsider, url("findings")), { slug })));
    expect(other.status).toBe(404);
  });
});

describe("the workbook", () => {
  it("is named for the partnership, cycle and date, and has every sheet in order with a frozen, filtered header row", async () => {
    const { response, book, bytes } = await workbook();
    // xlsx reads no panes: the sheets' own XML says each header row is frozen.
    const files = (XLSX.read(bytes, { type: "array", bookFiles: true }) as unknown as { files: Record<string, { content: Uint8Array }> }).files;
    for (let i = 1; i <= 8; i++) {
      expect(Buffer.from(files[`xl/worksheets/sheet${i}.xml`].content).toString(), `sheet ${i} frozen`).toMatch(/<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"\/>/);
    }
    expect(response.headers.get("Content-Disposition")).toMatch(new RegExp(`attachment; filename="findings-${slug}-full-audit-2026-\\d{4}-\\d{2}-\\d{2}\\.xlsx"`));
    expect(book.SheetNames).toEqual(["Summary", "By standard", "By setting type", "Moderation", "Inflation", "Outstanding actions", "Non-submitters", "Returns"]);
    for (const name of book.SheetNames) {
      const ws = book.Sheets[name];
      expect(ws["!autofilter"]?.ref, `${name} autofilter`).toMatch(/^A1:[A-Z]+1$/);
      expect(ws["!cols"]?.[0]?.wch ?? ws["!cols"]?.[0]?.width, `${name} widths`).toBeGreaterThan(0);
    }
  });

  it("holds the headline figures as typed numbers with percentage formats on Summary", async () => {
    const { book } = await workbook();
    const rows = rowsOf(book, "Summary");
    expect(rows[0]).toEqual(["Item", "Value", "Numerator", "Denominator", "Percentage", "Previous cycle numerator", "Previous cycle denominator", "Previous cycle percentage", "Definition"]);
    expect(rowNamed(rows, "Partnership")[1]).toBe(world.partnership.name);
    expect(rowNamed(rows, "Cycle")[1]).toBe("Full audit 2026");
    expect(rowNamed(rows, "Date produced")[1]).toBeInstanceOf(Date);
    const expected: [string, number, number][] = [
      ["Settings invited", 6, 6],
      ["Settings that submitted (participation)", 4, 6],
      ["Submitted on time", 2, 6],
      ["Submitted by the close", 3, 6],
      ["Rated every standard met or exceeded", 3, 4],
      ["Moderation coverage", 2, 4],
      ["Moderated returns agreed", 1, 2],
      ["Exceeds unsupported or revised down", 2, 3],
      ["Completed all actions from their previous return", 1, 2],
    ];
    for (const [label, n, d] of expected) {
      const row = rowNamed(rows, label);
      expect(row.slice(2, 5), label).toEqual([n, d, n / d]);
      expect(String(row[8]).length).toBeGreaterThan(20);
    }
    expect(rowNamed(rows, "Settings that submitted (participation)").slice(5, 8)).toEqual([3, 6, 0.5]);
    expect(rowNamed(rows, "Outstanding actions: Training").slice(2, 5)).toEqual([2, 4, 0.5]);
    const ws = book.Sheets.Summary;
    const row = rows.findIndex((r) => r[0] === "Submitted on time") + 1;
    expect(ws[`E${row}`].t).toBe("n");
    expect(ws[`E${row}`].z).toBe("0.0%");
    expect(ws[`E${row}`].w).toBe("33.3%");
  });

  it("has By standard, By setting type, Moderation, Inflation, Outstanding actions and Non-submitters as worked out", async () => {
    const { book } = await workbook();
    const byStandard = rowsOf(book, "By standard");
    const s11 = byStandard.find((r) => r[0] === "Education" && r[1] === "1.1")!;
    // Self: not met, partially, met, exceeds, n/a, none, total, %; moderated the same; 2024's %.
    expect(s11.slice(3)).toEqual([0, 0, 1, 2, 0, 0, 3, 1, 0, 0, 2, 0, 0, 0, 2, 1, 1]);
    const s21 = byStandard.find((r) => r[0] === "Education" && r[1] === "2.1")!;
    expect(s21.slice(3, 19)).toEqual([0, 0, 3, 0, 0, 0, 3, 1, 0, 0, 1, 1, 0, 0, 2, 1]);
    expect(byStandard.find((r) => r[0] === "Agency" && r[1] === "1.1")!.slice(3, 11)).toEqual([0, 0, 1, 0, 0, 0, 1, 1]);

    const bySetting = rowsOf(book, "By setting type");
    expect(bySetting.slice(1)).toEqual([
      ["Type of setting", "Nursery or early years setting", 1, 0, 0],
      ["Type of setting", "Primary school", 3, 2, 2 / 3],
      ["Type of setting", "Academy or free school", 1, 1, 1],
      ["Type of setting", "Police", 1, 1, 1],
      ["Statutory basis", "s175", 4, 2, 0.5],
      ["Statutory basis", "s157", 1, 1, 1],
      ["Statutory basis", "s11", 1, 1, 1],
    ]);

    const moderation = rowsOf(book, "Moderation");
    expect(moderation.slice(1).map((r) => [r[0], r[3], ...r.slice(5)])).toEqual([
      [`'${ASH}`, "Agreed", 4, 0, 0, 0, 0],
      ["Birch Primary", "Agreed with changes", 4, 1, 1, 0, 0],
    ]);
    expect(moderation[1][4]).toBeInstanceOf(Date);

    const inflation = rowsOf(book, "Inflation");
    expect(inflation.slice(1).map((r) => [r[0], r[1], r[2], ...r.slice(4)])).toEqual([
      [1, "Education", "1.1", 2, 1, 0.5, 0, 0],
      [2, "Education", "1.2", 2, 0, 0, 0, 0],
      [3, "Education", "2.1", 2, 0, 0, 1, 0.5],
      [4, "Education", "2.3", 2, 0, 0, 0, 0],
      [5, "Agency", "1.1", 0, 0, null, 0, null],
    ]);

    const outstanding = rowsOf(book, "Outstanding actions");
    expect(outstanding.slice(1).filter((r) => (r[1] as number) > 0)).toEqual([
      ["Training", 2, 2, 0.5],
      ["Policy and procedures", 1, 1, 0.25],
      ["Record keeping", 1, 1, 0.25],
    ]);

    const non = rowsOf(book, "Non-submitters");
    expect(non.slice(1).map((r) => [r[0], r[4], r[6], r[8], r[10]])).toEqual([
      ["Dale Nursery", "In progress", "DSL 3", remindersRecorded ? 0 : "Not recorded", 2],
      ["Fir Primary", "Not started", "DSL 5", remindersRecorded ? 1 : "Not recorded", 0],
    ]);
    expect(non[1][5]).toBeInstanceOf(Date);
  });

  it("has one Returns row per invited setting with each standard's self-assessed and moderated rating", async () => {
    const { book } = await workbook();
    const rows = rowsOf(book, "Returns");
    expect(rows[0]).toEqual([
      "Setting",
      "URN or reference",
      "Type of setting",
      "Statutory basis",
      "Status",
      "Submitted at",
      "Version",
      "1.1 self-assessed",
      "1.1 moderated",
      "1.2 self-assessed",
      "1.2 moderated",
      "2.1 self-assessed",
      "2.1 moderated",
      "2.3 self-assessed",
      "2.3 moderated",
    ]);
    expect(rows.slice(1).map((r) => r[0])).toEqual([`'${ASH}`, "Birch Primary", "Cedar Primary", "Dale Nursery", "Elm Police Team", "Fir Primary"]);
    const birch = rowNamed(rows, "Birch Primary");
    expect(birch.slice(1, 5)).toEqual(["900002", "Primary school", "s175", "Submitted"]);
    expect(birch[5]).toBeInstanceOf(Date);
    expect(birch[6]).toBe(1);
    expect(birch.slice(7)).toEqual(["Exceeds", "Met", "Met", "Met", "Met", "Exceeds", "Met", "Met"]);
    expect(rowNamed(rows, "Cedar Primary").slice(7)).toEqual(["Exceeds", "", "Partially met", "", "Met", "", "Met", ""]);
    expect(rowNamed(rows, "Elm Police Team").slice(7)).toEqual(["Met", "", "", "", "", "", "", ""]);
    expect(rowNamed(rows, "Fir Primary").slice(4, 7)).toEqual(["Not started", null, null]);
  });

  it("neutralises every text cell that would start a formula", async () => {
    const { book } = await workbook();
    for (const name of book.SheetNames) {
      const ws = book.Sheets[name];
      for (const [ref, cell] of Object.entries(ws)) {
        if (ref.startsWith("!")) continue;
        const c = cell as XLSX.CellObject;
        expect(c.f, `${name}!${ref} has no formula`).toBeUndefined();
        if (c.t === "s") expect(String(c.v), `${name}!${ref}`).not.toMatch(/^[=+\-@\t\r]/);
      }
    }
    expect(JSON.stringify(rowsOf(book, "Returns"))).not.toContain("HYPERLINK");
  });

  it("filtered by type of setting holds only those settings", async () => {
    const { response, book } = await workbook({ type: "primary" });
    expect(response.headers.get("Content-Disposition")).toContain(".xlsx");
    const summary = rowsOf(book, "Summary");
    expect(rowNamed(summary, "Type of setting")[1]).toBe("Primary school");
    expect(rowNamed(summary, "Settings that submitted (participation)").slice(2, 4)).toEqual([2, 3]);
    expect(rowNamed(summary, "Exceeds unsupported or revised down").slice(2, 4)).toEqual([2, 2]);
    expect(rowsOf(book, "Returns").slice(1).map((r) => r[0])).toEqual(["Birch Primary", "Cedar Primary", "Fir Primary"]);
    expect(rowsOf(book, "Non-submitters").slice(1).map((r) => r[0])).toEqual(["Fir Primary"]);
  });
});

describe("each sheet as CSV", () => {
  const csv = async (sheet: string, search: Record<string, string> = {}) => {
    const response = await handle(await signedInRequest(world.people.chair, url("findings.csv", { sheet, ...search })));
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)], "UTF-8 byte-order mark").toEqual([0xef, 0xbb, 0xbf]);
    return { response, text: new TextDecoder().decode(bytes.slice(3)) };
  };

  it("has the summary's figures, with percentages as Excel reads them", async () => {
    const { response, text } = await csv("summary");
    expect(response.headers.get("Content-Disposition")).toMatch(new RegExp(`filename="findings-${slug}-full-audit-2026-\\d{4}-\\d{2}-\\d{2}-summary\\.csv"`));
    const lines = text.split("\r\n");
    expect(lines[0]).toBe("Item,Value,Numerator,Denominator,Percentage,Previous cycle numerator,Previous cycle denominator,Previous cycle percentage,Definition");
    expect(lines.find((l) => l.startsWith("Submitted on time,"))).toMatch(/^Submitted on time,,2,6,33\.3%,3,6,50\.0%,/);
    expect(lines.find((l) => l.startsWith("Exceeds unsupported"))).toMatch(/^Exceeds unsupported or revised down,,2,3,66\.7%,0,0,,/);
  });

  it("has every sheet, each neutralising formulas, and the filter", async () => {
    for (const sheet of ["summary", "by-standard", "by-setting-type", "moderation", "inflation", "outstanding-actions", "non-submitters", "returns"]) {
      const { text } = await csv(sheet);
      for (const line of text.split("\r\n")) for (const cell of line.split(",")) expect(cell, `${sheet}: ${line}`).not.toMatch(/^"?[=+\-@\t\r]/);
      expect(text).not.toContain("evil.example");
    }
    expect((await csv("returns")).text).toContain(`'${ASH},900001,Academy or free school,s157,Submitted,`);
    expect((await csv("by-setting-type")).text).toContain("Type of setting,Primary school,3,2,66.7%");
    expect((await csv("inflation")).text.split("\r\n")[1]).toBe("1,Education,1.1,Leaders lead,2,1,50.0%,0,0.0%");
    const filtered = (await csv("returns", { type: "primary" })).text.split("\r\n").filter(Boolean);
    expect(filtered.slice(1).map((l) => l.split(",")[0])).toEqual(["Birch Primary", "Cedar Primary", "Fir Primary"]);
  });
});

describe("the page, the workbook and the command", () => {
  it("give identical figures for the same cycle", async () => {
    const { main } = await import("../../scripts/portal");
    const fs = await import("node:fs");
    const os = await import("node:os");
    const path = await import("node:path");
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "findings-export-"));
    let stdout = "";
    const io = { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stdout += t) } };
    const file = path.join(dir, "findings.xlsx");
    expect(await main(["export", "--cycle", cycleId, "--out", file], io)).toBe(0);
    expect(await main(["export", "--cycle", cycleId, "--format", "csv", "--out", path.join(dir, "csv")], io)).toBe(0);

    const { html } = await pageText();
    const pageFigures = [...html.matchAll(/<tr class="govuk-table__row" data-figure="(\w+)"><th[^>]*>([^<]+)<\/th><td[^>]*>([^<]+)<\/td>/g)].map((m) => [m[2], m[3]]);
    expect(pageFigures).toHaveLength(9);

    const summaryOf = (book: XLSX.WorkBook) =>
      rowsOf(book, "Summary")
        .filter((r) => typeof r[2] === "number" && typeof r[3] === "number" && !String(r[0]).startsWith("Outstanding"))
        .map((r) => [r[0], `${r[2]} of ${r[3]} (${(Math.round((r[4] as number) * 1000) / 10).toFixed(1)}%)`]);
    const fromDownload = summaryOf((await workbook()).book);
    const fromCommand = summaryOf(XLSX.read(fs.readFileSync(file), { type: "buffer" }));
    const fromOutput = [...stdout.matchAll(/^ {2}(.+): (\d+ of \d+ \(.+\))$/gm)].slice(0, 9).map((m) => [m[1], m[2]]);
    const csvFile = fs.readdirSync(path.join(dir, "csv")).find((f) => f.endsWith("-summary.csv"))!;
    const fromCsv = fs
      .readFileSync(path.join(dir, "csv", csvFile), "utf8")
      .replace(/^\uFEFF/, "")
      .split("\r\n")
      .map((l) => l.split(","))
      .filter((c) => /^\d+$/.test(c[2] ?? "") && /^\d+$/.test(c[3] ?? "") && !c[0].startsWith("Outstanding"))
      .map((c) => [c[0], `${c[2]} of ${c[3]} (${c[4]})`]);

    expect(fromDownload).toEqual(pageFigures);
    expect(fromCommand).toEqual(pageFigures);
    expect(fromOutput).toEqual(pageFigures);
    expect(fromCsv).toEqual(pageFigures);
    expect(stdout).toContain("Outstanding actions: 4");
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("refuses an unknown filter or cycle with one line and writes nothing", async () => {
    const { main } = await import("../../scripts/portal");
    let stderr = "";
    const io = { stdout: { write: () => true }, stderr: { write: (t: string) => (stderr += t) } };
    const out = `/tmp/findings-never-${Date.now()}.xlsx`;
    expect(await main(["export", "--cycle", cycleId, "--out", out, "--type", "castle"], io)).toBe(1);
    expect(stderr).toContain("portal: export: choose a type of setting from the list");
    expect(await main(["export", "--cycle", "00000000-0000-4000-8000-000000000000", "--out", out], io)).toBe(1);
    expect(stderr).toContain('there is no audit cycle with the id "00000000-0000-4000-8000-000000000000"');
    expect((await import("node:fs")).existsSync(out)).toBe(false);
  });
});
