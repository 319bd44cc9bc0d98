// Drawing the moderation sample: which submitted returns the panel looks at in a cycle.
//
// The rule, as a panel lead would read it:
//
// - How many: the sampling rate of the returns submitted, rounded up. At 60%, 10 returns give 6
//   and 7 returns give 5 (4.2 rounded up). The sample is never smaller than the rate asks.
// - Shared between types of setting (the strata) in proportion to their size. Each type first gets
//   the whole part of its share (60% of 3 primary schools is 1.8, so 1); the places left over go
//   one each to the types with the largest part left (0.8 before 0.4), alphabetically on a tie.
//   This is the largest-remainder (Hamilton) method.
// - Every type with a return gets at least one place, even when its share rounds down to none.
//   That place is on top of the number above.
// - A return with an Exceeds its evidence does not support is always in the sample, and takes one
//   of its type's places. If a type has more of them than places, all of them are in and the
//   sample is bigger than the rate asked for: the draw says so (its size is over its target).
// - The other places are filled in the draw order: each return's place in it comes from a
//   fingerprint (SHA-256) of the draw's seed and the return's id. The same seed on the same
//   returns always gives the same sample, whatever order the returns are listed in; a different
//   seed gives a different sample. Nobody can choose the sample by choosing the order.
// - If the panel asks for it, returns not moderated in the last full cycle come first in the draw
//   order (in fingerprint order among themselves), and are marked as drawn for that reason.
// - Returns submitted after the draw are sampled in a top-up by the same rule, on their own.
//
// Pure: no database, no clock. The seed is the caller's (kept with the sample so the draw can be
// shown again). It uses node:crypto, so a page shows SAMPLING_RULE through its loader rather than
// importing this module into the browser bundle.
import { createHash } from "node:crypto";

export const SAMPLING_RULE =
  "The sample is the sampling rate of the submitted returns, rounded up, shared between types of setting in proportion to how many returns each has: each type gets the whole part of its share first, then the places left over go to the types with the largest part left. Every type with a return gets at least one place. A return with an Exceeds rating that its evidence does not support is always in the sample and takes one of its type's places; if a type has more of these than places, they are all included and the sample is bigger than the rate. The other places are filled in an order fixed by the draw's seed, so drawing again with the same seed on the same returns gives the same sample, whatever order the returns are listed in. If the panel chooses, returns that were not moderated in the last full cycle are drawn first. Returns submitted after the draw are sampled by the same rule in a top-up.";

export type SampleReason = "unsupported_exceeds" | "not_moderated_last_cycle" | "random";

export interface SampleCandidate {
  returnId: string;
  /** The type of setting, e.g. "primary". */
  stratum: string;
  versionNumber: number;
  unsupportedExceeds: boolean;
  moderatedLastFullCycle: boolean;
}

export interface SampleInput {
  candidates: readonly SampleCandidate[];
  /** A share of the returns, more than 0 and at most 1 (0.6 for 60%). */
  rate: number;
  seed: string;
  preferNotModeratedLastCycle?: boolean;
}

export interface SampleMember {
  returnId: string;
  stratum: string;
  versionNumber: number;
  reason: SampleReason;
}

export interface StratumDraw {
  stratum: string;
  candidates: number;
  /** Its places: its share of the target by largest remainder, at least one. */
  quota: number;
  drawn: number;
  /** Returns with an unsupported Exceeds, all drawn (more than the quota when there are more). */
  alwaysIncluded: number;
}

export interface SampleDraw {
  size: number;
  /** ceil(rate × candidates). size is over it when small strata or unsupported Exceeds grew the draw. */
  target: number;
  /** By stratum (by name), then in the order taken: unsupported Exceeds first, then the draw order. */
  members: SampleMember[];
  /** By stratum name. */
  strata: StratumDraw[];
}

// Rates are worked in millionths, so 55% of 100 is exactly 55 (0.55 × 100 is 55.00000000000001
// in floating point, which rounding up would make 56).
const RATE_SCALE = 1_000_000;

function scaledRate(rate: number): number {
  if (!Number.isFinite(rate) || rate <= 0 || rate > 1) throw new RangeError(`A sampling rate must be more than 0 and at most 1 (got ${rate})`);
  const scaled = Math.round(rate * RATE_SCALE);
  if (scaled < 1) throw new RangeError(`A sampling rate is taken to six decimal places (got ${rate})`);
  return scaled;
}

/** ceil(share × n), exactly for shares given to six decimal places. 0 < share <= 1. */
export function ceilShare(share: number, n: number): number {
  return Math.floor((scaledRate(share) * n + RATE_SCALE - 1) / RATE_SCALE);
}

/** The seeded fingerprint that orders a draw: SHA-256 of seed + ":" + id, in hex. */
export function seededKey(seed: string, id: string): string {
  return createHash("sha256").update(`${seed}:${id}`).digest("hex");
}

