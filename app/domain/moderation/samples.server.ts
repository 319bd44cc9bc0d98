// The moderation sample of a cycle, as stored: who the candidates are, a preview of the draw,
// confirming it (the returns move into moderation), and top-ups for returns submitted since.
// The rule itself is sampling.ts (decision 015); this module only reads its inputs from the
// database and writes what it drew.
import { and, asc, desc, eq, inArray, lt, max, sql } from "drizzle-orm";
import type { Db } from "../../db.server";
import { lockCycle } from "../cycles.server";
import {
  cycles,
  moderationAssignments,
  returnVersions,
  returns,
  sampleMembers,
  samples,
  settings,
  versionAnswers,
  type SettingType,
} from "../../../db/schema";
import { recordAudit } from "../../accounts/audit.server";
import { DomainError } from "../../errors";
import { isUuid } from "../../ids";
import { pickCalibration } from "../assignment";
import { canMove, stateAfter, type LifecycleActor } from "../return-lifecycle";
import { drawSample, drawTopUp, type SampleCandidate, type SampleDraw, type SampleReason } from "../sampling";

export interface Candidate extends SampleCandidate {
  settingId: string;
  settingName: string;
  settingType: SettingType;
  status: (typeof returns.$inferSelect)["status"];
  /** When its first version was submitted: a top-up takes only those submitted after the last draw. */
  firstSubmittedAt: Date;
}

export interface DrawInput {
  partnershipId: string;
  cycleId: string;
  /** A share, more than 0 and at most 1 (0.6 for 60%). */
  rate: number;
  seed: string;
  preferNotModeratedLastCycle: boolean;
  /** The share of the sample moderated twice for calibration, 0 to 1 (0.1 for 10%). */
  calibrationShare: number;
}

export interface SampleActor {
  /** Null for the command-line tool (the system). */
  userId: string | null;
  lifecycle: Extract<LifecycleActor, "moderator" | "admin" | "system">;
}

export interface PreviewMember {
  returnId: string;
  settingId: string;
  settingName: string;
  settingType: SettingType;
  stratum: string;
  versionNumber: number;
  reason: SampleReason;
  calibration: boolean;
}

export interface SamplePreview {
  draw: SampleDraw;
  members: PreviewMember[];
  candidates: number;
}

export const SAMPLE_EXISTS =
  "A sample has already been drawn for this cycle. Returns submitted since can be added with a top-up draw.";
export const SAMPLE_CHANGED =
  "The submitted returns have changed since the preview, so the sample would not be the one shown. Preview it again.";
export const NO_CANDIDATES = "No return has been submitted in this cycle yet, so there is nothing to sample.";
export const NO_NEW_RETURNS = "No return has been submitted since the sample was drawn.";
export const NO_SAMPLE_YET = "Draw the sample before a top-up.";

async function cycleOf(db: Db, partnershipId: string, cycleId: string) {
  const [cycle] = await db
    .select()
    .from(cycles)
    .where(and(eq(cycles.id, cycleId), eq(cycles.partnershipId, partnershipId)));
  if (!cycle) throw new DomainError("That audit cycle was not found", { status: 404 });
  return cycle;
}

/** The last full audit before this cycle, if any. */
async function previousFullCycle(db: Db, cycle: typeof cycles.$inferSelect) {
  const [previous] = await db
    .select({ id: cycles.id })
    .from(cycles)
    .where(and(eq(cycles.partnershipId, cycle.partnershipId), eq(cycles.kind, "full"), lt(cycles.opensOn, cycle.opensOn)))
    .orderBy(desc(cycles.opensOn))
    .limit(1);
  return previous ?? null;
}

/**
 * Every return of the cycle with a submitted version, as the draw sees it: its type of setting
 * (the stratum), its latest version, whether that version has an unsupported Exceeds, and whether
 * the setting's return in the last full audit had a completed review.
 */
