// Running the audit year (issue 12, decision 020): the business unit creates a cycle with its
// framework versions, dates and invited settings, opens it, extends one setting's due date,
// reopens a submitted return with a reason, and closes the cycle. Each is one transaction with
// its audit event; the page and the `portal` commands call these and nothing else.
import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../db.server";
import {
  cycleReminders,
  cycles,
  frameworks,
  memberships,
  returnVersions,
  returns,
  settings,
  users,
  type Cycle,
  type ReturnStatus,
  type SettingType,
  type StatutoryBasis,
} from "../../db/schema";
import { recordAudit } from "../accounts/audit.server";
import { notDeactivatedIn } from "../accounts/deactivation.server";
import { londonIsoDate } from "../dates";
import { DomainError } from "../errors";
import { isUuid } from "../ids";
import { stateAfter } from "./return-lifecycle";

export interface InviteRule {
  /** Statutory bases invited (s175 maintained, s157 independent and academies, s11 agencies). */
  bases: readonly StatutoryBasis[];
  /** Only these types of setting, if given. */
  types?: readonly SettingType[];
  /** Settings left out although the rule takes them. */
  excludeSettingIds?: readonly string[];
  /** Settings invited although the rule leaves them out. */
  addSettingIds?: readonly string[];
}

export interface CreateCycleInput {
  partnershipId: string;
  name: string;
  kind: "full" | "interim";
  educationFrameworkId: string;
  agencyFrameworkId: string;
  opensOn: string;
  dueOn: string;
  closesOn?: string | null;
  previousCycleId?: string | null;
  invite: InviteRule;
  /** The reminder schedule; the defaults (decision 020) where left out. */
  schedule?: { reminderDaysBefore?: number[]; overdueEveryDays?: number; overdueLimit?: number; remindOnOpening?: boolean };
  actorUserId?: string | null;
}

const bad = (message: string, field: string) => new DomainError(message, { status: 400, field });

/**
 * Creates a draft cycle and invites its settings (each gets its return, not yet started) in one
 * transaction: a framework, previous cycle or setting that is not this partnership's is refused
 * and nothing is made.
 */
