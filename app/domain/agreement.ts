// How far two panel members agree when they moderate the same return (calibration).
//
// Two figures: the share of standards they rated the same (percent agreement), and Cohen's
// kappa, which discounts the agreement two people would reach by chance given how often each uses
// each rating. Kappa is 1 for perfect agreement, 0 for no better than chance, and below 0 for
// worse than chance.
//
//   p_o   = standards rated the same / standards
//   p_e   = Σ over ratings k of (share of first ratings that are k) × (share of second that are k)
//   kappa = (p_o − p_e) / (1 − p_e)
//
// Kappa is unweighted: Met against Exceeds counts as the same disagreement as Not met against
// Exceeds (decision 015 says why). Not applicable is a rating like the others.
//
// When both moderators gave every standard one and the same rating, p_e is 1 and kappa is 0/0:
// there was no room for chance to be beaten. We report null with the reason, not 1: a panel that
// has only seen returns rated Met throughout has not shown that it agrees on anything harder, and
// a 1 beside such a case would read as proof that it does. Percent agreement (100) still shows.
import type { Rating } from "../../db/schema";

export interface RatingPair {
  first: Rating;
  second: Rating;
}

export interface Agreement {
  pairs: number;
  agreed: number;
  /** 0 to 100; null with no pairs. */
  percentAgreement: number | null;
  kappa: number | null;
  /** Why kappa is null, in words a page can show; null when there is a kappa. */
  kappaReason: string | null;
}

export const NO_PAIRS_REASON = "No standard has been moderated twice yet.";
export const ONE_RATING_REASON =
  "Both moderators gave every standard the same rating, so there is no agreement beyond chance to measure.";

export function agreement(pairs: readonly RatingPair[]): Agreement {
  const n = pairs.length;
  if (n === 0) return { pairs: 0, agreed: 0, percentAgreement: null, kappa: null, kappaReason: NO_PAIRS_REASON };

  const agreed = pairs.filter((p) => p.first === p.second).length;
  const firstCounts = new Map<Rating, number>();
  const secondCounts = new Map<Rating, number>();
  for (const { first, second } of pairs) {
    firstCounts.set(first, (firstCounts.get(first) ?? 0) + 1);
    secondCounts.set(second, (secondCounts.get(second) ?? 0) + 1);
  }
  const percentAgreement = (100 * agreed) / n;
  const categories = new Set([...firstCounts.keys(), ...secondCounts.keys()]);
  // One category between them is exactly the case p_e = 1 (both used it for every standard).
  if (categories.size === 1) return { pairs: n, agreed, percentAgreement, kappa: null, kappaReason: ONE_RATING_REASON };

  const observed = agreed / n;
  let chance = 0;
  for (const k of categories) chance += ((firstCounts.get(k) ?? 0) / n) * ((secondCounts.get(k) ?? 0) / n);
  return { pairs: n, agreed, percentAgreement, kappa: (observed - chance) / (1 - chance), kappaReason: null };
}

/** Agreement for each standard, by standard code in natural order (1.2 before 1.10). */
export function agreementByStandard(rows: readonly ({ standardCode: string } & RatingPair)[]): ({ standardCode: string } & Agreement)[] {
  const byCode = new Map<string, RatingPair[]>();
  for (const { standardCode, first, second } of rows) {
    const group = byCode.get(standardCode) ?? [];
    group.push({ first, second });
    byCode.set(standardCode, group);
  }
  return [...byCode.keys()]
    .sort((a, b) => a.localeCompare(b, "en", { numeric: true }))
    .map((standardCode) => ({ standardCode, ...agreement(byCode.get(standardCode)!) }));
}
