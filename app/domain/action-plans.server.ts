// A setting's action plan: actions belong to the setting and outlive cycles; each return sees
// the open ones, adds its own and records an update on each. Every change takes the return's lock.
import { and, desc, eq, inArray, or, sql } from "drizzle-orm";
import type { Db } from "../db.server";
import { actionUpdates, actions, returnVersions, returns, type Action, type ActionStatus, type ActionTheme } from "../../db/schema";
import { recordAudit } from "../accounts/audit.server";
import { isUuid } from "../ids";
import { DomainError } from "../errors";
import { hasStarted } from "./return-lifecycle";
import type { ActionState } from "./return-progress";
import { lockReturnForChange, recordChange, type Actor, type ReturnContext } from "./return-context.server";
import type { ReturnSnapshot, SnapshotAction } from "./return-versions.server";
import { OUTSTANDING_ACTION_STATUSES } from "./action-themes";
import { suggestTheme } from "./theme-suggestion";

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
  const [row] = await db.select({ actions: actionRowsJson(ctx) }).from(returns).where(eq(returns.id, ctx.ret.id));
  return actionViews(ctx, row?.actions ?? []);
}

/** An action as the return reads it: what a version's snapshot keeps of it (with this return's update, if any), and more. */
export interface ActionRow extends SnapshotAction {
  revision: number;
  originReturnId: string | null;
}

/**
 * The return's actions (loadActions) as one JSON value in oldest-first order, for a statement
 * that reads them with something else (the return overview reads its answers with them): one
 * value for the database driver to parse instead of a row of twelve columns per action.
 */
export function actionRowsJson(ctx: Pick<ReturnContext, "ret">) {
  // Columns by name: drizzle writes a column in a selected expression without its table.
  return sql<ActionRow[]>`(select coalesce(jsonb_agg(jsonb_build_object(
      'id', actions.id, 'description', actions.description, 'theme', actions.theme, 'owner', actions.owner,
      'dueOn', actions.due_on, 'status', actions.status, 'standardCode', actions.standard_code,
      'revision', actions.revision, 'originReturnId', actions.origin_return_id,
      'update', case when action_updates.id is null then null else jsonb_build_object(
        'status', action_updates.status, 'progressNote', action_updates.progress_note, 'newDueOn', action_updates.new_due_on) end
    ) order by actions.created_at), '[]'::jsonb)
    from ${actions}
    left join ${actionUpdates} on action_updates.action_id = actions.id and action_updates.return_id = ${ctx.ret.id}
    where ${and(
      eq(actions.settingId, ctx.ret.settingId),
      eq(actions.partnershipId, ctx.ret.partnershipId),
      or(inArray(actions.status, OUTSTANDING_ACTION_STATUSES), eq(actions.originReturnId, ctx.ret.id), sql`action_updates.id is not null`),
    )})`;
}

