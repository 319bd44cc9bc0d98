// A setting's action plan across cycles: every action it has had, where each came from (a
// return's standard, a moderation review, or the plan itself), and the history of its updates.
//
// A change made on the plan while the setting's return is open for changes goes into that
// return, exactly as on the return's own action plan page (its lock, its update, withdrawing its
// sign-off), so the return is submitted with it. With no return open (between cycles, or once it
// is submitted) the change is the plan's alone: an update with no return, under the action's own
// row lock and revision check.
import { and, asc, eq, inArray } from "drizzle-orm";
import type { Db } from "../db.server";
import { actionUpdates, actions, cycles, returns, settings, users, type ActionStatus, type ActionTheme } from "../../db/schema";
import { recordAudit } from "../accounts/audit.server";
import { DomainError } from "../errors";
import { isUuid } from "../ids";
import { ACTION_UPDATED_MEANWHILE, addAction, updateAction, writeActionUpdate } from "./action-plans.server";
import { loadReturn, returnPath, type Actor, type ReturnContext } from "./return-context.server";
import { mayChangeActionPlan, mayChangeStandard } from "./return-lifecycle";
import { fieldId } from "./return-progress";
import { suggestTheme } from "./theme-suggestion";

interface Scope {
  partnershipId: string;
  settingId: string;
}

export interface PlanUpdate {
  at: Date;
  byName: string | null;
  status: ActionStatus;
  progressNote: string;
  newDueOn: string | null;
  /** The cycle of the return the update was made in; null for one made on the plan alone. */
  cycleName: string | null;
}

export interface PlanAction {
  id: string;
  description: string;
  theme: ActionTheme;
  owner: string;
  dueOn: string | null;
  status: ActionStatus;
  source: "self_assessment" | "moderation";
  standardCode: string | null;
  revision: number;
  createdAt: Date;
  /** The cycle whose return (or moderation review) added it; null for one added on the plan. */
  originCycleName: string | null;
  originReturnId: string | null;
  updates: PlanUpdate[];
}

/** The setting and every action it has had, oldest first, each with its updates oldest first. */
export async function loadActionPlan(db: Db, scope: Scope): Promise<{ setting: { id: string; name: string }; actions: PlanAction[] } | null> {
  const [setting] = await db
    .select({ id: settings.id, name: settings.name })
    .from(settings)
    .where(and(eq(settings.id, scope.settingId), eq(settings.partnershipId, scope.partnershipId)));
  if (!setting) return null;
  return { setting, actions: await planActions(db, scope) };
}

async function planActions(db: Db, scope: Scope): Promise<PlanAction[]> {
  const rows = await db
    .select({ action: actions, originCycleName: cycles.name })
    .from(actions)
    .leftJoin(returns, eq(returns.id, actions.originReturnId))
    .leftJoin(cycles, eq(cycles.id, returns.cycleId))
    .where(and(eq(actions.settingId, scope.settingId), eq(actions.partnershipId, scope.partnershipId)))
    .orderBy(asc(actions.createdAt), asc(actions.id));
  if (!rows.length) return [];
  const updates = await db
    .select({ update: actionUpdates, byName: users.name, cycleName: cycles.name })
    .from(actionUpdates)
    .leftJoin(users, eq(users.id, actionUpdates.createdByUserId))
    .leftJoin(returns, eq(returns.id, actionUpdates.returnId))
    .leftJoin(cycles, eq(cycles.id, returns.cycleId))
    .where(
      and(
        eq(actionUpdates.partnershipId, scope.partnershipId),
        inArray(
          actionUpdates.actionId,
          rows.map((r) => r.action.id),
        ),
      ),
    )
    .orderBy(asc(actionUpdates.createdAt), asc(actionUpdates.id));
  const byAction = new Map<string, PlanUpdate[]>();
  for (const { update, byName, cycleName } of updates) {
    const list = byAction.get(update.actionId) ?? [];
    list.push({ at: update.createdAt, byName, status: update.status, progressNote: update.progressNote, newDueOn: update.newDueOn, cycleName });
    byAction.set(update.actionId, list);
  }
  return rows.map(({ action: a, originCycleName }) => ({
    id: a.id,
    description: a.description,
    theme: a.theme,
    owner: a.owner,
    dueOn: a.dueOn,
    status: a.status,
    source: a.source,
    standardCode: a.standardCode,
    revision: a.revision,
    createdAt: a.createdAt,
    originCycleName,
    originReturnId: a.originReturnId,
    updates: byAction.get(a.id) ?? [],
  }));
}

/**
 * The setting's return that a change on the plan goes into: the one in an open cycle whose
 * lifecycle lets its action plan change now (started, not submitted). Null when there is none.
 */
