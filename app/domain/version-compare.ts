// What changed between two snapshots of a return (two versions, or this cycle and the last).
import type { Rating } from "../../db/schema";
import { diffWords, type DiffPart } from "./text-diff";

export interface ComparableAnswer {
  code: string;
  title: string;
  rating: Rating | null;
  evidence: string;
}

export interface AnswerComparison {
  code: string;
  title: string;
  change: "added" | "removed" | "changed" | "unchanged";
  before: { rating: Rating | null; evidence: string } | null;
  after: { rating: Rating | null; evidence: string } | null;
  ratingChanged: boolean;
  evidenceDiff: DiffPart[];
}

const byCode = (a: string, b: string) => a.localeCompare(b, "en", { numeric: true });

/** Compares answers by standard code, so versions of different frameworks still line up. */
export function compareAnswers(before: readonly ComparableAnswer[], after: readonly ComparableAnswer[]): AnswerComparison[] {
  const old = new Map(before.map((a) => [a.code, a]));
  const now = new Map(after.map((a) => [a.code, a]));
  const codes = [...new Set([...old.keys(), ...now.keys()])].sort(byCode);
  return codes.map((code) => {
    const b = old.get(code);
    const a = now.get(code);
    const ratingChanged = (b?.rating ?? null) !== (a?.rating ?? null);
    const evidenceChanged = (b?.evidence ?? "") !== (a?.evidence ?? "");
    return {
      code,
      title: (a ?? b)!.title,
      change: !b ? "added" : !a ? "removed" : ratingChanged || evidenceChanged ? "changed" : "unchanged",
      before: b ? { rating: b.rating, evidence: b.evidence } : null,
      after: a ? { rating: a.rating, evidence: a.evidence } : null,
      ratingChanged,
      evidenceDiff: evidenceChanged ? diffWords(b?.evidence ?? "", a?.evidence ?? "") : [],
    };
  });
}
