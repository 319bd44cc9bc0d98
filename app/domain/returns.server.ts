// A setting's return for a cycle: starting it (blank or from the earlier return), answering
// standards with optimistic concurrency, signing off, and submitting an immutable version.
import { createHash } from "node:crypto";
import { and, asc, desc, eq, inArray, lt, ne, or, sql } from "drizzle-orm";
import type { Db } from "../db.server";
import {
  actionUpdates,
  actions,
  answers,
  cycles,
  memberships,
  returnVersions,
  returns,
  settings,
  users,
  type Action,
  type ActionStatus,
  type ActionTheme,
  type Cycle,
  type Rating,
  type Return,
  type ReturnVersion,
  type Setting,
} from "../../db/schema";
import { enqueueEmail } from "../../emails/outbox.server";
import { returnReceiptEmail } from "../../emails/return-receipt";
import { getConfig } from "../env.server";
import { recordAudit } from "./audit.server";
import { notDeactivatedIn } from "./deactivation.server";
import { isUuid } from "./ids";
import { loadFramework, type LoadedFramework } from "./frameworks.server";
import { THEME_LABELS } from "./action-themes";
import { RATING_LABELS, RATINGS } from "./ratings";
import {
  sectionStatus,
  submissionProblems,
  unsupportedExceedsCodes,
  type ActionState,
  type AnswerState,
  type SectionStatus,
  type SubmissionProblem,
} from "./return-progress";

export class ReturnError extends Error {
  constructor(
    message: string,
    readonly status = 409,
  ) {
    super(message);
    this.name = "ReturnError";
  }
}

export interface ReturnContext {
  ret: Return;
  cycle: Cycle;
  setting: Setting;
  framework: LoadedFramework;
}

export interface Actor {
  id: string;
  name: string;
}

// ---------------------------------------------------------------------------------------------
// Snapshots: what a submitted version holds, forever.
// ---------------------------------------------------------------------------------------------
export interface SnapshotAnswer {
  standardId: string;
  code: string;
  title: string;
  sectionCode: string;
  sectionTitle: string;
  rating: Rating | null;
  evidence: string;
  notes: string;
}

export interface SnapshotAction {
  id: string;
  description: string;
  theme: ActionTheme;
  owner: string;
  dueOn: string | null;
  status: ActionStatus;
  standardCode: string | null;
  update: { status: ActionStatus; progressNote: string; newDueOn: string | null } | null;
}

export interface ReturnSnapshot {
  schema: 1;
  returnId: string;
  settingId: string;
  settingName: string;
  cycleId: string;
  cycleName: string;
  cycleKind: "full" | "interim";
  frameworkId: string;
  frameworkTitle: string;
  frameworkVersion: number;
  answers: SnapshotAnswer[];
  actions: SnapshotAction[];
  signOff: { name: string; role: string; at: string; userId: string | null };
}

// ---------------------------------------------------------------------------------------------
// Reading
// ---------------------------------------------------------------------------------------------

/** The return, only if it belongs to the setting and partnership the caller was authorised for. */
export async function loadReturn(
  db: Db,
  scope: { partnershipId: string; settingId: string; returnId: string },
): Promise<ReturnContext | null> {
  if (!isUuid(scope.returnId)) return null;
  const [row] = await db
    .select({ ret: returns, cycle: cycles, setting: settings })
    .from(returns)
    .innerJoin(cycles, eq(cycles.id, returns.cycleId))
    .innerJoin(settings, eq(settings.id, returns.settingId))
    .where(
      and(
        eq(returns.id, scope.returnId),
        eq(returns.settingId, scope.settingId),
        eq(returns.partnershipId, scope.partnershipId),
      ),
    )
    .limit(1);
  if (!row) return null;
  const framework = await loadFramework(db, scope.partnershipId, row.ret.frameworkId);
  if (!framework) return null;
  return { ...row, framework };
}

export async function loadSetting(db: Db, scope: { partnershipId: string; settingId: string }) {
  if (!isUuid(scope.settingId)) return null;
  const [row] = await db
    .select()
    .from(settings)
    .where(and(eq(settings.id, scope.settingId), eq(settings.partnershipId, scope.partnershipId)))
    .limit(1);
  return row ?? null;
}

/** The setting's partnership, found from the URL's setting id (authorisation happens next). */
export async function partnershipOfSetting(db: Db, settingId: string): Promise<string | null> {
  if (!isUuid(settingId)) return null;
  const [row] = await db.select({ partnershipId: settings.partnershipId }).from(settings).where(eq(settings.id, settingId));
  return row?.partnershipId ?? null;
}