export async function createCycleWithInvitations(db: Db, input: CreateCycleInput): Promise<{ cycle: Cycle; invited: number }> {
  if (input.dueOn < input.opensOn) throw bad("The due date must be on or after the day the cycle opens", "dueOn");
  if (input.closesOn && input.closesOn < input.dueOn) throw bad("The closing date must be on or after the due date", "closesOn");
  if (input.invite.bases.length === 0 && (input.invite.addSettingIds ?? []).length === 0)
    throw bad("Select which settings to invite", "bases");
  const schedule = input.schedule ?? {};
  if ((schedule.reminderDaysBefore ?? []).some((d) => !Number.isInteger(d) || d < 1 || d > 365))
    throw bad("Days before the due date must be whole numbers from 1 to 365, like 28, 14, 7, 1", "reminderDaysBefore");
  if (schedule.overdueEveryDays !== undefined && (!Number.isInteger(schedule.overdueEveryDays) || schedule.overdueEveryDays < 1 || schedule.overdueEveryDays > 90))
    throw bad("Days between overdue reminders must be a whole number from 1 to 90", "overdueEveryDays");
  if (schedule.overdueLimit !== undefined && (!Number.isInteger(schedule.overdueLimit) || schedule.overdueLimit < 0 || schedule.overdueLimit > 20))
    throw bad("Overdue reminders must be a whole number from 0 to 20", "overdueLimit");
  return db.transaction(async (tx) => {
    for (const [field, id, kind] of [
      ["educationFrameworkId", input.educationFrameworkId, "education"],
      ["agencyFrameworkId", input.agencyFrameworkId, "agency"],
    ] as const) {
      const [framework] = isUuid(id)
        ? await tx
            .select({ kind: frameworks.kind, status: frameworks.status })
            .from(frameworks)
            .where(and(eq(frameworks.id, id), eq(frameworks.partnershipId, input.partnershipId)))
        : [];
      if (!framework || framework.kind !== kind)
        throw bad(`Select a version of the ${kind === "education" ? "education settings'" : "agencies'"} framework`, field);
      if (framework.status !== "published") throw bad("Select a published framework version: a draft can still change", field);
    }
    if (input.previousCycleId) {
      const [previous] = isUuid(input.previousCycleId)
        ? await tx
            .select({ opensOn: cycles.opensOn })
            .from(cycles)
            .where(and(eq(cycles.id, input.previousCycleId), eq(cycles.partnershipId, input.partnershipId)))
        : [];
      if (!previous) throw bad("Select a cycle of this partnership as the one this follows", "previousCycleId");
      if (previous.opensOn >= input.opensOn) throw bad("The cycle this follows must have opened before this one opens", "previousCycleId");
    }
    const [cycle] = await tx
      .insert(cycles)
      .values({
        partnershipId: input.partnershipId,
        name: input.name,
        kind: input.kind,
        status: "draft",
        educationFrameworkId: input.educationFrameworkId,
        agencyFrameworkId: input.agencyFrameworkId,
        opensOn: input.opensOn,
        dueOn: input.dueOn,
        closesOn: input.closesOn ?? null,
        previousCycleId: input.previousCycleId ?? null,
        ...(schedule.reminderDaysBefore ? { reminderDaysBefore: [...new Set(schedule.reminderDaysBefore)].sort((a, b) => b - a) } : {}),
        ...(schedule.overdueEveryDays !== undefined ? { overdueEveryDays: schedule.overdueEveryDays } : {}),
        ...(schedule.overdueLimit !== undefined ? { overdueLimit: schedule.overdueLimit } : {}),
        ...(schedule.remindOnOpening !== undefined ? { remindOnOpening: schedule.remindOnOpening } : {}),
      })
      .returning();
    const invitedIds = await settingsTheRuleInvites(tx, input.partnershipId, input.invite);
    if (invitedIds.length > 0) {
      await tx.insert(returns).values(
        invitedIds.map((s) => ({
          partnershipId: input.partnershipId,
          cycleId: cycle.id,
          settingId: s.id,
          frameworkId: s.basis === "s11" ? input.agencyFrameworkId : input.educationFrameworkId,
        })),
      );
    }
    await recordAudit(tx, {
      action: "cycle.created",
      actorUserId: input.actorUserId ?? null,
      partnershipId: input.partnershipId,
      entityType: "cycle",
      entityId: cycle.id,
      detail: {
        name: input.name,
        kind: input.kind,
        invited: invitedIds.length,
        bases: input.invite.bases,
        types: input.invite.types ?? null,
        excluded: input.invite.excludeSettingIds ?? [],
        added: input.invite.addSettingIds ?? [],
      },
    });
    return { cycle, invited: invitedIds.length };
  });
}

/** The active settings an invitation rule takes: by basis (and type), less exclusions, plus additions. */
export async function settingsTheRuleInvites(db: Db, partnershipId: string, rule: InviteRule) {
  const excluded = new Set(rule.excludeSettingIds ?? []);
  const added = new Set(rule.addSettingIds ?? []);
  for (const id of [...excluded, ...added]) if (!isUuid(id)) throw bad("Select settings from the partnership's register", "addSettingIds");
  const active = await db
    .select({ id: settings.id, basis: settings.basis, type: settings.type, name: settings.name })
    .from(settings)
    .where(and(eq(settings.partnershipId, partnershipId), eq(settings.active, true)))
    .orderBy(asc(settings.name));
  const known = new Set(active.map((s) => s.id));
  for (const id of added) if (!known.has(id)) throw bad("A setting to add is not an active setting of this partnership", "addSettingIds");
  return active.filter(
    (s) => added.has(s.id) || (!excluded.has(s.id) && rule.bases.includes(s.basis) && (!rule.types?.length || rule.types.includes(s.type))),
  );
}

async function lockCycleRow(tx: Db, partnershipId: string, cycleId: string): Promise<Cycle> {
  const [cycle] = isUuid(cycleId)
    ? await tx
        .select()
        .from(cycles)
        .where(and(eq(cycles.id, cycleId), eq(cycles.partnershipId, partnershipId)))
        .for("update")
    : [];
  if (!cycle) throw new DomainError("That audit cycle was not found", { status: 404 });
  return cycle;
}

