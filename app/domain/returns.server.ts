// A setting's return for a cycle: starting it (blank or from the earlier return), answering
// standards with optimistic concurrency, signing off, and submitting an immutable version. The
// action plan, versions and the setting's overview have modules of their own beside this one.
import { createHash } from "node:crypto";
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../db.server";
import { answers, returns, users, type Rating } from "../../db/schema";
import { enqueueEmail, outboxInsert, type EnqueueEmail } from "../../emails/outbox.server";
import { returnReceiptEmail } from "../../emails/return-receipt";
import { signOffRequestEmail } from "../../emails/sign-off-request";
import { getConfig } from "../env.server";
import { auditInsert, recordAudit } from "../accounts/audit.server";
import { settingPeople, settingPeopleJson, type SettingPerson } from "./setting-people.server";
import { isOutstandingAction, isOverdueAction, THEME_LABELS } from "./action-themes";
import { londonIsoDate } from "../dates";
import { actionRowsJson, actionViews, type ActionRow, type ActionView } from "./action-plans.server";
import { DomainError } from "../errors";
import { RATING_LABELS, RATINGS } from "./ratings";
import { lockReturnForChange, lockReturnWith, recordChange, returnPath, type Actor, type ReturnContext } from "./return-context.server";
import { canMove, hasStarted, isOpenForChanges, stateAfter, submissionMove } from "./return-lifecycle";
import {
  sectionStatus,
  submissionProblems,
  unsupportedExceedsCodes,
  type AnswerState,
  type SectionStatus,
  type SubmissionProblem,
} from "./return-progress";
import { findEarlierVersion, nextVersionNumber, writeVersion, type ReturnSnapshot } from "./return-versions.server";
import { carryDocumentsForward } from "./evidence-documents.server";
import { recordResubmission } from "./moderation/resubmission.server";

export interface AnswerView extends AnswerState {
  answerId: string;
  notes: string;
  revision: number;
  guidance: string;
  position: number;
}

export async function loadAnswers(db: Db, ctx: ReturnContext): Promise<AnswerView[]> {
  const [row] = await db.select({ answers: answerRowsJson(ctx) }).from(returns).where(eq(returns.id, ctx.ret.id));
  return answerViews(ctx, row?.answers ?? []);
}

/** The return's answers and its action plan as the return sees it, read in one statement. */
export async function loadReturnContents(db: Db, ctx: ReturnContext): Promise<{ answers: AnswerView[]; actions: ActionView[] }> {
  const [row] = await db
    .select({ answers: answerRowsJson(ctx), actions: actionRowsJson(ctx) })
    .from(returns)
    .where(eq(returns.id, ctx.ret.id));
  return { answers: answerViews(ctx, row?.answers ?? []), actions: actionViews(ctx, row?.actions ?? []) };
}

interface AnswerRow {
  id: string;
  standardId: string;
  rating: Rating | null;
  evidence: string;
  notes: string;
  review: AnswerView["review"];
  revision: number;
}

/** The return's answers as one JSON value: one value for the driver to parse, not a row of seven columns per standard. */
function answerRowsJson(ctx: ReturnContext) {
  // Columns by name: drizzle writes a column in a selected expression without its table.
  return sql<AnswerRow[]>`(select coalesce(jsonb_agg(jsonb_build_object(
      'id', answers.id, 'standardId', answers.standard_id, 'rating', answers.rating, 'evidence', answers.evidence,
      'notes', answers.notes, 'review', answers.review, 'revision', answers.revision)), '[]'::jsonb)
    from ${answers} where ${and(eq(answers.returnId, ctx.ret.id), eq(answers.partnershipId, ctx.ret.partnershipId))})`;
}

