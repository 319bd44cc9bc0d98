// Challenges: a panel member questions one standard of a sampled return; the setting answers
// (adds evidence, or accepts the lower rating the panel suggests) and resubmits; the panel member
// resolves it as upheld (the setting's rating stands) or revised (the moderated rating is
// recorded as their judgement), or withdraws it. Either side can add to the thread while it is
// unresolved, and the other side is emailed. Every write is one transaction with its audit
// event and its emails; the return is locked before its state changes.
//
// Who may act is the routes' question (the policy); this module checks what only the data can
// tell: that the panel member acting is the one the return is assigned to, and that the
// challenge belongs to the partnership (and setting) the caller was authorised for.
import { and, asc, desc, eq, inArray, isNull, lt, lte, ne, or, sql } from "drizzle-orm";
import type { Db } from "../../db.server";
import {
  answers,
  challengeMessages,
  challenges,
  cycles,
  judgements,
  moderationAssignments,
  returnVersions,
  returns,
  sampleMembers,
  settings,
  standards,
  users,
  type Rating,
} from "../../../db/schema";
import { enqueueEmail } from "../../../emails/outbox.server";
import { challengeRaisedEmail } from "../../../emails/challenge-raised";
import { recordAudit } from "../../accounts/audit.server";
import { getConfig } from "../../env.server";
import { DomainError } from "../../errors";
import { isUuid } from "../../ids";
import { RATING_LABELS, RATINGS } from "../ratings";
import { loadReturn, lockReturnForChange, type Actor } from "../return-context.server";
import { canMove, cycleIsOpen, stateAfter } from "../return-lifecycle";
import { getVersion, type ReturnSnapshot } from "../return-versions.server";
import { loadAnswers, saveAnswers } from "../returns.server";
import { londonDate } from "../working-days";
import {
  emailPanel,
  emailSetting,
  factsOf,
  latestVersionNumber,
  panelMember,
  settingChallengePath,
  settingPeople,
  type Challenge,
} from "./challenge-notices.server";
export { panelChallengePath, settingChallengePath, standardChangePath } from "./challenge-notices.server";
import { challengeStage, defaultRespondBy, isFutureDate, isUnresolved, ratingsBelow, reminderDue, type ChallengeStage } from "./challenge-rules";

const notFound = () => new DomainError("Not found", { status: 404 });

export const CHALLENGE_REFUSALS = {
  notAssigned: "Only the panel member this return is assigned to can do that.",
  notSampled: "This return is not in the moderation sample, so it cannot be challenged.",
  notChallengeable: "This return cannot be challenged now: it has not been submitted, or moderation has finished.",
  cycleClosed: "The audit cycle has closed, so the setting could not change its return: record a moderated rating instead.",
  alreadyOpen: "There is already a challenge on this standard waiting to be resolved.",
  notOpen: "This challenge has already been answered, resolved or withdrawn.",
  resolved: "This challenge has been resolved or withdrawn, so nothing more can be added to it.",
  notAnswered: "The setting has not answered this challenge yet. You can resolve it once they have answered and resubmitted their return, or withdraw it.",
  notResubmitted:
    "The setting has answered but has not submitted its return again yet. You can resolve the challenge once their signatory has signed it off and submitted it.",
  noSuggestion: "The panel did not suggest a rating, so there is none to accept: add evidence instead.",
  evidenceUnchanged: "Change the evidence for this standard first (follow “Change the evidence”), then tell the panel you have added it.",
  changedSinceChallenge:
    "The setting has already changed this standard since the challenge, so the return must be signed off and submitted again. Resolve the challenge once it is, rather than withdrawing it.",
} as const;

// ---------------------------------------------------------------------------------------------
// Raising
// ---------------------------------------------------------------------------------------------

async function findAssignment(tx: Db, scope: { partnershipId: string; assignmentId: string }) {
  if (!isUuid(scope.assignmentId)) return null;
  const [row] = await tx
    .select()
    .from(moderationAssignments)
    .where(and(eq(moderationAssignments.id, scope.assignmentId), eq(moderationAssignments.partnershipId, scope.partnershipId)));
  return row ?? null;
}

export interface ChallengeFormView {
  assignmentId: string;
  mayRaise: boolean;
  returnId: string;
  settingId: string;
  settingName: string;
  cycleName: string;
  standard: { id: string; code: string; title: string; guidance: string };
  answer: { rating: Rating | null; evidence: string; notes: string };
  lowerRatings: Rating[];
  defaultRespondBy: string;
  /** A challenge on this standard still to be resolved: there can be only one. */
  unresolved: { id: string } | null;
  /** Why a challenge cannot be raised on this return now, if it cannot (raiseChallenge refuses it too). */
  cannotRaise: string | null;
}

