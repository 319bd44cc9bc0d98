// When an overdue action is reminded about (issue 11): on the first day it is overdue (or the
// first run after), then once a week while it stays open and overdue, at most four times for one
// due date. The count belongs to the due date it was sent about, so giving the action a new due
// date starts it again: the new date is a new promise, and missing it is worth four reminders too.
import { londonIsoDate } from "../dates";
import { isOverdueAction } from "./action-themes";
import type { ActionStatus } from "../../db/schema";

export const MAX_ACTION_REMINDERS = 4;
export const DAYS_BETWEEN_ACTION_REMINDERS = 7;

export interface ActionReminderState {
  status: ActionStatus;
  dueOn: string | null;
  /** How many reminders were sent about `remindedDueOn`. */
  remindersSent: number;
  remindedDueOn: string | null;
  lastRemindedAt: Date | null;
}

/** Whole calendar days from one ISO date ("2025-04-01") to another. */
export function daysFrom(fromIsoDate: string, toIsoDate: string): number {
  return Math.round((Date.parse(`${toIsoDate}T00:00:00Z`) - Date.parse(`${fromIsoDate}T00:00:00Z`)) / 86_400_000);
}

/**
 * The number (from 1) of the reminder due about this action at `now`, or null if none is.
 * Weeks are counted in UK calendar days, not hours: a daily run at 8 o'clock sends the next
 * reminder on the seventh day even if the last one went out a few seconds after eight.
 */
export function actionReminderDue(action: ActionReminderState, now: Date): number | null {
  const today = londonIsoDate(now);
  if (!isOverdueAction(action, today)) return null;
  if (action.remindedDueOn !== action.dueOn || action.remindersSent === 0 || action.lastRemindedAt === null) return 1;
  if (action.remindersSent >= MAX_ACTION_REMINDERS) return null;
  if (daysFrom(londonIsoDate(action.lastRemindedAt), today) < DAYS_BETWEEN_ACTION_REMINDERS) return null;
  return action.remindersSent + 1;
}