/** The answers in the framework's order, each with its standard. */
function answerViews(ctx: ReturnContext, rows: AnswerRow[]): AnswerView[] {
  const byStandard = new Map(rows.map((r) => [r.standardId, r]));
  const views: AnswerView[] = [];
  for (const section of ctx.framework.sections) {
    for (const standard of section.standards) {
      const a = byStandard.get(standard.id);
      if (!a) continue;
      views.push({
        answerId: a.id,
        standardId: standard.id,
        code: standard.code,
        title: standard.title,
        guidance: standard.guidance,
        position: standard.position,
        sectionId: section.id,
        allowsNotApplicable: standard.allowsNotApplicable,
        rating: a.rating,
        evidence: a.evidence,
        notes: a.notes,
        review: a.review,
        revision: a.revision,
      });
    }
  }
  return views;
}

export interface ReturnOverview {
  answers: AnswerView[];
  actions: ActionView[];
  sections: { id: string; code: string; title: string; status: SectionStatus; answered: number; total: number }[];
  unsupportedExceeds: string[];
  retiredStandards: { code: string; title: string; rating: Rating | null }[];
  earlier: { returnId: string; number: number; cycleName: string } | null;
  problems: SubmissionProblem[];
  editable: boolean;
}

/** Anything in the return can be changed now (every standard, or the challenged ones). */
export function isEditable(ctx: Pick<ReturnContext, "editable">): boolean {
  return isOpenForChanges(ctx.editable);
}

/**
 * The return as its overview page shows it. A submission or a sign-off request asks only
 * whether it can go (`{ earlier: false }`): the earlier cycle's version, which the page names
 * and takes retired standards from, is not read.
 */
export async function getReturnOverview(db: Db, ctx: ReturnContext, options: { earlier?: boolean } = {}): Promise<ReturnOverview> {
  const contents = await loadReturnContents(db, ctx);
  const wantsEarlier = options.earlier !== false && (ctx.ret.startedFromReturnId || !hasStarted(ctx.ret.status));
  return overviewOf(ctx, contents, wantsEarlier ? await findEarlierVersion(db, ctx) : null);
}

function overviewOf(
  ctx: ReturnContext,
  { answers: answerList, actions: actionList }: { answers: AnswerView[]; actions: ActionView[] },
  earlier: Awaited<ReturnType<typeof findEarlierVersion>>,
): ReturnOverview {
  const currentCodes = new Set(answerList.map((a) => a.code));
  const retiredStandards =
    ctx.ret.startedFromReturnId && earlier
      ? earlier.snapshot.answers
          .filter((a) => !currentCodes.has(a.code))
          .map((a) => ({ code: a.code, title: a.title, rating: a.rating }))
      : [];
  const base = returnPath(ctx);
  return {
    answers: answerList,
    actions: actionList,
    sections: ctx.framework.sections.map((s) => {
      const inSection = answerList.filter((a) => a.sectionId === s.id);
      return {
        id: s.id,
        code: s.code,
        title: s.title,
        status: sectionStatus(inSection),
        answered: inSection.filter((a) => a.rating !== null).length,
        total: inSection.length,
      };
    }),
    unsupportedExceeds: unsupportedExceedsCodes(answerList),
    retiredStandards,
    earlier: earlier ? { returnId: earlier.returnId, number: earlier.number, cycleName: earlier.snapshot.cycleName } : null,
    problems: submissionProblems({
      answers: answerList,
      sectionPath: (id) => `${base}/sections/${id}`,
      actions: actionList,
      actionsPath: `${base}/actions`,
      signedOff: Boolean(ctx.ret.signedOffAt),
      signOffPath: `${base}/sign-off`,
    }),
    editable: isEditable(ctx),
  };
}