export async function sampleCandidates(db: Db, scope: { partnershipId: string; cycleId: string }): Promise<Candidate[]> {
  const cycle = await cycleOf(db, scope.partnershipId, scope.cycleId);
  const rows = await db
    .select({
      returnId: returns.id,
      status: returns.status,
      settingId: settings.id,
      settingName: settings.name,
      settingType: settings.type,
      versionNumber: max(returnVersions.number),
      firstSubmittedAt: sql<Date>`min(${returnVersions.submittedAt})`.mapWith(returnVersions.submittedAt),
    })
    .from(returns)
    .innerJoin(settings, eq(settings.id, returns.settingId))
    .innerJoin(returnVersions, eq(returnVersions.returnId, returns.id))
    .where(and(eq(returns.partnershipId, scope.partnershipId), eq(returns.cycleId, cycle.id)))
    .groupBy(returns.id, settings.id)
    .orderBy(asc(settings.name));
  if (rows.length === 0) return [];

  const flagged = await db
    .selectDistinct({ returnId: versionAnswers.returnId })
    .from(versionAnswers)
    .innerJoin(returnVersions, eq(returnVersions.id, versionAnswers.versionId))
    .where(
      and(
        eq(versionAnswers.partnershipId, scope.partnershipId),
        eq(versionAnswers.cycleId, cycle.id),
        eq(versionAnswers.unsupportedExceeds, true),
        // Only the latest version counts: an Exceeds since supported (or lowered) is not flagged.
        sql`${returnVersions.number} = (select max(rv.number) from ${returnVersions} rv where rv.return_id = ${versionAnswers.returnId})`,
      ),
    );
  const unsupported = new Set(flagged.map((f) => f.returnId));

  const previous = await previousFullCycle(db, cycle);
  const moderatedSettings = new Set<string>();
  if (previous) {
    const done = await db
      .selectDistinct({ settingId: returns.settingId })
      .from(moderationAssignments)
      .innerJoin(returns, eq(returns.id, moderationAssignments.returnId))
      .where(
        and(
          eq(returns.partnershipId, scope.partnershipId),
          eq(returns.cycleId, previous.id),
          eq(moderationAssignments.role, "primary"),
          eq(moderationAssignments.status, "completed"),
        ),
      );
    for (const d of done) moderatedSettings.add(d.settingId);
  }

  return rows.map((r) => ({
    returnId: r.returnId,
    status: r.status,
    settingId: r.settingId,
    settingName: r.settingName,
    settingType: r.settingType,
    stratum: r.settingType,
    versionNumber: r.versionNumber ?? 1,
    firstSubmittedAt: r.firstSubmittedAt,
    unsupportedExceeds: unsupported.has(r.returnId),
    moderatedLastFullCycle: moderatedSettings.has(r.settingId),
  }));
}

function describe(draw: SampleDraw, candidates: readonly Candidate[], calibration: readonly string[]): PreviewMember[] {
  const byId = new Map(candidates.map((c) => [c.returnId, c]));
  const calibrated = new Set(calibration);
  return draw.members.map((m) => {
    const c = byId.get(m.returnId)!;
    return {
      returnId: m.returnId,
      settingId: c.settingId,
      settingName: c.settingName,
      settingType: c.settingType,
      stratum: m.stratum,
      versionNumber: m.versionNumber,
      reason: m.reason,
      calibration: calibrated.has(m.returnId),
    };
  });
}

function drawFrom(candidates: readonly Candidate[], input: DrawInput): SamplePreview {
  const draw = drawSample({
    candidates,
    rate: input.rate,
    seed: input.seed,
    preferNotModeratedLastCycle: input.preferNotModeratedLastCycle,
  });
  const calibration = pickCalibration({ members: draw.members.map((m) => m.returnId), share: input.calibrationShare, seed: input.seed });
  return { draw, members: describe(draw, candidates, calibration), candidates: candidates.length };
}

/** The initial sample these inputs would draw, with nothing written. */
export async function previewSample(db: Db, input: DrawInput): Promise<SamplePreview> {
  return drawFrom(await sampleCandidates(db, input), input);
}

