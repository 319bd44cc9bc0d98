// A panel member's review of one sampled return: per standard what the setting said, what it
// said last full cycle, the flags the panel looks for, and the member's own judgement; saving
// judgements with the section pages' optimistic concurrency; adding an action to the setting's
// plan; and completing the review, which for the primary review writes and sends the frozen
// feedback letter and closes the return. Any panel member of the partnership may read a review
// of the current sample (so members can help each other); only the assigned member judges.
// A calibration pair (primary and second) are blind to each other until both have completed.
import { listVersionDocuments, type VersionDocument } from "../evidence-documents.server";
import { and, asc, desc, eq, inArray, lt, ne, or, sql } from "drizzle-orm";
import { settingPeople } from "../setting-people.server";
import type { Db } from "../../db.server";
import {
  actions,
  challenges,
  cycles,
  feedbackLetters,
  judgements,
  moderationAssignments,
  returnVersions,
  returns,
  sampleMembers,
  samples,
  settings,
  users,
  versionAnswers,
  type Action,
  type ActionTheme,
  type Rating,
} from "../../../db/schema";
import { enqueueEmail } from "../../../emails/outbox.server";
import { feedbackLetterEmail } from "../../../emails/feedback-letter";
import { recordAudit } from "../../accounts/audit.server";
import { getConfig } from "../../env.server";
import { DomainError } from "../../errors";
import { isUuid } from "../../ids";
import { OUTSTANDING_ACTION_STATUSES } from "../action-themes";
import { loadFramework } from "../frameworks.server";
import { suggestTheme } from "../theme-suggestion";
import { isUnsupportedExceeds, RATINGS } from "../ratings";
import { canMove, stateAfter } from "../return-lifecycle";
import type { ReturnSnapshot } from "../return-versions.server";
import { letterContent, type LetterContent } from "./letters.server";
import { OUTCOMES, type ModerationOutcome } from "./review-words";

export type Verdict = "agree" | "revised";
type AssignmentRow = typeof moderationAssignments.$inferSelect;
type JudgementRow = typeof judgements.$inferSelect;
type ChallengeStatus = (typeof challenges.$inferSelect)["status"];

export interface Actor {
  id: string;
  name: string;
}

export interface JudgementView {
  verdict: Verdict;
  moderatedRating: Rating | null;
  reason: string;
  revision: number;
  updatedAt: Date;
  updatedBy: string | null;
}

export interface ReviewStandard {
  standardId: string;
  code: string;
  title: string;
  guidance: string;
  allowsNotApplicable: boolean;
  rating: Rating | null;
  evidence: string;
  actions: Pick<Action, "id" | "description" | "theme" | "owner" | "dueOn" | "status" | "source">[];
  previous: { rating: Rating | null; evidence: string } | null;
  flags: { unsupportedExceeds: boolean; raisedWithSameEvidence: boolean };
  /** This assignment's judgement, or null while blind to the viewer (see `blindToViewer`). */
  judgement: JudgementView | null;
  /** The other calibration member's judgement, only once both have completed. */
  otherJudgement: (JudgementView & { moderator: string; role: "primary" | "second" }) | null;
  challenges: { id: string; status: ChallengeStatus; suggestedRating: Rating | null; respondBy: string | null; resolution: string | null }[];
  /** The evidence documents the reviewed version names for this standard (decision 021). */
  documents: VersionDocument[];
}

export interface Review {
  assignment: AssignmentRow & { moderatorName: string };
  ret: typeof returns.$inferSelect;
  setting: typeof settings.$inferSelect;
  cycle: typeof cycles.$inferSelect;
  version: { id: string; number: number; submittedAt: Date };
  previousCycleName: string | null;
  sections: { code: string; title: string; standards: ReviewStandard[] }[];
  /** The viewer is the assigned panel member and the review is not complete. */
  mayJudge: boolean;
  /**
   * The viewer is the other member of this return's calibration pair and the two are not both
   * complete: this review's judgements are not shown to them.
   */
  blindToViewer: boolean;
  /** Both reviews of a calibration pair are complete, so each sees the other's judgements. */
  pairComplete: boolean;
  letterId: string | null;
}

export const REVIEW_REFUSALS = {
  notAssigned: "Only the panel member this review is assigned to can judge it.",
  completed: "This review is complete: its judgements cannot be changed.",
  alreadyCompleted: "This review has already been completed.",
} as const;

