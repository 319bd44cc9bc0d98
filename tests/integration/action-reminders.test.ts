// Overdue action reminders (issue 11) on a fake clock: the setting's DSL is emailed on the first
// day an action is overdue, then weekly while it stays open, at most four times for one due date;
// never twice for one period, even when two runs meet or a run fails part-way; stopped by
// completion; started again by a new due date. The scenario's earlier return planned "Train all
// supply staff" by 31 March 2025, and it is still open.
import { and, asc, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { actions, auditEvents, emailOutbox, users, type Action, type Setting, type User } from "../../db/schema";
import { ActionRemindersIncomplete, sendActionReminders } from "../../app/domain/action-reminders.server";
import { addAction, loadActions, updateAction } from "../../app/domain/action-plans.server";
import type { ReturnContext } from "../../app/domain/return-context.server";
import { startReturn } from "../../app/domain/returns.server";
import { londonIsoDate } from "../../app/dates";
import { getConfig } from "../../app/env.server";
import { main as portal } from "../../scripts/portal";
import { useTestDatabase, type TestDatabase } from "../support/database";
import { makePartnership, makeSetting, makeUser } from "../support/factories";
import { buildScenario, reload, returnFor } from "../support/scenario";

let database: TestDatabase;
let world: Awaited<ReturnType<typeof buildScenario>>;
let ctx: ReturnContext;
let train: Action;

// Noon UTC is the same UK date all year round.
const day = (iso: string, time = "12:00:00Z") => new Date(`${iso}T${time}`);
const run = (iso: string, time?: string) => sendActionReminders(database.db, { now: day(iso, time) });
const row = async (id: string) => (await database.db.select().from(actions).where(eq(actions.id, id)))[0];
const remindersTo = (person: { email: string }) =>
  database.db
    .select()
    .from(emailOutbox)
    .where(and(eq(emailOutbox.template, "action-reminder"), eq(emailOutbox.toAddress, person.email)))
    .orderBy(asc(emailOutbox.createdAt));
const latestTo = async (person: { email: string }) => (await remindersTo(person)).at(-1)!;
const update = async (action: { id: string }, status: Action["status"], newDueOn: string | null = null) => {
  ctx = await reload(database.db, ctx);
  await updateAction(database.db, ctx, { actor: world.dsl, actionId: action.id, status, progressNote: "", newDueOn });
};

beforeAll(async () => {
  database = await useTestDatabase();
  world = await buildScenario(database.db);
  ctx = await returnFor(database.db, world.cycle, world.school.id);
  await startReturn(database.db, ctx, { mode: "earlier", actor: world.dsl });
  ctx = await reload(database.db, ctx);
  const carried = (await loadActions(database.db, ctx)).find((a) => a.description === "Train all supply staff")!;
  train = await row(carried.id);
});
afterAll(async () => {
  await database?.destroy();
});

describe("an action past its due date", () => {
  it("is reminded once on the first day it is overdue, not again that day or six days later, again at seven, at most four times", async () => {
    expect(train).toMatchObject({ status: "open", dueOn: "2025-03-31", remindersSent: 0 });
    expect(await run("2025-03-31")).toEqual({ actions: 0, emails: 0, settingsWithNobodyToEmail: 0 });
    expect(await run("2025-04-01")).toEqual({ actions: 1, emails: 1, settingsWithNobodyToEmail: 0 });
    expect(await run("2025-04-01", "20:00:00Z")).toMatchObject({ actions: 0 });
    expect(await run("2025-04-07")).toMatchObject({ actions: 0 });
    expect(await run("2025-04-08")).toMatchObject({ actions: 1, emails: 1 });
    expect(await run("2025-04-15")).toMatchObject({ actions: 1 });
    expect(await run("2025-04-22")).toMatchObject({ actions: 1 });
    expect(await run("2025-04-29")).toMatchObject({ actions: 0 });
    expect(await run("2026-01-01")).toMatchObject({ actions: 0 });

    // To the DSL, who keeps the action plan, not the signatory nor anyone else's setting.
    expect(await remindersTo(world.dsl)).toHaveLength(4);
    expect(await remindersTo(world.signatory)).toHaveLength(0);
    expect(await remindersTo(world.otherDsl)).toHaveLength(0);
    // The count and the time are on the action; its revision is not moved, so an open form still saves.
    expect(await row(train.id)).toMatchObject({ remindersSent: 4, remindedDueOn: "2025-03-31", lastRemindedAt: day("2025-04-22"), revision: train.revision });
    const audited = await database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "action.reminded"), eq(auditEvents.entityId, train.id)))
      .orderBy(asc(auditEvents.id));
    expect(audited.map((e) => e.detail.reminder)).toEqual([1, 2, 3, 4]);
    expect(audited[0]).toMatchObject({ partnershipId: world.partnership.id, entityType: "action", detail: { dueOn: "2025-03-31", recipients: 1, to: "dsl" } });
  });

  it("is emailed with what it is and a link to the setting's action plan", async () => {
    const [first, , , last] = await remindersTo(world.dsl);
    const link = `${getConfig().baseUrl}/settings/${world.school.id}/actions`;
    expect(first.subject).toBe("Reminder: an action for Brookfield Primary is past its due date");
    expect(first.textBody).toContain("Hello Dana Singh,");
    expect(first.textBody).toContain("- Train all supply staff (Training, owner DSL, due 31 March 2025, not started)\n");
    expect(first.textBody).toContain(`\n${link}\n`);
    expect(first.htmlBody).toContain(`<a href="${link}"`);
    expect(first.textBody).toContain("every 7 days while it is still not done, up to 4 times");
    expect(first.textBody).not.toContain("last reminder");
    expect(last.textBody).toContain("Train all supply staff (Training, owner DSL, due 31 March 2025, not started): the last reminder about it");
    expect(first.partnershipId).toBe(world.partnership.id);
  });
});

