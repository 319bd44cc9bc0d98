import { describe, expect, it } from "vitest";
import { standardsNeedingAnAction } from "./action-nudges";

const answer = (code: string, rating: "not_met" | "partially_met" | "met" | "exceeds" | "not_applicable" | null) => ({ code, rating });
const action = (standardCode: string | null, status: "open" | "in_progress" | "done" | "dropped", update?: "open" | "in_progress" | "done" | "dropped") => ({
  standardCode,
  status,
  update: update ? { status: update } : null,
});

describe("standardsNeedingAnAction", () => {
  it("lists the standards rated below Met with no action tied to them, in their order", () => {
    const answers = [answer("1.1", "not_met"), answer("1.2", "met"), answer("2.1", "partially_met"), answer("2.2", "exceeds"), answer("3.1", null)];
    expect(standardsNeedingAnAction(answers, []).map((a) => a.code)).toEqual(["1.1", "2.1"]);
  });

  it("counts an action still to be done that names the standard", () => {
    const answers = [answer("1.1", "not_met"), answer("2.1", "partially_met"), answer("3.1", "partially_met")];
    const actions = [action("1.1", "open"), action("2.1", "in_progress"), action(null, "open"), action("3.2", "open")];
    expect(standardsNeedingAnAction(answers, actions).map((a) => a.code)).toEqual(["3.1"]);
  });

  it("does not count an action that is done or no longer needed, as this return records it", () => {
    const answers = [answer("1.1", "not_met"), answer("1.2", "partially_met"), answer("1.3", "not_met")];
    const actions = [action("1.1", "open", "done"), action("1.2", "dropped"), action("1.3", "done", "in_progress")];
    expect(standardsNeedingAnAction(answers, actions).map((a) => a.code)).toEqual(["1.1", "1.2"]);
  });
});