export async function startReturn(
  db: Db,
  ctx: ReturnContext,
  input: { mode: "blank" | "earlier"; actor: Actor; now?: Date },
): Promise<void> {
  const now = input.now ?? new Date();
  await db.transaction(async (tx) => {
    // Lock the return so two people pressing "Start" at once make one set of answers.
    const [locked] = await tx.select().from(returns).where(eq(returns.id, ctx.ret.id)).for("update");
    if (!locked || !canMove(locked.status, "start", "setting")) throw new DomainError("This return has already been started.");
    if (ctx.cycle.status !== "open") throw new DomainError("This audit cycle is not open, so the return cannot be started.");
    const interim = ctx.cycle.kind === "interim";
    const earlier = input.mode === "earlier" || interim ? await findEarlierVersion(tx, ctx) : null;
    if (input.mode === "earlier" && !earlier) throw new DomainError("There is no earlier submitted return to start from.");
    const carried = new Map((earlier?.snapshot.answers ?? []).map((a) => [a.code, a]));
    const rows = ctx.framework.sections.flatMap((section) =>
      section.standards.map((standard) => {
        const previous = carried.get(standard.code);
        // A "not applicable" that the new version no longer allows is dropped, not carried.
        const rating = previous?.rating === "not_applicable" && !standard.allowsNotApplicable ? null : (previous?.rating ?? null);
        return {
          partnershipId: ctx.ret.partnershipId,
          returnId: ctx.ret.id,
          standardId: standard.id,
          rating,
          evidence: previous?.evidence ?? "",
          notes: previous?.notes ?? "",
          // In a full audit each carried answer is reviewed; in an interim update the ratings stand unless revised.
          review: previous ? (interim ? ("reviewed" as const) : ("carried_forward" as const)) : ("new" as const),
          updatedByUserId: input.actor.id,
          updatedAt: now,
        };
      }),
    );
    if (rows.length) await tx.insert(answers).values(rows);
    // The earlier version's documents, by reference (decision 021). A version's snapshot lists
    // the documents it names, as its version_documents rows do (one statement writes both), so a
    // version that names none has nothing to carry.
    const carriedDocuments = earlier?.snapshot.documents?.length
      ? await carryDocumentsForward(tx, ctx, { fromVersionId: earlier.id, fromReturnId: earlier.returnId, actor: input.actor, now })
      : 0;
    await tx
      .update(returns)
      .set({ status: stateAfter(locked.status, "start", "setting"), startedAt: now, startedFromReturnId: earlier?.returnId ?? null, updatedAt: now })
      .where(eq(returns.id, ctx.ret.id));
    await recordAudit(tx, {
      action: "return.started",
      actorUserId: input.actor.id,
      partnershipId: ctx.ret.partnershipId,
      entityType: "return",
      entityId: ctx.ret.id,
      detail: {
        mode: earlier ? "earlier" : "blank",
        fromReturnId: earlier?.returnId ?? null,
        fromVersion: earlier?.number ?? null,
        carriedAnswers: rows.filter((r) => r.review !== "new").length,
        carriedDocuments,
      },
    });
  });
}

export interface AnswerInput {
  standardId: string;
  rating: Rating | null;
  evidence: string;
  notes: string;
  /** The revision the person's form was loaded with. */
  baseRevision: number;
  /**
   * The fingerprint of the answer as the person's form showed it. A section form posts every
   * standard on the page; when what comes back still matches it, the person did not touch that
   * standard, so it is neither a change nor a conflict. Without it every entry counts as typed.
   */
  baseFingerprint?: string;
}

export interface AnswerConflict {
  standardId: string;
  code: string;
  stored: {
    rating: Rating | null;
    evidence: string;
    notes: string;
    revision: number;
    fingerprint: string;
    updatedBy: string | null;
    updatedAt: Date;
  };
}

/** A short digest of an answer's content, so a form can tell the server what it was showing. */
export function answerFingerprint(answer: { rating: Rating | null; evidence: string; notes: string }): string {
  return createHash("sha256")
    .update(JSON.stringify([answer.rating ?? null, answer.evidence, answer.notes]))
    .digest("base64url")
    .slice(0, 22);
}

export type SaveAnswersResult =
  | { ok: true; revisions: Record<string, number>; changed: number }
  | { ok: false; conflicts: AnswerConflict[] };

