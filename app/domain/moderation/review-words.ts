// The moderation review's vocabulary, shared by pages (in the browser too), the domain and the
// letter's email: outcome and challenge labels, and the review form's field names.
export type ModerationOutcome = "agreed" | "agreed_with_changes" | "not_agreed";

export const OUTCOME_LABELS: Record<ModerationOutcome, string> = {
  agreed: "Agreed",
  agreed_with_changes: "Agreed with changes",
  not_agreed: "Not agreed",
};

export const OUTCOME_HINTS: Record<ModerationOutcome, string> = {
  agreed: "The panel agrees with the setting's self-assessment.",
  agreed_with_changes: "The panel agrees overall, with the moderated ratings shown in the letter.",
  not_agreed: "The evidence does not support the self-assessment.",
};

export const OUTCOMES = Object.keys(OUTCOME_LABELS) as ModerationOutcome[];

export const CHALLENGE_STATUS_LABELS: Record<string, string> = {
  open: "Waiting for the setting's answer",
  responded: "Answered by the setting",
  upheld: "Upheld: the setting's rating stands",
  revised: "Revised: the moderated rating is recorded",
  withdrawn: "Withdrawn",
};

export const REVIEW_STATUS = {
  assigned: { text: "Not started", colour: "grey" },
  in_review: { text: "In review", colour: "light-blue" },
  completed: { text: "Completed", colour: "green" },
} as const;

export const fieldName = (field: "verdict" | "moderatedRating" | "reason" | "revision", standardId: string) => `${field}.${standardId}`;
/** The id of a standard's field on the page (codes are safe in ids once the dots go). */
export const fieldIdOf = (field: string, code: string) => `${field}-${code.replace(/[^A-Za-z0-9]/g, "-")}`;
