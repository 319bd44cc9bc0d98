// The return a page or a change is about, loaded only for the setting and partnership that were
// authorised, with what its lifecycle lets anyone change in it now; and the lock every change
// takes first, which asks the lifecycle again under the lock.
import { and, eq, isNull, or, sql } from "drizzle-orm";
import type { Db } from "../db.server";
import { challenges, cycles, returnVersions, returns, settings, type Cycle, type Return, type Setting } from "../../db/schema";
import { recordAudit } from "../accounts/audit.server";
import { isUuid } from "../ids";
import { DomainError } from "../errors";
import { loadFramework, type LoadedFramework } from "./frameworks.server";
import { settingPeopleJson, type SettingPerson } from "./setting-people.server";
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
  return (await lockAndAsk(tx, ctx, change, message, false)).locked;
}

/**
 * As lockReturnForChange for the whole return, with what its submission writes into the
 * statement that writes the version, read in the same statement as the lock: the number the
 * version takes (one more than the last) and the setting's people its receipts go to.
 */
export async function lockReturnForSubmission(
  tx: Db,
  ctx: ReturnContext,
  message: string,
): Promise<{ locked: Return; nextVersion: number; recipients: SettingPerson[] }> {
  const { locked, row } = await lockAndAsk(tx, ctx, "whole-return", message, true);
  return { locked, nextVersion: Number(row.nextVersion), recipients: row.recipients ?? [] };
}

async function lockAndAsk(tx: Db, ctx: ReturnContext, change: ReturnChange, message: string, forSubmission: boolean) {
  // One statement: the return locked, with its cycle's status as it is now (and for a submission, what it needs).
  const [row] = await tx
    .select({
      ret: returns,
      cycleStatus: cycles.status,
      nextVersion: forSubmission
        ? sql<number>`(select coalesce(max(${returnVersions.number}), 0) + 1 from ${returnVersions} where ${returnVersions.returnId} = ${returns.id})`
        : sql<number>`0`,
      recipients: forSubmission
        ? settingPeopleJson(tx, { partnershipId: ctx.ret.partnershipId, settingId: ctx.ret.settingId })
        : sql<SettingPerson[] | null>`null`,
    })
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
