// How cycles, their settings' progress and their reminders read on the business unit's pages.
// Here, not in a .server module: pages show them, and a .server module's exports are undefined
// in the browser's bundle.
import type { TagColour } from "../components/Tag";

export const CYCLE_STATUS: Record<"draft" | "open" | "closed", { text: string; colour: TagColour }> = {
  draft: { text: "Not open yet", colour: "grey" },
  open: { text: "Open", colour: "green" },
  closed: { text: "Closed", colour: "blue" },
};

export const PROGRESS_WORDS: Record<"not_started" | "in_progress" | "awaiting_sign_off" | "submitted", { text: string; colour: TagColour }> = {
  not_started: { text: "Not started", colour: "grey" },
  in_progress: { text: "In progress", colour: "light-blue" },
  awaiting_sign_off: { text: "Awaiting sign-off", colour: "yellow" },
  submitted: { text: "Submitted", colour: "green" },
};

export const TIMELINESS_WORDS: Record<"on_time" | "late" | "overdue" | "not_due", string> = {
  on_time: "On time",
  late: "Late",
  overdue: "Overdue",
  not_due: "Not due yet",
};

/** "opening" → "When the cycle opened"; "before-28" → "28 days before the due date"; "chase-2027-02-03" → "Chased by …". */
export function reminderWords(reminder: string): string {
  if (reminder === "opening") return "The cycle opened";
  const before = /^before-(\d+)$/.exec(reminder);
  if (before) return before[1] === "1" ? "The day before the due date" : `${before[1]} days before the due date`;
  const overdue = /^overdue-(\d+)$/.exec(reminder);
  if (overdue) return `Overdue (reminder ${overdue[1]})`;
  if (reminder.startsWith("chase-")) return "Chased by the business unit";
  return reminder;
}
