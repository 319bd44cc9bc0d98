// The audit cycle pages (issue 12) through their loaders and actions against a real database:
// creating a cycle with the GOV.UK error summary, leaving a setting out and adding it back while
// it is a draft, opening it, the progress and reminders on its page, chasing non-submitters with
// a preview, extending a due date and reopening a return, closing it, and importing returns from
// spreadsheets with one bad row. Only the partnership's administrators reach them.
import fs from "node:fs";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cycles, emailOutbox, returns, type User } from "../../db/schema";
import { loader as listLoader } from "../../app/routes/partnerships.$slug.cycles._index";
import { action as newAction, loader as newLoader } from "../../app/routes/partnerships.$slug.cycles.new";
import { action as cycleAction, loader as cycleLoader } from "../../app/routes/partnerships.$slug.cycles.$cycleId._index";
import { action as chaseAction, loader as chaseLoader } from "../../app/routes/partnerships.$slug.cycles.$cycleId.chase";
import { action as returnAction, loader as returnLoader } from "../../app/routes/partnerships.$slug.cycles.$cycleId.returns.$returnId";
import { action as importAction, loader as importLoader } from "../../app/routes/partnerships.$slug.cycles.$cycleId.import";
import { loader as homeLoader } from "../../app/routes/partnerships.$slug._index";
import { loader as settingReturnLoader } from "../../app/routes/settings.$settingId.returns.$returnId._index";
import { signedInRequest, sessionCookie } from "../support/auth";
import { useTestDatabase, type TestDatabase } from "../support/database";
import { makePartnership, makeUser } from "../support/factories";
import { buildScenario } from "../support/scenario";
import { dataResult, routeArgs, thrownRedirect, thrownResponse } from "../support/routes";

let database: TestDatabase;
let world: Awaited<ReturnType<typeof buildScenario>>;
let adminElsewhere: User;
let slug: string;

beforeAll(async () => {
  database = await useTestDatabase();
  world = await buildScenario(database.db);
  slug = world.partnership.slug;
  adminElsewhere = await makeUser(database.db, { roles: [{ partnershipId: (await makePartnership(database.db)).id, role: "admin" }] });
}, 120_000);
afterAll(async () => {
  await database?.destroy();
});

const args = async (user: User, url: string, params: Record<string, string> = {}, form?: Record<string, string | string[]>) =>
  routeArgs(await signedInRequest(user, url, form ? { form } : {}), { slug, ...params });

const goodForm = (over: Record<string, string | string[]> = {}) => ({
  name: "Full audit 2028",
  kind: "full",
  educationFrameworkId: world.v2.id,
  agencyFrameworkId: world.agency.id,
  "opensOn-day": "10",
  "opensOn-month": "1",
  "opensOn-year": "2028",
  "dueOn-day": "31",
  "dueOn-month": "3",
  "dueOn-year": "2028",
  "closesOn-day": "",
  "closesOn-month": "",
  "closesOn-year": "",
  previousCycleId: world.cycle.id,
  bases: ["s175", "s157"],
  remindOnOpening: "yes",
  reminderDaysBefore: "28, 14, 7, 1",
  overdueEveryDays: "7",
  overdueLimit: "3",
  ...over,
});

let cycleId: string;