export interface SettingOverview {
  setting: Setting;
  returns: {
    ret: Return;
    cycle: Cycle;
    versions: Pick<ReturnVersion, "number" | "submittedAt">[];
  }[];
  openActions: Action[];
}

export async function getSettingOverview(db: Db, scope: { partnershipId: string; settingId: string }): Promise<SettingOverview | null> {
  const setting = await loadSetting(db, scope);
  if (!setting) return null;
  const rows = await db
    .select({ ret: returns, cycle: cycles })
    .from(returns)
    .innerJoin(cycles, eq(cycles.id, returns.cycleId))
    .where(and(eq(returns.settingId, setting.id), eq(returns.partnershipId, setting.partnershipId)))
    .orderBy(desc(cycles.opensOn));
  const versionRows = rows.length
    ? await db
        .select({ returnId: returnVersions.returnId, number: returnVersions.number, submittedAt: returnVersions.submittedAt })
        .from(returnVersions)
        .where(inArray(returnVersions.returnId, rows.map((r) => r.ret.id)))
        .orderBy(asc(returnVersions.number))
    : [];
  const openActions = await db
    .select()
    .from(actions)
    .where(and(eq(actions.settingId, setting.id), inArray(actions.status, ["open", "in_progress"])))
    .orderBy(asc(actions.dueOn), asc(actions.createdAt));
  return {
    setting,
    returns: rows.map((r) => ({ ...r, versions: versionRows.filter((v) => v.returnId === r.ret.id) })),
    openActions,
  };
}

/** The latest submitted version of the setting's return in an earlier cycle. */
export async function findEarlierVersion(db: Db, ctx: Pick<ReturnContext, "ret" | "cycle">) {
  const [row] = await db
    .select({ version: returnVersions })
    .from(returnVersions)
    .innerJoin(returns, eq(returns.id, returnVersions.returnId))
    .innerJoin(cycles, eq(cycles.id, returns.cycleId))
    .where(earlierThan(ctx))
    .orderBy(desc(cycles.opensOn), desc(returnVersions.number))
    .limit(1);
  return row ? { ...row.version, snapshot: row.version.snapshot as ReturnSnapshot } : null;
}

/** A jsonb value from a SQL expression: postgres.js hands drizzle text, PGlite an object. */
function parseJson<T>(value: unknown): T {
  return (typeof value === "string" ? JSON.parse(value) : value) as T;
}

/** The same setting's returns of cycles that opened before this one. */
function earlierThan(ctx: Pick<ReturnContext, "ret" | "cycle">) {
  return and(
    eq(returns.settingId, ctx.ret.settingId),
    eq(returns.partnershipId, ctx.ret.partnershipId),
    ne(returns.id, ctx.ret.id),
    lt(cycles.opensOn, ctx.cycle.opensOn),
  );
}

/**
 * Only what a section page shows of the earlier version: the earlier cycle's name and the answers
 * to these standards (by code, so they match across framework versions), picked out by the
 * database rather than fetching the whole snapshot.
 */
export async function findEarlierAnswers(
  db: Db,
  ctx: Pick<ReturnContext, "ret" | "cycle">,
  codes: string[],
): Promise<{ cycleName: string; answers: Pick<SnapshotAnswer, "code" | "rating" | "evidence">[] } | null> {
  if (codes.length === 0) return null;
  const [row] = await db
    .select({
      cycleName: sql<string>`${returnVersions.snapshot}->>'cycleName'`,
      answers: sql<Pick<SnapshotAnswer, "code" | "rating" | "evidence">[]>`coalesce((
        select jsonb_agg(jsonb_build_object('code', a->'code', 'rating', a->'rating', 'evidence', a->'evidence'))
        from jsonb_array_elements(${returnVersions.snapshot}->'answers') as a
        where a->>'code' in ${codes}), '[]'::jsonb)`.mapWith(parseJson<Pick<SnapshotAnswer, "code" | "rating" | "evidence">[]>),
    })
    .from(returnVersions)
    .innerJoin(returns, eq(returns.id, returnVersions.returnId))
    .innerJoin(cycles, eq(cycles.id, returns.cycleId))
    .where(earlierThan(ctx))
    .orderBy(desc(cycles.opensOn), desc(returnVersions.number))
    .limit(1);
  return row ?? null;
}

