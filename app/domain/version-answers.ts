// The typed rows of a submitted version, one per standard, made from its snapshot by one rule
// both at submission and when filling versions submitted before the table existed.
import type { Rating } from "../../db/schema";
import { isUnsupportedExceeds } from "./ratings";

export interface VersionAnswerRow {
  partnershipId: string;
  versionId: string;
  returnId: string;
  cycleId: string;
  settingId: string;
  versionNumber: number;
  standardId: string;
  standardCode: string;
  sectionCode: string;
  rating: Rating | null;
  evidenceLength: number;
  unsupportedExceeds: boolean;
}

interface SnapshotLike {
  returnId: string;
  settingId: string;
  cycleId: string;
  answers: { standardId: string; code: string; sectionCode: string; rating: Rating | null; evidence: string }[];
}

/** A version's typed row for one standard: what its snapshot says of that standard. */
export type StandardRow = Pick<
  VersionAnswerRow,
  "standardId" | "standardCode" | "sectionCode" | "rating" | "evidenceLength" | "unsupportedExceeds"
>;

export function standardRows(snapshot: Pick<SnapshotLike, "answers">): StandardRow[] {
  return snapshot.answers.map((a) => ({
    standardId: a.standardId,
    standardCode: a.code,
    sectionCode: a.sectionCode,
    rating: a.rating,
    evidenceLength: [...a.evidence].length,
    unsupportedExceeds: isUnsupportedExceeds(a.rating, a.evidence),
  }));
}

export function versionAnswerRows(
  snapshot: SnapshotLike,
  version: { versionId: string; partnershipId: string; versionNumber: number },
): VersionAnswerRow[] {
  return standardRows(snapshot).map((row) => ({
    partnershipId: version.partnershipId,
    versionId: version.versionId,
    returnId: snapshot.returnId,
    cycleId: snapshot.cycleId,
    settingId: snapshot.settingId,
    versionNumber: version.versionNumber,
    ...row,
  }));
}