describe("creating a cycle", () => {
  it("is offered to administrators only, linked from the partnership's home", async () => {
    const home = await homeLoader(await args(world.admin, `/partnerships/${slug}`));
    expect(home.links.map((l) => l.text)).toContain("Audit cycles");
    expect((await thrownResponse(listLoader(await args(world.moderator, `/partnerships/${slug}/cycles`)))).status).toBe(403);
    expect((await thrownResponse(newLoader(await args(adminElsewhere, `/partnerships/${slug}/cycles/new`)))).status).toBe(404);
    const form = await newLoader(await args(world.admin, `/partnerships/${slug}/cycles/new`));
    expect(form.education.map((f) => f.value)).toContain(world.v2.id);
    expect(form.agency.map((f) => f.value)).toEqual([world.agency.id]);
  });

  it("lists every problem beside its field and creates nothing", async () => {
    const before = await database.db.select().from(cycles).where(eq(cycles.partnershipId, world.partnership.id));
    const result = dataResult<{ errors: Record<string, string> }>(
      await newAction(await args(world.admin, `/partnerships/${slug}/cycles/new`, {}, goodForm({ name: "", kind: "", "dueOn-day": "31", "dueOn-month": "2", bases: [] }))),
    );
    expect(result.status).toBe(400);
    expect(result.data.errors).toEqual({
      name: "Enter the cycle's name, like Full audit 2027",
      kind: "Select whether this is a full audit or an interim update",
      dueOn: "The due date must be a real date, like 31 3 2027",
      bases: "Select which settings to invite",
    });
    const wrongOrder = dataResult<{ errors: Record<string, string> }>(
      await newAction(await args(world.admin, `/partnerships/${slug}/cycles/new`, {}, goodForm({ "dueOn-year": "2027" }))),
    );
    expect(wrongOrder.data.errors).toEqual({ dueOn: "The due date must be on or after the day the cycle opens" });
    const badSchedule = dataResult<{ errors: Record<string, string> }>(
      await newAction(await args(world.admin, `/partnerships/${slug}/cycles/new`, {}, goodForm({ reminderDaysBefore: "28, fortnight", overdueEveryDays: "0", overdueLimit: "" }))),
    );
    expect(badSchedule.data.errors).toEqual({
      reminderDaysBefore: "Days before the due date must be whole numbers from 1 to 365, like 28, 14, 7, 1",
      overdueEveryDays: "Days between overdue reminders must be a whole number from 1 to 90",
      overdueLimit: "Overdue reminders must be a whole number from 0 to 20",
    });
    expect(await database.db.select().from(cycles).where(eq(cycles.partnershipId, world.partnership.id))).toHaveLength(before.length);
  });

  it("creates a draft inviting the settings of the bases chosen, and goes to its page", async () => {
    const to = await thrownRedirect(newAction(await args(world.admin, `/partnerships/${slug}/cycles/new`, {}, goodForm())));
    cycleId = /\/cycles\/([0-9a-f-]{36})\?created=1$/.exec(to)![1];
    const page = await cycleLoader(await args(world.admin, to, { cycleId }));
    expect(page.cycle).toMatchObject({ name: "Full audit 2028", status: "draft" });
    expect(page.rows.map((r) => r.settingName)).toEqual(["Brookfield Primary", "Oakwood Nursery"]);
    expect(page.summary).toMatchObject({ invited: 2, notStarted: 2, withoutDsl: 0, withoutSignatory: 1 });
    expect(page.cycle.schedule).toEqual({ daysBefore: [28, 14, 7, 1], every: 7, limit: 3, onOpening: true });
  });

  it("keeps the reminder schedule the administrator chose", async () => {
    const to = await thrownRedirect(
      newAction(await args(world.admin, `/partnerships/${slug}/cycles/new`, {}, goodForm({ name: "Own schedule", remindOnOpening: "no", reminderDaysBefore: "7 21", overdueEveryDays: "14", overdueLimit: "1" }))),
    );
    const id = /\/cycles\/([0-9a-f-]{36})/.exec(to)![1];
    expect((await cycleLoader(await args(world.admin, to, { cycleId: id }))).cycle.schedule).toEqual({ daysBefore: [21, 7], every: 14, limit: 1, onOpening: false });
  });
});