/**
 * Saves a section's answers as one change. If anyone saved any of them since the person's form
 * was loaded, nothing is written and the stored answers come back beside what was typed.
 */
export async function saveAnswers(
  db: Db,
  ctx: ReturnContext,
  input: {
    entries: AnswerInput[];
    actor: Actor;
    /**
     * The person pressed "Save and continue" on a page showing these answers: carried-forward
     * answers they left as they were are confirmed (reviewed). An autosave or "come back later"
     * leaves them waiting for review.
     */
    confirmUnchanged?: boolean;
    now?: Date;
  },
): Promise<SaveAnswersResult> {
  const now = input.now ?? new Date();
  const standardsById = new Map(ctx.framework.sections.flatMap((s) => s.standards).map((s) => [s.id, s]));
  for (const entry of input.entries) {
    const standard = standardsById.get(entry.standardId);
    if (!standard) throw new DomainError("That standard is not part of this return.", { status: 400 });
    if (entry.rating === "not_applicable" && !standard.allowsNotApplicable)
      throw new DomainError(`Standard ${standard.code} cannot be marked not applicable.`, { status: 400 });
    if (entry.rating !== null && !RATINGS.includes(entry.rating)) throw new DomainError("Unknown rating.", { status: 400 });
  }
  const untouched = (entry: AnswerInput) => entry.baseFingerprint !== undefined && answerFingerprint(entry) === entry.baseFingerprint;
  return db.transaction(async (tx) => {
    const locked = await lockReturnForChange(tx, ctx, { standardCodes: input.entries.map((e) => standardsById.get(e.standardId)!.code) });
    const ids = input.entries.map((e) => e.standardId);
    if (ids.length === 0) return { ok: true as const, revisions: {}, changed: 0 };
    const stored = await tx
      .select({ answer: answers, updatedBy: users.name })
      .from(answers)
      .leftJoin(users, eq(users.id, answers.updatedByUserId))
      .where(and(eq(answers.returnId, ctx.ret.id), inArray(answers.standardId, ids)))
      .for("update", { of: answers });
    const byStandard = new Map(stored.map((s) => [s.answer.standardId, s]));
    const conflicts: AnswerConflict[] = [];
    for (const entry of input.entries) {
      const current = byStandard.get(entry.standardId);
      if (!current) throw new DomainError("This return has not been started.", { status: 409 });
      const alreadyStored =
        current.answer.rating === entry.rating && current.answer.evidence === entry.evidence && current.answer.notes === entry.notes;
      // A save whose text is already stored (an autosave that crossed with a button press) is no
      // conflict, and neither is a standard this person left alone while someone else changed it.
      if (current.answer.revision !== entry.baseRevision && !alreadyStored && !untouched(entry)) {
        const { rating, evidence, notes, revision, updatedAt } = current.answer;
        conflicts.push({
          standardId: entry.standardId,
          code: standardsById.get(entry.standardId)!.code,
          stored: { rating, evidence, notes, revision, updatedAt, updatedBy: current.updatedBy, fingerprint: answerFingerprint(current.answer) },
        });
      }
    }
    if (conflicts.length) return { ok: false as const, conflicts };

    const revisions: Record<string, number> = {};
    let changed = 0;
    for (const entry of input.entries) {
      const current = byStandard.get(entry.standardId)!.answer;
      const leftAlone = untouched(entry);
      const write = leftAlone
        ? // Confirmed only by "Save and continue", and only if nobody changed it meanwhile (their
          // change was a review of its own).
          current.review === "carried_forward" && input.confirmUnchanged === true && current.revision === entry.baseRevision
        : // Saving an answer, changed or not, is reviewing it.
          !(current.rating === entry.rating && current.evidence === entry.evidence && current.notes === entry.notes && current.review === "reviewed");
      if (!write) {
        // A standard left alone keeps the revision its form had: if someone else changed it
        // meanwhile, typing in it later must still be caught as a conflict.
        revisions[entry.standardId] = leftAlone ? entry.baseRevision : current.revision;
        continue;
      }
      const next = leftAlone ? current : entry;
      changed++;
      revisions[entry.standardId] = current.revision + 1;
      await tx
        .update(answers)
        .set({
          rating: next.rating,
          evidence: next.evidence,
          notes: next.notes,
          review: "reviewed",
          revision: current.revision + 1,
          updatedByUserId: input.actor.id,
          updatedAt: now,
        })
        .where(eq(answers.id, current.id));
      await recordAudit(tx, {
        action: current.review === "carried_forward" ? "answer.reviewed" : "answer.saved",
        actorUserId: input.actor.id,
        partnershipId: ctx.ret.partnershipId,
        entityType: "answer",
        entityId: current.id,
        detail: {
          returnId: ctx.ret.id,
          code: standardsById.get(entry.standardId)!.code,
          rating: { from: current.rating, to: next.rating },
          evidenceChanged: current.evidence !== next.evidence,
          notesChanged: current.notes !== next.notes,
        },
      });
    }
    if (changed > 0) await recordChange(tx, locked, input.actor, now);
    return { ok: true as const, revisions, changed };
  });
}