export function actionViews(ctx: Pick<ReturnContext, "ret">, rows: ActionRow[]): ActionView[] {
  return rows.map((action) => {
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
      needsReview: carriedForward && !action.update && hasStarted(ctx.ret.status),
      update: action.update,
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

export interface NewAction {
  description: string;
  theme: ActionTheme;
  owner: string;
  dueOn: string | null;
  standardCode: string | null;
}

/** A theme left unchosen (null) is the one suggested from the description (theme-suggestion.ts), or "other". */
export async function addAction(
  db: Db,
  ctx: ReturnContext,
  input: Omit<NewAction, "theme"> & { theme?: ActionTheme | null; actor: Actor; now?: Date },
): Promise<Action> {
  const now = input.now ?? new Date();
  const theme = input.theme ?? suggestTheme(input.description) ?? "other";
  return db.transaction(async (tx) => {
    const locked = await lockReturnForChange(tx, ctx, "action-plan");
    const [action] = await tx
      .insert(actions)
      .values({
        partnershipId: ctx.ret.partnershipId,
        settingId: ctx.ret.settingId,
        originReturnId: ctx.ret.id,
        standardCode: input.standardCode,
        description: input.description,
        theme,
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
      detail: { returnId: ctx.ret.id, theme, themeSuggested: !input.theme, standardCode: input.standardCode, dueOn: input.dueOn },
    });
    await recordChange(tx, locked, input.actor, now);
    return action;
  });
}

export interface ActionUpdateInput {
  actionId: string;
  status: ActionStatus;
  progressNote: string;
  newDueOn: string | null;
  /** A new theme (a suggested one the DSL changes, say); left out, the theme stays. */
  theme?: ActionTheme;
  /** The action's revision when the person's form was loaded; a newer one means someone else updated it. */
  baseRevision?: number;
}

export const ACTION_UPDATED_MEANWHILE =
  "Someone else updated this action while you were editing it. Their update is shown above and what you typed is still in the form: check both, then save again.";

/** Records this return's update on an action (confirming a carried-forward one counts). */
export async function updateAction(db: Db, ctx: ReturnContext, input: ActionUpdateInput & { actor: Actor; now?: Date }): Promise<void> {
  if (!isUuid(input.actionId)) throw new DomainError("That action was not found.", { status: 404 });
  const now = input.now ?? new Date();
  await db.transaction(async (tx) => {
    const locked = await lockReturnForChange(tx, ctx, "action-plan");
    const [action] = await tx
      .select()
      .from(actions)
      .where(and(eq(actions.id, input.actionId), eq(actions.settingId, ctx.ret.settingId), eq(actions.partnershipId, ctx.ret.partnershipId)))
      .for("update");
    if (!action) throw new DomainError("That action was not found.", { status: 404 });
    if (input.baseRevision !== undefined && input.baseRevision !== action.revision) throw new DomainError(ACTION_UPDATED_MEANWHILE);
    await writeActionUpdate(tx, action, { ...input, returnId: ctx.ret.id, now });
    await recordChange(tx, locked, input.actor, now);
  });
}

/**
 * Records an update on an action the caller has locked (FOR UPDATE) and checked: the update in
 * its history (one per action per return, revised until the return is submitted; any number
 * made on the plan alone, with no return), the action's new state and revision, and the audit
 * event. The setting's plan page uses it for changes made outside a return.
 */
export async function writeActionUpdate(
  tx: Db,
  action: Action,
  input: { returnId: string | null; status: ActionStatus; progressNote: string; newDueOn: string | null; theme?: ActionTheme; actor: Actor; now: Date },
): Promise<void> {
  const { now } = input;
  await tx
    .insert(actionUpdates)
    .values({
      partnershipId: action.partnershipId,
      actionId: action.id,
      returnId: input.returnId,
      status: input.status,
      progressNote: input.progressNote,
      newDueOn: input.newDueOn,
      createdByUserId: input.actor.id,
      createdAt: now,
    })
    // With no return there is nothing to conflict with: NULLs are distinct in the unique key.
    .onConflictDoUpdate({
      target: [actionUpdates.actionId, actionUpdates.returnId],
      set: { status: input.status, progressNote: input.progressNote, newDueOn: input.newDueOn, createdByUserId: input.actor.id, createdAt: now },
    });
  await tx
    .update(actions)
    .set({ status: input.status, dueOn: input.newDueOn ?? action.dueOn, theme: input.theme ?? action.theme, revision: action.revision + 1, updatedAt: now })
    .where(eq(actions.id, action.id));
  await recordAudit(tx, {
    action: "action.updated",
    actorUserId: input.actor.id,
    partnershipId: action.partnershipId,
    entityType: "action",
    entityId: action.id,
    detail: {
      returnId: input.returnId,
      ...(input.returnId ? {} : { onPlan: true }),
      status: { from: action.status, to: input.status },
      dueOn: { from: action.dueOn, to: input.newDueOn ?? action.dueOn },
      ...(input.theme && input.theme !== action.theme ? { theme: { from: action.theme, to: input.theme } } : {}),
    },
  });
}