export interface AnswerView extends AnswerState {
  answerId: string;
  notes: string;
  revision: number;
  guidance: string;
  position: number;
}

export async function loadAnswers(db: Db, ctx: ReturnContext): Promise<AnswerView[]> {
  const rows = await db.select().from(answers).where(and(eq(answers.returnId, ctx.ret.id), eq(answers.partnershipId, ctx.ret.partnershipId)));
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

export interface ActionView extends ActionState {
  theme: ActionTheme;
  owner: string;
  dueOn: string | null;
  standardCode: string | null;
  carriedForward: boolean;
  revision: number;
  update: { status: ActionStatus; progressNote: string; newDueOn: string | null } | null;
}

/** The action plan as this return sees it: open actions, those added in it, and those updated in it. */
export async function loadActions(db: Db, ctx: Pick<ReturnContext, "ret">): Promise<ActionView[]> {
  const rows = await db
    .select({ action: actions, update: actionUpdates })
    .from(actions)
    .leftJoin(actionUpdates, and(eq(actionUpdates.actionId, actions.id), eq(actionUpdates.returnId, ctx.ret.id)))
    .where(
      and(
        eq(actions.settingId, ctx.ret.settingId),
        eq(actions.partnershipId, ctx.ret.partnershipId),
        or(
          inArray(actions.status, ["open", "in_progress"]),
          eq(actions.originReturnId, ctx.ret.id),
          sql`${actionUpdates.id} is not null`,
        ),
      ),
    )
    .orderBy(asc(actions.createdAt));
  return rows.map(({ action, update }) => {
    const carriedForward = action.originReturnId !== ctx.ret.id;
    return {
      id: action.id,
      description: action.description,
      theme: action.theme,
      owner: action.owner,
      dueOn: action.dueOn,
      status: action.status,
      standardCode: action.standardCode,
      revision: action.revision,
      carriedForward,
      needsReview: carriedForward && !update && ctx.ret.status !== "not_started",
      update: update ? { status: update.status, progressNote: update.progressNote, newDueOn: update.newDueOn } : null,
    };
  });
}

/**
 * The action plan as the return's latest submitted version holds it. Actions live on after a
 * return is submitted (the next cycle updates them), so a submitted return is shown from its
 * snapshot, not from the actions as they are today.
 */
export async function loadSubmittedActions(db: Db, ctx: Pick<ReturnContext, "ret">): Promise<{ version: number; actions: ActionView[] } | null> {
  const [row] = await db
    .select({ number: returnVersions.number, snapshot: returnVersions.snapshot })
    .from(returnVersions)
    .where(and(eq(returnVersions.returnId, ctx.ret.id), eq(returnVersions.partnershipId, ctx.ret.partnershipId)))
    .orderBy(desc(returnVersions.number))
    .limit(1);
  if (!row) return null;
  const snapshot = row.snapshot as ReturnSnapshot;
  return {
    version: row.number,
    actions: snapshot.actions.map((a) => ({
      ...a,
      carriedForward: false,
      needsReview: false,
      revision: 0,
    })),
  };
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

export function returnPath(ctx: Pick<ReturnContext, "ret">) {
  return `/settings/${ctx.ret.settingId}/returns/${ctx.ret.id}`;
}

export function isEditable(ctx: Pick<ReturnContext, "ret" | "cycle">): boolean {
  return ctx.cycle.status === "open" && ctx.ret.status === "in_progress";
}

export async function getReturnOverview(db: Db, ctx: ReturnContext): Promise<ReturnOverview> {
  const answerViews = await loadAnswers(db, ctx);
  const actionViews = await loadActions(db, ctx);
  const earlier = ctx.ret.startedFromReturnId || ctx.ret.status === "not_started" ? await findEarlierVersion(db, ctx) : null;
  const currentCodes = new Set(answerViews.map((a) => a.code));
  const retiredStandards =
    ctx.ret.startedFromReturnId && earlier
      ? earlier.snapshot.answers
          .filter((a) => !currentCodes.has(a.code))
          .map((a) => ({ code: a.code, title: a.title, rating: a.rating }))
      : [];
  const base = returnPath(ctx);
  return {
    answers: answerViews,
    actions: actionViews,
    sections: ctx.framework.sections.map((s) => {
      const inSection = answerViews.filter((a) => a.sectionId === s.id);
      return {
        id: s.id,
        code: s.code,
        title: s.title,
        status: sectionStatus(inSection),
        answered: inSection.filter((a) => a.rating !== null).length,
        total: inSection.length,
      };
    }),
    unsupportedExceeds: unsupportedExceedsCodes(answerViews),
    retiredStandards,
    earlier: earlier ? { returnId: earlier.returnId, number: earlier.number, cycleName: earlier.snapshot.cycleName } : null,
    problems: submissionProblems({
      answers: answerViews,
      sectionPath: (id) => `${base}/sections/${id}`,
      actions: actionViews,
      actionsPath: `${base}/actions`,
      signedOff: Boolean(ctx.ret.signedOffAt),
      signOffPath: `${base}/sign-off`,
    }),
    editable: isEditable(ctx),
  };
}

// ---------------------------------------------------------------------------------------------
// Starting
// ---------------------------------------------------------------------------------------------

export async function startReturn(
  db: Db,
  ctx: ReturnContext,
  input: { mode: "blank" | "earlier"; actor: Actor; now?: Date },
): Promise<void> {
  const now = input.now ?? new Date();
  await db.transaction(async (tx) => {
    // Lock the return so two people pressing "Start" at once make one set of answers.
    const [locked] = await tx.select().from(returns).where(eq(returns.id, ctx.ret.id)).for("update");
    if (!locked || locked.status !== "not_started") throw new ReturnError("This return has already been started.");
    if (ctx.cycle.status !== "open") throw new ReturnError("This audit cycle is not open, so the return cannot be started.");
    const interim = ctx.cycle.kind === "interim";
    const earlier = input.mode === "earlier" || interim ? await findEarlierVersion(tx, ctx) : null;
    if (input.mode === "earlier" && !earlier) throw new ReturnError("There is no earlier submitted return to start from.");
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
    await tx
      .update(returns)
      .set({ status: "in_progress", startedAt: now, startedFromReturnId: earlier?.returnId ?? null, updatedAt: now })
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
      },
    });
  });
}