/** What the raise form shows: the standard's rating and evidence as the setting has them. Null when not found. */
export async function loadChallengeForm(
  db: Db,
  input: { partnershipId: string; assignmentId: string; standardCode: string; actor: Actor; now?: Date },
): Promise<ChallengeFormView | null> {
  const assignment = await findAssignment(db, input);
  if (!assignment) return null;
  const [row] = await db
    .select({ ret: returns, settingName: settings.name, cycleName: cycles.name, standard: standards, answer: answers })
    .from(returns)
    .innerJoin(settings, eq(settings.id, returns.settingId))
    .innerJoin(cycles, eq(cycles.id, returns.cycleId))
    .innerJoin(standards, and(eq(standards.frameworkId, returns.frameworkId), eq(standards.code, input.standardCode)))
    .innerJoin(answers, and(eq(answers.returnId, returns.id), eq(answers.standardId, standards.id)))
    .where(and(eq(returns.id, assignment.returnId), eq(returns.partnershipId, input.partnershipId)));
  if (!row) return null;
  const [unresolved] = await db
    .select({ id: challenges.id })
    .from(challenges)
    .where(and(eq(challenges.returnId, row.ret.id), eq(challenges.standardCode, input.standardCode), inArray(challenges.status, ["open", "responded"])));
  const [member] = await db.select({ returnId: sampleMembers.returnId }).from(sampleMembers).where(eq(sampleMembers.returnId, row.ret.id)).limit(1);
  const [cycle] = await db.select().from(cycles).where(eq(cycles.id, row.ret.cycleId));
  const cannotRaise = !member
    ? CHALLENGE_REFUSALS.notSampled
    : !canMove(row.ret.status, "challenge", "moderator")
      ? CHALLENGE_REFUSALS.notChallengeable
      : !cycle || !cycleIsOpen(cycle)
        ? CHALLENGE_REFUSALS.cycleClosed
        : unresolved
          ? CHALLENGE_REFUSALS.alreadyOpen
          : null;
  return {
    cannotRaise,
    assignmentId: assignment.id,
    mayRaise: assignment.moderatorUserId === input.actor.id,
    returnId: row.ret.id,
    settingId: row.ret.settingId,
    settingName: row.settingName,
    cycleName: row.cycleName,
    standard: { id: row.standard.id, code: row.standard.code, title: row.standard.title, guidance: row.standard.guidance },
    answer: { rating: row.answer.rating, evidence: row.answer.evidence, notes: row.answer.notes },
    lowerRatings: ratingsBelow(row.answer.rating),
    defaultRespondBy: defaultRespondBy(input.now ?? new Date()),
    unresolved: unresolved ?? null,
  };
}

export interface RaiseChallengeInput {
  partnershipId: string;
  assignmentId: string;
  standardCode: string;
  message: string;
  /** Lower than the setting's own rating; optional. */
  suggestedRating?: Rating | null;
  /** A UK calendar date after today; 15 working days from now when not given. */
  respondBy?: string | null;
  actor: Actor;
  now?: Date;
}

/**
 * The assignment's panel member challenges one standard of a sampled return: the challenge and
 * its first message are written, the return reopens (only this standard, and any other still
 * challenged, can change; the sign-off is withdrawn, so the signatory signs what is resubmitted),
 * and the setting's DSLs and signatories are emailed.
 */
