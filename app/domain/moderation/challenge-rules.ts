// The rules of a challenge that need no database: which ratings the panel may suggest, the
// default and the checks on the date to answer by, where a challenge has got to, and when an
// overdue one is reminded.
import type { Rating } from "../../../db/schema";
import { addWorkingDays, CHALLENGE_RESPONSE_WORKING_DAYS, londonDate } from "../working-days";

/** The ratings that rank against each other, lowest first ("not applicable" does not rank). */
const RANKED: readonly Rating[] = ["not_met", "partially_met", "met", "exceeds"];

/** The ratings the panel may suggest instead of the setting's own: only lower ones. */
export function ratingsBelow(rating: Rating | null | undefined): Rating[] {
  const at = rating ? RANKED.indexOf(rating) : -1;
  return at > 0 ? RANKED.slice(0, at) : [];
}

/** The date the setting is asked to answer by unless the panel member chooses another: 15 working days on. */
export function defaultRespondBy(now: Date): string {
  return londonDate(addWorkingDays(now, CHALLENGE_RESPONSE_WORKING_DAYS));
}

/** A date to answer by must be after today (UK). */
export function isFutureDate(isoDate: string, now: Date): boolean {
  return isoDate > londonDate(now);
}

export type ChallengeStage = "awaiting_answer" | "awaiting_resubmission" | "awaiting_panel" | "upheld" | "revised" | "withdrawn";

/** Where the challenge has got to, from its status and whether the answer has been resubmitted. */
export function challengeStage(c: { status: "open" | "responded" | "upheld" | "revised" | "withdrawn"; respondedVersionNumber: number | null }): ChallengeStage {
  if (c.status === "open") return "awaiting_answer";
  if (c.status === "responded") return c.respondedVersionNumber === null ? "awaiting_resubmission" : "awaiting_panel";
  return c.status;
}

export const STAGE_FOR_SETTING: Record<ChallengeStage, { text: string; colour?: "blue" | "yellow" | "green" | "grey" | "red" }> = {
  awaiting_answer: { text: "Waiting for your answer", colour: "red" },
  awaiting_resubmission: { text: "Answered: sign off and submit again", colour: "yellow" },
  awaiting_panel: { text: "With the panel", colour: "blue" },
  upheld: { text: "Resolved: your rating stands", colour: "green" },
  revised: { text: "Resolved: rating moderated", colour: "green" },
  withdrawn: { text: "Withdrawn", colour: "grey" },
};

export const STAGE_FOR_PANEL: Record<ChallengeStage, { text: string; colour?: "blue" | "yellow" | "green" | "grey" | "red" }> = {
  awaiting_answer: { text: "Waiting for the setting", colour: "yellow" },
  awaiting_resubmission: { text: "Answered, not yet resubmitted", colour: "yellow" },
  awaiting_panel: { text: "Ready to resolve", colour: "red" },
  upheld: { text: "Upheld", colour: "green" },
  revised: { text: "Revised", colour: "green" },
  withdrawn: { text: "Withdrawn", colour: "grey" },
};

/** A challenge can still be written in (messages, answer, resolution) until it is resolved or withdrawn. */
export function isUnresolved(status: string): boolean {
  return status === "open" || status === "responded";
}

export const MAX_REMINDERS = 3;
const WEEK_MS = 7 * 86_400_000;

/**
 * An unanswered challenge is reminded the day after its date to answer by, then a week after each
 * reminder, at most three times in all.
 */
export function reminderDue(
  c: { status: string; respondBy: string | null; remindersSent: number; lastRemindedAt: Date | null },
  now: Date,
): boolean {
  if (c.status !== "open" || !c.respondBy || c.remindersSent >= MAX_REMINDERS) return false;
  if (!(londonDate(now) > c.respondBy)) return false;
  return c.lastRemindedAt === null || now.getTime() - c.lastRemindedAt.getTime() >= WEEK_MS;
}
