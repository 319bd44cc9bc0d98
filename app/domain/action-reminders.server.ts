// Overdue action reminders (issue 11, decision 019): a setting's DSLs are emailed when actions in
// its action plan pass their due date, then weekly while they stay open, at most four times for
// one due date (the rule is action-reminder-rules.ts). Each person gets one email per run listing
// every action of their setting that is due a reminder.
//
// Sending is idempotent: each setting is one transaction that claims its actions FOR UPDATE SKIP
// LOCKED, queues the emails through the outbox and writes each action's count, so two runs at
// once never remind about one action twice, and a run that dies part-way has either reminded a
// setting completely or not at all. Run by the email worker as a chore and by
// `npm run portal -- send-reminders`.
import { and, asc, eq, inArray, isNotNull, isNull, lt, or, sql } from "drizzle-orm";
import type { Db } from "../db.server";
import { actions, settings } from "../../db/schema";
import { actionReminderEmail } from "../../emails/action-reminder";
import { enqueueEmail } from "../../emails/outbox.server";
import { recordAudit } from "../accounts/audit.server";
import { londonIsoDate } from "../dates";
import { getConfig } from "../env.server";
import { actionReminderDue, DAYS_BETWEEN_ACTION_REMINDERS, MAX_ACTION_REMINDERS } from "./action-reminder-rules";
import { ACTION_STATUS_LABELS, OUTSTANDING_ACTION_STATUSES, THEME_LABELS } from "./action-themes";
import { settingPeople } from "./setting-people.server";

/** Where a setting keeps its action plan up to date. */
export const actionPlanPath = (settingId: string) => `/settings/${settingId}/actions`;

export interface ActionReminderRun {
  /** Actions reminded about in this run. */
  actions: number;
  /** Emails queued (one per person per setting). */
  emails: number;
  /** Settings with an action due a reminder but no DSL or signatory who can sign in: nothing was counted for them. */
  settingsWithNobodyToEmail: number;
}

/**
 * The actions that may be due a reminder at `now`: overdue, still to be done, and either never
 * reminded about this due date or last reminded long enough ago. Five days rather than seven
 * because weeks are counted in UK calendar days (a day may be 23 or 25 hours); the rule decides.
 */
function mayBeDue(now: Date) {
  return and(
    inArray(actions.status, OUTSTANDING_ACTION_STATUSES),
    isNotNull(actions.dueOn),
    lt(actions.dueOn, londonIsoDate(now)),
    or(
      sql`${actions.remindedDueOn} is distinct from ${actions.dueOn}`,
      and(lt(actions.remindersSent, MAX_ACTION_REMINDERS), or(isNull(actions.lastRemindedAt), lt(actions.lastRemindedAt, new Date(now.getTime() - 5 * 86_400_000)))),
    ),
  );
}

/**
 * Some settings' reminders could not be queued (each rolled back whole); the others' were, and
 * `run` counts them. The next run tries the failed ones again.
 */
export class ActionRemindersIncomplete extends Error {
  constructor(
    readonly run: ActionReminderRun,
    readonly failures: string[],
  ) {
    super(
      `reminders about overdue actions could not be queued for ${failures.length === 1 ? "1 setting" : `${failures.length} settings`} (${failures.join("; ")}); the other settings' reminders were queued`,
    );
    this.name = "ActionRemindersIncomplete";
  }
}

/**
 * Queues the reminders due at `now` (the real clock unless a test gives one) and says how many.
 * A setting whose reminders fail does not hold up the rest: it throws ActionRemindersIncomplete
 * once every other setting has been reminded.
 */