export async function raiseChallenge(db: Db, input: RaiseChallengeInput): Promise<{ challengeId: string; respondBy: string }> {
  const now = input.now ?? new Date();
  const message = input.message.trim();
  if (!message) throw new DomainError("Enter a message for the setting", { status: 400, field: "message" });
  const respondBy = input.respondBy ?? defaultRespondBy(now);
  if (!isFutureDate(respondBy, now)) throw new DomainError("The date to answer by must be in the future", { status: 400, field: "respondBy" });
  return db.transaction(async (tx) => {
    const assignment = await findAssignment(tx, input);
    if (!assignment) throw notFound();
    if (assignment.moderatorUserId !== input.actor.id) throw new DomainError(CHALLENGE_REFUSALS.notAssigned, { status: 403 });
    const [ret] = await tx
      .select()
      .from(returns)
      .where(and(eq(returns.id, assignment.returnId), eq(returns.partnershipId, input.partnershipId)))
      .for("update");
    if (!ret) throw notFound();
    const [member] = await tx.select({ returnId: sampleMembers.returnId }).from(sampleMembers).where(eq(sampleMembers.returnId, ret.id)).limit(1);
    if (!member) throw new DomainError(CHALLENGE_REFUSALS.notSampled);
    if (!canMove(ret.status, "challenge", "moderator")) throw new DomainError(CHALLENGE_REFUSALS.notChallengeable);
    const [cycle] = await tx.select().from(cycles).where(eq(cycles.id, ret.cycleId));
    if (!cycle || !cycleIsOpen(cycle)) throw new DomainError(CHALLENGE_REFUSALS.cycleClosed);
    const [found] = await tx
      .select({ standard: standards, answer: answers })
      .from(standards)
      .innerJoin(answers, and(eq(answers.standardId, standards.id), eq(answers.returnId, ret.id)))
      .where(and(eq(standards.frameworkId, ret.frameworkId), eq(standards.code, input.standardCode)));
    if (!found) throw notFound();
    const suggested = input.suggestedRating ?? null;
    if (suggested && !ratingsBelow(found.answer.rating).includes(suggested))
      throw new DomainError("The suggested rating must be lower than the setting's own", { status: 400, field: "suggestedRating" });
    const [already] = await tx
      .select({ id: challenges.id })
      .from(challenges)
      .where(and(eq(challenges.returnId, ret.id), eq(challenges.standardCode, found.standard.code), inArray(challenges.status, ["open", "responded"])));
    if (already) throw new DomainError(CHALLENGE_REFUSALS.alreadyOpen);

    const [challenge] = await tx
      .insert(challenges)
      .values({
        partnershipId: ret.partnershipId,
        returnId: ret.id,
        standardId: found.standard.id,
        standardCode: found.standard.code,
        raisedByUserId: input.actor.id,
        assignmentId: assignment.id,
        suggestedRating: suggested,
        respondBy,
        versionNumber: await latestVersionNumber(tx, ret.id),
        createdAt: now,
      })
      .returning();
    await tx.insert(challengeMessages).values({ partnershipId: ret.partnershipId, challengeId: challenge.id, authorUserId: input.actor.id, body: message, createdAt: now });
    await tx
      .update(returns)
      .set({
        status: stateAfter(ret.status, "challenge", "moderator"),
        updatedAt: now,
        signedOffAt: null,
        signedOffName: null,
        signedOffRole: null,
        signedOffByUserId: null,
      })
      .where(eq(returns.id, ret.id));
    if (assignment.status === "assigned") await tx.update(moderationAssignments).set({ status: "in_review" }).where(eq(moderationAssignments.id, assignment.id));

    const facts = await factsOf(tx, challenge);
    const link = `${getConfig().baseUrl}${settingChallengePath(challenge, ret.settingId)}`;
    const people = await settingPeople(tx, { partnershipId: ret.partnershipId, settingId: ret.settingId });
    for (const person of people) {
      await enqueueEmail(tx, {
        to: person.email,
        template: "challenge-raised",
        partnershipId: ret.partnershipId,
        message: challengeRaisedEmail({
          name: person.name,
          settingName: facts.settingName,
          cycleName: facts.cycleName,
          standard: facts.standard,
          message,
          suggestedRating: suggested ? RATING_LABELS[suggested] : null,
          respondBy,
          link,
        }),
      });
    }
    await recordAudit(tx, {
      action: "moderation.challenge_raised",
      actorUserId: input.actor.id,
      partnershipId: ret.partnershipId,
      entityType: "challenge",
      entityId: challenge.id,
      detail: {
        returnId: ret.id,
        assignmentId: assignment.id,
        standardCode: found.standard.code,
        suggestedRating: suggested,
        respondBy,
        versionNumber: challenge.versionNumber,
        returnStatus: { from: ret.status, to: "reopened" },
        emailed: people.map((p) => p.id),
      },
    });
    return { challengeId: challenge.id, respondBy };
  });
}

// ---------------------------------------------------------------------------------------------
// The thread, the setting's answer
// ---------------------------------------------------------------------------------------------

/** The challenge, locked, only if it belongs to the partnership (and setting) the caller was authorised for. */
async function lockChallenge(tx: Db, scope: { partnershipId: string; challengeId: string; settingId?: string }): Promise<Challenge> {
  if (!isUuid(scope.challengeId)) throw notFound();
  const [row] = await tx
    .select({ challenge: challenges, settingId: returns.settingId })
    .from(challenges)
    .innerJoin(returns, eq(returns.id, challenges.returnId))
    .where(and(eq(challenges.id, scope.challengeId), eq(challenges.partnershipId, scope.partnershipId)))
    .for("update", { of: challenges });
  if (!row || (scope.settingId !== undefined && row.settingId !== scope.settingId)) throw notFound();
  return row.challenge;
}

