import { describe, expect, it } from "vitest";
import { sectionStatus, submissionProblems, type AnswerState } from "./return-progress";

const answer = (over: Partial<AnswerState> = {}): AnswerState => ({
  standardId: "s1",
  code: "1.1",
  title: "T",
  sectionId: "sec",
  allowsNotApplicable: false,
  rating: null,
  evidence: "",
  review: "new",
  ...over,
});

describe("sectionStatus", () => {
  it("derives every state from the answers", () => {
    expect(sectionStatus([answer(), answer()])).toBe("not_started");
    expect(sectionStatus([answer({ evidence: "Some" }), answer()])).toBe("in_progress");
    expect(sectionStatus([answer({ rating: "met" }), answer()])).toBe("in_progress");
    expect(sectionStatus([answer({ rating: "met" }), answer({ rating: "exceeds" })])).toBe("completed");
    expect(sectionStatus([answer({ rating: "met", review: "carried_forward" }), answer({ rating: "met" })])).toBe(
      "needs_review",
    );
  });
});

describe("submissionProblems", () => {
  const base = {
    sectionPath: (id: string) => `/r/sections/${id}`,
    actions: [],
    actionsPath: "/r/actions",
    signedOff: true,
    signOffPath: "/r/sign-off",
  };
  it("is empty for a complete, reviewed, signed-off return", () => {
    expect(submissionProblems({ ...base, answers: [answer({ rating: "met" })] })).toEqual([]);
  });
  it("names each missing rating, unreviewed answer, not-applicable misuse, action and the sign-off", () => {
    const problems = submissionProblems({
      ...base,
      signedOff: false,
      answers: [
        answer({ code: "1.1" }),
        answer({ code: "1.2", rating: "met", review: "carried_forward" }),
        answer({ code: "1.3", rating: "not_applicable" }),
        answer({ code: "1.4", rating: "not_applicable", allowsNotApplicable: true }),
      ],
      actions: [{ id: "a1", description: "Train governors", status: "open", needsReview: true }],
    });
    expect(problems.map((p) => p.text)).toEqual([
      "Standard 1.1 has no rating",
      "Standard 1.2 was carried forward from your last return and needs review",
      "Standard 1.3 cannot be marked not applicable",
      "Give an update on the action “Train governors”",
      "The return has not been signed off",
    ]);
    expect(problems[0].href).toBe("/r/sections/sec#rating-1-1");
  });
});
