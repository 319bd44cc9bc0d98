// The rating scale and the rules about evidence that go with it.
import type { Rating } from "../../db/schema";

export const RATINGS: readonly Rating[] = ["not_met", "partially_met", "met", "exceeds", "not_applicable"];

export const RATING_LABELS: Record<Rating, string> = {
  not_met: "Not met",
  partially_met: "Partially met",
  met: "Met",
  exceeds: "Exceeds",
  not_applicable: "Not applicable",
};

export const RATING_HINTS: Record<Rating, string> = {
  not_met: "The standard is not in place yet.",
  partially_met: "Some of the standard is in place, with gaps you are working on.",
  met: "The standard is fully in place and you can show it.",
  exceeds: "You go beyond the standard and have the evidence to show it.",
  not_applicable: "The standard does not apply to your setting.",
};

/** Evidence shorter than this many words is too thin for the panel to judge an "Exceeds". */
export const MIN_EXCEEDS_EVIDENCE_WORDS = 25;

export function countWords(text: string): number {
  return (text.match(/[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu) ?? []).length;
}

/**
 * An "Exceeds" without the evidence to show it: no evidence, or evidence too thin to judge
 * (fewer than MIN_EXCEEDS_EVIDENCE_WORDS words, or the same few words repeated). It warns; it
 * never blocks submission.
 */
export function isUnsupportedExceeds(rating: Rating | null | undefined, evidence: string | null | undefined): boolean {
  if (rating !== "exceeds") return false;
  const words = (evidence ?? "").toLowerCase().match(/[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu) ?? [];
  if (words.length < MIN_EXCEEDS_EVIDENCE_WORDS) return true;
  // "Good good good ..." or a pasted placeholder repeated is not evidence.
  return new Set(words).size < Math.ceil(MIN_EXCEEDS_EVIDENCE_WORDS / 2);
}

// It says what the rating needs, not what the moderation panel will do: moderation is not built yet.
export const UNSUPPORTED_EXCEEDS_WARNING =
  "An Exceeds rating needs evidence. Describe what you do beyond the standard and how you know it works, or choose a different rating.";

export const MISSING_EVIDENCE_WARNING =
  "A Met rating needs evidence. Say what you have in place and how you know it works, or choose a different rating.";

/** Met or Exceeds with no evidence at all: it warns; it never blocks saving or submission. */
export function evidenceMissing(rating: Rating | null | undefined, evidence: string | null | undefined): boolean {
  return (rating === "met" || rating === "exceeds") && (evidence ?? "").trim() === "";
}

/**
 * The one warning a standard's rating and evidence draw, if any: a thin Exceeds is the panel's
 * concern first; otherwise Met (or Exceeds) with no evidence at all.
 */
export function evidenceWarning(rating: Rating | null | undefined, evidence: string | null | undefined): string | null {
  if (isUnsupportedExceeds(rating, evidence)) return UNSUPPORTED_EXCEEDS_WARNING;
  if (evidenceMissing(rating, evidence)) return MISSING_EVIDENCE_WARNING;
  return null;
}

/** "Met or exceeded": the headline figure partnerships publish. */
export const isMetOrExceeded = (rating: Rating | null | undefined) => rating === "met" || rating === "exceeds";