export async function returnTakingPlanChanges(db: Db, scope: Scope): Promise<ReturnContext | null> {
  const open = await db
    .select({ id: returns.id })
    .from(returns)
    .innerJoin(cycles, eq(cycles.id, returns.cycleId))
    .where(and(eq(returns.settingId, scope.settingId), eq(returns.partnershipId, scope.partnershipId), eq(cycles.status, "open")))
    .orderBy(asc(cycles.opensOn));
  for (const { id } of open) {
    const ctx = await loadReturn(db, { ...scope, returnId: id });
    if (ctx && mayChangeActionPlan(ctx.editable)) return ctx;
  }
  return null;
}

export interface PlanChange {
  /** The return the change went into; null when it was made on the plan alone. */
  returnId: string | null;
}

/** Adds an action to the plan (into the open return, if there is one). */
export async function addToPlan(
  db: Db,
  scope: Scope,
  input: { description: string; theme?: ActionTheme | null; owner: string; dueOn: string | null; standardCode: string | null; actor: Actor; now?: Date },
): Promise<PlanChange & { actionId: string; theme: ActionTheme }> {
  const ctx = await returnTakingPlanChanges(db, scope);
  if (ctx) {
    const action = await addAction(db, ctx, input);
    return { returnId: ctx.ret.id, actionId: action.id, theme: action.theme };
  }
  const now = input.now ?? new Date();
  const theme = input.theme ?? suggestTheme(input.description) ?? "other";
  return db.transaction(async (tx) => {
    const [action] = await tx
      .insert(actions)
      .values({
        partnershipId: scope.partnershipId,
        settingId: scope.settingId,
        standardCode: input.standardCode,
        description: input.description,
        theme,
        owner: input.owner,
        dueOn: input.dueOn,
        createdAt: now,
        updatedAt: now,
      })
      .returning({ id: actions.id });
    await recordAudit(tx, {
      action: "action.added",
      actorUserId: input.actor.id,
      partnershipId: scope.partnershipId,
      entityType: "action",
      entityId: action.id,
      detail: { returnId: null, onPlan: true, theme, themeSuggested: !input.theme, standardCode: input.standardCode, dueOn: input.dueOn },
    });
    return { returnId: null, actionId: action.id, theme };
  });
}

/**
 * Records an update on one of the setting's actions (into the open return, if there is one).
 * `baseRevision` is the action's revision when the form was loaded: a newer one is refused, so
 * a colleague's update is never overwritten unseen.
 */
export async function updateOnPlan(
  db: Db,
  scope: Scope,
  input: { actionId: string; status: ActionStatus; progressNote: string; newDueOn: string | null; theme?: ActionTheme; baseRevision: number; actor: Actor; now?: Date },
): Promise<PlanChange> {
  if (!isUuid(input.actionId)) throw new DomainError("That action was not found.", { status: 404 });
  const ctx = await returnTakingPlanChanges(db, scope);
  if (ctx) {
    await updateAction(db, ctx, input);
    return { returnId: ctx.ret.id };
  }
  const now = input.now ?? new Date();
  await db.transaction(async (tx) => {
    const [action] = await tx
      .select()
      .from(actions)
      .where(and(eq(actions.id, input.actionId), eq(actions.settingId, scope.settingId), eq(actions.partnershipId, scope.partnershipId)))
      .for("update");
    if (!action) throw new DomainError("That action was not found.", { status: 404 });
    if (input.baseRevision !== action.revision) throw new DomainError(ACTION_UPDATED_MEANWHILE);
    await writeActionUpdate(tx, action, { ...input, returnId: null, now });
  });
  return { returnId: null };
}

/**
 * An action about a standard has just been closed (done, or no longer needed): the DSL may want
 * to look at that standard's rating again, when the return lets them change it. Where to do it.
 */
export function revisitRating(
  ctx: ReturnContext,
  action: { standardCode: string | null; status: ActionStatus },
): { code: string; title: string; closedAs: string; href: string } | null {
  if (!action.standardCode || (action.status !== "done" && action.status !== "dropped")) return null;
  if (!mayChangeStandard(ctx.editable, action.standardCode)) return null;
  const section = ctx.framework.sections.find((s) => s.standards.some((st) => st.code === action.standardCode));
  const standard = section?.standards.find((st) => st.code === action.standardCode);
  if (!section || !standard) return null;
  return {
    code: standard.code,
    title: standard.title,
    closedAs: action.status === "done" ? "done" : "no longer needed",
    href: `${returnPath(ctx)}/sections/${section.id}#heading-${fieldId("s", standard.code)}`,
  };
}