async function requirePanelMember(tx: Db, challenge: Challenge, actor: Actor) {
  const person = await panelMember(tx, challenge);
  if (person?.id !== actor.id) throw new DomainError(CHALLENGE_REFUSALS.notAssigned, { status: 403 });
}

/**
 * Adds to the thread while the challenge is unresolved. `side` is which side the route authorised
 * the actor for: the panel (only the assignment's panel member) or the setting (its DSL or
 * signatory, for the setting named in `settingId`). The other side is emailed.
 */
export async function addChallengeMessage(
  db: Db,
  input: { partnershipId: string; challengeId: string; body: string; actor: Actor; side: "panel" } | { partnershipId: string; challengeId: string; body: string; actor: Actor; side: "setting"; settingId: string },
  now = new Date(),
): Promise<void> {
  const body = input.body.trim();
  if (!body) throw new DomainError("Enter a message", { status: 400, field: "body" });
  await db.transaction(async (tx) => {
    const challenge = await lockChallenge(tx, { ...input, settingId: input.side === "setting" ? input.settingId : undefined });
    if (input.side === "panel") await requirePanelMember(tx, challenge, input.actor);
    if (!isUnresolved(challenge.status)) throw new DomainError(CHALLENGE_REFUSALS.resolved);
    const [row] = await tx
      .insert(challengeMessages)
      .values({ partnershipId: challenge.partnershipId, challengeId: challenge.id, authorUserId: input.actor.id, body, createdAt: now })
      .returning({ id: challengeMessages.id });
    const facts = await factsOf(tx, challenge);
    if (input.side === "panel") await emailSetting(tx, facts, "message", input.actor, body);
    else await emailPanel(tx, facts, "message", input.actor, body);
    await recordAudit(tx, {
      action: "moderation.challenge_message_added",
      actorUserId: input.actor.id,
      partnershipId: challenge.partnershipId,
      entityType: "challenge",
      entityId: challenge.id,
      detail: { messageId: row.id, side: input.side },
    });
  });
}

export type ChallengeResponseKind = "evidence_added" | "rating_accepted";

/**
 * The setting's answer, by its DSL or signatory: "evidence_added" once they have changed the
 * standard's evidence on its section page; "rating_accepted" sets the standard's rating to the
 * panel's suggestion through the return's own save (so it takes the return's lock, asks the
 * lifecycle and withdraws any sign-off). The standard stays changeable until the signatory signs
 * the return off and submits it again, which makes the next version.
 */
export async function respondToChallenge(
  db: Db,
  input: { partnershipId: string; settingId: string; challengeId: string; response: ChallengeResponseKind; message: string; actor: Actor; now?: Date },
): Promise<void> {
  const now = input.now ?? new Date();
  const message = input.message.trim();
  if (!message) throw new DomainError("Enter a message for the panel", { status: 400, field: "message" });
  await db.transaction(async (tx) => {
    const challenge = await lockChallenge(tx, input);
    if (challenge.status !== "open") throw new DomainError(CHALLENGE_REFUSALS.notOpen);
    const ctx = await loadReturn(tx, { partnershipId: input.partnershipId, settingId: input.settingId, returnId: challenge.returnId });
    if (!ctx) throw notFound();
    const answer = (await loadAnswers(tx, ctx)).find((a) => a.standardId === challenge.standardId);
    if (!answer) throw notFound();
    if (input.response === "rating_accepted") {
      if (!challenge.suggestedRating) throw new DomainError(CHALLENGE_REFUSALS.noSuggestion, { status: 400, field: "response" });
      if (answer.rating !== challenge.suggestedRating) {
        const saved = await saveAnswers(tx, ctx, {
          actor: input.actor,
          now,
          entries: [{ standardId: answer.standardId, rating: challenge.suggestedRating, evidence: answer.evidence, notes: answer.notes, baseRevision: answer.revision }],
        });
        if (!saved.ok) throw new DomainError("Someone changed this standard at the same moment. Try again.");
      } else {
        await lockReturnForChange(tx, ctx, { standardCodes: [challenge.standardCode] });
      }
    } else {
      await lockReturnForChange(tx, ctx, { standardCodes: [challenge.standardCode] });
      const challenged = challenge.versionNumber ? await getVersion(tx, ctx, challenge.versionNumber) : null;
      const before = challenged?.snapshot.answers.find((a) => a.code === challenge.standardCode);
      if (before && before.evidence.trim() === answer.evidence.trim()) throw new DomainError(CHALLENGE_REFUSALS.evidenceUnchanged, { field: "response" });
    }
    await tx.update(challenges).set({ status: "responded", response: input.response, respondedAt: now }).where(eq(challenges.id, challenge.id));
    await tx.insert(challengeMessages).values({ partnershipId: challenge.partnershipId, challengeId: challenge.id, authorUserId: input.actor.id, body: message, createdAt: now });
    const facts = await factsOf(tx, challenge);
    await emailPanel(tx, facts, "responded", input.actor, message, [
      ["Answer", input.response === "rating_accepted" ? `Accepted the suggested rating (${RATING_LABELS[challenge.suggestedRating!]})` : "Added evidence"],
    ]);
    await recordAudit(tx, {
      action: "moderation.challenge_responded",
      actorUserId: input.actor.id,
      partnershipId: challenge.partnershipId,
      entityType: "challenge",
      entityId: challenge.id,
      detail: { returnId: challenge.returnId, standardCode: challenge.standardCode, response: input.response },
    });
  });
}

