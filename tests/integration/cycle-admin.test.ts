// Running the audit year (issue 12): creating a cycle with its invitations, opening and closing
// it, extending one setting's due date, reopening a submitted return, the progress the cycle page
// shows, and the reminder schedule on a fake clock, each reminder exactly once.
import { randomUUID } from "node:crypto";
import { and, asc, eq, inArray, like } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents, cycleReminders, cycles, emailOutbox, returnVersions, returns, type Cycle, type Setting } from "../../db/schema";
import {
  closeCycle,
  closeCyclesPastTheirClosingDay,
  createCycleWithInvitations,
  cycleProgress,
  extendDueDate,
  openCycle,
  progressSummary,
  reopenReturn,
} from "../../app/domain/cycle-admin.server";
import { chaseNonSubmitters, previewChase, sendCycleReminders } from "../../app/domain/cycle-reminders.server";
import { startReturn, submitReturn } from "../../app/domain/returns.server";
import { loadActions, updateAction } from "../../app/domain/action-plans.server";
import { addIsoDays } from "../../app/dates";
import { installFramework } from "../../app/domain/frameworks.server";
import { useTestDatabase, type TestDatabase } from "../support/database";
import { makePartnership, makeSetting, makeUser } from "../support/factories";
import { buildScenario, completeAndSignOff, FRAMEWORK_V2, reload, returnFor } from "../support/scenario";

let database: TestDatabase;
let world: Awaited<ReturnType<typeof buildScenario>>;
let police: Setting;


const noon = (iso: string) => new Date(`${iso}T12:00:00Z`);

beforeAll(async () => {
  database = await useTestDatabase();
  world = await buildScenario(database.db);
  police = await makeSetting(database.db, world.partnership.id, { name: "Northbrook Police", type: "police" });
  await makeSetting(database.db, world.partnership.id, { name: "Ashgrove Academy", type: "academy", basis: "s157" });
  await makeUser(database.db, { name: "Pat Police", roles: [{ role: "dsl", partnershipId: world.partnership.id, settingId: police.id }] });
});
afterAll(async () => {
  await database?.destroy();
});

const baseInput = () => ({
  partnershipId: world.partnership.id,
  name: "Full audit 2028",
  kind: "full" as const,
  educationFrameworkId: world.v2.id,
  agencyFrameworkId: world.agency.id,
  opensOn: "2028-01-10",
  dueOn: "2028-03-31",
  closesOn: "2028-06-30",
  previousCycleId: world.cycle.id,
  invite: { bases: ["s175" as const, "s11" as const] },
  actorUserId: world.admin.id,
});

/** Brookfield starts from last cycle's return, finishes its carried action, signs off and submits. */
async function submitBrookfield(cycle: Cycle) {
  let ctx = await returnFor(database.db, cycle, world.school.id);
  await startReturn(database.db, ctx, { mode: "earlier", actor: world.dsl });
  ctx = await reload(database.db, ctx);
  for (const action of await loadActions(database.db, ctx))
    await updateAction(database.db, await reload(database.db, ctx), { actor: world.dsl, actionId: action.id, status: "done", progressNote: "Done.", newDueOn: null });
  ctx = await completeAndSignOff(database.db, await reload(database.db, ctx), world.signatory);
  const result = await submitReturn(database.db, ctx, { actor: world.signatory });
  expect(result).toMatchObject({ ok: true });
  return reload(database.db, ctx);
}

const remindersOf = async (cycle: Cycle) => (await database.db.select().from(cycleReminders).where(eq(cycleReminders.cycleId, cycle.id))).length;

const invitedNames = async (cycle: Cycle) =>
  (await cycleProgress(database.db, cycle)).map((r) => r.settingName);

