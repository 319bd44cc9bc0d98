// The return a page or a change is about, loaded only for the setting and partnership that were
// authorised, with what its lifecycle lets anyone change in it now; and the lock every change
// takes first, which asks the lifecycle again under the lock.
import { and, eq, isNull, or, sql, type SQL } from "drizzle-orm";
import type { Db } from "../db.server";
import { challenges, cycles, returns, settings, type Cycle, type Return, type Setting } from "../../db/schema";
import { recordAudit } from "../accounts/audit.server";
import { isUuid } from "../ids";
import { DomainError } from "../errors";
import { loadFramework, type LoadedFramework } from "./frameworks.server";
import {
  editableStandards,
  isOpenForChanges,
  mayChangeActionPlan,
  mayChangeStandard,
  type EditableStandards,
} from "./return-lifecycle";

export interface ReturnContext {
  ret: Return;
  cycle: Cycle;
  setting: Setting;
  framework: LoadedFramework;
  /** What can be changed in the return now, as the lifecycle says (asked again under the lock for any change). */
  editable: EditableStandards;
}

export interface Actor {
  id: string;
  name: string;
}

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
  return { ...row, framework, editable: await editability(db, row.ret, row.cycle.status) };
}

async function editability(db: Db, ret: Pick<Return, "id" | "status">, cycleStatus: Cycle["status"]): Promise<EditableStandards> {
  // Only a reopened return needs its challenges read: they say which standards reopened.
  const challengedCodes = ret.status === "reopened" ? await challengedStandardCodes(db, ret.id) : [];
  return editableStandards({ state: ret.status, cycleOpen: cycleStatus === "open", challengedCodes });
}

/**
 * Codes of the standards a challenge keeps reopened: waiting for the setting's answer, or
 * answered but not yet resubmitted (the answer is only in the return once the signatory signs
 * it off and submits it, so the standard stays changeable until then).
 */
async function challengedStandardCodes(db: Db, returnId: string): Promise<string[]> {
  const rows = await db
    .select({ code: challenges.standardCode })
    .from(challenges)
    .where(
      and(
        eq(challenges.returnId, returnId),
        or(eq(challenges.status, "open"), and(eq(challenges.status, "responded"), isNull(challenges.respondedVersionNumber))),
      ),
    );
  return rows.map((r) => r.code);
}

/** The setting's partnership, found from the URL's setting id (authorisation happens next). */
export async function partnershipOfSetting(db: Db, settingId: string): Promise<string | null> {
  if (!isUuid(settingId)) return null;
  const [row] = await db.select({ partnershipId: settings.partnershipId }).from(settings).where(eq(settings.id, settingId));
  return row?.partnershipId ?? null;
}

export function returnPath(ctx: Pick<ReturnContext, "ret">) {
  return `/settings/${ctx.ret.settingId}/returns/${ctx.ret.id}`;
}

export const NOT_EDITABLE = "This return cannot be changed now: it has been submitted or the cycle has closed.";

/** What a change touches: some standards' answers, the action plan, or the return as a whole (sign-off, submission). */
export type ReturnChange = { standardCodes: readonly string[] } | "action-plan" | "whole-return";

/**
 * Re-reads the return and its cycle under a lock on the return and asks the lifecycle whether
 * this change is allowed now. The caller's context was loaded before the transaction: without
 * this, a save racing a submission (an autosave firing as the DSL presses Submit) would be
 * written after the version was frozen.
 */
export async function lockReturnForChange(tx: Db, ctx: ReturnContext, change: ReturnChange, message = NOT_EDITABLE): Promise<Return> {
  return (await lockAndAsk(tx, ctx, change, message, {})).locked;
}

/**
 * As lockReturnForChange, reading more in the same statement: `also` names expressions (scalar
 * subqueries) evaluated with the lock, each one round trip fewer. A submission reads what its
 * version is made of this way (returns.server.ts); their values come back as the driver parsed them.
 *
 * They are read as of the statement's start. If the statement waited for the lock while another
 * change to the return committed, PostgreSQL locks and returns the return as that change left it,
 * but the expressions saw the earlier state: the statement notices (the row it locked is not the
 * row its snapshot holds) and they are read again, now that the lock is held.
 */
export async function lockReturnWith(
  tx: Db,
  ctx: ReturnContext,
  change: ReturnChange,
  message: string,
  also: Record<string, SQL>,
): Promise<{ locked: Return; also: Record<string, unknown> }> {
  const { locked, row } = await lockAndAsk(tx, ctx, change, message, {
    ...also,
    // xmin names the transaction that wrote the row version: every update gives a new one.
    [CHANGED_WHILE_WAITING]: sql`(select seen.xmin::text is distinct from ${returns}.xmin::text from ${returns} seen where seen.id = ${returns}.id)`,
  });
  const { [CHANGED_WHILE_WAITING]: changedWhileWaiting, ...read } = row.also;
  if (changedWhileWaiting !== false) {
    const [again] = await tx.select({ also }).from(returns).where(eq(returns.id, ctx.ret.id));
    return { locked, also: again.also };
  }
  return { locked, also: read };
}

const CHANGED_WHILE_WAITING = "changedWhileWaiting";

async function lockAndAsk(tx: Db, ctx: ReturnContext, change: ReturnChange, message: string, also: Record<string, SQL>) {
  // One statement: the return locked, with its cycle's status as it is now (and what else the caller asks).
  const [row] = await tx
    .select({ ret: returns, cycleStatus: cycles.status, also })
    .from(returns)
    .innerJoin(cycles, eq(cycles.id, returns.cycleId))
    .where(eq(returns.id, ctx.ret.id))
    .for("update", { of: returns });
  if (!row) throw new DomainError(message);
  const locked = row.ret;
  const editable = await editability(tx, locked, row.cycleStatus);
  const allowed =
    change === "action-plan"
      ? mayChangeActionPlan(editable)
      : change === "whole-return"
        ? isOpenForChanges(editable)
        : isOpenForChanges(editable) && change.standardCodes.every((code) => mayChangeStandard(editable, code));
  if (!allowed) throw new DomainError(message);
  return { locked, row };
}

/** Marks the return changed. Any change after sign-off withdraws the sign-off: the signatory signed what they saw. */
export async function recordChange(tx: Db, locked: Return, actor: Actor, now: Date) {
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
