import { describe, expect, it } from "vitest";
import { returnStatus } from "../../db/schema";
import {
  RETURN_MOVES,
  RETURN_STATES,
  canMove,
  editableStandards,
  hasStarted,
  hasSubmittedVersion,
  isOpenForChanges,
  mayChangeActionPlan,
  mayChangeStandard,
  stateAfter,
  submissionMove,
  type LifecycleActor,
  type ReturnMove,
  type ReturnState,
} from "./return-lifecycle";

const ACTORS: LifecycleActor[] = ["setting", "moderator", "admin", "system"];

// Written out by hand from the design, not from the table: every allowed move, and who makes it.
const ALLOWED: [ReturnState, ReturnMove, LifecycleActor[], ReturnState][] = [
  ["not_started", "start", ["setting"], "in_progress"],
  ["in_progress", "submit", ["setting"], "submitted"],
  ["submitted", "sample", ["moderator", "admin", "system"], "in_moderation"],
  ["submitted", "challenge", ["moderator"], "reopened"],
  ["in_moderation", "challenge", ["moderator"], "reopened"],
  ["reopened", "challenge", ["moderator"], "reopened"],
  ["reopened", "withdraw", ["moderator"], "in_moderation"],
  ["reopened", "resubmit", ["setting"], "submitted"],
  ["submitted", "reopen", ["admin"], "in_progress"],
  ["in_moderation", "reopen", ["admin"], "in_progress"],
  ["submitted", "close", ["moderator", "admin", "system"], "closed"],
  ["in_moderation", "close", ["moderator", "admin", "system"], "closed"],
];

describe("the return's states", () => {
  it("are the database's return_status values", () => {
    expect([...RETURN_STATES]).toEqual(returnStatus.enumValues);
  });
});

describe("the return's moves", () => {
  it("allows exactly the moves of the design, each to its state, by its actors", () => {
    for (const from of RETURN_STATES) {
      for (const move of Object.keys(RETURN_MOVES) as ReturnMove[]) {
        for (const actor of ACTORS) {
          const rule = ALLOWED.find(([f, m]) => f === from && m === move);
          const allowed = Boolean(rule?.[2].includes(actor));
          expect(canMove(from, move, actor), `${actor} ${move} from ${from}`).toBe(allowed);
          if (allowed) expect(stateAfter(from, move, actor)).toBe(rule![3]);
          else expect(() => stateAfter(from, move, actor)).toThrow(/cannot be moved/);
        }
      }
    }
  });

  it("refuses the moves people might try", () => {
    expect(canMove("submitted", "submit", "setting")).toBe(false); // submitting twice
    expect(canMove("in_progress", "start", "setting")).toBe(false); // starting twice
    expect(canMove("closed", "challenge", "moderator")).toBe(false);
    expect(canMove("in_progress", "challenge", "moderator")).toBe(false); // nothing submitted to challenge
    expect(canMove("submitted", "challenge", "admin")).toBe(false); // challenges are the panel's
    expect(canMove("reopened", "resubmit", "moderator")).toBe(false);
    expect(canMove("reopened", "withdraw", "setting")).toBe(false); // only the panel withdraws its challenge
    expect(canMove("submitted", "withdraw", "moderator")).toBe(false); // nothing reopened to take back
  });

  it("submits the first version, and resubmits after a challenge", () => {
    expect(submissionMove("in_progress")).toBe("submit");
    expect(submissionMove("reopened")).toBe("resubmit");
  });
});

describe("what can be changed in each state", () => {
  it("is every standard while in progress in an open cycle, and nothing once the cycle has closed", () => {
    const open = editableStandards({ state: "in_progress", cycleOpen: true });
    expect(open).toEqual({ kind: "all" });
    expect(mayChangeStandard(open, "1.1")).toBe(true);
    expect(mayChangeActionPlan(open)).toBe(true);
    expect(editableStandards({ state: "in_progress", cycleOpen: false })).toEqual({ kind: "none" });
  });

  it("is only the challenged standards while reopened", () => {
    const reopened = editableStandards({ state: "reopened", cycleOpen: true, challengedCodes: ["3.2"] });
    expect(mayChangeStandard(reopened, "3.2")).toBe(true);
    expect(mayChangeStandard(reopened, "1.1")).toBe(false);
    expect(isOpenForChanges(reopened)).toBe(true);
    expect(mayChangeActionPlan(reopened)).toBe(false);
    // Reopened with nothing challenged (every challenge answered): nothing to change.
    expect(editableStandards({ state: "reopened", cycleOpen: true, challengedCodes: [] })).toEqual({ kind: "none" });
  });

  it("is nothing in every other state", () => {
    for (const state of ["not_started", "submitted", "in_moderation", "closed"] as const) {
      const editable = editableStandards({ state, cycleOpen: true, challengedCodes: ["1.1"] });
      expect(editable, state).toEqual({ kind: "none" });
      expect(isOpenForChanges(editable)).toBe(false);
    }
  });

  it("says which states have begun and which hold a submitted version", () => {
    expect(RETURN_STATES.filter(hasStarted)).toEqual(["in_progress", "submitted", "in_moderation", "reopened", "closed"]);
    expect(RETURN_STATES.filter(hasSubmittedVersion)).toEqual(["submitted", "in_moderation", "reopened", "closed"]);
  });
});