// ---------------------------------------------------------------------------------------------
// Resolving and withdrawing
// ---------------------------------------------------------------------------------------------

export interface ResolveChallengeInput {
  partnershipId: string;
  challengeId: string;
  outcome: "upheld" | "revised";
  /** The rating the panel records, for "revised". */
  moderatedRating?: Rating | null;
  resolution: string;
  actor: Actor;
  now?: Date;
}

/**
 * The panel member resolves the challenge once the setting has answered and resubmitted: upheld
 * (the setting's rating stands: their judgement on the standard is "agree") or revised (their
 * judgement is the moderated rating, with the resolution as its reason). The setting is emailed.
 */
export async function resolveChallenge(db: Db, input: ResolveChallengeInput): Promise<void> {
  const now = input.now ?? new Date();
  const resolution = input.resolution.trim();
  if (!resolution) throw new DomainError("Enter the resolution: what the panel decided and why", { status: 400, field: "resolution" });
  const moderated = input.outcome === "revised" ? (input.moderatedRating ?? null) : null;
  if (input.outcome === "revised" && (!moderated || !RATINGS.includes(moderated)))
    throw new DomainError("Select the moderated rating", { status: 400, field: "moderatedRating" });
  await db.transaction(async (tx) => {
    const challenge = await lockChallenge(tx, input);
    await requirePanelMember(tx, challenge, input.actor);
    const stage = challengeStage(challenge);
    if (stage === "awaiting_answer") throw new DomainError(CHALLENGE_REFUSALS.notAnswered);
    if (stage === "awaiting_resubmission") throw new DomainError(CHALLENGE_REFUSALS.notResubmitted);
    if (stage !== "awaiting_panel") throw new DomainError(CHALLENGE_REFUSALS.resolved);
    if (!challenge.assignmentId) throw new DomainError("This challenge was raised outside a review, so there is no judgement to record.");
    const verdict = input.outcome === "upheld" ? ("agree" as const) : ("revised" as const);
    await tx
      .insert(judgements)
      .values({
        partnershipId: challenge.partnershipId,
        assignmentId: challenge.assignmentId,
        returnId: challenge.returnId,
        standardId: challenge.standardId,
        standardCode: challenge.standardCode,
        verdict,
        moderatedRating: moderated,
        reason: resolution,
        createdByUserId: input.actor.id,
        updatedAt: now,
      })
      .onConflictDoUpdate({
        target: [judgements.assignmentId, judgements.standardId],
        set: { verdict, moderatedRating: moderated, reason: resolution, createdByUserId: input.actor.id, revision: sql`${judgements.revision} + 1`, updatedAt: now },
      });
    await tx
      .update(challenges)
      .set({ status: input.outcome, resolution, resolvedByUserId: input.actor.id, resolvedAt: now })
      .where(eq(challenges.id, challenge.id));
    const facts = await factsOf(tx, challenge);
    await emailSetting(tx, facts, "resolved", input.actor, resolution, [
      ["Outcome", input.outcome === "upheld" ? "Your rating stands" : `The panel's moderated rating is ${RATING_LABELS[moderated!]}`],
    ]);
    await recordAudit(tx, {
      action: "moderation.challenge_resolved",
      actorUserId: input.actor.id,
      partnershipId: challenge.partnershipId,
      entityType: "challenge",
      entityId: challenge.id,
      detail: { returnId: challenge.returnId, standardCode: challenge.standardCode, outcome: input.outcome, moderatedRating: moderated, assignmentId: challenge.assignmentId },
    });
  });
}

