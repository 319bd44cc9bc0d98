import { describe, expect, it } from "vitest";
import { compareAnswers } from "./version-compare";

describe("compareAnswers", () => {
  it("lines answers up by standard code and says what changed", () => {
    const rows = compareAnswers(
      [
        { code: "1.1", title: "Lead", rating: "met", evidence: "Minutes" },
        { code: "1.2", title: "Old", rating: "partially_met", evidence: "" },
        { code: "10.1", title: "Ten", rating: "met", evidence: "Same" },
      ],
      [
        { code: "1.1", title: "Lead", rating: "exceeds", evidence: "Minutes and visit notes" },
        { code: "2.1", title: "New", rating: null, evidence: "" },
        { code: "10.1", title: "Ten", rating: "met", evidence: "Same" },
      ],
    );
    expect(rows.map((r) => [r.code, r.change])).toEqual([
      ["1.1", "changed"],
      ["1.2", "removed"],
      ["2.1", "added"],
      ["10.1", "unchanged"],
    ]);
    expect(rows[0].ratingChanged).toBe(true);
    expect(rows[0].evidenceDiff.find((p) => p.kind === "added")?.text).toContain("visit notes");
  });
});