const RATING_RANK: Partial<Record<Rating, number>> = { not_met: 0, partially_met: 1, met: 2, exceeds: 3 };

/** Rated higher than last full cycle with exactly the same evidence: the panel asks what changed. */
export function raisedWithSameEvidence(now: { rating: Rating | null; evidence: string }, before: { rating: Rating | null; evidence: string } | null): boolean {
  if (!before || !now.rating || !before.rating) return false;
  const a = RATING_RANK[now.rating];
  const b = RATING_RANK[before.rating];
  if (a === undefined || b === undefined || a <= b) return false;
  const norm = (t: string) => t.trim().replace(/\s+/g, " ");
  return norm(now.evidence) !== "" && norm(now.evidence) === norm(before.evidence);
}

/** The assignment, only in the partnership and only if its return is in a sample of its cycle. */
async function findAssignment(db: Db, partnershipId: string, assignmentId: string) {
  if (!isUuid(assignmentId) || !isUuid(partnershipId)) return null;
  const [row] = await db
    .select({ assignment: moderationAssignments, ret: returns, setting: settings, cycle: cycles, moderatorName: users.name })
    .from(moderationAssignments)
    .innerJoin(returns, eq(returns.id, moderationAssignments.returnId))
    .innerJoin(settings, eq(settings.id, returns.settingId))
    .innerJoin(cycles, eq(cycles.id, returns.cycleId))
    .innerJoin(users, eq(users.id, moderationAssignments.moderatorUserId))
    .where(
      and(
        eq(moderationAssignments.id, assignmentId),
        eq(moderationAssignments.partnershipId, partnershipId),
        eq(returns.partnershipId, partnershipId),
        sql`exists (select 1 from ${sampleMembers} join ${samples} on ${samples.id} = ${sampleMembers.sampleId}
          where ${sampleMembers.returnId} = ${returns.id} and ${samples.cycleId} = ${returns.cycleId}
          and ${sampleMembers.partnershipId} = ${partnershipId})`,
      ),
    );
  return row ?? null;
}

async function latestVersion(db: Db, returnId: string) {
  const [row] = await db
    .select({ id: returnVersions.id, number: returnVersions.number, submittedAt: returnVersions.submittedAt, snapshot: returnVersions.snapshot })
    .from(returnVersions)
    .where(eq(returnVersions.returnId, returnId))
    .orderBy(desc(returnVersions.number))
    .limit(1);
  return row ? { ...row, snapshot: row.snapshot as ReturnSnapshot } : null;
}

/** The setting's latest submitted version in the full cycle before this one. */
async function previousFullCycleVersion(db: Db, ret: { id: string; settingId: string; partnershipId: string }, opensOn: string) {
  const [row] = await db
    .select({ snapshot: returnVersions.snapshot, cycleName: cycles.name })
    .from(returnVersions)
    .innerJoin(returns, eq(returns.id, returnVersions.returnId))
    .innerJoin(cycles, eq(cycles.id, returns.cycleId))
    .where(
      and(
        eq(returns.settingId, ret.settingId),
        eq(returns.partnershipId, ret.partnershipId),
        ne(returns.id, ret.id),
        eq(cycles.kind, "full"),
        lt(cycles.opensOn, opensOn),
      ),
    )
    .orderBy(desc(cycles.opensOn), desc(returnVersions.number))
    .limit(1);
  return row ? { cycleName: row.cycleName, snapshot: row.snapshot as ReturnSnapshot } : null;
}

function judgementView(row: JudgementRow, updatedBy: string | null): JudgementView {
  return { verdict: row.verdict, moderatedRating: row.moderatedRating, reason: row.reason, revision: row.revision, updatedAt: row.updatedAt, updatedBy };
}

async function judgementsOf(db: Db, assignmentIds: string[]) {
  if (assignmentIds.length === 0) return [];
  return db
    .select({ judgement: judgements, updatedBy: users.name })
    .from(judgements)
    .leftJoin(users, eq(users.id, judgements.createdByUserId))
    .where(inArray(judgements.assignmentId, assignmentIds));
}

/**
 * The review page's content, or null when the assignment is not in the partnership's sample
 * (the page answers "not found"). `viewer` is whoever is reading: the panel member assigned, a
 * colleague helping, or an administrator.
 */