/**
 * The panel member takes the challenge back, with a reason. If it was the last thing keeping the
 * return reopened and the setting has not changed the standard, the return goes back into
 * moderation with its sign-off as submitted; if the setting has changed it, the change must be
 * resubmitted, so withdrawing is refused (resolve the challenge after the resubmission instead).
 */
export async function withdrawChallenge(db: Db, input: { partnershipId: string; challengeId: string; reason: string; actor: Actor; now?: Date }): Promise<void> {
  const now = input.now ?? new Date();
  const reason = input.reason.trim();
  if (!reason) throw new DomainError("Enter the reason for withdrawing the challenge", { status: 400, field: "reason" });
  await db.transaction(async (tx) => {
    const challenge = await lockChallenge(tx, input);
    await requirePanelMember(tx, challenge, input.actor);
    if (!isUnresolved(challenge.status)) throw new DomainError(CHALLENGE_REFUSALS.resolved);
    const [ret] = await tx.select().from(returns).where(eq(returns.id, challenge.returnId)).for("update");
    let returnStatus: { from: string; to: string } | null = null;
    if (challengeStage(challenge) !== "awaiting_panel" && canMove(ret.status, "withdraw", "moderator")) {
      const others = await tx
        .select({ id: challenges.id })
        .from(challenges)
        .where(
          and(
            eq(challenges.returnId, ret.id),
            ne(challenges.id, challenge.id),
            or(eq(challenges.status, "open"), and(eq(challenges.status, "responded"), isNull(challenges.respondedVersionNumber))),
          ),
        );
      if (others.length === 0) {
        const latest = await latestVersionNumber(tx, ret.id);
        const [version] = await tx.select().from(returnVersions).where(and(eq(returnVersions.returnId, ret.id), eq(returnVersions.number, latest)));
        const snapshot = version?.snapshot as ReturnSnapshot | undefined;
        const [answer] = await tx.select().from(answers).where(and(eq(answers.returnId, ret.id), eq(answers.standardId, challenge.standardId)));
        const before = snapshot?.answers.find((a) => a.code === challenge.standardCode);
        const changed = !before || !answer || before.rating !== answer.rating || before.evidence !== answer.evidence || before.notes !== answer.notes;
        if (changed) throw new DomainError(CHALLENGE_REFUSALS.changedSinceChallenge);
        const to = stateAfter(ret.status, "withdraw", "moderator");
        await tx
          .update(returns)
          .set({
            status: to,
            updatedAt: now,
            // The submitted version's sign-off stands again: nothing in it changed.
            signedOffAt: snapshot ? new Date(snapshot.signOff.at) : null,
            signedOffName: snapshot?.signOff.name ?? null,
            signedOffRole: snapshot?.signOff.role ?? null,
            signedOffByUserId: snapshot?.signOff.userId ?? null,
          })
          .where(eq(returns.id, ret.id));
        returnStatus = { from: ret.status, to };
      }
    }
    await tx
      .update(challenges)
      .set({ status: "withdrawn", resolution: reason, resolvedByUserId: input.actor.id, resolvedAt: now })
      .where(eq(challenges.id, challenge.id));
    const facts = await factsOf(tx, challenge);
    await emailSetting(tx, facts, "withdrawn", input.actor, reason);
    await recordAudit(tx, {
      action: "moderation.challenge_withdrawn",
      actorUserId: input.actor.id,
      partnershipId: challenge.partnershipId,
      entityType: "challenge",
      entityId: challenge.id,
      detail: { returnId: challenge.returnId, standardCode: challenge.standardCode, reason, returnStatus },
    });
  });
}

// ---------------------------------------------------------------------------------------------
// Reminders
// ---------------------------------------------------------------------------------------------

/**
 * Reminds the setting of each unanswered challenge past its date: the day after, then weekly, at
 * most three times. Rows are claimed FOR UPDATE SKIP LOCKED and counted in the same transaction
 * as the emails, so two workers running at once never remind twice. Returns how many were sent.
 */