describe("creating a cycle", () => {
  it("invites the settings of the bases chosen, less those excluded, plus those added, each on its framework", async () => {
    const { cycle, invited } = await createCycleWithInvitations(database.db, {
      ...baseInput(),
      name: "Invitation rules",
      invite: { bases: ["s175"], excludeSettingIds: [world.otherSchool.id], addSettingIds: [police.id] },
    });
    expect(invited).toBe(2);
    expect(cycle).toMatchObject({ status: "draft", closesOn: "2028-06-30", previousCycleId: world.cycle.id });
    expect(await invitedNames(cycle)).toEqual(["Brookfield Primary", "Northbrook Police"]);
    const rows = await database.db.select().from(returns).where(eq(returns.cycleId, cycle.id));
    expect(rows.find((r) => r.settingId === police.id)!.frameworkId).toBe(world.agency.id);
    expect(rows.find((r) => r.settingId === world.school.id)!.frameworkId).toBe(world.v2.id);
  });

  it("invites independent schools and academies by s157, and only the types asked for", async () => {
    const { cycle } = await createCycleWithInvitations(database.db, { ...baseInput(), name: "s157 only", invite: { bases: ["s157"] } });
    expect(await invitedNames(cycle)).toEqual(["Ashgrove Academy"]);
    const { cycle: nurseries } = await createCycleWithInvitations(database.db, { ...baseInput(), name: "Nurseries", invite: { bases: ["s175"], types: ["nursery"] } });
    expect(await invitedNames(nurseries)).toEqual(["Oakwood Nursery"]);
  });

  it("refuses a draft framework, another partnership's framework or cycle, and bad dates, and makes nothing", async () => {
    const other = await makePartnership(database.db);
    const foreign = await installFramework(database.db, other.id, FRAMEWORK_V2);
    const draft = await installFramework(database.db, world.partnership.id, FRAMEWORK_V2, { publish: false });
    const before = (await database.db.select().from(cycles).where(eq(cycles.partnershipId, world.partnership.id))).length;
    await expect(createCycleWithInvitations(database.db, { ...baseInput(), educationFrameworkId: draft.id })).rejects.toThrow(/published framework/);
    await expect(createCycleWithInvitations(database.db, { ...baseInput(), educationFrameworkId: foreign.id })).rejects.toThrow(/Select a version/);
    await expect(createCycleWithInvitations(database.db, { ...baseInput(), agencyFrameworkId: world.v2.id })).rejects.toThrow(/agencies/);
    await expect(createCycleWithInvitations(database.db, { ...baseInput(), dueOn: "2028-01-01" })).rejects.toThrow(/due date/);
    await expect(createCycleWithInvitations(database.db, { ...baseInput(), closesOn: "2028-03-01" })).rejects.toThrow(/closing date/);
    await expect(createCycleWithInvitations(database.db, { ...baseInput(), previousCycleId: randomUUID() })).rejects.toThrow(/cycle of this partnership/);
    await expect(
      createCycleWithInvitations(database.db, { ...baseInput(), invite: { bases: ["s175"], addSettingIds: [(await makeSetting(database.db, other.id)).id] } }),
    ).rejects.toThrow(/active setting of this partnership/);
    expect((await database.db.select().from(cycles).where(eq(cycles.partnershipId, world.partnership.id))).length).toBe(before);
  });
});

describe("opening and closing a cycle", () => {
  it("opens a draft once, closes an open one once, and a closed cycle accepts no edits", async () => {
    const { cycle } = await createCycleWithInvitations(database.db, { ...baseInput(), name: "Open and close" });
    const scope = { partnershipId: world.partnership.id, cycleId: cycle.id, actorUserId: world.admin.id };
    const draftCtx = await returnFor(database.db, cycle, world.school.id);
    await expect(startReturn(database.db, draftCtx, { mode: "blank", actor: world.dsl })).rejects.toThrow(/not open/);
    const opened = await openCycle(database.db, scope);
    expect(opened.status).toBe("open");
    expect(opened.openedAt).toBeInstanceOf(Date);
    await expect(openCycle(database.db, scope)).rejects.toThrow(/already open/);
    await closeCycle(database.db, scope);
    await expect(closeCycle(database.db, scope)).rejects.toThrow(/already closed/);
    const closedCtx = await returnFor(database.db, { ...cycle, status: "closed" }, world.school.id);
    await expect(startReturn(database.db, closedCtx, { mode: "blank", actor: world.dsl })).rejects.toThrow(/not open/);
    const events = await database.db
      .select({ action: auditEvents.action })
      .from(auditEvents)
      .where(and(eq(auditEvents.entityType, "cycle"), eq(auditEvents.entityId, cycle.id)))
      .orderBy(asc(auditEvents.id));
    expect(events.map((e) => e.action)).toEqual(["cycle.created", "cycle.opened", "cycle.closed"]);
  });
});