export async function loadReview(db: Db, input: { partnershipId: string; assignmentId: string; viewer: { id: string } }): Promise<Review | null> {
  const found = await findAssignment(db, input.partnershipId, input.assignmentId);
  if (!found) return null;
  const { assignment, ret, setting, cycle } = found;
  const version = await latestVersion(db, ret.id);
  const framework = await loadFramework(db, input.partnershipId, ret.frameworkId);
  if (!version || !framework) return null;

  const pair = await db.select().from(moderationAssignments).where(eq(moderationAssignments.returnId, ret.id));
  const other = pair.find((a) => a.id !== assignment.id) ?? null;
  const pairComplete = other !== null && other.status === "completed" && assignment.status === "completed";
  const blindToViewer = !pairComplete && pair.some((a) => a.id !== assignment.id && a.moderatorUserId === input.viewer.id);
  // While a calibration pair is blind, neither sees the other's challenges either: a suggested
  // rating is a judgement.
  const visibleAssignmentIds = new Set(pairComplete || !other ? pair.map((a) => a.id) : [assignment.id]);
  if (blindToViewer) visibleAssignmentIds.clear();

  const typed = await db.select().from(versionAnswers).where(eq(versionAnswers.versionId, version.id));
  const typedById = new Map(typed.map((t) => [t.standardId, t]));
  const snapshotById = new Map(version.snapshot.answers.map((a) => [a.standardId, a]));
  const previous = await previousFullCycleVersion(db, ret, cycle.opensOn);
  const previousByCode = new Map((previous?.snapshot.answers ?? []).map((a) => [a.code, a]));
  const codes = framework.sections.flatMap((s) => s.standards.map((st) => st.code));

  const actionRows = codes.length
    ? await db
        .select()
        .from(actions)
        .where(
          and(
            eq(actions.settingId, ret.settingId),
            eq(actions.partnershipId, ret.partnershipId),
            inArray(actions.standardCode, codes),
            or(inArray(actions.status, OUTSTANDING_ACTION_STATUSES), eq(actions.originReturnId, ret.id), eq(actions.originAssignmentId, assignment.id)),
          ),
        )
        .orderBy(asc(actions.createdAt))
    : [];
  const own = blindToViewer ? [] : await judgementsOf(db, [assignment.id]);
  const ownByStandard = new Map(own.map((j) => [j.judgement.standardId, j]));
  const others = pairComplete && other ? await judgementsOf(db, [other.id]) : [];
  const otherByStandard = new Map(others.map((j) => [j.judgement.standardId, j]));
  const otherModerator = other && pairComplete ? (await db.select({ name: users.name }).from(users).where(eq(users.id, other.moderatorUserId)))[0] : null;
  const challengeRows = await db
    .select()
    .from(challenges)
    .where(and(eq(challenges.returnId, ret.id), eq(challenges.partnershipId, input.partnershipId)))
    .orderBy(asc(challenges.createdAt));
  const versionDocuments = await listVersionDocuments(db, { partnershipId: input.partnershipId, versionId: version.id });
  const [letter] = await db.select({ id: feedbackLetters.id }).from(feedbackLetters).where(eq(feedbackLetters.assignmentId, assignment.id));

  const sections = framework.sections.map((section) => ({
    code: section.code,
    title: section.title,
    standards: section.standards.map((st): ReviewStandard => {
      const answer = snapshotById.get(st.id);
      const rating = typedById.get(st.id)?.rating ?? answer?.rating ?? null;
      const evidence = answer?.evidence ?? "";
      const before = previousByCode.get(st.code);
      const prev = before ? { rating: before.rating, evidence: before.evidence } : null;
      const mine = ownByStandard.get(st.id);
      const theirs = otherByStandard.get(st.id);
      return {
        standardId: st.id,
        code: st.code,
        title: st.title,
        guidance: st.guidance,
        allowsNotApplicable: st.allowsNotApplicable,
        rating,
        evidence,
        actions: actionRows
          .filter((a) => a.standardCode === st.code)
          .map((a) => ({ id: a.id, description: a.description, theme: a.theme, owner: a.owner, dueOn: a.dueOn, status: a.status, source: a.source })),
        previous: prev,
        flags: {
          unsupportedExceeds: typedById.get(st.id)?.unsupportedExceeds ?? isUnsupportedExceeds(rating, evidence),
          raisedWithSameEvidence: raisedWithSameEvidence({ rating, evidence }, prev),
        },
        judgement: mine ? judgementView(mine.judgement, mine.updatedBy) : null,
        otherJudgement:
          theirs && other ? { ...judgementView(theirs.judgement, theirs.updatedBy), moderator: otherModerator?.name ?? "", role: other.role } : null,
        challenges: challengeRows
          .filter((c) => c.standardCode === st.code && (c.assignmentId === null ? !blindToViewer : visibleAssignmentIds.has(c.assignmentId)))
          .map((c) => ({ id: c.id, status: c.status, suggestedRating: c.suggestedRating, respondBy: c.respondBy, resolution: c.resolution })),
        documents: versionDocuments.filter((doc) => doc.standardCode === st.code),
      };
    }),
  }));

  return {
    assignment: { ...assignment, moderatorName: found.moderatorName },
    ret,
    setting,
    cycle,
    version: { id: version.id, number: version.number, submittedAt: version.submittedAt },
    previousCycleName: previous?.cycleName ?? null,
    sections,
    mayJudge: assignment.moderatorUserId === input.viewer.id && assignment.status !== "completed",
    blindToViewer,
    pairComplete,
    letterId: letter?.id ?? null,
  };
}

