// Statuses are derived from the answers, never stored: a section is "completed" because its
// answers are, not because a flag says so.
import type { ActionStatus, Rating } from "../../db/schema";
import { isUnsupportedExceeds } from "./ratings";

export type SectionStatus = "not_started" | "in_progress" | "needs_review" | "completed";

export interface AnswerState {
  standardId: string;
  code: string;
  title: string;
  sectionId: string;
  allowsNotApplicable: boolean;
  rating: Rating | null;
  evidence: string;
  review: "new" | "carried_forward" | "reviewed";
}

/** The id of a standard's field on its section page, e.g. fieldId("rating", "3.2") is "rating-3-2". */
export function fieldId(kind: string, code: string): string {
  return `${kind}-${code.replace(/\W/g, "-")}`;
}

export const SECTION_STATUS_LABELS: Record<SectionStatus, string> = {
  not_started: "Not yet started",
  in_progress: "In progress",
  needs_review: "Needs review",
  completed: "Completed",
};

export function sectionStatus(answers: readonly AnswerState[]): SectionStatus {
  if (answers.some((a) => a.review === "carried_forward")) return "needs_review";
  const rated = answers.filter((a) => a.rating !== null).length;
  if (rated === answers.length && answers.length > 0) return "completed";
  const touched = answers.some((a) => a.rating !== null || a.evidence.trim() !== "");
  return touched ? "in_progress" : "not_started";
}

export interface ActionState {
  id: string;
  description: string;
  status: ActionStatus;
  /** Carried from an earlier return and not yet confirmed or updated in this one. */
  needsReview: boolean;
}

export interface SubmissionProblem {
  text: string;
  href: string;
}

export interface SubmissionCheckInput {
  answers: readonly AnswerState[];
  sectionPath: (sectionId: string) => string;
  actions: readonly ActionState[];
  actionsPath: string;
  signedOff: boolean;
  signOffPath: string;
}

/** Everything that stands between the return and submission, in plain words with a link each. */
export function submissionProblems(input: SubmissionCheckInput): SubmissionProblem[] {
  const problems: SubmissionProblem[] = [];
  for (const a of input.answers) {
    const href = `${input.sectionPath(a.sectionId)}#${fieldId("rating", a.code)}`;
    if (a.rating === null) problems.push({ text: `Standard ${a.code} has no rating`, href });
    else if (a.rating === "not_applicable" && !a.allowsNotApplicable)
      problems.push({ text: `Standard ${a.code} cannot be marked not applicable`, href });
    if (a.review === "carried_forward")
      problems.push({ text: `Standard ${a.code} was carried forward from your last return and needs review`, href });
  }
  for (const action of input.actions) {
    if (action.needsReview)
      problems.push({
        text: `Give an update on the action “${truncate(action.description, 60)}”`,
        href: `${input.actionsPath}#action-${action.id}`,
      });
  }
  if (!input.signedOff) problems.push({ text: "The return has not been signed off", href: input.signOffPath });
  return problems;
}

export function unsupportedExceedsCodes(answers: readonly Pick<AnswerState, "code" | "rating" | "evidence">[]): string[] {
  return answers.filter((a) => isUnsupportedExceeds(a.rating, a.evidence)).map((a) => a.code);
}

function truncate(text: string, length: number) {
  return text.length <= length ? text : `${text.slice(0, length - 1)}…`;
}

export const isSectionComplete = (section: { status: SectionStatus }) => section.status === "completed";