describe("a cycle's closing day", () => {
  it("closes the cycle once it has passed, and leaves one without a closing day open", async () => {
    const { cycle } = await createCycleWithInvitations(database.db, { ...baseInput(), name: "Closes itself", opensOn: "2032-01-05", dueOn: "2032-03-31", closesOn: "2032-04-30" });
    const { cycle: byHand } = await createCycleWithInvitations(database.db, { ...baseInput(), name: "Closed by hand", opensOn: "2032-01-05", dueOn: "2032-03-31", closesOn: null });
    for (const c of [cycle, byHand]) await openCycle(database.db, { partnershipId: world.partnership.id, cycleId: c.id });
    expect(await closeCyclesPastTheirClosingDay(database.db, noon("2032-04-30"))).not.toContain("Closes itself");
    expect(await closeCyclesPastTheirClosingDay(database.db, noon("2032-05-01"))).toContain("Closes itself");
    const statuses = await database.db.select({ name: cycles.name, status: cycles.status }).from(cycles).where(inArray(cycles.id, [cycle.id, byHand.id]));
    expect(Object.fromEntries(statuses.map((s) => [s.name, s.status]))).toEqual({ "Closes itself": "closed", "Closed by hand": "open" });
  });
});

describe("one setting's return", () => {
  it("can be given a later due date with a reason, which the progress shows", async () => {
    const { cycle } = await createCycleWithInvitations(database.db, { ...baseInput(), name: "Extension" });
    await openCycle(database.db, { partnershipId: world.partnership.id, cycleId: cycle.id });
    const ret = await returnFor(database.db, cycle, world.otherSchool.id);
    const input = { partnershipId: world.partnership.id, cycleId: cycle.id, returnId: ret.ret.id, actorUserId: world.admin.id };
    await expect(extendDueDate(database.db, { ...input, dueOn: "2028-04-30", reason: "  " })).rejects.toThrow(/why/);
    await expect(extendDueDate(database.db, { ...input, dueOn: "2028-03-01", reason: "Ofsted week" })).rejects.toThrow(/after the current/);
    await expect(extendDueDate(database.db, { ...input, dueOn: "2028-07-31", reason: "Ofsted week" })).rejects.toThrow(/closes/);
    await extendDueDate(database.db, { ...input, dueOn: "2028-04-30", reason: "Ofsted inspection in March" });
    const row = (await cycleProgress(database.db, cycle, noon("2028-04-10"))).find((r) => r.settingId === world.otherSchool.id)!;
    expect(row).toMatchObject({ dueOn: "2028-04-30", extensionReason: "Ofsted inspection in March", timeliness: "not_due" });
    const brookfield = (await cycleProgress(database.db, cycle, noon("2028-04-10"))).find((r) => r.settingId === world.school.id)!;
    expect(brookfield).toMatchObject({ dueOn: "2028-03-31", timeliness: "overdue" });
  });

  it("once submitted, can be reopened with a reason; submitting again makes version 2 and leaves version 1 as it was", async () => {
    const { cycle } = await createCycleWithInvitations(database.db, { ...baseInput(), name: "Reopen" });
    await openCycle(database.db, { partnershipId: world.partnership.id, cycleId: cycle.id });
    let ctx = await submitBrookfield(cycle);
    const input = { partnershipId: world.partnership.id, cycleId: cycle.id, returnId: ctx.ret.id, actorUserId: world.admin.id };
    await expect(reopenReturn(database.db, { ...input, reason: "" })).rejects.toThrow(/why/);
    const [v1] = await database.db.select().from(returnVersions).where(eq(returnVersions.returnId, ctx.ret.id));
    await reopenReturn(database.db, { ...input, reason: "The school sent last year's policy by mistake" });
    ctx = await reload(database.db, ctx);
    expect(ctx.ret).toMatchObject({ status: "in_progress", signedOffAt: null });
    await expect(reopenReturn(database.db, { ...input, reason: "again" })).rejects.toThrow(/cannot be moved/);
    expect((await submitReturn(database.db, ctx, { actor: world.signatory })).ok).toBe(false); // signed off again first
    ctx = await completeAndSignOff(database.db, ctx, world.signatory);
    expect(await submitReturn(database.db, ctx, { actor: world.signatory })).toMatchObject({ ok: true, version: 2 });
    const versions = await database.db.select().from(returnVersions).where(eq(returnVersions.returnId, ctx.ret.id)).orderBy(asc(returnVersions.number));
    expect(versions.map((v) => v.number)).toEqual([1, 2]);
    expect(versions[0]).toEqual(v1);
    const [event] = await database.db.select().from(auditEvents).where(and(eq(auditEvents.action, "return.reopened"), eq(auditEvents.entityId, ctx.ret.id)));
    expect(event.detail).toMatchObject({ reason: "The school sent last year's policy by mistake", from: "submitted" });
    await closeCycle(database.db, { partnershipId: world.partnership.id, cycleId: cycle.id });
    await expect(reopenReturn(database.db, { ...input, reason: "too late" })).rejects.toThrow(/only be reopened while its cycle is open/);
  });
});

