// The return's lifecycle, in one place: its states, the moves between them and who may make
// each, and which standards can be changed in each state. The domain's locks, the loaders'
// "editable" flags and the pages all ask this module; nothing else compares status strings.
//
//   not_started → in_progress → submitted → (in_moderation → reopened → submitted)* → closed
//   (the business unit may reopen a submitted return: back to in_progress, the next version follows)
//
// A challenge from the panel reopens only the challenged standards; resubmitting makes the
// next version. A submitted version itself never changes (return_versions is append-only).

import type { ReturnStatus } from "../../db/schema";

/** The database's return_status enum holds exactly these (the unit test keeps them the same). */
export type ReturnState = ReturnStatus;
export const RETURN_STATES: readonly ReturnState[] = ["not_started", "in_progress", "submitted", "in_moderation", "reopened", "closed"];

/** Who is acting, in the lifecycle's terms (the permission policy decides who counts as which). */
export type LifecycleActor = "setting" | "moderator" | "admin" | "system";

export type ReturnMove = "start" | "submit" | "sample" | "challenge" | "withdraw" | "resubmit" | "reopen" | "close";

interface MoveRule {
  from: readonly ReturnState[];
  to: ReturnState;
  by: readonly LifecycleActor[];
}

export const RETURN_MOVES: Record<ReturnMove, MoveRule> = {
  // The setting's DSL or signatory starts the return (blank or from the earlier one).
  start: { from: ["not_started"], to: "in_progress", by: ["setting"] },
  // Version 1: the setting submits after sign-off (decision 008).
  submit: { from: ["in_progress"], to: "submitted", by: ["setting"] },
  // Drawn into the moderation sample.
  sample: { from: ["submitted"], to: "in_moderation", by: ["moderator", "admin", "system"] },
  // The panel challenges one or more standards: only those reopen. A further challenge on a
  // reopened return keeps it reopened (it reopens one more standard).
  challenge: { from: ["submitted", "in_moderation", "reopened"], to: "reopened", by: ["moderator"] },
  // The panel withdraws its last challenge before the setting changed anything: the return goes
  // back to moderation as it was submitted (a changed return must be resubmitted instead).
  withdraw: { from: ["reopened"], to: "in_moderation", by: ["moderator"] },
  // The setting answers the challenge and resubmits: the next version.
  resubmit: { from: ["reopened"], to: "submitted", by: ["setting"] },
  // The business unit reopens a submitted return for its setting, with a recorded reason (the
  // setting asked, or sent the wrong file): it is edited whole and submitted again as the next
  // version, signed off again first.
  reopen: { from: ["submitted", "in_moderation"], to: "in_progress", by: ["admin"] },
  // Moderation finished or the year archived.
  close: { from: ["submitted", "in_moderation"], to: "closed", by: ["moderator", "admin", "system"] },
};

export function canMove(from: ReturnState, move: ReturnMove, actor: LifecycleActor): boolean {
  const rule = RETURN_MOVES[move];
  return rule.from.includes(from) && rule.by.includes(actor);
}

export class LifecycleError extends Error {
  constructor(
    readonly from: ReturnState,
    readonly move: ReturnMove,
  ) {
    super(`A return that is ${from.replace("_", " ")} cannot be moved by "${move}"`);
    this.name = "LifecycleError";
  }
}

/** The state after a move; refuses a move the table does not allow. */
export function stateAfter(from: ReturnState, move: ReturnMove, actor: LifecycleActor): ReturnState {
  if (!canMove(from, move, actor)) throw new LifecycleError(from, move);
  return RETURN_MOVES[move].to;
}

/** Which standards of the return can be changed: all, some (by standard code), or none. */
export type EditableStandards = { kind: "all" } | { kind: "some"; codes: ReadonlySet<string> } | { kind: "none" };

export function editableStandards(input: {
  state: ReturnState;
  cycleOpen: boolean;
  /** Codes of the standards with a challenge waiting for the setting's answer or its resubmission. */
  challengedCodes?: Iterable<string>;
}): EditableStandards {
  if (!input.cycleOpen) return { kind: "none" };
  if (input.state === "in_progress") return { kind: "all" };
  if (input.state === "reopened") {
    const codes = new Set(input.challengedCodes ?? []);
    return codes.size > 0 ? { kind: "some", codes } : { kind: "none" };
  }
  return { kind: "none" };
}

export function mayChangeStandard(editable: EditableStandards, code: string): boolean {
  return editable.kind === "all" || (editable.kind === "some" && editable.codes.has(code));
}

/** Anything at all can change (answers in progress, or the challenged ones), so sign-off and submission apply. */
export function isOpenForChanges(editable: EditableStandards): boolean {
  return editable.kind !== "none";
}

/** The action plan is the return's as a whole: changed only while the whole return is. */
export function mayChangeActionPlan(editable: EditableStandards): boolean {
  return editable.kind === "all";
}

export function hasStarted(state: ReturnState): boolean {
  return state !== "not_started";
}

/** A version has been submitted at least once (whatever has happened to it since). */
export function hasSubmittedVersion(state: ReturnState): boolean {
  return state === "submitted" || state === "in_moderation" || state === "reopened" || state === "closed";
}

/** The setting's people have work to do on it now (in progress, or answering a challenge). */
export function awaitsSetting(state: ReturnState): boolean {
  return state === "in_progress" || state === "reopened";
}

/** The cycle takes changes (a draft has not opened; a closed one takes none, though moderation may go on). */
export function cycleIsOpen(cycle: { status: "draft" | "open" | "closed" }): boolean {
  return cycle.status === "open";
}

/** The setting can start the return now. */
export function mayStart(state: ReturnState, cycle: { status: "draft" | "open" | "closed" }): boolean {
  return canMove(state, "start", "setting") && cycleIsOpen(cycle);
}

/** The move a submission makes from this state: the first version, or the next after a challenge. */
export function submissionMove(state: ReturnState): ReturnMove {
  return state === "reopened" ? "resubmit" : "submit";
}
