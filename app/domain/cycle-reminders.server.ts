// Reminders to settings that have not submitted (issue 12, decision 020): the cycle's schedule
// (cycle-reminder-rules.ts), run by the worker and `npm run portal -- send-reminders`, and an
// administrator's "chase non-submitters now" with a preview of who will be emailed.
//
// Each reminder is sent exactly once: one transaction per return inserts the reminder's row,
// whose unique key (return, reminder, due date) makes a second run at the same moment wait and
// then insert nothing, and queues the emails through the outbox in the same transaction. A run
// that dies part-way has reminded each return completely or not at all.
import { and, asc, eq, inArray, lte } from "drizzle-orm";
import type { Db } from "../db.server";
import { cycleReminders, cycles, returns, settings, type Cycle, type Return } from "../../db/schema";
import { cycleReminderEmail } from "../../emails/cycle-reminder";
import { enqueueEmails } from "../../emails/outbox.server";
import { recordAudit } from "../accounts/audit.server";
import { londonIsoDate } from "../dates";
import { DomainError } from "../errors";
import { getConfig } from "../env.server";
import { isUuid } from "../ids";
import { progressOf } from "./cycle-admin.server";
import { reminderDue, type Milestone, type ReminderSchedule } from "./cycle-reminder-rules";
import { settingPeople } from "./setting-people.server";

const NOT_SUBMITTED = ["not_started", "in_progress"] as const;

const STANDING = { not_started: "not started", in_progress: "in progress", awaiting_sign_off: "waiting for sign-off", submitted: "submitted" } as const;

export function scheduleOf(cycle: Cycle, ret: Pick<Return, "dueOn">): ReminderSchedule {
  return {
    opensOn: cycle.opensOn,
    dueOn: ret.dueOn ?? cycle.dueOn,
    closesOn: cycle.closesOn,
    remindOnOpening: cycle.remindOnOpening,
    reminderDaysBefore: cycle.reminderDaysBefore,
    overdueEveryDays: cycle.overdueEveryDays,
    overdueLimit: cycle.overdueLimit,
  };
}

/** The cycle's returns not yet submitted, of active settings, by setting name: whom reminders and chases are for. */
function notSubmitted(db: Db, cycle: Cycle) {
  return db
    .select({ ret: returns, settingName: settings.name })
    .from(returns)
    .innerJoin(settings, eq(settings.id, returns.settingId))
    .where(and(eq(returns.cycleId, cycle.id), inArray(returns.status, [...NOT_SUBMITTED]), eq(settings.active, true)))
    .orderBy(asc(settings.name));
}

interface Recipient {
  email: string;
  name: string;
  forSignOff: boolean;
}

/**
 * Who a setting's reminder goes to: its DSLs, and its signatories too when the return waits for
 * their sign-off. With no DSL who can sign in, the signatories, told why.
 */
async function recipientsFor(tx: Db, ret: Return): Promise<{ people: Recipient[]; noDsl: boolean }> {
  const scope = { partnershipId: ret.partnershipId, settingId: ret.settingId };
  const dsls = await settingPeople(tx, scope, ["dsl"]);
  const awaitingSignOff = progressOf(ret) === "awaiting_sign_off";
  const signatories = dsls.length === 0 || awaitingSignOff ? await settingPeople(tx, scope, ["signatory"]) : [];
  const seen = new Set(dsls.map((p) => p.email));
  const people: Recipient[] = [
    ...dsls.map((p) => ({ email: p.email, name: p.name, forSignOff: false })),
    ...signatories.filter((p) => !seen.has(p.email)).map((p) => ({ email: p.email, name: p.name, forSignOff: awaitingSignOff })),
  ];
  return { people, noDsl: dsls.length === 0 };
}

/**
 * In one transaction: claims the reminder (nothing if it was sent already), queues an email to
 * each recipient and records the audit event. Returns the recipients, or null when it was sent
 * already or there is nobody to send it to (then nothing is recorded, so whoever takes the role
 * next is reminded).
 */
async function sendOne(
  db: Db,
  input: { cycle: Cycle; returnId: string; settingName: string; reminder: string; kind: "opening" | "before" | "overdue" | "chase"; n: number; last?: boolean; sentByUserId?: string | null },
): Promise<string[] | null> {
  return db.transaction(async (tx) => {
    const [ret] = await tx.select().from(returns).where(eq(returns.id, input.returnId)).for("update");
    // Submitted meanwhile: no reminder.
    if (!ret || !(NOT_SUBMITTED as readonly string[]).includes(ret.status)) return null;
    const dueOn = ret.dueOn ?? input.cycle.dueOn;
    const { people, noDsl } = await recipientsFor(tx, ret);
    if (people.length === 0) return null;
    const [claimed] = await tx
      .insert(cycleReminders)
      .values({
        partnershipId: ret.partnershipId,
        cycleId: input.cycle.id,
        returnId: ret.id,
        reminder: input.reminder,
        dueOn,
        recipients: people.map((p) => p.email),
        sentByUserId: input.sentByUserId ?? null,
      })
      .onConflictDoNothing()
      .returning({ id: cycleReminders.id });
    if (!claimed) return null;
    const link = `${getConfig().baseUrl}/settings/${ret.settingId}`;
    await enqueueEmails(
      tx,
      people.map((p) => ({
        to: p.email,
        template: "cycle-reminder",
        partnershipId: ret.partnershipId,
        message: cycleReminderEmail({
          name: p.name,
          settingName: input.settingName,
          cycleName: input.cycle.name,
          dueOn,
          kind: input.kind,
          n: input.n,
          standing: STANDING[progressOf(ret)],
          forSignOff: p.forSignOff,
          noDsl: noDsl && !p.forSignOff,
          link,
          last: input.last,
        }),
      })),
    );
    await recordAudit(tx, {
      action: "cycle.reminded",
      actorUserId: input.sentByUserId ?? null,
      partnershipId: ret.partnershipId,
      entityType: "return",
      entityId: ret.id,
      detail: { cycleId: input.cycle.id, settingId: ret.settingId, reminder: input.reminder, dueOn, recipients: people.length },
    });
    return people.map((p) => p.email);
  });
}

