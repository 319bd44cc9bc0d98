// When a setting that has not submitted is reminded about its return (issue 12, decision 020).
// A cycle's schedule is a list of milestones: the day it opens, each of so many days before the
// due date, and every so many days while overdue (at most so many times). On any day, the one
// reminder due is the latest milestone that has come: if the worker was down on a milestone's
// day, the next run sends that one, never a backlog of earlier ones.
import { addIsoDays } from "../dates";

export interface ReminderSchedule {
  opensOn: string;
  /** The setting's due date: the cycle's, or its own extension. */
  dueOn: string;
  /** The day the cycle closes to edits, if set: no reminders after it. */
  closesOn: string | null;
  remindOnOpening: boolean;
  reminderDaysBefore: readonly number[];
  overdueEveryDays: number;
  overdueLimit: number;
}

export interface Milestone {
  /** "opening", "before-28", "overdue-1": with the due date, the key that sends it once. */
  key: string;
  on: string;
  kind: "opening" | "before" | "overdue";
  /** Days before the due date (before), or the overdue reminder's number (overdue). */
  n: number;
}

export const DEFAULT_SCHEDULE = { remindOnOpening: true, reminderDaysBefore: [28, 14, 7, 1], overdueEveryDays: 7, overdueLimit: 3 } as const;

/** Every milestone of the schedule, in date order (a day-before reminder on or before the opening day is left out). */
export function milestones(s: ReminderSchedule): Milestone[] {
  const list: Milestone[] = [];
  if (s.remindOnOpening) list.push({ key: "opening", on: s.opensOn, kind: "opening", n: 0 });
  for (const days of [...new Set(s.reminderDaysBefore)].filter((d) => d > 0).sort((a, b) => b - a)) {
    const on = addIsoDays(s.dueOn, -days);
    if (on > s.opensOn || (!s.remindOnOpening && on >= s.opensOn)) list.push({ key: `before-${days}`, on, kind: "before", n: days });
  }
  for (let k = 1; k <= s.overdueLimit; k++) {
    list.push({ key: `overdue-${k}`, on: addIsoDays(s.dueOn, 1 + (k - 1) * s.overdueEveryDays), kind: "overdue", n: k });
  }
  return list.filter((m) => s.closesOn === null || m.on <= s.closesOn);
}

export interface SentReminder {
  reminder: string;
  dueOn: string;
}

/**
 * The reminder due `today` for a return not yet submitted, or null. `sent` is what this return
 * has had: the opening reminder goes once whatever the due date; the others once per due date,
 * so an extension starts the days-before and overdue reminders again.
 */
export function reminderDue(s: ReminderSchedule, today: string, sent: readonly SentReminder[]): Milestone | null {
  if (today < s.opensOn || (s.closesOn !== null && today > s.closesOn)) return null;
  const come = milestones(s).filter((m) => m.on <= today);
  const latest = come[come.length - 1];
  if (!latest) return null;
  const already = sent.some((r) => r.reminder === latest.key && (latest.kind === "opening" || r.dueOn === s.dueOn));
  return already ? null : latest;
}