/** Standards of the review without a judgement yet, in framework order. */
export function unjudgedStandards(review: Pick<Review, "sections">): { code: string; title: string }[] {
  return review.sections.flatMap((s) => s.standards).filter((s) => !s.judgement).map((s) => ({ code: s.code, title: s.title }));
}

/**
 * Locks the assignment for a change by the panel member assigned to it (403 for anyone else,
 * 404 when it is not in the partnership's sample), refusing a completed review.
 */
async function lockAssignmentToJudge(tx: Db, partnershipId: string, assignmentId: string, actor: Actor, completedMessage: string = REVIEW_REFUSALS.completed) {
  const found = await findAssignment(tx, partnershipId, assignmentId);
  if (!found) throw new DomainError("That review was not found.", { status: 404 });
  const [locked] = await tx.select().from(moderationAssignments).where(eq(moderationAssignments.id, assignmentId)).for("update");
  if (!locked) throw new DomainError("That review was not found.", { status: 404 });
  if (locked.moderatorUserId !== actor.id) throw new DomainError(REVIEW_REFUSALS.notAssigned, { status: 403 });
  if (locked.status === "completed") throw new DomainError(completedMessage);
  return { ...found, assignment: locked };
}

export interface JudgementInput {
  standardId: string;
  verdict: Verdict;
  moderatedRating: Rating | null;
  reason: string;
  /** The judgement's revision when the form was loaded (0: none yet). */
  baseRevision: number;
}

export interface JudgementConflict {
  standardId: string;
  code: string;
  stored: JudgementView;
}

export type SaveJudgementsResult = { ok: true; revisions: Record<string, number>; changed: number } | { ok: false; conflicts: JudgementConflict[] };

export const MAX_REASON = 5_000;

/**
 * Saves the assigned member's judgements as one change. If any was saved since their form was
 * loaded (in another tab, say), nothing is written and the stored ones come back beside what
 * was typed. The first save moves the review from assigned to in review.
 */