describe("the cycle's page", () => {
  const url = () => `/partnerships/${slug}/cycles/${cycleId}`;

  it("leaves a setting out and adds it back while the cycle is a draft, then opens it", async () => {
    const page = await cycleLoader(await args(world.admin, url(), { cycleId }));
    const oakwood = page.rows.find((r) => r.settingName === "Oakwood Nursery")!;
    await thrownRedirect(cycleAction(await args(world.admin, url(), { cycleId }, { intent: "leave-out", returnId: oakwood.returnId })));
    const after = await cycleLoader(await args(world.admin, url(), { cycleId }));
    expect(after.rows.map((r) => r.settingName)).toEqual(["Brookfield Primary"]);
    expect(after.addable.map((s) => s.value)).toContain(world.otherSchool.id);
    await thrownRedirect(cycleAction(await args(world.admin, url(), { cycleId }, { intent: "add", settingId: world.otherSchool.id })));
    expect(dataResult<{ errors: Record<string, string> }>(await cycleAction(await args(world.admin, url(), { cycleId }, { intent: "add", settingId: world.otherSchool.id }))).data.errors).toEqual({
      settingId: "Oakwood Nursery is invited already",
    });
    expect(await thrownRedirect(cycleAction(await args(world.admin, url(), { cycleId }, { intent: "open" })))).toBe(`${url()}?done=open`);
    const open = await cycleLoader(await args(world.admin, url(), { cycleId }));
    expect(open.cycle.status).toBe("open");
    expect(dataResult<{ errors: Record<string, string> }>(await cycleAction(await args(world.admin, url(), { cycleId }, { intent: "open" }))).data.errors.form).toMatch(/already open/);
    expect((await thrownResponse(cycleAction(await args(world.dsl, url(), { cycleId }, { intent: "close" })))).status).toBe(403);
  });

  it("previews who a chase emails, sends it once, and shows it among the reminders sent", async () => {
    const preview = await chaseLoader(await args(world.admin, `${url()}/chase`, { cycleId }));
    expect(preview.rows.map((r) => [r.settingName, r.recipients])).toEqual([
      ["Brookfield Primary", [world.dsl.email]],
      ["Oakwood Nursery", [world.otherDsl.email]],
    ]);
    expect(await thrownRedirect(chaseAction(await args(world.admin, `${url()}/chase`, { cycleId }, {})))).toBe(`${url()}?chased=2`);
    expect(await thrownRedirect(chaseAction(await args(world.admin, `${url()}/chase`, { cycleId }, {})))).toBe(`${url()}?chased=0`);
    const emails = await database.db.select().from(emailOutbox).where(and(eq(emailOutbox.template, "cycle-reminder"), eq(emailOutbox.toAddress, world.dsl.email)));
    expect(emails.filter((e) => e.subject.includes("Full audit 2028"))).toHaveLength(1);
    const page = await cycleLoader(await args(world.admin, url(), { cycleId }));
    expect(page.reminders.map((r) => [r.settingName, r.what, r.sentBy])).toEqual(
      expect.arrayContaining([
        ["Brookfield Primary", "Chased by the business unit", "Alex Admin"],
        ["Oakwood Nursery", "Chased by the business unit", "Alex Admin"],
      ]),
    );
  });

  it("extends one setting's due date with a reason, refusing a missing reason beside its field", async () => {
    const page = await cycleLoader(await args(world.admin, url(), { cycleId }));
    const oakwood = page.rows.find((r) => r.settingName === "Oakwood Nursery")!;
    const returnUrl = `${url()}/returns/${oakwood.returnId}`;
    const params = { cycleId, returnId: oakwood.returnId };
    expect((await returnLoader(await args(world.admin, returnUrl, params))).row.settingName).toBe("Oakwood Nursery");
    const refused = dataResult<{ errors: Record<string, string> }>(
      await returnAction(await args(world.admin, returnUrl, params, { intent: "extend", "dueOn-day": "30", "dueOn-month": "4", "dueOn-year": "2028", reason: "" })),
    );
    expect(refused.data.errors).toEqual({ reason: "Enter why the setting has longer" });
    await thrownRedirect(returnAction(await args(world.admin, returnUrl, params, { intent: "extend", "dueOn-day": "30", "dueOn-month": "4", "dueOn-year": "2028", reason: "New headteacher started in March" })));
    const after = (await cycleLoader(await args(world.admin, url(), { cycleId }))).rows.find((r) => r.settingName === "Oakwood Nursery")!;
    expect(after).toMatchObject({ dueOn: "2028-04-30", extensionReason: "New headteacher started in March" });
    // The setting's own return page says the new date.
    const settingPage = await settingReturnLoader(await args(world.otherDsl, `/settings/${world.otherSchool.id}/returns/${oakwood.returnId}`, { settingId: world.otherSchool.id, returnId: oakwood.returnId }));
    expect(settingPage.cycle.dueOn).toBe("2028-04-30");
    expect((await thrownResponse(returnLoader(await args(world.admin, `${url()}/returns/${world.earlier.ret.id}`, { cycleId, returnId: world.earlier.ret.id })))).status).toBe(404);
  });

  it("closes the cycle, after which the import page takes last cycle's returns and names a bad row", async () => {
    await thrownRedirect(cycleAction(await args(world.admin, url(), { cycleId }, { intent: "close" })));
    expect((await cycleLoader(await args(world.admin, url(), { cycleId }))).cycle.status).toBe("closed");
    const importUrl = `${url()}/import`;
    expect((await importLoader(await args(world.admin, importUrl, { cycleId }))).cycle.status).toBe("closed");
    // Brookfield's URN and FRAMEWORK_V2's standards; one rating misspelt.
    const [brookfield] = await database.db.select().from(returns).where(and(eq(returns.cycleId, cycleId), eq(returns.settingId, world.school.id)));
    expect(brookfield.status).toBe("not_started");
    const codes = world.v2 && (await database.db.query.standards.findMany({ where: (s, { eq: is }) => is(s.frameworkId, world.v2.id) })).map((s) => s.code);
    const csv = ["setting,standard,rating,evidence", ...codes.map((c, i) => `${world.school.urn},${c},${i === 1 ? "Brilliant" : "Met"},Evidence for ${c}`)].join("\n");
    const upload = async (text: string) => {
      const body = new FormData();
      body.append("returnsFile", new File([text], "returns.csv", { type: "text/csv" }));
      const request = new Request(`http://localhost${importUrl}`, { method: "POST", body, headers: { Cookie: await sessionCookie(world.admin) } });
      return importAction(routeArgs(request, { slug, cycleId }));
    };
    const refused = dataResult<{ problems: string[] }>(await upload(csv));
    expect(refused.status).toBe(400);
    expect(refused.data.problems).toEqual(['row 3: "Brilliant" is not a rating; use Not met, Partially met, Met, Exceeds or Not applicable']);
    expect(await thrownRedirect(upload(csv.replace("Brilliant", "Partially met")))).toBe(`${importUrl}?imported=1`);
    const [after] = await database.db.select().from(returns).where(eq(returns.id, brookfield.id));
    expect(after.status).toBe("submitted");
  });
});

// Keep the fixtures used above honest: the documented example files exist.
it("documents the import formats with example files", () => {
  for (const file of ["returns.csv", "actions.csv", "agencies.csv"]) expect(fs.existsSync(path.resolve(import.meta.dirname, "../../docs/examples", file))).toBe(true);
});