export const RETURN_CHANGED_BEFORE_SIGN_OFF =
  "The return has changed since you opened this page. Check the answers again, then sign it off.";

export async function signOffReturn(
  db: Db,
  ctx: ReturnContext,
  input: {
    actor: Actor;
    name: string;
    roleTitle: string;
    /** When the return was last changed as the signatory's page showed it: they sign what they read. */
    readAt?: Date;
    now?: Date;
  },
): Promise<void> {
  const refused = "This return cannot be signed off now: it has been submitted or the cycle has closed.";
  const now = input.now ?? new Date();
  await db.transaction(async (tx) => {
    const locked = await lockReturnForChange(tx, ctx, "whole-return", refused);
    if (input.readAt && locked.updatedAt.getTime() !== input.readAt.getTime()) throw new DomainError(RETURN_CHANGED_BEFORE_SIGN_OFF);
    await tx
      .update(returns)
      .set({ signedOffByUserId: input.actor.id, signedOffName: input.name, signedOffRole: input.roleTitle, signedOffAt: now, updatedAt: now })
      .where(eq(returns.id, ctx.ret.id));
    await recordAudit(tx, {
      action: "return.signed_off",
      actorUserId: input.actor.id,
      partnershipId: ctx.ret.partnershipId,
      entityType: "return",
      entityId: ctx.ret.id,
      detail: { name: input.name, role: input.roleTitle },
    });
  });
}

export type SubmitResult = { ok: true; version: number } | { ok: false; problems: SubmissionProblem[] };

/**
 * Freezes the return as its next version. Who may press Submit is the policy's question
 * (`return.submit`: the setting's DSL or signatory, decision 008); this asks whether the return
 * has a current sign-off, re-read under the lock: any change since signing withdrew it, and
 * without one nothing is written and the problems say so.
 */