export async function saveJudgements(
  db: Db,
  input: { partnershipId: string; assignmentId: string; actor: Actor; entries: JudgementInput[]; now?: Date },
): Promise<SaveJudgementsResult> {
  const now = input.now ?? new Date();
  return db.transaction(async (tx) => {
    const { assignment, ret } = await lockAssignmentToJudge(tx, input.partnershipId, input.assignmentId, input.actor);
    const framework = await loadFramework(tx, input.partnershipId, ret.frameworkId);
    const standardsById = new Map((framework?.sections ?? []).flatMap((s) => s.standards).map((s) => [s.id, s]));
    for (const e of input.entries) {
      const st = standardsById.get(e.standardId);
      if (!st) throw new DomainError("That standard is not part of this return.", { status: 400 });
      if (e.verdict !== "agree" && e.verdict !== "revised") throw new DomainError(`Choose agree or a moderated rating for standard ${st.code}.`, { status: 400 });
      if (e.verdict === "revised") {
        if (!e.moderatedRating || !RATINGS.includes(e.moderatedRating) || (e.moderatedRating === "not_applicable" && !st.allowsNotApplicable))
          throw new DomainError(`Select the moderated rating for standard ${st.code}.`, { status: 400 });
        if (e.reason.trim() === "") throw new DomainError(`Give the reason for the moderated rating of standard ${st.code}.`, { status: 400 });
        if (e.reason.length > MAX_REASON) throw new DomainError(`The reason for standard ${st.code} is too long.`, { status: 400 });
      }
    }
    if (input.entries.length === 0) return { ok: true as const, revisions: {}, changed: 0 };
    const stored = await tx
      .select({ judgement: judgements, updatedBy: users.name })
      .from(judgements)
      .leftJoin(users, eq(users.id, judgements.createdByUserId))
      .where(and(eq(judgements.assignmentId, assignment.id), inArray(judgements.standardId, input.entries.map((e) => e.standardId))))
      .for("update", { of: judgements });
    const byStandard = new Map(stored.map((s) => [s.judgement.standardId, s]));
    const normal = (e: JudgementInput) =>
      e.verdict === "revised" ? { verdict: e.verdict, moderatedRating: e.moderatedRating, reason: e.reason.trim() } : { verdict: e.verdict, moderatedRating: null, reason: "" };
    const same = (row: JudgementRow, e: JudgementInput) => {
      const n = normal(e);
      return row.verdict === n.verdict && row.moderatedRating === n.moderatedRating && row.reason === n.reason;
    };
    const conflicts: JudgementConflict[] = [];
    for (const e of input.entries) {
      const current = byStandard.get(e.standardId);
      if ((current?.judgement.revision ?? 0) !== e.baseRevision && !(current && same(current.judgement, e)))
        conflicts.push({
          standardId: e.standardId,
          code: standardsById.get(e.standardId)!.code,
          stored: current
            ? judgementView(current.judgement, current.updatedBy)
            : // Saved and then gone cannot happen (judgements are never deleted); a form claiming a
              // revision that never existed is shown as "nothing saved yet".
              { verdict: "agree", moderatedRating: null, reason: "", revision: 0, updatedAt: now, updatedBy: null },
        });
    }
    if (conflicts.length) return { ok: false as const, conflicts };

    const revisions: Record<string, number> = {};
    let changed = 0;
    for (const e of input.entries) {
      const current = byStandard.get(e.standardId)?.judgement;
      const code = standardsById.get(e.standardId)!.code;
      if (current && same(current, e)) {
        revisions[e.standardId] = current.revision;
        continue;
      }
      const n = normal(e);
      changed++;
      if (current) {
        await tx
          .update(judgements)
          .set({ ...n, revision: current.revision + 1, createdByUserId: input.actor.id, updatedAt: now })
          .where(eq(judgements.id, current.id));
        revisions[e.standardId] = current.revision + 1;
      } else {
        await tx.insert(judgements).values({
          partnershipId: input.partnershipId,
          assignmentId: assignment.id,
          returnId: ret.id,
          standardId: e.standardId,
          standardCode: code,
          ...n,
          createdByUserId: input.actor.id,
          revision: 1,
          updatedAt: now,
        });
        revisions[e.standardId] = 1;
      }
      await recordAudit(tx, {
        action: "moderation.judgement_saved",
        actorUserId: input.actor.id,
        partnershipId: input.partnershipId,
        entityType: "moderation_assignment",
        entityId: assignment.id,
        detail: {
          returnId: ret.id,
          code,
          verdict: { from: current?.verdict ?? null, to: n.verdict },
          moderatedRating: { from: current?.moderatedRating ?? null, to: n.moderatedRating },
        },
      });
    }
    if (changed > 0)
      await tx
        .update(moderationAssignments)
        .set({ status: assignment.status === "assigned" ? "in_review" : assignment.status, revision: assignment.revision + 1 })
        .where(eq(moderationAssignments.id, assignment.id));
    return { ok: true as const, revisions, changed };
  });
}

export interface ModerationActionInput {
  standardCode: string | null;
  description: string;
  /** Left unchosen, the one suggested from the description (theme-suggestion.ts), or "other". */
  theme?: ActionTheme | null;
  owner: string;
  dueOn: string | null;
}