export interface CycleReminderRun {
  /** Returns reminded in this run. */
  reminded: number;
  /** Emails queued. */
  emails: number;
  /** Returns due a reminder whose setting has nobody who can sign in to receive it. */
  nobodyToEmail: number;
}

/** Sends every scheduled reminder due `now` in every open cycle (of one partnership, if given). */
export async function sendCycleReminders(db: Db, input: { now?: Date; partnershipId?: string } = {}): Promise<CycleReminderRun> {
  const now = input.now ?? new Date();
  const today = londonIsoDate(now);
  const run: CycleReminderRun = { reminded: 0, emails: 0, nobodyToEmail: 0 };
  const open = await db
    .select()
    .from(cycles)
    .where(and(eq(cycles.status, "open"), lte(cycles.opensOn, today), input.partnershipId ? eq(cycles.partnershipId, input.partnershipId) : undefined))
    .orderBy(asc(cycles.opensOn));
  for (const cycle of open) {
    const waiting = await notSubmitted(db, cycle);
    if (waiting.length === 0) continue;
    const sent = await db
      .select({ returnId: cycleReminders.returnId, reminder: cycleReminders.reminder, dueOn: cycleReminders.dueOn })
      .from(cycleReminders)
      .where(eq(cycleReminders.cycleId, cycle.id));
    for (const { ret, settingName } of waiting) {
      const schedule = scheduleOf(cycle, ret);
      const due: Milestone | null = reminderDue(schedule, today, sent.filter((s) => s.returnId === ret.id));
      if (!due) continue;
      const to = await sendOne(db, {
        cycle,
        returnId: ret.id,
        settingName,
        reminder: due.key,
        kind: due.kind,
        n: due.n,
        last: due.kind === "overdue" && due.n === cycle.overdueLimit,
      });
      if (to === null) {
        if ((await settingPeople(db, { partnershipId: ret.partnershipId, settingId: ret.settingId })).length === 0) run.nobodyToEmail++;
        continue;
      }
      run.reminded++;
      run.emails += to.length;
    }
  }
  return run;
}

export interface ChasePreviewRow {
  returnId: string;
  settingName: string;
  standing: string;
  dueOn: string;
  recipients: string[];
  /** Already chased today: pressing "chase" again sends this one nothing. */
  chasedToday: boolean;
}

async function openCycleOf(db: Db, partnershipId: string, cycleId: string): Promise<Cycle> {
  const [cycle] = isUuid(cycleId) ? await db.select().from(cycles).where(and(eq(cycles.id, cycleId), eq(cycles.partnershipId, partnershipId))) : [];
  if (!cycle) throw new DomainError("That audit cycle was not found", { status: 404 });
  if (cycle.status !== "open") throw new DomainError(`${cycle.name} is not open: only an open cycle's settings can be chased`, { status: 409 });
  return cycle;
}

/** Who "chase non-submitters now" would email, and about which returns. */
export async function previewChase(db: Db, input: { partnershipId: string; cycleId: string; now?: Date }): Promise<{ cycle: Cycle; rows: ChasePreviewRow[] }> {
  const cycle = await openCycleOf(db, input.partnershipId, input.cycleId);
  const key = `chase-${londonIsoDate(input.now ?? new Date())}`;
  const waiting = await notSubmitted(db, cycle);
  const chased = new Set(
    (
      await db
        .select({ returnId: cycleReminders.returnId })
        .from(cycleReminders)
        .where(and(eq(cycleReminders.cycleId, cycle.id), eq(cycleReminders.reminder, key)))
    ).map((r) => r.returnId),
  );
  const rows: ChasePreviewRow[] = [];
  for (const { ret, settingName } of waiting) {
    const { people } = await recipientsFor(db, ret);
    rows.push({
      returnId: ret.id,
      settingName,
      standing: STANDING[progressOf(ret)],
      dueOn: ret.dueOn ?? cycle.dueOn,
      recipients: people.map((p) => p.email),
      chasedToday: chased.has(ret.id),
    });
  }
  return { cycle, rows };
}

/**
 * Chases every setting that has not submitted, now: one email to each recipient. At most once a
 * day per return, so a second press (or a double click) sends nothing twice.
 */
export async function chaseNonSubmitters(
  db: Db,
  input: { partnershipId: string; cycleId: string; actorUserId: string | null; now?: Date },
): Promise<{ reminded: number; emails: number; skipped: number }> {
  const { cycle, rows } = await previewChase(db, input);
  const key = `chase-${londonIsoDate(input.now ?? new Date())}`;
  let reminded = 0;
  let emails = 0;
  let skipped = 0;
  for (const row of rows) {
    const to = row.chasedToday || row.recipients.length === 0 ? null : await sendOne(db, { cycle, returnId: row.returnId, settingName: row.settingName, reminder: key, kind: "chase", n: 0, sentByUserId: input.actorUserId });
    if (to === null) skipped++;
    else {
      reminded++;
      emails += to.length;
    }
  }
  return { reminded, emails, skipped };
}
