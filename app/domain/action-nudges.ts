// The action plan's nudge: a standard the setting rates below Met should have something planned
// about it. It warns; it never blocks submission.
import type { ActionStatus, Rating } from "../../db/schema";
import { isOutstandingAction } from "./action-themes";

const BELOW_MET: readonly Rating[] = ["not_met", "partially_met"];

export interface PlannedAction {
  standardCode: string | null;
  status: ActionStatus;
  /** This return's update on the action, whose status is the action's status as of this return. */
  update?: { status: ActionStatus } | null;
}

/**
 * The answers rated Not met or Partially met that no action still to be done names (one done or no
 * longer needed, as this return records it, does not count), in the order given.
 */
export function standardsNeedingAnAction<A extends { code: string; rating: Rating | null }>(
  answers: readonly A[],
  actions: readonly PlannedAction[],
): A[] {
  const planned = new Set(
    actions.filter((a) => a.standardCode && isOutstandingAction({ status: a.update?.status ?? a.status })).map((a) => a.standardCode),
  );
  return answers.filter((a) => a.rating !== null && BELOW_MET.includes(a.rating) && !planned.has(a.code));
}