/** Opens a draft cycle: its settings can start their returns, and its reminders begin. */
export async function openCycle(db: Db, input: { partnershipId: string; cycleId: string; actorUserId?: string | null; now?: Date }): Promise<Cycle> {
  return db.transaction(async (tx) => {
    const cycle = await lockCycleRow(tx, input.partnershipId, input.cycleId);
    if (cycle.status !== "draft") throw new DomainError(`${cycle.name} is already ${cycle.status}`, { status: 409 });
    const [opened] = await tx
      .update(cycles)
      .set({ status: "open", openedAt: input.now ?? new Date() })
      .where(eq(cycles.id, cycle.id))
      .returning();
    await recordAudit(tx, { action: "cycle.opened", actorUserId: input.actorUserId ?? null, partnershipId: cycle.partnershipId, entityType: "cycle", entityId: cycle.id });
    return opened;
  });
}

/** Closes an open cycle to edits: no return of it can be started, changed or submitted; moderation goes on. */
export async function closeCycle(db: Db, input: { partnershipId: string; cycleId: string; actorUserId?: string | null; now?: Date }): Promise<Cycle> {
  return db.transaction(async (tx) => {
    const cycle = await lockCycleRow(tx, input.partnershipId, input.cycleId);
    if (cycle.status !== "open") throw new DomainError(cycle.status === "closed" ? `${cycle.name} is already closed` : `${cycle.name} has not opened yet`, { status: 409 });
    const [closed] = await tx
      .update(cycles)
      .set({ status: "closed", closedAt: input.now ?? new Date() })
      .where(eq(cycles.id, cycle.id))
      .returning();
    const [{ unsubmitted }] = await tx
      .select({ unsubmitted: sql<number>`count(*)::int` })
      .from(returns)
      .where(and(eq(returns.cycleId, cycle.id), inArray(returns.status, ["not_started", "in_progress"])));
    await recordAudit(tx, {
      action: "cycle.closed",
      actorUserId: input.actorUserId ?? null,
      partnershipId: cycle.partnershipId,
      entityType: "cycle",
      entityId: cycle.id,
      detail: { unsubmitted },
    });
    return closed;
  });
}

async function lockReturnInCycle(tx: Db, partnershipId: string, cycleId: string, returnId: string) {
  const [row] = isUuid(returnId)
    ? await tx
        .select({ ret: returns, cycle: cycles, settingName: settings.name })
        .from(returns)
        .innerJoin(cycles, eq(cycles.id, returns.cycleId))
        .innerJoin(settings, eq(settings.id, returns.settingId))
        .where(and(eq(returns.id, returnId), eq(returns.cycleId, cycleId), eq(returns.partnershipId, partnershipId)))
        .for("update", { of: returns })
    : [];
  if (!row) throw new DomainError("That return was not found in this cycle", { status: 404 });
  return row;
}

const SUBMITTED: readonly ReturnStatus[] = ["submitted", "in_moderation", "reopened", "closed"];

/** Gives one setting a later due date, with the reason recorded; its reminders count from the new date. */
export async function extendDueDate(
  db: Db,
  input: { partnershipId: string; cycleId: string; returnId: string; dueOn: string; reason: string; actorUserId?: string | null },
): Promise<void> {
  const reason = input.reason.trim();
  if (!reason) throw bad("Enter why the setting has longer", "reason");
  await db.transaction(async (tx) => {
    const { ret, cycle, settingName } = await lockReturnInCycle(tx, input.partnershipId, input.cycleId, input.returnId);
    if (cycle.status === "closed") throw new DomainError(`${cycle.name} is closed: no due date can change`, { status: 409 });
    if (SUBMITTED.includes(ret.status)) throw new DomainError(`${settingName} has already submitted its return`, { status: 409 });
    const current = ret.dueOn ?? cycle.dueOn;
    if (input.dueOn <= current) throw bad(`The new due date must be after the current one`, "dueOn");
    if (cycle.closesOn && input.dueOn > cycle.closesOn) throw bad("The new due date must be on or before the day the cycle closes", "dueOn");
    await tx.update(returns).set({ dueOn: input.dueOn, dueExtendedReason: reason, updatedAt: new Date() }).where(eq(returns.id, ret.id));
    await recordAudit(tx, {
      action: "return.due_extended",
      actorUserId: input.actorUserId ?? null,
      partnershipId: ret.partnershipId,
      entityType: "return",
      entityId: ret.id,
      detail: { settingId: ret.settingId, from: current, to: input.dueOn, reason },
    });
  });
}