// ---------------------------------------------------------------------------------------------
// Answering
// ---------------------------------------------------------------------------------------------

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

const NOT_EDITABLE = "This return cannot be changed now: it has been submitted or the cycle has closed.";

/**
 * Re-reads the return and its cycle under a lock on the return. The caller's context was loaded
 * before the transaction: without this, a save racing a submission (an autosave firing as the
 * DSL presses Submit) would be written after the version was frozen.
 */
async function lockEditableReturn(tx: Db, ctx: ReturnContext, message = NOT_EDITABLE): Promise<Return> {
  const [locked] = await tx.select().from(returns).where(eq(returns.id, ctx.ret.id)).for("update");
  const [cycle] = await tx.select({ status: cycles.status }).from(cycles).where(eq(cycles.id, ctx.cycle.id));
  if (!locked || !cycle || !isEditable({ ret: locked, cycle: { ...ctx.cycle, status: cycle.status } })) throw new ReturnError(message);
  return locked;
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
    if (!standard) throw new ReturnError("That standard is not part of this return.", 400);
    if (entry.rating === "not_applicable" && !standard.allowsNotApplicable)
      throw new ReturnError(`Standard ${standard.code} cannot be marked not applicable.`, 400);
    if (entry.rating !== null && !RATINGS.includes(entry.rating)) throw new ReturnError("Unknown rating.", 400);
  }
  const untouched = (entry: AnswerInput) => entry.baseFingerprint !== undefined && answerFingerprint(entry) === entry.baseFingerprint;
  return db.transaction(async (tx) => {
    const locked = await lockEditableReturn(tx, ctx);
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
      if (!current) throw new ReturnError("This return has not been started.", 409);
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
    if (changed > 0) await touchReturn(tx, locked, input.actor, now);
    return { ok: true as const, revisions, changed };
  });
}

/** Any change after sign-off withdraws the sign-off: the signatory signed what they saw. */
async function touchReturn(tx: Db, locked: Return, actor: Actor, now: Date) {
  await tx
    .update(returns)
    .set({ updatedAt: now, signedOffAt: null, signedOffName: null, signedOffRole: null, signedOffByUserId: null })
    .where(eq(returns.id, locked.id));
  if (locked.signedOffAt) {
    await recordAudit(tx, {
      action: "return.sign_off_withdrawn",
      actorUserId: actor.id,
      partnershipId: locked.partnershipId,
      entityType: "return",
      entityId: locked.id,
      detail: { reason: "the return changed after it was signed off" },
    });
  }
}