const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The panel's sampling rate from the percentage typed on the form: more than 0% and at most
 * 100%, to one decimal place (the sample keeps the rate to three decimal places).
 */
export function validateRate(percent: number): { ok: true; rate: number } | { ok: false; error: string } {
  if (!Number.isFinite(percent)) return { ok: false, error: "Enter the sampling rate as a percentage, like 60" };
  if (percent <= 0) return { ok: false, error: "The sampling rate must be more than 0%" };
  if (percent > 100) return { ok: false, error: "The sampling rate must be 100% or less" };
  const tenths = Math.round(percent * 10);
  if (Math.abs(tenths - percent * 10) > 1e-9) return { ok: false, error: "The sampling rate must have no more than one decimal place" };
  return { ok: true, rate: tenths / 1000 };
}

/** Draws the sample for a cycle by the rule above. */
export function drawSample(input: SampleInput): SampleDraw {
  const rate = scaledRate(input.rate);
  const seen = new Set<string>();
  const byStratum = new Map<string, SampleCandidate[]>();
  for (const candidate of input.candidates) {
    if (seen.has(candidate.returnId)) throw new Error(`Return ${candidate.returnId} is a candidate twice`);
    seen.add(candidate.returnId);
    const group = byStratum.get(candidate.stratum) ?? [];
    group.push(candidate);
    byStratum.set(candidate.stratum, group);
  }

  const target = ceilShare(input.rate, input.candidates.length);

  // Largest remainder: whole places first, then the rest to the largest fractions. The places
  // left are never more than the strata with a fraction, so each gets at most one more.
  const shares = [...byStratum.keys()].sort(byName).map((stratum) => {
    const exact = rate * byStratum.get(stratum)!.length;
    return { stratum, quota: Math.floor(exact / RATE_SCALE), remainder: exact % RATE_SCALE };
  });
  let left = target - shares.reduce((sum, s) => sum + s.quota, 0);
  for (const share of shares.filter((s) => s.remainder > 0).sort((a, b) => b.remainder - a.remainder || byName(a.stratum, b.stratum))) {
    if (left === 0) break;
    share.quota += 1;
    left -= 1;
  }

  const prefer = input.preferNotModeratedLastCycle === true;
  const keys = new Map(input.candidates.map((c) => [c.returnId, seededKey(input.seed, c.returnId)]));
  const drawOrder = (a: SampleCandidate, b: SampleCandidate) =>
    (prefer ? Number(a.moderatedLastFullCycle) - Number(b.moderatedLastFullCycle) : 0) ||
    byName(keys.get(a.returnId)!, keys.get(b.returnId)!) ||
    byName(a.returnId, b.returnId);

  const members: SampleMember[] = [];
  const strata: StratumDraw[] = [];
  for (const share of shares) {
    const quota = Math.max(share.quota, 1);
    const ordered = [...byStratum.get(share.stratum)!].sort(drawOrder);
    const always = ordered.filter((c) => c.unsupportedExceeds);
    const rest = ordered.filter((c) => !c.unsupportedExceeds).slice(0, Math.max(0, quota - always.length));
    const taken = [
      ...always.map((c) => ({ c, reason: "unsupported_exceeds" as const })),
      ...rest.map((c) => ({ c, reason: prefer && !c.moderatedLastFullCycle ? ("not_moderated_last_cycle" as const) : ("random" as const) })),
    ];
    for (const { c, reason } of taken) members.push({ returnId: c.returnId, stratum: c.stratum, versionNumber: c.versionNumber, reason });
    strata.push({ stratum: share.stratum, candidates: ordered.length, quota, drawn: taken.length, alwaysIncluded: always.length });
  }

  return { size: members.length, target, members, strata };
}

/**
 * A top-up for returns submitted after the draw: the same rule on its own, so its size is
 * ceil(rate × new returns), shared by type, unsupported Exceeds always in. Pass the returns
 * submitted since the draw, not the cycle's every return: returns that were candidates before and
 * were not drawn stay out (drawing them again would take the sample over the rate). Any already in
 * the sample (a return resubmitted since, say) are left out.
 */
export function drawTopUp(input: SampleInput & { alreadyDrawn: ReadonlySet<string> }): SampleDraw {
  const { alreadyDrawn, ...rest } = input;
  return drawSample({ ...rest, candidates: input.candidates.filter((c) => !alreadyDrawn.has(c.returnId)) });
}

/** Why a draw is bigger than its target, in places: small strata given one, and unsupported Exceeds over a quota. */
export function sampleGrowth(draw: SampleDraw): { smallStrata: number; unsupportedExceeds: number } {
  const quotas = draw.strata.reduce((sum, s) => sum + s.quota, 0);
  return { smallStrata: quotas - draw.target, unsupportedExceeds: draw.size - quotas };
}