export async function sendChallengeReminders(db: Db, input: { now?: Date } = {}): Promise<number> {
  const now = input.now ?? new Date();
  const today = londonDate(now);
  const weekAgo = new Date(now.getTime() - 7 * 86_400_000);
  return db.transaction(async (tx) => {
    const due = await tx
      .select()
      .from(challenges)
      .where(
        and(
          eq(challenges.status, "open"),
          lt(challenges.respondBy, today),
          lt(challenges.remindersSent, 3),
          or(isNull(challenges.lastRemindedAt), lte(challenges.lastRemindedAt, weekAgo)),
        ),
      )
      .orderBy(asc(challenges.respondBy))
      .limit(100)
      .for("update", { skipLocked: true });
    let sent = 0;
    for (const challenge of due) {
      if (!reminderDue(challenge, now)) continue;
      const facts = await factsOf(tx, challenge);
      const [first] = await tx
        .select({ body: challengeMessages.body })
        .from(challengeMessages)
        .where(eq(challengeMessages.challengeId, challenge.id))
        .orderBy(asc(challengeMessages.createdAt))
        .limit(1);
      const link = `${getConfig().baseUrl}${settingChallengePath(challenge, facts.settingId)}`;
      for (const person of await settingPeople(tx, { partnershipId: challenge.partnershipId, settingId: facts.settingId })) {
        await enqueueEmail(tx, {
          to: person.email,
          template: "challenge-reminder",
          partnershipId: challenge.partnershipId,
          message: challengeRaisedEmail({
            name: person.name,
            settingName: facts.settingName,
            cycleName: facts.cycleName,
            standard: facts.standard,
            message: first?.body ?? "",
            suggestedRating: challenge.suggestedRating ? RATING_LABELS[challenge.suggestedRating] : null,
            respondBy: challenge.respondBy!,
            link,
            reminder: challenge.remindersSent + 1,
          }),
        });
      }
      await tx.update(challenges).set({ remindersSent: challenge.remindersSent + 1, lastRemindedAt: now }).where(eq(challenges.id, challenge.id));
      await recordAudit(tx, {
        action: "moderation.challenge_reminded",
        partnershipId: challenge.partnershipId,
        entityType: "challenge",
        entityId: challenge.id,
        detail: { reminder: challenge.remindersSent + 1, respondBy: challenge.respondBy },
      });
      sent++;
    }
    return sent;
  });
}

// ---------------------------------------------------------------------------------------------
// Reading
// ---------------------------------------------------------------------------------------------

export interface ChallengeSummary {
  id: string;
  returnId: string;
  cycleName: string;
  standardCode: string;
  standardTitle: string;
  stage: ChallengeStage;
  respondBy: string | null;
  createdAt: Date;
}

/** The setting's challenges, newest first, with where each has got to. */
export async function listChallengesForSetting(db: Db, scope: { partnershipId: string; settingId: string; returnId?: string }): Promise<ChallengeSummary[]> {
  const rows = await db
    .select({ challenge: challenges, cycleName: cycles.name, standardTitle: standards.title })
    .from(challenges)
    .innerJoin(returns, eq(returns.id, challenges.returnId))
    .innerJoin(cycles, eq(cycles.id, returns.cycleId))
    .innerJoin(standards, eq(standards.id, challenges.standardId))
    .where(
      and(
        eq(challenges.partnershipId, scope.partnershipId),
        eq(returns.settingId, scope.settingId),
        scope.returnId && isUuid(scope.returnId) ? eq(returns.id, scope.returnId) : undefined,
      ),
    )
    .orderBy(desc(challenges.createdAt), asc(challenges.standardCode));
  return rows.map(({ challenge: c, cycleName, standardTitle }) => ({
    id: c.id,
    returnId: c.returnId,
    cycleName,
    standardCode: c.standardCode,
    standardTitle,
    stage: challengeStage(c),
    respondBy: c.respondBy,
    createdAt: c.createdAt,
  }));
}

export interface ChallengeThread {
  challenge: Challenge;
  stage: ChallengeStage;
  settingId: string;
  settingName: string;
  cycleName: string;
  partnershipSlug: string;
  returnStatus: (typeof returns.$inferSelect)["status"];
  standard: { id: string; code: string; title: string; sectionId: string };
  answer: { rating: Rating | null; evidence: string } | null;
  /** The panel member holding the challenge. */
  panelMember: { id: string; name: string } | null;
  raisedBy: string;
  messages: { id: string; body: string; createdAt: Date; author: string; side: "panel" | "setting" }[];
}

