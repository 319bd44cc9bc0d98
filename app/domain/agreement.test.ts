import { describe, expect, it } from "vitest";
import type { Rating } from "../../db/schema";
import { NO_PAIRS_REASON, ONE_RATING_REASON, agreement, agreementByStandard, type RatingPair } from "./agreement";

// n copies of a pair, to write a contingency table cell by cell.
const cell = (n: number, first: Rating, second: Rating): RatingPair[] => Array.from({ length: n }, () => ({ first, second }));

describe("agreement", () => {
  it("has no figures for no pairs", () => {
    expect(agreement([])).toEqual({ pairs: 0, agreed: 0, percentAgreement: null, kappa: null, kappaReason: NO_PAIRS_REASON });
  });

  it("matches the textbook 2 × 2 table", () => {
    //                 second met   second not met
    //   first met         20             5          (25)
    //   first not met     10            15          (25)
    //                    (30)          (20)          50
    // p_o = (20 + 15) / 50 = 0.7
    // p_e = (25/50)(30/50) + (25/50)(20/50) = 0.5 × 0.6 + 0.5 × 0.4 = 0.3 + 0.2 = 0.5
    // kappa = (0.7 − 0.5) / (1 − 0.5) = 0.4
    const result = agreement([...cell(20, "met", "met"), ...cell(5, "met", "not_met"), ...cell(10, "not_met", "met"), ...cell(15, "not_met", "not_met")]);
    expect(result.pairs).toBe(50);
    expect(result.agreed).toBe(35);
    expect(result.percentAgreement).toBeCloseTo(70, 10);
    expect(result.kappa).toBeCloseTo(0.4, 10);
    expect(result.kappaReason).toBeNull();
  });

  it("gives 0 for agreement no better than chance", () => {
    //                 second met   second partially
    //   first met          1             1
    //   first partially    1             1
    // p_o = 2/4 = 0.5; p_e = 0.5 × 0.5 + 0.5 × 0.5 = 0.5; kappa = 0 / 0.5 = 0
    const result = agreement([...cell(1, "met", "met"), ...cell(1, "met", "partially_met"), ...cell(1, "partially_met", "met"), ...cell(1, "partially_met", "partially_met")]);
    expect(result.percentAgreement).toBe(50);
    expect(result.kappa).toBeCloseTo(0, 10);
  });

  it("is negative when they agree less than chance would", () => {
    // Every pair disagrees: p_o = 0; p_e = 0.5 × 0.5 + 0.5 × 0.5 = 0.5; kappa = (0 − 0.5) / 0.5 = −1
    const result = agreement([...cell(3, "met", "exceeds"), ...cell(3, "exceeds", "met")]);
    expect(result.agreed).toBe(0);
    expect(result.percentAgreement).toBe(0);
    expect(result.kappa).toBeCloseTo(-1, 10);
    // 3 agree out of 10, with both using met 5 times and exceeds 5 times:
    // p_o = 0.3; p_e = 0.5 × 0.5 + 0.5 × 0.5 = 0.5; kappa = (0.3 − 0.5) / 0.5 = −0.4
    const worse = agreement([...cell(2, "met", "met"), ...cell(1, "exceeds", "exceeds"), ...cell(3, "met", "exceeds"), ...cell(4, "exceeds", "met")]);
    expect(worse.kappa).toBeCloseTo(-0.4, 10);
  });

  it("is 0 when one moderator used one rating throughout and the other did not", () => {
    // first: met × 4; second: met × 3, partially met × 1.
    // p_o = 3/4; p_e = (4/4)(3/4) + (0/4)(1/4) = 0.75; kappa = (0.75 − 0.75) / 0.25 = 0
    const result = agreement([...cell(3, "met", "met"), ...cell(1, "met", "partially_met")]);
    expect(result.percentAgreement).toBe(75);
    expect(result.kappa).toBeCloseTo(0, 10);
  });

  it("works over three ratings, worked by hand", () => {
    //                 second not met  second met  second exceeds
    //   first not met        2             1             0        (3)
    //   first met            0             3             1        (4)
    //   first exceeds        0             1             2        (3)
    //                       (2)           (5)           (3)        10
    // p_o = (2 + 3 + 2) / 10 = 0.7
    // p_e = 0.3 × 0.2 + 0.4 × 0.5 + 0.3 × 0.3 = 0.06 + 0.20 + 0.09 = 0.35
    // kappa = (0.7 − 0.35) / 0.65 = 0.35 / 0.65 = 7/13 ≈ 0.538
    const result = agreement([
      ...cell(2, "not_met", "not_met"),
      ...cell(1, "not_met", "met"),
      ...cell(3, "met", "met"),
      ...cell(1, "met", "exceeds"),
      ...cell(1, "exceeds", "met"),
      ...cell(2, "exceeds", "exceeds"),
    ]);
    expect(result.agreed).toBe(7);
    expect(result.kappa).toBeCloseTo(7 / 13, 10);
  });

  it("is 1 for perfect agreement over more than one rating", () => {
    // p_o = 1; p_e = 0.5 × 0.5 + 0.5 × 0.5 = 0.5; kappa = 0.5 / 0.5 = 1
    expect(agreement([...cell(2, "met", "met"), ...cell(2, "not_applicable", "not_applicable")]).kappa).toBeCloseTo(1, 10);
  });

  it("reports no kappa, with the reason, when both used one rating throughout", () => {
    // p_o = 1 and p_e = 1 × 1 = 1: kappa would be 0 / 0.
    expect(agreement(cell(5, "met", "met"))).toEqual({ pairs: 5, agreed: 5, percentAgreement: 100, kappa: null, kappaReason: ONE_RATING_REASON });
  });
});

describe("agreementByStandard", () => {
  it("groups by standard code in natural order", () => {
    const result = agreementByStandard([
      { standardCode: "1.10", first: "met", second: "met" },
      { standardCode: "1.2", first: "met", second: "not_met" },
      { standardCode: "2.1", first: "exceeds", second: "exceeds" },
      { standardCode: "1.2", first: "not_met", second: "not_met" },
      { standardCode: "1.10", first: "partially_met", second: "met" },
    ]);
    expect(result.map((r) => r.standardCode)).toEqual(["1.2", "1.10", "2.1"]);
    // 1.2: (met, not met), (not met, not met): p_o = 0.5; p_e = 0.5 × 0 + 0.5 × 1 = 0.5; kappa = 0
    expect(result[0]).toMatchObject({ pairs: 2, agreed: 1, percentAgreement: 50 });
    expect(result[0].kappa).toBeCloseTo(0, 10);
    // 1.10: (met, met), (partially, met): p_o = 0.5; p_e = 0.5 × 1 + 0.5 × 0 = 0.5; kappa = 0
    expect(result[1]).toMatchObject({ pairs: 2, agreed: 1 });
    expect(result[1].kappa).toBeCloseTo(0, 10);
    // 2.1: one pair, one rating between them.
    expect(result[2]).toMatchObject({ pairs: 1, agreed: 1, percentAgreement: 100, kappa: null, kappaReason: ONE_RATING_REASON });
  });

  it("is empty for no rows", () => {
    expect(agreementByStandard([])).toEqual([]);
  });
});