async function writeSample(
  tx: Db,
  input: DrawInput & { kind: "initial" | "top_up"; actor: SampleActor },
  preview: SamplePreview,
  candidates: readonly Candidate[],
): Promise<string> {
  const [sample] = await tx
    .insert(samples)
    .values({
      partnershipId: input.partnershipId,
      cycleId: input.cycleId,
      rate: input.rate.toFixed(3),
      seed: input.seed,
      kind: input.kind,
      preferNotModeratedLastCycle: input.preferNotModeratedLastCycle,
      strata: preview.draw.strata,
      calibrationShare: input.calibrationShare.toFixed(3),
      drawnByUserId: input.actor.userId,
    })
    .returning({ id: samples.id });
  if (preview.members.length > 0) {
    await tx.insert(sampleMembers).values(
      preview.members.map((m) => ({
        sampleId: sample.id,
        returnId: m.returnId,
        partnershipId: input.partnershipId,
        stratum: m.stratum,
        reason: m.reason,
        versionNumber: m.versionNumber,
        calibration: m.calibration,
      })),
    );
  }
  // Each member moves into moderation through the lifecycle; a return that has moved on since it
  // was listed (the cycle archived, say) stays where it is rather than jumping back.
  const status = new Map(candidates.map((c) => [c.returnId, c.status]));
  const movable = preview.members.filter((m) => canMove(status.get(m.returnId)!, "sample", input.actor.lifecycle));
  for (const m of movable) {
    await tx
      .update(returns)
      .set({ status: stateAfter(status.get(m.returnId)!, "sample", input.actor.lifecycle), updatedAt: new Date() })
      .where(and(eq(returns.id, m.returnId), eq(returns.partnershipId, input.partnershipId), eq(returns.status, status.get(m.returnId)!)));
  }
  await recordAudit(tx, {
    action: "moderation.sample_drawn",
    actorUserId: input.actor.userId,
    partnershipId: input.partnershipId,
    entityType: "sample",
    entityId: sample.id,
    detail: {
      cycleId: input.cycleId,
      kind: input.kind,
      rate: input.rate,
      seed: input.seed,
      preferNotModeratedLastCycle: input.preferNotModeratedLastCycle,
      calibrationShare: input.calibrationShare,
      size: preview.draw.size,
      target: preview.draw.target,
      candidates: preview.candidates,
      strata: preview.draw.strata,
      members: preview.members.map((m) => ({ returnId: m.returnId, reason: m.reason, versionNumber: m.versionNumber, calibration: m.calibration })),
    },
  });
  return sample.id;
}

/**
 * Draws and keeps the cycle's initial sample, in one transaction: the cycle is locked so two
 * leads confirming at once cannot both draw. `expectedReturnIds` (what the preview showed) makes
 * it refuse when the returns changed in between, rather than keeping a sample nobody saw.
 */
export async function confirmSample(
  db: Db,
  input: DrawInput & { actor: SampleActor; expectedReturnIds?: readonly string[] },
): Promise<{ sampleId: string; preview: SamplePreview }> {
  return db.transaction(async (tx) => {
    await lockCycle(tx, input.partnershipId, input.cycleId);
    const [existing] = await tx
      .select({ id: samples.id })
      .from(samples)
      .where(and(eq(samples.partnershipId, input.partnershipId), eq(samples.cycleId, input.cycleId), eq(samples.kind, "initial")));
    if (existing) throw new DomainError(SAMPLE_EXISTS);
    const candidates = await sampleCandidates(tx, input);
    if (candidates.length === 0) throw new DomainError(NO_CANDIDATES);
    const preview = drawFrom(candidates, input);
    if (input.expectedReturnIds) {
      const drawn = preview.members.map((m) => m.returnId).sort();
      const expected = [...input.expectedReturnIds].sort();
      if (drawn.length !== expected.length || drawn.some((id, i) => id !== expected[i])) throw new DomainError(SAMPLE_CHANGED);
    }
    const sampleId = await writeSample(tx, { ...input, kind: "initial" }, preview, candidates);
    return { sampleId, preview };
  });
}

/** The returns a top-up would draw from: first submitted after the last draw, not yet in the sample. */
async function topUpCandidates(db: Db, input: { partnershipId: string; cycleId: string }) {
  const drawn = await db
    .select({ drawnAt: samples.drawnAt })
    .from(samples)
    .where(and(eq(samples.partnershipId, input.partnershipId), eq(samples.cycleId, input.cycleId)))
    .orderBy(desc(samples.drawnAt));
  if (drawn.length === 0) return null;
  const lastDraw = drawn[0].drawnAt;
  const members = await db
    .select({ returnId: sampleMembers.returnId })
    .from(sampleMembers)
    .innerJoin(samples, eq(samples.id, sampleMembers.sampleId))
    .where(and(eq(samples.partnershipId, input.partnershipId), eq(samples.cycleId, input.cycleId)));
  const alreadyDrawn = new Set(members.map((m) => m.returnId));
  const all = await sampleCandidates(db, input);
  return { alreadyDrawn, candidates: all.filter((c) => c.firstSubmittedAt > lastDraw && !alreadyDrawn.has(c.returnId)) };
}

/** What a top-up with these inputs would add, with nothing written; null before any sample. */
export async function previewTopUp(db: Db, input: DrawInput): Promise<SamplePreview | null> {
  const found = await topUpCandidates(db, input);
  if (!found) return null;
  return topUpFrom(found, input);
}