describe("reminders to settings that have not submitted", () => {
  it("follow the schedule on a fake clock: each exactly once on its day, to the DSL, and none after submission", async () => {
    const { cycle } = await createCycleWithInvitations(database.db, {
      ...baseInput(),
      name: "Reminder schedule",
      opensOn: "2029-01-08",
      dueOn: "2029-03-30",
      closesOn: "2029-05-31",
      invite: { bases: ["s175"] },
    });
    await openCycle(database.db, { partnershipId: world.partnership.id, cycleId: cycle.id });
    const sentOn: Record<string, string[]> = {};
    for (let day = "2029-01-06"; day <= "2029-05-10"; day = addIsoDays(day, 1)) {
      // Brookfield submits on 20 March; Oakwood never does.
      if (day === "2029-03-20") await submitBrookfield(cycle);
      const before = await remindersOf(cycle);
      await sendCycleReminders(database.db, { now: noon(day), partnershipId: world.partnership.id });
      // A second run on the same day finds nothing to send.
      expect(await sendCycleReminders(database.db, { now: noon(day), partnershipId: world.partnership.id })).toEqual({ reminded: 0, emails: 0, nobodyToEmail: 0 });
      if ((await remindersOf(cycle)) > before) sentOn[day] = [];
    }
    const rows = await database.db
      .select({ returnId: cycleReminders.returnId, reminder: cycleReminders.reminder, on: cycleReminders.createdAt })
      .from(cycleReminders)
      .where(eq(cycleReminders.cycleId, cycle.id));
    const of = (settingId: string) => rows.filter((r) => r.returnId === rowsReturn(settingId)).map((r) => r.reminder);
    const returnIds = await database.db.select().from(returns).where(eq(returns.cycleId, cycle.id));
    const rowsReturn = (settingId: string) => returnIds.find((r) => r.settingId === settingId)!.id;
    expect(of(world.otherSchool.id)).toEqual(["opening", "before-28", "before-14", "before-7", "before-1", "overdue-1", "overdue-2", "overdue-3"]);
    expect(of(world.school.id)).toEqual(["opening", "before-28", "before-14"]);
    expect(Object.keys(sentOn)).toEqual(["2029-01-08", "2029-03-02", "2029-03-16", "2029-03-23", "2029-03-29", "2029-03-31", "2029-04-07", "2029-04-14"]);
    const toOtherDsl = await database.db
      .select({ subject: emailOutbox.subject })
      .from(emailOutbox)
      .where(and(eq(emailOutbox.template, "cycle-reminder"), eq(emailOutbox.toAddress, world.otherDsl.email), like(emailOutbox.textBody, "%Reminder schedule%")))
      .orderBy(asc(emailOutbox.createdAt));
    expect(toOtherDsl).toHaveLength(8);
    expect(toOtherDsl[0].subject).toBe("Reminder schedule is open: Oakwood Nursery's self-assessment is due by 30 March 2029");
    expect(toOtherDsl[4].subject).toMatch(/due tomorrow/);
    expect(toOtherDsl[7].subject).toMatch(/was due on 30 March 2029/);
  });

  it("emails the signatory too while the return waits for sign-off", async () => {
    const { cycle } = await createCycleWithInvitations(database.db, { ...baseInput(), name: "Sign-off reminder", opensOn: "2030-01-07", dueOn: "2030-03-29", closesOn: null, invite: { bases: [], addSettingIds: [world.school.id] } });
    await openCycle(database.db, { partnershipId: world.partnership.id, cycleId: cycle.id });
    const ctx = await returnFor(database.db, cycle, world.school.id);
    await startReturn(database.db, ctx, { mode: "earlier", actor: world.dsl });
    await database.db.update(returns).set({ signOffRequestedAt: noon("2030-02-01") }).where(eq(returns.id, ctx.ret.id));
    expect(await sendCycleReminders(database.db, { now: noon("2030-03-01"), partnershipId: world.partnership.id })).toEqual({ reminded: 1, emails: 2, nobodyToEmail: 0 });
    const [toSignatory] = await database.db
      .select({ text: emailOutbox.textBody })
      .from(emailOutbox)
      .where(and(eq(emailOutbox.template, "cycle-reminder"), eq(emailOutbox.toAddress, world.signatory.email)));
    expect(toSignatory.text).toMatch(/waiting for your sign-off/);
  });

  it("can be sent now by an administrator, with a preview of who is emailed, once a day", async () => {
    const { cycle } = await createCycleWithInvitations(database.db, { ...baseInput(), name: "Chase", opensOn: "2031-01-06", dueOn: "2031-03-28", closesOn: null });
    const scope = { partnershipId: world.partnership.id, cycleId: cycle.id };
    await expect(previewChase(database.db, scope)).rejects.toThrow(/not open/);
    await openCycle(database.db, scope);
    const now = noon("2031-02-03");
    const { rows } = await previewChase(database.db, { ...scope, now });
    expect(rows.map((r) => [r.settingName, r.recipients])).toEqual([
      ["Brookfield Primary", [world.dsl.email]],
      ["Northbrook Police", [expect.stringMatching(/@example\.org\.uk$/)]],
      ["Oakwood Nursery", [world.otherDsl.email]],
    ]);
    expect(await chaseNonSubmitters(database.db, { ...scope, actorUserId: world.admin.id, now })).toEqual({ reminded: 3, emails: 3, skipped: 0 });
    expect(await chaseNonSubmitters(database.db, { ...scope, actorUserId: world.admin.id, now })).toEqual({ reminded: 0, emails: 0, skipped: 3 });
    expect((await previewChase(database.db, { ...scope, now })).rows.every((r) => r.chasedToday)).toBe(true);
    const chased = await database.db.select().from(cycleReminders).where(eq(cycleReminders.cycleId, cycle.id));
    expect(chased.map((c) => [c.reminder, c.sentByUserId])).toEqual(Array(3).fill(["chase-2031-02-03", world.admin.id]));
    const outbox = await database.db
      .select()
      .from(emailOutbox)
      .where(and(eq(emailOutbox.template, "cycle-reminder"), inArray(emailOutbox.toAddress, [world.dsl.email]), eq(emailOutbox.subject, "Reminder: Brookfield Primary's self-assessment for Chase has not been submitted")));
    expect(outbox).toHaveLength(1);
  });

  it("are counted per return on the cycle page's progress", async () => {
    const [cycle] = await database.db.select().from(cycles).where(and(eq(cycles.partnershipId, world.partnership.id), eq(cycles.name, "Reminder schedule")));
    const rows = await cycleProgress(database.db, cycle, noon("2029-05-10"));
    expect(progressSummary(rows)).toMatchObject({ invited: 2, submitted: 1, notStarted: 1, onTime: 1, overdue: 1 });
    expect(rows.find((r) => r.settingId === world.otherSchool.id)!.remindersSent).toBe(8);
  });
});