describe("several overdue actions of one setting", () => {
  let policy: Action;
  let record: Action;

  beforeAll(async () => {
    const add = (description: string, theme: Action["theme"], owner: string, dueOn: string) =>
      addAction(database.db, ctx, { actor: world.dsl, description, theme, owner, dueOn, standardCode: null });
    policy = await add("Review the child protection policy", "policy_procedures", "Headteacher", "2027-01-31");
    record = await add("Check the single central record", "safer_recruitment", "Business manager", "2027-02-14");
  });

  it("are listed in one email a run, each counted by itself", async () => {
    expect(await run("2027-02-01")).toMatchObject({ actions: 1, emails: 1 });
    expect(await run("2027-02-15")).toMatchObject({ actions: 2, emails: 1 });
    const email = await latestTo(world.dsl);
    expect(email.subject).toBe("Reminder: 2 actions for Brookfield Primary are past their due dates");
    expect(email.textBody).toContain(
      "- Review the child protection policy (Policy and procedures, owner Headteacher, due 31 January 2027, not started)\n- Check the single central record (Safer recruitment, owner Business manager, due 14 February 2027, not started)\n",
    );
    expect(await row(policy.id)).toMatchObject({ remindersSent: 2 });
    expect(await row(record.id)).toMatchObject({ remindersSent: 1 });
  });

  it("stop once the action is done", async () => {
    await update(policy, "done");
    expect(await run("2027-02-22")).toMatchObject({ actions: 1 });
    expect((await latestTo(world.dsl)).textBody).not.toContain("Review the child protection policy");
    expect(await run("2027-03-01")).toMatchObject({ actions: 1 });
    expect(await row(policy.id)).toMatchObject({ status: "done", remindersSent: 2 });
    expect(await row(record.id)).toMatchObject({ remindersSent: 3 });
  });

  it("start again from one when the due date is moved, once the new date has passed, even after the fourth", async () => {
    await update(record, "in_progress", "2027-06-30");
    await update(train, "open", "2027-06-30");
    expect(await run("2027-03-08")).toMatchObject({ actions: 0 });
    expect(await run("2027-06-30")).toMatchObject({ actions: 0 });
    expect(await run("2027-07-01")).toMatchObject({ actions: 2, emails: 1 });
    expect(await row(record.id)).toMatchObject({ remindersSent: 1, remindedDueOn: "2027-06-30" });
    expect(await row(train.id)).toMatchObject({ remindersSent: 1, remindedDueOn: "2027-06-30" });
    expect((await latestTo(world.dsl)).textBody).toContain("Check the single central record (Safer recruitment, owner Business manager, due 30 June 2027, in progress)");
  });

  it("stop once no longer needed", async () => {
    await update(train, "dropped");
    expect(await run("2027-07-08")).toMatchObject({ actions: 1 });
    expect((await latestTo(world.dsl)).textBody).not.toContain("Train all supply staff");
    expect(await row(train.id)).toMatchObject({ remindersSent: 1 });
  });

  it("are reminded once when two runs meet", async () => {
    const before = (await remindersTo(world.dsl)).length;
    const runs = await Promise.all([run("2027-07-15"), run("2027-07-15")]);
    expect(runs.map((r) => r.actions).reduce((a, b) => a + b)).toBe(1);
    expect(await remindersTo(world.dsl)).toHaveLength(before + 1);
    expect(await row(record.id)).toMatchObject({ remindersSent: 3 });
  });
});