/**
 * Reopens a submitted return for its setting, with the reason recorded: it is in progress again,
 * its sign-off withdrawn, and submitting it again makes the next version (the earlier versions
 * stay as they were).
 */
export async function reopenReturn(
  db: Db,
  input: { partnershipId: string; cycleId: string; returnId: string; reason: string; actorUserId?: string | null },
): Promise<void> {
  const reason = input.reason.trim();
  if (!reason) throw bad("Enter why the return is reopened", "reason");
  await db.transaction(async (tx) => {
    const { ret, cycle, settingName } = await lockReturnInCycle(tx, input.partnershipId, input.cycleId, input.returnId);
    if (cycle.status !== "open") throw new DomainError(`${cycle.name} is ${cycle.status}: a return can only be reopened while its cycle is open`, { status: 409 });
    const status = stateAfter(ret.status, "reopen", "admin");
    await tx
      .update(returns)
      .set({ status, signedOffAt: null, signedOffByUserId: null, signedOffName: null, signedOffRole: null, signOffRequestedAt: null, signOffRequestedByUserId: null, updatedAt: new Date() })
      .where(eq(returns.id, ret.id));
    await recordAudit(tx, {
      action: "return.reopened",
      actorUserId: input.actorUserId ?? null,
      partnershipId: ret.partnershipId,
      entityType: "return",
      entityId: ret.id,
      detail: { settingId: ret.settingId, settingName, from: ret.status, reason },
    });
  });
}

export type ProgressStatus = "not_started" | "in_progress" | "awaiting_sign_off" | "submitted";
export const PROGRESS_STATUSES: readonly ProgressStatus[] = ["not_started", "in_progress", "awaiting_sign_off", "submitted"];

export interface CycleReturnProgress {
  returnId: string;
  settingId: string;
  settingName: string;
  urn: string | null;
  reference: string | null;
  type: SettingType;
  basis: StatutoryBasis;
  returnStatus: ReturnStatus;
  progress: ProgressStatus;
  /** The setting's due date: the cycle's, or its extension. */
  dueOn: string;
  extensionReason: string | null;
  firstSubmittedAt: Date | null;
  latestVersion: number | null;
  /** Submitted on or before its due date (UK calendar day), late after it; overdue: not submitted and past it. */
  timeliness: "on_time" | "late" | "overdue" | "not_due";
  hasDsl: boolean;
  hasSignatory: boolean;
  remindersSent: number;
}

/** What a return's status means on the cycle page: awaiting sign-off is a return its DSL has asked to be signed off. */
export function progressOf(ret: { status: ReturnStatus; signOffRequestedAt: Date | null; signedOffAt: Date | null }): ProgressStatus {
  if (SUBMITTED.includes(ret.status)) return "submitted";
  if (ret.status === "not_started") return "not_started";
  return ret.signOffRequestedAt && !ret.signedOffAt ? "awaiting_sign_off" : "in_progress";
}

const holdsRole = (role: "dsl" | "signatory") =>
  sql<boolean>`exists (select 1 from ${memberships} join ${users} on ${users.id} = ${memberships.userId}
    where ${memberships.settingId} = ${settings.id} and ${memberships.partnershipId} = ${settings.partnershipId}
    and ${memberships.role} = ${role} and ${users.active} and ${notDeactivatedIn(memberships.partnershipId, memberships.userId)})`;

