// Action plan vocabulary. Most outstanding actions are training-related, so training comes first.
import type { ActionStatus, ActionTheme } from "../../db/schema";

export const THEME_LABELS: Record<ActionTheme, string> = {
  training: "Training",
  policy_procedures: "Policy and procedures",
  governance: "Governance",
  safer_recruitment: "Safer recruitment",
  record_keeping: "Record keeping",
  curriculum_online_safety: "Curriculum and online safety",
  multi_agency_escalation: "Multi-agency working and escalation",
  attendance: "Attendance",
  other: "Other",
};

export const ACTION_STATUS_LABELS: Record<ActionStatus, string> = {
  open: "Not started",
  in_progress: "In progress",
  done: "Done",
  dropped: "No longer needed",
};

// Where an action came from. Here, not in a .server module: pages show it, and a .server
// module's exports are undefined in the browser's bundle.
export const ACTION_SOURCE_LABELS: Record<"self_assessment" | "moderation", string> = {
  self_assessment: "Self-assessment",
  moderation: "Moderation",
};

export const THEMES = Object.keys(THEME_LABELS) as ActionTheme[];
export const ACTION_STATUSES = Object.keys(ACTION_STATUS_LABELS) as ActionStatus[];

/** Statuses of an action still to be done: they carry into the next return and count as outstanding. */
export const OUTSTANDING_ACTION_STATUSES: ActionStatus[] = ["open", "in_progress"];

export const isOutstandingAction = (a: { status: ActionStatus }) => OUTSTANDING_ACTION_STATUSES.includes(a.status);

/**
 * Still to be done and its due date has passed: due on the 31st, it is overdue from the 1st.
 * `today` is the UK calendar date ("2025-04-01"), from `londonIsoDate`.
 */
export const isOverdueAction = (a: { status: ActionStatus; dueOn: string | null }, today: string) =>
  isOutstandingAction(a) && a.dueOn !== null && a.dueOn < today;