// ---------------------------------------------------------------------------------------------
// Action plan
// ---------------------------------------------------------------------------------------------

export interface NewAction {
  description: string;
  theme: ActionTheme;
  owner: string;
  dueOn: string | null;
  standardCode: string | null;
}

export async function addAction(db: Db, ctx: ReturnContext, input: NewAction & { actor: Actor; now?: Date }): Promise<Action> {
  const now = input.now ?? new Date();
  return db.transaction(async (tx) => {
    const locked = await lockEditableReturn(tx, ctx);
    const [action] = await tx
      .insert(actions)
      .values({
        partnershipId: ctx.ret.partnershipId,
        settingId: ctx.ret.settingId,
        originReturnId: ctx.ret.id,
        standardCode: input.standardCode,
        description: input.description,
        theme: input.theme,
        owner: input.owner,
        dueOn: input.dueOn,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    await recordAudit(tx, {
      action: "action.added",
      actorUserId: input.actor.id,
      partnershipId: ctx.ret.partnershipId,
      entityType: "action",
      entityId: action.id,
      detail: { returnId: ctx.ret.id, theme: input.theme, standardCode: input.standardCode, dueOn: input.dueOn },
    });
    await touchReturn(tx, locked, input.actor, now);
    return action;
  });
}

export interface ActionUpdateInput {
  actionId: string;
  status: ActionStatus;
  progressNote: string;
  newDueOn: string | null;
  /** The action's revision when the person's form was loaded; a newer one means someone else updated it. */
  baseRevision?: number;
}

export const ACTION_UPDATED_MEANWHILE =
  "Someone else updated this action while you were editing it. Their update is shown above and what you typed is still in the form: check both, then save again.";

/** Records this return's update on an action (confirming a carried-forward one counts). */
export async function updateAction(db: Db, ctx: ReturnContext, input: ActionUpdateInput & { actor: Actor; now?: Date }): Promise<void> {
  if (!isUuid(input.actionId)) throw new ReturnError("That action was not found.", 404);
  const now = input.now ?? new Date();
  await db.transaction(async (tx) => {
    const locked = await lockEditableReturn(tx, ctx);
    const [action] = await tx
      .select()
      .from(actions)
      .where(and(eq(actions.id, input.actionId), eq(actions.settingId, ctx.ret.settingId), eq(actions.partnershipId, ctx.ret.partnershipId)))
      .for("update");
    if (!action) throw new ReturnError("That action was not found.", 404);
    if (input.baseRevision !== undefined && input.baseRevision !== action.revision) throw new ReturnError(ACTION_UPDATED_MEANWHILE);
    await tx
      .insert(actionUpdates)
      .values({
        partnershipId: ctx.ret.partnershipId,
        actionId: action.id,
        returnId: ctx.ret.id,
        status: input.status,
        progressNote: input.progressNote,
        newDueOn: input.newDueOn,
        createdByUserId: input.actor.id,
        createdAt: now,
      })
      .onConflictDoUpdate({
        target: [actionUpdates.actionId, actionUpdates.returnId],
        set: { status: input.status, progressNote: input.progressNote, newDueOn: input.newDueOn, createdByUserId: input.actor.id, createdAt: now },
      });
    await tx
      .update(actions)
      .set({ status: input.status, dueOn: input.newDueOn ?? action.dueOn, revision: action.revision + 1, updatedAt: now })
      .where(eq(actions.id, action.id));
    await recordAudit(tx, {
      action: "action.updated",
      actorUserId: input.actor.id,
      partnershipId: ctx.ret.partnershipId,
      entityType: "action",
      entityId: action.id,
      detail: {
        returnId: ctx.ret.id,
        status: { from: action.status, to: input.status },
        dueOn: { from: action.dueOn, to: input.newDueOn ?? action.dueOn },
      },
    });
    await touchReturn(tx, locked, input.actor, now);
  });
}

// ---------------------------------------------------------------------------------------------
// Sign-off and submission
// ---------------------------------------------------------------------------------------------

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
    const locked = await lockEditableReturn(tx, ctx, refused);
    if (input.readAt && locked.updatedAt.getTime() !== input.readAt.getTime()) throw new ReturnError(RETURN_CHANGED_BEFORE_SIGN_OFF);
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
    const locked = await lockEditableReturn(tx, ctx, "This return has already been submitted or the cycle has closed.");
    const fresh: ReturnContext = { ...ctx, ret: locked };
    const overview = await getReturnOverview(tx, fresh);
    if (overview.problems.length) return { ok: false as const, problems: overview.problems };

    const [{ latest }] = await tx
      .select({ latest: sql<number>`coalesce(max(${returnVersions.number}), 0)` })
      .from(returnVersions)
      .where(eq(returnVersions.returnId, locked.id));
    const number = Number(latest) + 1;
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
    await tx.insert(returnVersions).values({
      partnershipId: locked.partnershipId,
      returnId: locked.id,
      number,
      snapshot,
      submittedByUserId: input.actor.id,
      submittedAt: now,
    });
    await tx
      .update(returns)
      .set({ status: number === 1 ? "submitted" : "resubmitted", updatedAt: now })
      .where(eq(returns.id, locked.id));
    await recordAudit(tx, {
      action: "return.submitted",
      actorUserId: input.actor.id,
      partnershipId: locked.partnershipId,
      entityType: "return",
      entityId: locked.id,
      detail: { version: number, unsupportedExceeds: overview.unsupportedExceeds, signedOffByUserId: locked.signedOffByUserId },
    });
    await sendReceipts(tx, fresh, snapshot, number, now);
    return { ok: true as const, version: number };
  });
}

