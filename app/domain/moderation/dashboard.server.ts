// What the panel's dashboard counts for a cycle: the sample's progress, challenges waiting for
// settings, and how far calibration pairs agree. Statuses are derived from the assignments and
// the returns, never kept as counts.
import { and, count, eq, lt, sql } from "drizzle-orm";
import type { Db } from "../../db.server";
import { challenges, moderationAssignments, returns, sampleMembers, samples, type Rating } from "../../../db/schema";
import { londonIsoDate } from "../../dates";
import { agreementByStandard } from "../agreement";
import { listCalibrationPairs } from "./calibration.server";

export interface SampleProgress {
  size: number;
  /** A first panel member has it and has not started. */
  assigned: number;
  inReview: number;
  /** Reopened by a challenge: the setting is answering. */
  awaitingSetting: number;
  done: number;
  unassigned: number;
}

export async function sampleProgress(db: Db, partnershipId: string, cycleId: string): Promise<SampleProgress> {
  const rows = await db
    .selectDistinct({ returnId: sampleMembers.returnId, returnStatus: returns.status, assignmentStatus: moderationAssignments.status })
    .from(sampleMembers)
    .innerJoin(samples, eq(samples.id, sampleMembers.sampleId))
    .innerJoin(returns, eq(returns.id, sampleMembers.returnId))
    .leftJoin(moderationAssignments, and(eq(moderationAssignments.returnId, returns.id), eq(moderationAssignments.role, "primary")))
    .where(and(eq(samples.partnershipId, partnershipId), eq(samples.cycleId, cycleId)));
  const progress: SampleProgress = { size: rows.length, assigned: 0, inReview: 0, awaitingSetting: 0, done: 0, unassigned: 0 };
  for (const r of rows) {
    if (r.assignmentStatus === null) progress.unassigned += 1;
    else if (r.assignmentStatus === "completed") progress.done += 1;
    else if (r.returnStatus === "reopened") progress.awaitingSetting += 1;
    else if (r.assignmentStatus === "in_review") progress.inReview += 1;
    else progress.assigned += 1;
  }
  return progress;
}

/** Challenges of the cycle waiting for the setting's answer, and those past their respond-by date (UK). */
export async function challengeCounts(db: Db, partnershipId: string, cycleId: string, now: Date = new Date()) {
  const [row] = await db
    .select({
      open: count(),
      overdue: sql<number>`count(*) filter (where ${lt(challenges.respondBy, londonIsoDate(now))})::int`,
    })
    .from(challenges)
    .innerJoin(returns, eq(returns.id, challenges.returnId))
    .where(and(eq(challenges.partnershipId, partnershipId), eq(returns.cycleId, cycleId), eq(challenges.status, "open")));
  return { open: row?.open ?? 0, overdue: row?.overdue ?? 0 };
}

/**
 * Agreement by standard over the calibration pairs both of whose reviews are completed. "Agree"
 * means the setting's own rating in the latest submitted version; "revised" the moderated one.
 */
export async function calibrationAgreement(db: Db, partnershipId: string, cycleId: string) {
  const pairs = await listCalibrationPairs(db, partnershipId, cycleId);
  const rated: { standardCode: string; first: Rating; second: Rating }[] = [];
  for (const pair of pairs)
    for (const s of pair.standards) if (s.first.rating && s.second.rating) rated.push({ standardCode: s.code, first: s.first.rating, second: s.second.rating });
  return { returns: new Set(pairs.filter((p) => p.standards.some((s) => s.first.rating && s.second.rating)).map((p) => p.returnId)).size, byStandard: agreementByStandard(rated) };
}
