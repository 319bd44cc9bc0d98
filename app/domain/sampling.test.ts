import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { SAMPLING_RULE, ceilShare, drawSample, drawTopUp, sampleGrowth, validateRate, type SampleCandidate } from "./sampling";

// candidates("primary", 3) → primary-1, primary-2, primary-3, none flagged.
function candidates(stratum: string, n: number, extra: Partial<SampleCandidate> = {}, from = 1): SampleCandidate[] {
  return Array.from({ length: n }, (_, i) => ({
    returnId: `${stratum}-${from + i}`,
    stratum,
    versionNumber: 1,
    unsupportedExceeds: false,
    moderatedLastFullCycle: true,
    ...extra,
  }));
}

const quotas = (draw: ReturnType<typeof drawSample>) => Object.fromEntries(draw.strata.map((s) => [s.stratum, s.quota]));
const ids = (draw: ReturnType<typeof drawSample>) => draw.members.map((m) => m.returnId);
// Written out here rather than imported, so the test checks the module's order independently.
const fingerprint = (seed: string, id: string) => createHash("sha256").update(`${seed}:${id}`).digest("hex");

// A fixed shuffle (a small linear congruential generator), so the test itself is repeatable.
function shuffled<T>(items: readonly T[], state = 12345): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    state = (state * 1103515245 + 12345) % 2147483648;
    const j = state % (i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

describe("the sample's size", () => {
  it("is the rate of the candidates, rounded up", () => {
    // 60% of 10 = 6 exactly; 60% of 7 = 4.2, rounded up to 5.
    expect(drawSample({ candidates: candidates("primary", 10), rate: 0.6, seed: "s" }).size).toBe(6);
    const seven = drawSample({ candidates: candidates("primary", 7), rate: 0.6, seed: "s" });
    expect(seven.target).toBe(5);
    expect(seven.size).toBe(5);
  });

  it("does not round a whole number up because of floating point", () => {
    // 0.55 × 100 is 55.00000000000001 in floating point; the rule's answer is 55.
    expect(0.55 * 100).toBeGreaterThan(55);
    expect(drawSample({ candidates: candidates("primary", 100), rate: 0.55, seed: "s" }).size).toBe(55);
    expect(ceilShare(0.55, 100)).toBe(55);
    expect(ceilShare(0.07, 100)).toBe(7);
    expect(ceilShare(0.1, 30)).toBe(3);
    expect(ceilShare(0.1, 31)).toBe(4);
  });

  it("takes every candidate at a rate of 1", () => {
    const all = [...candidates("primary", 4), ...candidates("secondary", 3)];
    const draw = drawSample({ candidates: all, rate: 1, seed: "s" });
    expect(draw.size).toBe(7);
    expect(new Set(ids(draw))).toEqual(new Set(all.map((c) => c.returnId)));
  });

  it("is empty with no candidates", () => {
    expect(drawSample({ candidates: [], rate: 0.6, seed: "s" })).toEqual({ size: 0, target: 0, members: [], strata: [] });
  });

  it("refuses a rate outside (0, 1] and a return listed twice", () => {
    for (const rate of [0, -0.1, 1.01, Number.NaN, 0.0000001]) expect(() => drawSample({ candidates: [], rate, seed: "s" })).toThrow(RangeError);
    const twice = [...candidates("primary", 2), ...candidates("primary", 1)];
    expect(() => drawSample({ candidates: twice, rate: 0.5, seed: "s" })).toThrow(/primary-1 is a candidate twice/);
  });
});

describe("sharing the places between types of setting", () => {
  it("uses the largest remainder, worked by hand", () => {
    // 60% of 13 = 7.8, so the target is 8.
    //   nursery   2 × 0.6 = 1.2 → 1, remainder 0.2
    //   primary   7 × 0.6 = 4.2 → 4, remainder 0.2
    //   secondary 4 × 0.6 = 2.4 → 2, remainder 0.4
    // Whole parts 1 + 4 + 2 = 7; the one place left goes to the largest remainder, secondary.
    // (Rounding each type up would have taken 2 + 5 + 3 = 10.)
    const draw = drawSample({
      candidates: [...candidates("primary", 7), ...candidates("secondary", 4), ...candidates("nursery", 2)],
      rate: 0.6,
      seed: "hamilton",
    });
    expect(draw.target).toBe(8);
    expect(quotas(draw)).toEqual({ nursery: 1, primary: 4, secondary: 3 });
    expect(draw.size).toBe(8);
  });

  it("breaks a tie between remainders by the type's name", () => {
    // 50% of 9 = 4.5, so the target is 5.
    //   nursery   1 × 0.5 = 0.5 → 0, remainder 0.5
    //   primary   3 × 0.5 = 1.5 → 1, remainder 0.5
    //   secondary 5 × 0.5 = 2.5 → 2, remainder 0.5
    // Whole parts 0 + 1 + 2 = 3; two places left, all remainders equal: nursery, then primary.
    const draw = drawSample({
      candidates: [...candidates("secondary", 5), ...candidates("primary", 3), ...candidates("nursery", 1)],
      rate: 0.5,
      seed: "tie",
    });
    expect(quotas(draw)).toEqual({ nursery: 1, primary: 2, secondary: 2 });
    expect(draw.size).toBe(draw.target);
  });

  it("gives every type with a return at least one place, on top of the target", () => {
    // 10% of 20 = 2: primary 19 × 0.1 = 1.9 → 1 (+1 for the remainder 0.9) = 2; nursery 0.1 → 0,
    // then 1 because it has a return. 3 drawn against a target of 2.
    const draw = drawSample({ candidates: [...candidates("primary", 19), ...candidates("nursery", 1)], rate: 0.1, seed: "s" });
    expect(draw.target).toBe(2);
    expect(quotas(draw)).toEqual({ nursery: 1, primary: 2 });
    expect(draw.size).toBe(3);
    expect(draw.members.filter((m) => m.stratum === "nursery")).toHaveLength(1);
    expect(sampleGrowth(draw)).toEqual({ smallStrata: 1, unsupportedExceeds: 0 });
  });

  it("lists strata by name and members by stratum", () => {
    const draw = drawSample({
      candidates: shuffled([...candidates("secondary", 5), ...candidates("alternative_provision", 2), ...candidates("primary", 5)]),
      rate: 0.4,
      seed: "order",
    });
    expect(draw.strata.map((s) => s.stratum)).toEqual(["alternative_provision", "primary", "secondary"]);
    const strataOfMembers = draw.members.map((m) => m.stratum);
    expect(strataOfMembers).toEqual([...strataOfMembers].sort());
    for (const s of draw.strata) expect(s.drawn).toBe(draw.members.filter((m) => m.stratum === s.stratum).length);
  });

  it("keeps its promises over many made-up cycles", () => {
    let state = 7;
    const next = (n: number) => (state = (state * 1103515245 + 12345) % 2147483648) % n;
    for (let round = 0; round < 200; round++) {
      const rate = (1 + next(1000)) / 1000;
      const all = ["a", "b", "c", "d", "e"].flatMap((s) =>
        Array.from({ length: next(12) }, (_, i) => ({
          returnId: `${s}${i}`,
          stratum: s,
          versionNumber: 1,
          unsupportedExceeds: next(8) === 0,
          moderatedLastFullCycle: next(2) === 0,
        })),
      );
      const draw = drawSample({ candidates: all, rate, seed: `r${round}`, preferNotModeratedLastCycle: round % 2 === 0 });
      expect(draw.target).toBe(Math.ceil(Math.round(rate * 1000) * all.length / 1000 - 1e-9));
      expect(draw.size).toBeGreaterThanOrEqual(draw.target);
      expect(new Set(ids(draw)).size).toBe(draw.size);
      for (const s of draw.strata) {
        const exact = rate * s.candidates;
        expect(s.quota).toBeGreaterThanOrEqual(1);
        expect(s.quota).toBeLessThanOrEqual(Math.max(1, Math.ceil(exact - 1e-9)));
        expect(s.quota).toBeGreaterThanOrEqual(Math.floor(exact + 1e-9));
        expect(s.drawn).toBe(Math.max(s.quota, s.alwaysIncluded));
      }
      for (const c of all.filter((c) => c.unsupportedExceeds)) expect(ids(draw)).toContain(c.returnId);
    }
  });
});

describe("unsupported Exceeds", () => {
  it("are always included and count toward their type's places", () => {
    // 50% of 10 = 5 places; 1 is the flagged return, so 4 more are drawn.
    const all = [...candidates("primary", 9), ...candidates("primary", 1, { unsupportedExceeds: true }, 10)];
    const draw = drawSample({ candidates: all, rate: 0.5, seed: "ue" });
    expect(draw.size).toBe(5);
    expect(draw.members[0]).toEqual({ returnId: "primary-10", stratum: "primary", versionNumber: 1, reason: "unsupported_exceeds" });
    expect(draw.members.slice(1).map((m) => m.reason)).toEqual(["random", "random", "random", "random"]);
    expect(draw.strata).toEqual([{ stratum: "primary", candidates: 10, quota: 5, drawn: 5, alwaysIncluded: 1 }]);
  });

  it("are all included when there are more than the places, and the sample grows", () => {
    // 20% of 10 primaries = 2 places, but 4 are flagged: all 4 are in. Secondary: 20% of 5 = 1.
    const all = [
      ...candidates("primary", 6),
      ...candidates("primary", 4, { unsupportedExceeds: true }, 7),
      ...candidates("secondary", 5),
    ];
    const draw = drawSample({ candidates: all, rate: 0.2, seed: "grow" });
    expect(draw.target).toBe(3);
    expect(draw.size).toBe(5);
    expect(draw.strata).toEqual([
      { stratum: "primary", candidates: 10, quota: 2, drawn: 4, alwaysIncluded: 4 },
      { stratum: "secondary", candidates: 5, quota: 1, drawn: 1, alwaysIncluded: 0 },
    ]);
    expect(draw.members.filter((m) => m.stratum === "primary").every((m) => m.reason === "unsupported_exceeds")).toBe(true);
    expect(sampleGrowth(draw)).toEqual({ smallStrata: 0, unsupportedExceeds: 2 });
  });
});

describe("the draw order", () => {
  const hundred = [...candidates("primary", 60), ...candidates("secondary", 40)];

  it("fills places in the order of SHA-256 of seed:returnId", () => {
    const draw = drawSample({ candidates: hundred, rate: 0.1, seed: "2026-spring" });
    const expected = (stratum: string, n: number) =>
      hundred
        .filter((c) => c.stratum === stratum)
        .map((c) => c.returnId)
        .sort((a, b) => (fingerprint("2026-spring", a) < fingerprint("2026-spring", b) ? -1 : 1))
        .slice(0, n);
    expect(ids(draw)).toEqual([...expected("primary", 6), ...expected("secondary", 4)]);
  });

  it("gives the same sample for a seed whatever order the candidates come in", () => {
    const first = drawSample({ candidates: hundred, rate: 0.3, seed: "fixed" });
    for (const state of [1, 2, 3]) expect(drawSample({ candidates: shuffled(hundred, state), rate: 0.3, seed: "fixed" })).toEqual(first);
    expect(drawSample({ candidates: [...hundred].reverse(), rate: 0.3, seed: "fixed" })).toEqual(first);
  });

  it("gives different samples for different seeds", () => {
    const samples = ["a", "b", "c", "d"].map((seed) => ids(drawSample({ candidates: hundred, rate: 0.3, seed })).sort().join());
    expect(new Set(samples).size).toBe(4);
  });

  it("can put returns not moderated in the last full cycle first", () => {
    // 10 primaries, 4 not moderated last cycle. At 30%, 3 places: all from those 4.
    const all = [...candidates("primary", 6), ...candidates("primary", 4, { moderatedLastFullCycle: false }, 7)];
    const notLast = new Set(["primary-7", "primary-8", "primary-9", "primary-10"]);
    const small = drawSample({ candidates: all, rate: 0.3, seed: "p", preferNotModeratedLastCycle: true });
    expect(small.size).toBe(3);
    for (const m of small.members) {
      expect(notLast.has(m.returnId)).toBe(true);
      expect(m.reason).toBe("not_moderated_last_cycle");
    }
    // At 60%, 6 places: the 4 first, then 2 by fingerprint from the rest.
    const large = drawSample({ candidates: all, rate: 0.6, seed: "p", preferNotModeratedLastCycle: true });
    expect(large.members.map((m) => m.reason)).toEqual([
      "not_moderated_last_cycle",
      "not_moderated_last_cycle",
      "not_moderated_last_cycle",
      "not_moderated_last_cycle",
      "random",
      "random",
    ]);
    expect(new Set(large.members.slice(0, 4).map((m) => m.returnId))).toEqual(notLast);
  });

  it("ignores last cycle unless asked, and marks members random", () => {
    const all = [...candidates("primary", 6), ...candidates("primary", 4, { moderatedLastFullCycle: false }, 7)];
    const draw = drawSample({ candidates: all, rate: 0.3, seed: "p" });
    expect(draw.members.every((m) => m.reason === "random")).toBe(true);
    const byFingerprint = all.map((c) => c.returnId).sort((a, b) => (fingerprint("p", a) < fingerprint("p", b) ? -1 : 1));
    expect(ids(draw)).toEqual(byFingerprint.slice(0, 3));
  });
});

describe("drawTopUp", () => {
  it("samples returns submitted since the draw by the same rule, leaving out those already drawn", () => {
    const first = drawSample({ candidates: candidates("primary", 10), rate: 0.6, seed: "cycle" });
    const alreadyDrawn = new Set(ids(first));
    // Five new primaries and one new nursery, plus a drawn return resubmitted since.
    const resubmitted = { ...candidates("primary", 10)[0], returnId: ids(first)[0], versionNumber: 2 };
    const late = [...candidates("primary", 5, {}, 11), ...candidates("nursery", 1), resubmitted];
    const topUp = drawTopUp({ candidates: late, rate: 0.6, seed: "cycle", alreadyDrawn });
    // 60% of 6 new = 3.6 → 4: primary 5 × 0.6 = 3 exactly, nursery 0.6 → 0 + 1 for the remainder.
    expect(topUp.target).toBe(4);
    expect(quotas(topUp)).toEqual({ nursery: 1, primary: 3 });
    for (const id of ids(topUp)) expect(alreadyDrawn.has(id)).toBe(false);
  });

  it("always takes a late unsupported Exceeds", () => {
    const late = [...candidates("primary", 4, {}, 20), ...candidates("primary", 2, { unsupportedExceeds: true }, 30)];
    const topUp = drawTopUp({ candidates: late, rate: 0.1, seed: "s", alreadyDrawn: new Set() });
    expect(ids(topUp).sort()).toEqual(["primary-30", "primary-31"]);
  });
});

describe("validateRate", () => {
  it("turns a percentage into a rate", () => {
    expect(validateRate(60)).toEqual({ ok: true, rate: 0.6 });
    expect(validateRate(100)).toEqual({ ok: true, rate: 1 });
    expect(validateRate(12.5)).toEqual({ ok: true, rate: 0.125 });
    expect(validateRate(0.1)).toEqual({ ok: true, rate: 0.001 });
  });

  it("says what is wrong in plain words", () => {
    expect(validateRate(0)).toEqual({ ok: false, error: "The sampling rate must be more than 0%" });
    expect(validateRate(101)).toEqual({ ok: false, error: "The sampling rate must be 100% or less" });
    expect(validateRate(12.55)).toEqual({ ok: false, error: "The sampling rate must have no more than one decimal place" });
    expect(validateRate(Number.NaN)).toMatchObject({ ok: false });
  });
});

it("states the rule for the preview page in one paragraph", () => {
  expect(SAMPLING_RULE).not.toContain("\n");
  expect(SAMPLING_RULE).toMatch(/rounded up/);
  expect(SAMPLING_RULE).toMatch(/at least one place/);
  expect(SAMPLING_RULE).toMatch(/same seed/);
});
