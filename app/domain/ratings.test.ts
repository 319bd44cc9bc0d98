import { describe, expect, it } from "vitest";
import { countWords, isUnsupportedExceeds, MIN_EXCEEDS_EVIDENCE_WORDS } from "./ratings";

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