export async function submitReturn(db: Db, ctx: ReturnContext, input: { actor: Actor; now?: Date }): Promise<SubmitResult> {
  const now = input.now ?? new Date();
  return db.transaction(async (tx) => {
    const { fresh, nextVersion, recipients, contents } = await lockForSubmission(tx, ctx);
    const locked = fresh.ret;
    const overview = overviewOf(fresh, contents, null);
    if (overview.problems.length) return { ok: false as const, problems: overview.problems };

    const sectionOf = new Map(ctx.framework.sections.map((s) => [s.id, s]));
    const snapshot: ReturnSnapshot = {
      schema: 1,
      returnId: locked.id,
      settingId: ctx.setting.id,
      settingName: ctx.setting.name,
      cycleId: ctx.cycle.id,
      cycleName: ctx.cycle.name,
      cycleKind: ctx.cycle.kind,
      frameworkId: ctx.framework.framework.id,
      frameworkTitle: ctx.framework.framework.title,
      frameworkVersion: ctx.framework.framework.version,
      answers: overview.answers.map((a) => ({
        standardId: a.standardId,
        code: a.code,
        title: a.title,
        sectionCode: sectionOf.get(a.sectionId)!.code,
        sectionTitle: sectionOf.get(a.sectionId)!.title,
        rating: a.rating,
        evidence: a.evidence,
        notes: a.notes,
      })),
      actions: overview.actions.map((a) => ({
        id: a.id,
        description: a.description,
        theme: a.theme,
        owner: a.owner,
        dueOn: a.dueOn,
        status: a.status,
        standardCode: a.standardCode,
        update: a.update,
      })),
      signOff: {
        name: locked.signedOffName ?? "",
        role: locked.signedOffRole ?? "",
        at: (locked.signedOffAt ?? now).toISOString(),
        userId: locked.signedOffByUserId,
      },
    };
    const state = locked.status;
    // The audit event and the receipts go in the statement that writes the version.
    const submitted = auditInsert(tx, {
      action: "return.submitted",
      actorUserId: input.actor.id,
      partnershipId: locked.partnershipId,
      entityType: "return",
      entityId: locked.id,
      detail: { version: nextVersion, unsupportedExceeds: overview.unsupportedExceeds, signedOffByUserId: locked.signedOffByUserId },
    });
    const receipts = receiptEmails(fresh, recipients, snapshot, nextVersion, now);
    const { number } = await writeVersion(tx, {
      snapshot,
      partnershipId: locked.partnershipId,
      submittedByUserId: input.actor.id,
      submittedAt: now,
      returnStatus: stateAfter(state, submissionMove(state), "setting"),
      withDocuments: true,
      number: nextVersion,
      alongside: receipts.length ? [submitted, outboxInsert(tx, receipts)] : [submitted],
    });
    // The next version answers the panel's challenges: they point at it, and a sampled return goes back into moderation.
    if (submissionMove(state) === "resubmit")
      await recordResubmission(tx, { partnershipId: locked.partnershipId, returnId: locked.id, version: number, actor: input.actor, now });
    return { ok: true as const, version: number };
  });
}

/**
 * The return locked for its submission, with what its version is made of read in the same
 * statement: its answers and actions, the number the version takes (one more than the last) and
 * the setting's people its receipts go to.
 */
async function lockForSubmission(tx: Db, ctx: ReturnContext) {
  const { locked, also } = await lockReturnWith(tx, ctx, "whole-return", "This return has already been submitted or the cycle has closed.", {
    answers: answerRowsJson(ctx),
    actions: actionRowsJson(ctx),
    // The table named in full: drizzle writes a selected expression's columns without their table when nothing is joined.
    nextVersion: nextVersionNumber(sql`${returns}.id`),
    recipients: settingPeopleJson(tx, { partnershipId: ctx.ret.partnershipId, settingId: ctx.setting.id }),
  });
  const fresh: ReturnContext = { ...ctx, ret: locked };
  return {
    fresh,
    contents: { answers: answerViews(fresh, also.answers as AnswerRow[]), actions: actionViews(fresh, also.actions as ActionRow[]) },
    nextVersion: Number(also.nextVersion),
    recipients: also.recipients as SettingPerson[],
  };
}

