import { describe, expect, it } from "vitest";
import {
  countWords,
  evidenceMissing,
  evidenceWarning,
  isUnsupportedExceeds,
  MIN_EXCEEDS_EVIDENCE_WORDS,
  MISSING_EVIDENCE_WARNING,
  UNSUPPORTED_EXCEEDS_WARNING,
} from "./ratings";

const words = (n: number) => Array.from({ length: n }, (_, i) => `word${i}`).join(" ");

describe("isUnsupportedExceeds", () => {
  it("only ever applies to Exceeds", () => {
    expect(isUnsupportedExceeds("met", "")).toBe(false);
    expect(isUnsupportedExceeds("not_met", null)).toBe(false);
    expect(isUnsupportedExceeds(null, "")).toBe(false);
  });

  it("flags an Exceeds with no evidence", () => {
    expect(isUnsupportedExceeds("exceeds", "")).toBe(true);
    expect(isUnsupportedExceeds("exceeds", "   \n ")).toBe(true);
    expect(isUnsupportedExceeds("exceeds", null)).toBe(true);
  });

  it("flags evidence too thin to judge", () => {
    expect(isUnsupportedExceeds("exceeds", "See our policy.")).toBe(true);
    expect(isUnsupportedExceeds("exceeds", words(MIN_EXCEEDS_EVIDENCE_WORDS - 1))).toBe(true);
    expect(isUnsupportedExceeds("exceeds", "excellent ".repeat(40))).toBe(true);
  });

  it("accepts evidence the panel can judge", () => {
    expect(isUnsupportedExceeds("exceeds", words(MIN_EXCEEDS_EVIDENCE_WORDS))).toBe(false);
    const real =
      "All staff completed level 3 training in September; our termly audit of 20 concern records found every referral made within 24 hours, and pupils' survey results show 94% know who to speak to. Governors sampled the single central record in March.";
    expect(isUnsupportedExceeds("exceeds", real)).toBe(false);
  });
});

describe("countWords", () => {
  it("counts words with apostrophes and numbers", () => {
    expect(countWords("St Mary’s has 3 DSLs")).toBe(5);
    expect(countWords("")).toBe(0);
  });
});

describe("evidenceMissing", () => {
  it("flags Met or Exceeds with no evidence at all", () => {
    expect(evidenceMissing("met", "")).toBe(true);
    expect(evidenceMissing("met", " \n\t ")).toBe(true);
    expect(evidenceMissing("exceeds", null)).toBe(true);
  });

  it("leaves any evidence, and every other rating, alone", () => {
    expect(evidenceMissing("met", "Minutes of the March governors' meeting.")).toBe(false);
    for (const rating of ["not_met", "partially_met", "not_applicable", null] as const) expect(evidenceMissing(rating, "")).toBe(false);
  });
});

describe("evidenceWarning", () => {
  it("warns about a thin Exceeds first, then about Met or Exceeds with no evidence", () => {
    expect(evidenceWarning("exceeds", "")).toBe(UNSUPPORTED_EXCEEDS_WARNING);
    expect(evidenceWarning("exceeds", "Outstanding.")).toBe(UNSUPPORTED_EXCEEDS_WARNING);
    expect(evidenceWarning("met", "")).toBe(MISSING_EVIDENCE_WARNING);
    expect(evidenceWarning("met", "Outstanding.")).toBeNull();
    expect(evidenceWarning("partially_met", "")).toBeNull();
    expect(evidenceWarning(null, "")).toBeNull();
  });
});