function topUpFrom(found: { alreadyDrawn: ReadonlySet<string>; candidates: Candidate[] }, input: DrawInput): SamplePreview {
  if (found.candidates.length === 0) return { draw: { size: 0, target: 0, members: [], strata: [] }, members: [], candidates: 0 };
  const draw = drawTopUp({
    candidates: found.candidates,
    alreadyDrawn: found.alreadyDrawn,
    rate: input.rate,
    seed: input.seed,
    preferNotModeratedLastCycle: input.preferNotModeratedLastCycle,
  });
  const calibration = pickCalibration({ members: draw.members.map((m) => m.returnId), share: input.calibrationShare, seed: input.seed });
  return { draw, members: describe(draw, found.candidates, calibration), candidates: found.candidates.length };
}

/** Draws a top-up from the returns submitted since the last draw, by the same rule, and keeps it. */
export async function topUpSample(db: Db, input: DrawInput & { actor: SampleActor }): Promise<{ sampleId: string; preview: SamplePreview }> {
  return db.transaction(async (tx) => {
    await lockCycle(tx, input.partnershipId, input.cycleId);
    const found = await topUpCandidates(tx, input);
    if (!found) throw new DomainError(NO_SAMPLE_YET);
    if (found.candidates.length === 0) throw new DomainError(NO_NEW_RETURNS);
    const preview = topUpFrom(found, input);
    const sampleId = await writeSample(tx, { ...input, kind: "top_up" }, preview, found.candidates);
    return { sampleId, preview };
  });
}

export interface StoredSample {
  id: string;
  kind: "initial" | "top_up";
  rate: number;
  seed: string;
  calibrationShare: number;
  preferNotModeratedLastCycle: boolean;
  strata: SampleDraw["strata"];
  drawnAt: Date;
}

export interface CurrentSample {
  initial: StoredSample;
  /** Initial first, then top-ups, in the order drawn. */
  draws: StoredSample[];
  members: (PreviewMember & { sampleId: string; kind: "initial" | "top_up"; status: Candidate["status"] })[];
  /** Returns first submitted since the last draw, not in the sample: what a top-up would draw from. */
  submittedSince: number;
}

/** The cycle's sample as kept (initial and top-ups together), or null before it is drawn. */
export async function loadCurrentSample(db: Db, partnershipId: string, cycleId: string): Promise<CurrentSample | null> {
  const draws = await db
    .select()
    .from(samples)
    .where(and(eq(samples.partnershipId, partnershipId), eq(samples.cycleId, cycleId)))
    .orderBy(asc(samples.drawnAt), asc(samples.id));
  const stored = draws.map((s) => ({
    id: s.id,
    kind: s.kind,
    rate: Number(s.rate),
    seed: s.seed,
    calibrationShare: Number(s.calibrationShare),
    preferNotModeratedLastCycle: s.preferNotModeratedLastCycle,
    strata: s.strata as SampleDraw["strata"],
    drawnAt: s.drawnAt,
  }));
  const initial = stored.find((s) => s.kind === "initial");
  if (!initial) return null;
  const rows = await db
    .select({
      sampleId: sampleMembers.sampleId,
      returnId: sampleMembers.returnId,
      stratum: sampleMembers.stratum,
      reason: sampleMembers.reason,
      versionNumber: sampleMembers.versionNumber,
      calibration: sampleMembers.calibration,
      settingId: settings.id,
      settingName: settings.name,
      settingType: settings.type,
      status: returns.status,
    })
    .from(sampleMembers)
    .innerJoin(returns, eq(returns.id, sampleMembers.returnId))
    .innerJoin(settings, eq(settings.id, returns.settingId))
    .where(and(eq(sampleMembers.partnershipId, partnershipId), inArray(sampleMembers.sampleId, stored.map((s) => s.id))))
    .orderBy(asc(sampleMembers.stratum), asc(settings.name));
  const kindOf = new Map(stored.map((s) => [s.id, s.kind]));
  const since = await topUpCandidates(db, { partnershipId, cycleId });
  return {
    initial,
    draws: stored,
    members: rows.map((r) => ({ ...r, kind: kindOf.get(r.sampleId)! })),
    submittedSince: since?.candidates.length ?? 0,
  };
}

/** The cycle the panel's pages are about: the one asked for, else the open one, else the most recent. */
export async function moderationCycle(db: Db, partnershipId: string, wanted?: string | null) {
  const all = await db.select().from(cycles).where(eq(cycles.partnershipId, partnershipId)).orderBy(desc(cycles.opensOn));
  return all.find((c) => c.id === wanted) ?? all.find((c) => c.status === "open") ?? all[0] ?? null;
}

/** A cycle by its id alone, for the command-line tool (which acts for no one partnership). */
export async function findCycle(db: Db, cycleId: string) {
  if (!isUuid(cycleId)) return null;
  const [cycle] = await db.select().from(cycles).where(eq(cycles.id, cycleId));
  return cycle ?? null;
}