describe("a run that fails part-way", () => {
  let nursery: ReturnContext;
  let broken: User;
  let nap: Action;

  beforeAll(async () => {
    nursery = await returnFor(database.db, world.cycle, world.otherSchool.id);
    await startReturn(database.db, nursery, { mode: "blank", actor: world.otherDsl });
    nursery = await reload(database.db, nursery);
    nap = await addAction(database.db, nursery, { actor: world.otherDsl, description: "Update the nappy-changing procedure", theme: "policy_procedures", owner: "Manager", dueOn: "2027-07-31", standardCode: null });
    // The nursery's second DSL, after Olly Other by name, has an address the outbox refuses.
    broken = await makeUser(database.db, { name: "Zara Zed", roles: [{ partnershipId: world.partnership.id, role: "dsl", settingId: world.otherSchool.id }] });
    await database.db.update(users).set({ email: "zara at example.org.uk" }).where(eq(users.id, broken.id));
  });

  it("keeps the settings it finished, undoes the one it was in, and the next run sends only what was missed", async () => {
    const failed = await run("2027-08-01").catch((error: unknown) => error);
    expect(failed).toBeInstanceOf(ActionRemindersIncomplete);
    expect((failed as Error).message).toBe(
      "reminders about overdue actions could not be queued for 1 setting (Oakwood Nursery: The email address is not valid); the other settings' reminders were queued",
    );
    // Brookfield Primary (first by name) was reminded; the nursery's email to Olly was rolled back with the rest.
    expect((failed as ActionRemindersIncomplete).run).toMatchObject({ actions: 1, emails: 1 });
    expect(await row(nap.id)).toMatchObject({ remindersSent: 0, lastRemindedAt: null });
    expect(await remindersTo(world.otherDsl)).toHaveLength(0);
    const brookfieldBefore = (await remindersTo(world.dsl)).length;

    await database.db.update(users).set({ email: broken.email }).where(eq(users.id, broken.id));
    expect(await run("2027-08-01", "12:15:00Z")).toEqual({ actions: 1, emails: 2, settingsWithNobodyToEmail: 0 });
    expect(await remindersTo(world.otherDsl)).toHaveLength(1);
    expect(await remindersTo(broken)).toHaveLength(1);
    expect(await remindersTo(world.dsl)).toHaveLength(brookfieldBefore);
    expect(await row(nap.id)).toMatchObject({ remindersSent: 1 });
  });
});