/** The receipts, one to each of the setting's DSLs and signatories, queued with the submission. */
function receiptEmails(ctx: ReturnContext, recipients: SettingPerson[], snapshot: ReturnSnapshot, version: number, now: Date): EnqueueEmail[] {
  const counts = new Map<string, number>();
  for (const a of snapshot.answers) if (a.rating) counts.set(a.rating, (counts.get(a.rating) ?? 0) + 1);
  const ratings = RATINGS.filter((r) => counts.has(r)).map((r) => ({ label: RATING_LABELS[r], count: counts.get(r)! }));
  const actionList = snapshot.actions
    .filter(isOutstandingAction)
    .map((a) => ({
      description: a.description,
      theme: THEME_LABELS[a.theme],
      dueOn: a.dueOn ?? undefined,
      overdue: isOverdueAction({ status: a.status, dueOn: a.dueOn ?? null }, londonIsoDate(now)),
    }));
  const link = `${getConfig().baseUrl}${returnPath(ctx)}/versions/${version}`;
  return recipients.map((r) => ({
    to: r.email,
    template: "return-receipt",
    partnershipId: ctx.ret.partnershipId,
    message: returnReceiptEmail({
      name: r.name,
      settingName: ctx.setting.name,
      cycleName: ctx.cycle.name,
      versionNumber: version,
      submittedAt: now,
      ratings,
      actions: actionList,
      link,
    }),
  }));
}

/** The people who may sign the setting's return off, so the DSL knows whom to ask. */
export async function listSignatories(db: Db, ctx: Pick<ReturnContext, "ret">): Promise<{ id: string; name: string; email: string }[]> {
  return settingPeople(db, { partnershipId: ctx.ret.partnershipId, settingId: ctx.ret.settingId }, ["signatory"]);
}

export const SIGN_OFF_REQUEST_REFUSALS = {
  closed: "The return cannot be signed off now: it has been submitted or the audit cycle has closed.",
  signedOff: "The return is already signed off.",
  unfinished: "Finish the return before asking for sign-off: everything listed under “You cannot submit yet”, apart from the sign-off, must be done first.",
  nobody: "Nobody at the setting can sign the return off yet. Ask your partnership’s business unit to invite your headteacher, chair of governors or agency lead.",
} as const;

/**
 * The DSL says the return is ready: each of the setting's signatories is emailed (through the
 * outbox, in the same transaction) with a link to the sign-off page. Only a finished return that
 * is not signed off can be sent; asking again sends again, and the page says when it last asked.
 */
export async function requestSignOff(db: Db, ctx: ReturnContext, input: { actor: Actor; now?: Date }): Promise<{ sentTo: string[] }> {
  const now = input.now ?? new Date();
  return db.transaction(async (tx) => {
    const locked = await lockReturnForChange(tx, ctx, "whole-return", SIGN_OFF_REQUEST_REFUSALS.closed);
    if (locked.signedOffAt) throw new DomainError(SIGN_OFF_REQUEST_REFUSALS.signedOff);
    const overview = await getReturnOverview(tx, { ...ctx, ret: locked }, { earlier: false });
    const signOffPath = `${returnPath(ctx)}/sign-off`;
    if (overview.problems.some((p) => p.href !== signOffPath)) throw new DomainError(SIGN_OFF_REQUEST_REFUSALS.unfinished);
    const signatories = (await listSignatories(tx, ctx)).filter((s) => s.id !== input.actor.id);
    if (signatories.length === 0) throw new DomainError(SIGN_OFF_REQUEST_REFUSALS.nobody);
    // Not a change to the return: its updatedAt (what a signatory signs against) stays as it is.
    await tx.update(returns).set({ signOffRequestedAt: now, signOffRequestedByUserId: input.actor.id }).where(eq(returns.id, locked.id));
    const link = `${getConfig().baseUrl}${signOffPath}`;
    for (const signatory of signatories) {
      await enqueueEmail(tx, {
        to: signatory.email,
        template: "sign-off-request",
        partnershipId: ctx.ret.partnershipId,
        message: signOffRequestEmail({
          name: signatory.name,
          requestedBy: input.actor.name,
          settingName: ctx.setting.name,
          cycleName: ctx.cycle.name,
          link,
        }),
      });
    }
    await recordAudit(tx, {
      action: "return.sign_off_requested",
      actorUserId: input.actor.id,
      partnershipId: ctx.ret.partnershipId,
      entityType: "return",
      entityId: ctx.ret.id,
      detail: { signatories: signatories.map((s) => s.id) },
    });
    return { sentTo: signatories.map((s) => s.name) };
  });
}