/** The receipt goes to the setting's DSLs and signatories, in the same transaction as the submission. */
async function sendReceipts(tx: Db, ctx: ReturnContext, snapshot: ReturnSnapshot, version: number, now: Date) {
  const recipients = await tx
    .selectDistinct({ email: users.email, name: users.name })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(
      and(
        eq(memberships.settingId, ctx.setting.id),
        eq(memberships.partnershipId, ctx.ret.partnershipId),
        inArray(memberships.role, ["dsl", "signatory"]),
        eq(users.active, true),
        notDeactivatedIn(memberships.partnershipId, memberships.userId),
      ),
    );
  const counts = new Map<string, number>();
  for (const a of snapshot.answers) if (a.rating) counts.set(a.rating, (counts.get(a.rating) ?? 0) + 1);
  const ratings = RATINGS.filter((r) => counts.has(r)).map((r) => ({ label: RATING_LABELS[r], count: counts.get(r)! }));
  const actionList = snapshot.actions
    .filter((a) => a.status === "open" || a.status === "in_progress")
    .map((a) => ({ description: a.description, theme: THEME_LABELS[a.theme], dueOn: a.dueOn ?? undefined }));
  const link = `${getConfig().baseUrl}${returnPath(ctx)}/versions/${version}`;
  for (const r of recipients) {
    await enqueueEmail(tx, {
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
    });
  }
}

// ---------------------------------------------------------------------------------------------
// Versions
// ---------------------------------------------------------------------------------------------

export async function listVersions(db: Db, ctx: Pick<ReturnContext, "ret">) {
  return db
    .select({ number: returnVersions.number, submittedAt: returnVersions.submittedAt, submittedBy: users.name })
    .from(returnVersions)
    .leftJoin(users, eq(users.id, returnVersions.submittedByUserId))
    .where(and(eq(returnVersions.returnId, ctx.ret.id), eq(returnVersions.partnershipId, ctx.ret.partnershipId)))
    .orderBy(asc(returnVersions.number));
}

export async function getVersion(db: Db, ctx: Pick<ReturnContext, "ret">, number: number) {
  if (!Number.isInteger(number) || number < 1) return null;
  const [row] = await db
    .select()
    .from(returnVersions)
    .where(
      and(eq(returnVersions.returnId, ctx.ret.id), eq(returnVersions.partnershipId, ctx.ret.partnershipId), eq(returnVersions.number, number)),
    )
    .limit(1);
  return row ? { ...row, snapshot: row.snapshot as ReturnSnapshot } : null;
}

/** The people who may sign the setting's return off, so the DSL knows whom to ask. */
export async function listSignatories(db: Db, ctx: Pick<ReturnContext, "ret">): Promise<{ id: string; name: string }[]> {
  return db
    .selectDistinct({ id: users.id, name: users.name })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(
      and(
        eq(memberships.settingId, ctx.ret.settingId),
        eq(memberships.partnershipId, ctx.ret.partnershipId),
        eq(memberships.role, "signatory"),
        eq(users.active, true),
        notDeactivatedIn(memberships.partnershipId, memberships.userId),
      ),
    )
    .orderBy(asc(users.name), asc(users.id));
}