describe("who is reminded", () => {
  let elsewhere: { id: string };
  let noDsl: Setting;
  let nobody: Setting;
  let closed: Setting;
  let signatory: User;
  let formerDsl: User;
  let closedDsl: User;
  let unheard: string;

  const overdueAction = async (setting: Setting, description: string) => {
    const [a] = await database.db
      .insert(actions)
      .values({ partnershipId: setting.partnershipId, settingId: setting.id, description, theme: "training", owner: "Head", dueOn: "2027-09-30" })
      .returning();
    return a.id;
  };

  beforeAll(async () => {
    const db = database.db;
    elsewhere = await makePartnership(db);
    noDsl = await makeSetting(db, elsewhere.id, { name: "Ashby Primary" });
    nobody = await makeSetting(db, elsewhere.id, { name: "Birch Academy", type: "academy" });
    closed = await makeSetting(db, elsewhere.id, { name: "Closed Lane Primary", active: false });
    signatory = await makeUser(db, { name: "Sam Signer", roles: [{ partnershipId: elsewhere.id, role: "signatory", settingId: noDsl.id }] });
    formerDsl = await makeUser(db, { name: "Fran Former", active: false, roles: [{ partnershipId: elsewhere.id, role: "dsl", settingId: noDsl.id }] });
    await overdueAction(noDsl, "Train the lunchtime staff");
    unheard = await overdueAction(nobody, "Train the new governors");
    await overdueAction(closed, "Train the cleaners");
    closedDsl = await makeUser(db, { name: "Cal Closed", roles: [{ partnershipId: elsewhere.id, role: "dsl", settingId: closed.id }] });
  });

  it("a setting with no DSL who can sign in: its signatories, told why; with nobody, nothing is counted until someone is given the role", async () => {
    const result = await run("2027-10-01");
    expect(result.settingsWithNobodyToEmail).toBe(1);
    const [email] = await remindersTo(signatory);
    expect(email.subject).toBe("Reminder: an action for Ashby Primary is past its due date");
    expect(email.textBody).toContain("You are getting this because Ashby Primary has no designated safeguarding lead who can sign in to Safeguarding self-assessment.");
    expect(email.textBody).toContain(`${getConfig().baseUrl}/settings/${noDsl.id}/actions`);
    expect(await remindersTo(formerDsl)).toHaveLength(0);
    expect(await row(unheard)).toMatchObject({ remindersSent: 0 });

    const newDsl = await makeUser(database.db, { name: "Nia New", roles: [{ partnershipId: elsewhere.id, role: "dsl", settingId: nobody.id }] });
    expect(await run("2027-10-01", "12:15:00Z")).toMatchObject({ actions: 1, emails: 1, settingsWithNobodyToEmail: 0 });
    expect(await remindersTo(newDsl)).toHaveLength(1);
    expect(await row(unheard)).toMatchObject({ remindersSent: 1 });
  });

  it("a setting that is no longer active: nobody", async () => {
    expect(await run("2027-12-01")).toMatchObject({ settingsWithNobodyToEmail: 0 });
    const [closedAction] = await database.db.select().from(actions).where(eq(actions.settingId, closed.id));
    expect(closedAction).toMatchObject({ dueOn: "2027-09-30", status: "open", remindersSent: 0 });
    expect(await remindersTo(closedDsl)).toHaveLength(0);
  });
});

describe("npm run portal -- send-reminders", () => {
  it("queues the reminders due today once and says how many of each kind", async () => {
    // On the real clock: the actions above are put out of the way, and one falls due two days ago.
    const db = database.db;
    await db.update(actions).set({ status: "done" }).where(inArray(actions.status, ["open", "in_progress"]));
    const due = await addAction(db, await reload(db, ctx), {
      actor: world.dsl,
      description: "Brief staff on the new filtering system",
      theme: "curriculum_online_safety",
      owner: "DSL",
      dueOn: londonIsoDate(new Date(Date.now() - 2 * 86_400_000)),
      standardCode: null,
    });
    let out = "";
    const io = { stdout: { write: (t: string) => (out += t) }, stderr: { write: (t: string) => (out += t) } };
    expect(await portal(["send-reminders"], io)).toBe(0);
    expect(out).toContain("Reminders queued: 0 overdue moderation challenges; 1 overdue action in 1 email. Send them with send-emails.");
    out = "";
    expect(await portal(["send-reminders"], io)).toBe(0);
    expect(out).toContain("Reminders queued: 0 overdue moderation challenges; 0 overdue actions in 0 emails.");
    expect(out).not.toContain("Not reminded");
    expect(await row(due.id)).toMatchObject({ remindersSent: 1 });

    // A setting with an overdue action and nobody to tell is named in the count.
    const empty = await makeSetting(db, world.partnership.id, { name: "Empty Lane Primary" });
    await db.insert(actions).values({ partnershipId: empty.partnershipId, settingId: empty.id, description: "Appoint a DSL", theme: "governance", owner: "Governors", dueOn: due.dueOn });
    out = "";
    expect(await portal(["send-reminders"], io)).toBe(0);
    expect(out).toContain("Not reminded: 1 setting has overdue actions but no DSL or signatory who can sign in.");
  });
});