/** Every invited setting's progress in the cycle, by setting name. */
export async function cycleProgress(db: Db, cycle: Cycle, now: Date = new Date()): Promise<CycleReturnProgress[]> {
  const versions = db
    .select({
      returnId: returnVersions.returnId,
      first: sql<string>`min(${returnVersions.submittedAt})`.as("first"),
      latest: sql<number>`max(${returnVersions.number})`.as("latest"),
    })
    .from(returnVersions)
    .where(eq(returnVersions.partnershipId, cycle.partnershipId))
    .groupBy(returnVersions.returnId)
    .as("versions");
  const reminded = db
    .select({ returnId: cycleReminders.returnId, sent: sql<number>`count(*)::int`.as("sent") })
    .from(cycleReminders)
    .where(eq(cycleReminders.cycleId, cycle.id))
    .groupBy(cycleReminders.returnId)
    .as("reminded");
  const rows = await db
    .select({
      ret: returns,
      settingName: settings.name,
      urn: settings.urn,
      reference: settings.reference,
      type: settings.type,
      basis: settings.basis,
      first: versions.first,
      latest: versions.latest,
      sent: reminded.sent,
      hasDsl: holdsRole("dsl"),
      hasSignatory: holdsRole("signatory"),
    })
    .from(returns)
    .innerJoin(settings, eq(settings.id, returns.settingId))
    .leftJoin(versions, eq(versions.returnId, returns.id))
    .leftJoin(reminded, eq(reminded.returnId, returns.id))
    .where(and(eq(returns.cycleId, cycle.id), eq(returns.partnershipId, cycle.partnershipId)))
    .orderBy(asc(settings.name), asc(settings.id));
  const today = londonIsoDate(now);
  return rows.map((r) => {
    const dueOn = r.ret.dueOn ?? cycle.dueOn;
    const first = r.first ? new Date(r.first) : null;
    const progress = progressOf(r.ret);
    const timeliness = first ? (londonIsoDate(first) <= dueOn ? "on_time" : "late") : today > dueOn ? "overdue" : "not_due";
    return {
      returnId: r.ret.id,
      settingId: r.ret.settingId,
      settingName: r.settingName,
      urn: r.urn,
      reference: r.reference,
      type: r.type,
      basis: r.basis,
      returnStatus: r.ret.status,
      progress,
      dueOn,
      extensionReason: r.ret.dueExtendedReason,
      firstSubmittedAt: first,
      latestVersion: r.latest === null ? null : Number(r.latest),
      timeliness,
      hasDsl: Boolean(r.hasDsl),
      hasSignatory: Boolean(r.hasSignatory),
      remindersSent: r.sent ?? 0,
    };
  });
}

/** The counts the cycle page leads with. */
export function progressSummary(rows: readonly CycleReturnProgress[]) {
  const count = (p: (r: CycleReturnProgress) => boolean) => rows.filter(p).length;
  return {
    invited: rows.length,
    notStarted: count((r) => r.progress === "not_started"),
    inProgress: count((r) => r.progress === "in_progress"),
    awaitingSignOff: count((r) => r.progress === "awaiting_sign_off"),
    submitted: count((r) => r.progress === "submitted"),
    onTime: count((r) => r.timeliness === "on_time"),
    late: count((r) => r.timeliness === "late"),
    overdue: count((r) => r.timeliness === "overdue"),
    withoutDsl: count((r) => !r.hasDsl),
    withoutSignatory: count((r) => !r.hasSignatory),
  };
}

/** Every reminder sent in the cycle, newest first. */
export async function cycleRemindersSent(db: Db, cycle: Cycle) {
  return db
    .select({
      id: cycleReminders.id,
      reminder: cycleReminders.reminder,
      dueOn: cycleReminders.dueOn,
      recipients: cycleReminders.recipients,
      sentAt: cycleReminders.createdAt,
      settingName: settings.name,
      sentBy: users.name,
    })
    .from(cycleReminders)
    .innerJoin(returns, eq(returns.id, cycleReminders.returnId))
    .innerJoin(settings, eq(settings.id, returns.settingId))
    .leftJoin(users, eq(users.id, cycleReminders.sentByUserId))
    .where(and(eq(cycleReminders.cycleId, cycle.id), eq(cycleReminders.partnershipId, cycle.partnershipId)))
    .orderBy(desc(cycleReminders.createdAt), asc(settings.name));
}