export async function sendActionReminders(db: Db, input: { now?: Date } = {}): Promise<ActionReminderRun> {
  const now = input.now ?? new Date();
  const candidates = await db
    .selectDistinct({ partnershipId: actions.partnershipId, settingId: actions.settingId, settingName: settings.name })
    .from(actions)
    .innerJoin(settings, and(eq(settings.id, actions.settingId), eq(settings.partnershipId, actions.partnershipId)))
    .where(and(eq(settings.active, true), mayBeDue(now)))
    .orderBy(asc(actions.partnershipId), asc(settings.name), asc(actions.settingId));
  const run: ActionReminderRun = { actions: 0, emails: 0, settingsWithNobodyToEmail: 0 };
  const failures: string[] = [];
  for (const setting of candidates) {
    let result: Awaited<ReturnType<typeof remindSetting>>;
    try {
      result = await remindSetting(db, setting, now);
    } catch (error) {
      failures.push(`${setting.settingName}: ${reasonOf(error)}`);
      continue;
    }
    if (result === "nobody") run.settingsWithNobodyToEmail++;
    else {
      run.actions += result.actions;
      run.emails += result.emails;
    }
  }
  if (failures.length > 0) throw new ActionRemindersIncomplete(run, failures);
  return run;
}

async function remindSetting(
  db: Db,
  setting: { partnershipId: string; settingId: string; settingName: string },
  now: Date,
): Promise<{ actions: number; emails: number } | "nobody"> {
  const scope = { partnershipId: setting.partnershipId, settingId: setting.settingId };
  return db.transaction(async (tx) => {
    // Rows another run holds are skipped: that run is reminding about them. A row it has just
    // committed is read as it now stands, and the rule below finds it already reminded.
    const claimed = await tx
      .select()
      .from(actions)
      .where(and(eq(actions.settingId, scope.settingId), eq(actions.partnershipId, scope.partnershipId), mayBeDue(now)))
      .orderBy(asc(actions.dueOn), asc(actions.createdAt), asc(actions.id))
      .for("update", { skipLocked: true });
    const due = claimed.flatMap((action) => {
      const reminder = actionReminderDue(action, now);
      return reminder === null ? [] : [{ action, reminder }];
    });
    if (due.length === 0) return { actions: 0, emails: 0 };

    // The DSLs keep the action plan; a setting without one who can sign in is told through its
    // signatories. With neither, nothing is counted, so whoever is given the role next hears.
    let people = await settingPeople(tx, scope, ["dsl"]);
    const noDsl = people.length === 0;
    if (noDsl) people = await settingPeople(tx, scope, ["signatory"]);
    if (people.length === 0) return "nobody";

    const link = `${getConfig().baseUrl}${actionPlanPath(scope.settingId)}`;
    const lines = due.map(({ action, reminder }) => ({
      description: action.description,
      theme: THEME_LABELS[action.theme],
      owner: action.owner,
      dueOn: action.dueOn!,
      status: ACTION_STATUS_LABELS[action.status],
      last: reminder >= MAX_ACTION_REMINDERS,
    }));
    for (const person of people) {
      await enqueueEmail(tx, {
        to: person.email,
        template: "action-reminder",
        partnershipId: scope.partnershipId,
        message: actionReminderEmail({
          name: person.name,
          settingName: setting.settingName,
          actions: lines,
          link,
          rule: { maxReminders: MAX_ACTION_REMINDERS, daysBetween: DAYS_BETWEEN_ACTION_REMINDERS },
          noDsl,
        }),
      });
    }
    for (const { action, reminder } of due) {
      // Neither revision nor updated_at moves: a reminder is not an edit, and a DSL's open form
      // must not be refused as "updated meanwhile" because an email went out.
      await tx.update(actions).set({ remindersSent: reminder, remindedDueOn: action.dueOn, lastRemindedAt: now }).where(eq(actions.id, action.id));
      await recordAudit(tx, {
        action: "action.reminded",
        partnershipId: scope.partnershipId,
        entityType: "action",
        entityId: action.id,
        detail: { settingId: scope.settingId, reminder, dueOn: action.dueOn, recipients: people.length, to: noDsl ? "signatory" : "dsl" },
      });
    }
    return { actions: due.length, emails: people.length };
  });
}

/** Drizzle's "Failed query: <sql> params: ..." would put the emails' text in the log: the cause is the reason. */
function reasonOf(error: unknown): string {
  let err = error;
  while (err instanceof Error && err.message.startsWith("Failed query") && err.cause instanceof Error) err = err.cause;
  return (err instanceof Error ? err.message : String(err)).replace(/\s*\n\s*/g, " ").trim();
}