/** The challenge and its thread, only if it belongs to the partnership (and the setting, when given). */
export async function loadChallengeThread(db: Db, scope: { partnershipId: string; challengeId: string; settingId?: string; returnId?: string }): Promise<ChallengeThread | null> {
  if (!isUuid(scope.challengeId)) return null;
  const [row] = await db
    .select({ challenge: challenges, ret: returns })
    .from(challenges)
    .innerJoin(returns, eq(returns.id, challenges.returnId))
    .where(and(eq(challenges.id, scope.challengeId), eq(challenges.partnershipId, scope.partnershipId)));
  if (!row) return null;
  if (scope.settingId !== undefined && row.ret.settingId !== scope.settingId) return null;
  if (scope.returnId !== undefined && row.ret.id !== scope.returnId) return null;
  const facts = await factsOf(db, row.challenge);
  const [answer] = await db
    .select({ rating: answers.rating, evidence: answers.evidence })
    .from(answers)
    .where(and(eq(answers.returnId, row.ret.id), eq(answers.standardId, row.challenge.standardId)));
  const holder = await panelMember(db, row.challenge);
  const [raiser] = await db.select({ name: users.name }).from(users).where(eq(users.id, row.challenge.raisedByUserId));
  const messages = await db
    .select({ id: challengeMessages.id, body: challengeMessages.body, createdAt: challengeMessages.createdAt, author: users.name, authorId: users.id })
    .from(challengeMessages)
    .innerJoin(users, eq(users.id, challengeMessages.authorUserId))
    .where(eq(challengeMessages.challengeId, row.challenge.id))
    .orderBy(asc(challengeMessages.createdAt), asc(challengeMessages.id));
  const panelIds = new Set([row.challenge.raisedByUserId, holder?.id]);
  return {
    challenge: row.challenge,
    stage: challengeStage(row.challenge),
    settingId: facts.settingId,
    settingName: facts.settingName,
    cycleName: facts.cycleName,
    partnershipSlug: facts.partnershipSlug,
    returnStatus: row.ret.status,
    standard: facts.standard,
    answer: answer ?? null,
    panelMember: holder ? { id: holder.id, name: holder.name } : null,
    raisedBy: raiser?.name ?? "",
    messages: messages.map((m) => ({ id: m.id, body: m.body, createdAt: m.createdAt, author: m.author, side: panelIds.has(m.authorId) ? "panel" : "setting" })),
  };
}

export interface PanelChallengeSummary extends ChallengeSummary {
  settingId: string;
  settingName: string;
  panelMemberId: string;
  /** Waiting for the setting's answer after the date to answer by (UK). */
  overdue: boolean;
}

/**
 * The partnership's challenges for the panel's pages (the dashboard's open and overdue ones, a
 * member's own), in one cycle when given, oldest date to answer by first.
 */
export async function listPanelChallenges(
  db: Db,
  scope: { partnershipId: string; cycleId?: string; panelMemberId?: string; now?: Date },
): Promise<PanelChallengeSummary[]> {
  const today = londonDate(scope.now ?? new Date());
  const rows = await db
    .select({
      challenge: challenges,
      cycleName: cycles.name,
      standardTitle: standards.title,
      settingId: settings.id,
      settingName: settings.name,
      assignedTo: moderationAssignments.moderatorUserId,
    })
    .from(challenges)
    .innerJoin(returns, eq(returns.id, challenges.returnId))
    .innerJoin(cycles, eq(cycles.id, returns.cycleId))
    .innerJoin(settings, eq(settings.id, returns.settingId))
    .innerJoin(standards, eq(standards.id, challenges.standardId))
    .leftJoin(moderationAssignments, eq(moderationAssignments.id, challenges.assignmentId))
    .where(
      and(
        eq(challenges.partnershipId, scope.partnershipId),
        scope.cycleId && isUuid(scope.cycleId) ? eq(returns.cycleId, scope.cycleId) : undefined,
        scope.panelMemberId
          ? or(eq(moderationAssignments.moderatorUserId, scope.panelMemberId), and(isNull(challenges.assignmentId), eq(challenges.raisedByUserId, scope.panelMemberId)))
          : undefined,
      ),
    )
    .orderBy(asc(challenges.respondBy), asc(settings.name), asc(challenges.standardCode));
  return rows.map(({ challenge: c, ...r }) => ({
    id: c.id,
    returnId: c.returnId,
    cycleName: r.cycleName,
    standardCode: c.standardCode,
    standardTitle: r.standardTitle,
    stage: challengeStage(c),
    respondBy: c.respondBy,
    createdAt: c.createdAt,
    settingId: r.settingId,
    settingName: r.settingName,
    panelMemberId: r.assignedTo ?? c.raisedByUserId,
    overdue: c.status === "open" && c.respondBy !== null && c.respondBy < today,
  }));
}