/** Adds one active setting of the partnership to a cycle that has not closed; its return is made, not started. */
export async function inviteSetting(db: Db, input: { partnershipId: string; cycleId: string; settingId: string; actorUserId?: string | null }): Promise<void> {
  await db.transaction(async (tx) => {
    const cycle = await lockCycleRow(tx, input.partnershipId, input.cycleId);
    if (cycle.status === "closed") throw new DomainError(`${cycle.name} is closed: no setting can be added`, { status: 409 });
    const [setting] = isUuid(input.settingId)
      ? await tx.select().from(settings).where(and(eq(settings.id, input.settingId), eq(settings.partnershipId, input.partnershipId), eq(settings.active, true)))
      : [];
    if (!setting) throw bad("Select an active setting of the partnership's register", "settingId");
    const [made] = await tx
      .insert(returns)
      .values({ partnershipId: cycle.partnershipId, cycleId: cycle.id, settingId: setting.id, frameworkId: setting.basis === "s11" ? cycle.agencyFrameworkId : cycle.educationFrameworkId })
      .onConflictDoNothing({ target: [returns.cycleId, returns.settingId] })
      .returning({ id: returns.id });
    if (!made) throw bad(`${setting.name} is invited already`, "settingId");
    await recordAudit(tx, { action: "cycle.setting_added", actorUserId: input.actorUserId ?? null, partnershipId: cycle.partnershipId, entityType: "cycle", entityId: cycle.id, detail: { settingId: setting.id } });
  });
}

/** Leaves a setting out of a draft cycle (its return, not started, is removed). Once a cycle opens, nobody is left out. */
export async function uninviteSetting(db: Db, input: { partnershipId: string; cycleId: string; returnId: string; actorUserId?: string | null }): Promise<void> {
  await db.transaction(async (tx) => {
    const cycle = await lockCycleRow(tx, input.partnershipId, input.cycleId);
    if (cycle.status !== "draft") throw new DomainError(`${cycle.name} has opened: its settings can no longer be left out`, { status: 409 });
    const { ret } = await lockReturnInCycle(tx, input.partnershipId, input.cycleId, input.returnId);
    if (ret.status !== "not_started") throw new DomainError("That return has been started", { status: 409 });
    await tx.delete(returns).where(eq(returns.id, ret.id));
    await recordAudit(tx, { action: "cycle.setting_left_out", actorUserId: input.actorUserId ?? null, partnershipId: cycle.partnershipId, entityType: "cycle", entityId: cycle.id, detail: { settingId: ret.settingId } });
  });
}

/** The partnership's published framework versions a new cycle can use, newest first. */
export async function publishedFrameworks(db: Db, partnershipId: string) {
  return db
    .select({ id: frameworks.id, kind: frameworks.kind, version: frameworks.version, title: frameworks.title })
    .from(frameworks)
    .where(and(eq(frameworks.partnershipId, partnershipId), eq(frameworks.status, "published")))
    .orderBy(desc(frameworks.version));
}

/** Active settings of the register the cycle has not invited, by name (to add one). */
export async function settingsNotInvited(db: Db, cycle: Cycle) {
  return db
    .select({ id: settings.id, name: settings.name, urn: settings.urn, reference: settings.reference })
    .from(settings)
    .where(
      and(
        eq(settings.partnershipId, cycle.partnershipId),
        eq(settings.active, true),
        sql`not exists (select 1 from ${returns} where ${returns.cycleId} = ${cycle.id} and ${returns.settingId} = ${settings.id})`,
      ),
    )
    .orderBy(asc(settings.name));
}

/**
 * Closes every open cycle whose closing day has passed (UK calendar), as the worker does each
 * day; a cycle without a closing day is closed by hand. Returns the names closed.
 */
export async function closeCyclesPastTheirClosingDay(db: Db, now: Date = new Date()): Promise<string[]> {
  const today = londonIsoDate(now);
  const due = await db
    .select({ id: cycles.id, partnershipId: cycles.partnershipId, name: cycles.name })
    .from(cycles)
    .where(and(eq(cycles.status, "open"), sql`${cycles.closesOn} < ${today}`));
  const closed: string[] = [];
  for (const c of due) {
    try {
      await closeCycle(db, { partnershipId: c.partnershipId, cycleId: c.id, now });
      closed.push(c.name);
    } catch (error) {
      // Closed by hand meanwhile: nothing to do.
      if (!(error instanceof DomainError)) throw error;
    }
  }
  return closed;
}