/** The panel adds an action to the setting's plan (source "moderation"), which the setting sees and updates as its own. */
export async function addModerationAction(
  db: Db,
  input: ModerationActionInput & { partnershipId: string; assignmentId: string; actor: Actor; now?: Date },
): Promise<Action> {
  const now = input.now ?? new Date();
  return db.transaction(async (tx) => {
    const { assignment, ret } = await lockAssignmentToJudge(tx, input.partnershipId, input.assignmentId, input.actor);
    if (input.standardCode !== null) {
      const framework = await loadFramework(tx, input.partnershipId, ret.frameworkId);
      const known = (framework?.sections ?? []).some((s) => s.standards.some((st) => st.code === input.standardCode));
      if (!known) throw new DomainError("Select a standard from the list, or none.", { status: 400, field: "standardCode" });
    }
    const description = input.description.trim();
    const owner = input.owner.trim();
    const theme = input.theme ?? suggestTheme(description) ?? "other";
    if (!description) throw new DomainError("Enter what needs to be done.", { status: 400, field: "description" });
    if (!owner) throw new DomainError("Enter who owns the action.", { status: 400, field: "owner" });
    const [action] = await tx
      .insert(actions)
      .values({
        partnershipId: input.partnershipId,
        settingId: ret.settingId,
        originReturnId: ret.id,
        originAssignmentId: assignment.id,
        source: "moderation",
        standardCode: input.standardCode,
        description,
        theme,
        owner,
        dueOn: input.dueOn,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    await tx.update(moderationAssignments).set({ revision: assignment.revision + 1 }).where(eq(moderationAssignments.id, assignment.id));
    await recordAudit(tx, {
      action: "action.added",
      actorUserId: input.actor.id,
      partnershipId: input.partnershipId,
      entityType: "action",
      entityId: action.id,
      detail: { returnId: ret.id, assignmentId: assignment.id, source: "moderation", theme, themeSuggested: !input.theme, standardCode: input.standardCode, dueOn: input.dueOn },
    });
    return action;
  });
}

/** Why a review cannot be completed yet, each reason a sentence for the error summary. */
export class ReviewNotReady extends DomainError {
  constructor(readonly problems: string[]) {
    super(problems.join(" "), { status: 409 });
    this.name = "ReviewNotReady";
  }
}

const WAITING_CHALLENGE_STATUSES: ChallengeStatus[] = ["open", "responded"];

/** The setting's DSLs and signatories, active in the partnership: who the letter goes to. */
const settingRecipients = (db: Db, scope: { partnershipId: string; settingId: string }) => settingPeople(db, scope);

/** The letter as it would read now, for the completion page's preview and for completion itself. */
export async function draftLetter(
  db: Db,
  review: Review,
  input: { outcome: ModerationOutcome; summary: string; completedBy: string; completedAt: Date },
): Promise<LetterContent> {
  const added = await db
    .select()
    .from(actions)
    .where(and(eq(actions.originAssignmentId, review.assignment.id), eq(actions.partnershipId, review.ret.partnershipId)))
    .orderBy(asc(actions.createdAt));
  const snapshotSections = new Map(review.sections.map((s) => [s.code, s.title]));
  return letterContent({
    settingId: review.setting.id,
    settingName: review.setting.name,
    cycleName: review.cycle.name,
    versionNumber: review.version.number,
    outcome: input.outcome,
    summary: input.summary,
    standards: review.sections.flatMap((section) =>
      section.standards.map((s) => ({
        code: s.code,
        title: s.title,
        sectionCode: section.code,
        sectionTitle: snapshotSections.get(section.code) ?? section.title,
        selfAssessed: s.rating,
        judgement: s.judgement,
      })),
    ),
    challenges: review.sections.flatMap((section) =>
      section.standards.flatMap((s) =>
        s.challenges.map((c) => ({ standardCode: s.code, status: c.status, suggestedRating: c.suggestedRating, resolution: c.resolution })),
      ),
    ),
    actions: added.map((a) => ({ standardCode: a.standardCode, description: a.description, theme: a.theme, owner: a.owner, dueOn: a.dueOn })),
    completedBy: input.completedBy,
    completedAt: input.completedAt,
  });
}

export const MAX_SUMMARY = 5_000;

/**
 * Completes the assigned member's review: every standard judged, and for the primary review no
 * challenge still waiting on the setting or the panel. The primary review's letter is written
 * (frozen) and emailed to the setting's DSLs and signatories in the same transaction, and the
 * return closes when its lifecycle allows; a second (calibration) review completes without one.
 */
export async function completeReview(
  db: Db,
  input: { partnershipId: string; assignmentId: string; outcome: ModerationOutcome; summary: string; actor: Actor; now?: Date },
): Promise<{ letterId: string | null; emailed: number; closed: boolean }> {
  const now = input.now ?? new Date();
  if (!OUTCOMES.includes(input.outcome)) throw new DomainError("Select the outcome of the review.", { status: 400, field: "outcome" });
  const summary = input.summary.trim();
  if (summary.length > MAX_SUMMARY) throw new DomainError("The summary is too long.", { status: 400, field: "summary" });
  return db.transaction(async (tx) => {
    const { assignment } = await lockAssignmentToJudge(tx, input.partnershipId, input.assignmentId, input.actor, REVIEW_REFUSALS.alreadyCompleted);
    const review = await loadReview(tx, { partnershipId: input.partnershipId, assignmentId: assignment.id, viewer: input.actor });
    if (!review) throw new DomainError("That review was not found.", { status: 404 });
    const problems: string[] = [];
    const missing = unjudgedStandards(review);
    if (missing.length)
      problems.push(`Judge every standard before completing the review. Not judged yet: ${missing.map((s) => `${s.code} ${s.title}`).join("; ")}.`);
    const primary = assignment.role === "primary";
    if (primary) {
      const waiting = await tx
        .select({ code: challenges.standardCode, status: challenges.status })
        .from(challenges)
        .where(and(eq(challenges.returnId, review.ret.id), inArray(challenges.status, WAITING_CHALLENGE_STATUSES)));
      if (waiting.length)
        problems.push(
          `Resolve or withdraw every challenge first. Still open: ${waiting.map((c) => `standard ${c.code} (${c.status === "open" ? "waiting for the setting" : "answered, waiting for you"})`).join("; ")}.`,
        );
    }
    if (problems.length) throw new ReviewNotReady(problems);

    await tx
      .update(moderationAssignments)
      .set({ status: "completed", outcome: input.outcome, summary, completedAt: now, revision: assignment.revision + 1 })
      .where(eq(moderationAssignments.id, assignment.id));
    await recordAudit(tx, {
      action: "moderation.review_completed",
      actorUserId: input.actor.id,
      partnershipId: input.partnershipId,
      entityType: "moderation_assignment",
      entityId: assignment.id,
      detail: { returnId: review.ret.id, role: assignment.role, outcome: input.outcome },
    });
    if (!primary) return { letterId: null, emailed: 0, closed: false };

    const content = await draftLetter(tx, review, { outcome: input.outcome, summary, completedBy: input.actor.name, completedAt: now });
    const [letter] = await tx
      .insert(feedbackLetters)
      .values({
        partnershipId: input.partnershipId,
        returnId: review.ret.id,
        assignmentId: assignment.id,
        outcome: input.outcome,
        content,
        sentByUserId: input.actor.id,
        sentAt: now,
      })
      .returning({ id: feedbackLetters.id });
    const link = `${getConfig().baseUrl}/settings/${review.setting.id}/letters/${letter.id}`;
    const recipients = await settingRecipients(tx, { partnershipId: input.partnershipId, settingId: review.setting.id });
    for (const r of recipients)
      await enqueueEmail(tx, {
        to: r.email,
        template: "feedback-letter",
        partnershipId: input.partnershipId,
        message: feedbackLetterEmail({ name: r.name, letter: content, link }),
      });
    await recordAudit(tx, {
      action: "moderation.letter_sent",
      actorUserId: input.actor.id,
      partnershipId: input.partnershipId,
      entityType: "feedback_letter",
      entityId: letter.id,
      detail: { returnId: review.ret.id, assignmentId: assignment.id, outcome: input.outcome, recipients: recipients.length },
    });

    const [locked] = await tx.select().from(returns).where(eq(returns.id, review.ret.id)).for("update");
    let closed = false;
    if (locked && canMove(locked.status, "close", "moderator")) {
      await tx.update(returns).set({ status: stateAfter(locked.status, "close", "moderator"), updatedAt: now }).where(eq(returns.id, locked.id));
      await recordAudit(tx, {
        action: "return.closed",
        actorUserId: input.actor.id,
        partnershipId: input.partnershipId,
        entityType: "return",
        entityId: locked.id,
        detail: { from: locked.status, assignmentId: assignment.id },
      });
      closed = true;
    }
    return { letterId: letter.id, emailed: recipients.length, closed };
  });
}
