// The moderation panel of a partnership: who is on it, the conflicts of interest they declare,
// and sharing the sample out between them (automatically by assignment.ts's rule, or by hand).
// Nobody moderates a setting they hold any role in or have declared a conflict with.
import { and, asc, count, eq, inArray, isNotNull, sql } from "drizzle-orm";
import type { Db } from "../../db.server";
import { lockCycle } from "../cycles.server";
import {
  memberships,
  moderationAssignments,
  moderationConflicts,
  returns,
  sampleMembers,
  samples,
  settings,
  users,
} from "../../../db/schema";
import { recordAudit } from "../../accounts/audit.server";
import { notDeactivatedIn } from "../../accounts/deactivation.server";
import { DomainError } from "../../errors";
import { assignModeration, assignSecondModerators, type PanelMember } from "../assignment";

export type AssignmentRole = "primary" | "second";

export interface PanelPerson {
  userId: string;
  name: string;
  email: string;
  lead: boolean;
}

/** Everyone with the moderator or moderation lead role in the partnership, not deactivated there. */
export async function listPanelMembers(db: Db, partnershipId: string): Promise<PanelPerson[]> {
  const rows = await db
    .select({ userId: users.id, name: users.name, email: users.email, role: memberships.role })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(
      and(
        eq(memberships.partnershipId, partnershipId),
        inArray(memberships.role, ["moderator", "moderation_lead"]),
        eq(users.active, true),
        notDeactivatedIn(memberships.partnershipId, memberships.userId),
      ),
    )
    .orderBy(asc(users.name), asc(users.id));
  const people = new Map<string, PanelPerson>();
  for (const r of rows) {
    const person = people.get(r.userId) ?? { userId: r.userId, name: r.name, email: r.email, lead: false };
    if (r.role === "moderation_lead") person.lead = true;
    people.set(r.userId, person);
  }
  return [...people.values()];
}

/** Each panel member's excluded settings: those they hold a role in, and those they declared a conflict with. */
async function exclusions(db: Db, partnershipId: string, userIds: readonly string[]): Promise<Map<string, Set<string>>> {
  const excluded = new Map(userIds.map((id) => [id, new Set<string>()]));
  if (userIds.length === 0) return excluded;
  const roles = await db
    .select({ userId: memberships.userId, settingId: memberships.settingId })
    .from(memberships)
    .where(and(eq(memberships.partnershipId, partnershipId), inArray(memberships.userId, [...userIds]), isNotNull(memberships.settingId)));
  const declared = await db
    .select({ userId: moderationConflicts.moderatorUserId, settingId: moderationConflicts.settingId })
    .from(moderationConflicts)
    .where(and(eq(moderationConflicts.partnershipId, partnershipId), inArray(moderationConflicts.moderatorUserId, [...userIds])));
  for (const r of [...roles, ...declared]) if (r.settingId) excluded.get(r.userId)?.add(r.settingId);
  return excluded;
}

/** Why this person may not moderate this setting, or null when they may. */
async function conflictWith(db: Db, partnershipId: string, userId: string, settingId: string): Promise<string | null> {
  const excluded = await exclusions(db, partnershipId, [userId]);
  if (!excluded.get(userId)!.has(settingId)) return null;
  const [declared] = await db
    .select({ reason: moderationConflicts.reason })
    .from(moderationConflicts)
    .where(
      and(
        eq(moderationConflicts.partnershipId, partnershipId),
        eq(moderationConflicts.moderatorUserId, userId),
        eq(moderationConflicts.settingId, settingId),
      ),
    );
  return declared ? "They have declared a conflict of interest with this setting" : "They hold a role in this setting";
}

// ---------------------------------------------------------------------------------------------
// Conflicts of interest
// ---------------------------------------------------------------------------------------------

export const CONFLICT_ALREADY_DECLARED = "You have already declared a conflict of interest with this setting";
export const NOT_ON_PANEL = "Only a member of the moderation panel can do this";

/** A panel member declares their own conflict of interest with a setting of the partnership. */
export async function declareConflict(
  db: Db,
  input: { partnershipId: string; moderatorUserId: string; settingId: string; reason: string; actor: { id: string } },
): Promise<{ conflictId: string }> {
  const reason = input.reason.trim();
  if (!reason) throw new DomainError("Enter why you have a conflict of interest", { status: 400, field: "reason" });
  return db.transaction(async (tx) => {
    const [setting] = await tx
      .select({ id: settings.id, name: settings.name })
      .from(settings)
      .where(and(eq(settings.id, input.settingId), eq(settings.partnershipId, input.partnershipId)));
    if (!setting) throw new DomainError("Select the setting you have a conflict of interest with", { status: 400, field: "settingId" });
    const panel = await listPanelMembers(tx, input.partnershipId);
    if (!panel.some((p) => p.userId === input.moderatorUserId)) throw new DomainError(NOT_ON_PANEL, { status: 403 });
    const [inserted] = await tx
      .insert(moderationConflicts)
      .values({ partnershipId: input.partnershipId, moderatorUserId: input.moderatorUserId, settingId: setting.id, reason })
      .onConflictDoNothing()
      .returning({ id: moderationConflicts.id });
    if (!inserted) throw new DomainError(CONFLICT_ALREADY_DECLARED, { status: 409, field: "settingId" });
    await recordAudit(tx, {
      action: "moderation.conflict_declared",
      actorUserId: input.actor.id,
      partnershipId: input.partnershipId,
      entityType: "moderation_conflict",
      entityId: inserted.id,
      detail: { moderatorUserId: input.moderatorUserId, settingId: setting.id, settingName: setting.name, reason },
    });
    return { conflictId: inserted.id };
  });
}

export interface ConflictRow {
  id: string;
  moderatorUserId: string;
  moderatorName: string;
  settingId: string;
  settingName: string;
  reason: string;
  declaredAt: Date;
}

/** Declared conflicts in the partnership, or one panel member's own. */
export async function listConflicts(db: Db, partnershipId: string, filter: { moderatorUserId?: string } = {}): Promise<ConflictRow[]> {
  return db
    .select({
      id: moderationConflicts.id,
      moderatorUserId: moderationConflicts.moderatorUserId,
      moderatorName: users.name,
      settingId: settings.id,
      settingName: settings.name,
      reason: moderationConflicts.reason,
      declaredAt: moderationConflicts.declaredAt,
    })
    .from(moderationConflicts)
    .innerJoin(users, eq(users.id, moderationConflicts.moderatorUserId))
    .innerJoin(settings, eq(settings.id, moderationConflicts.settingId))
    .where(
      and(
        eq(moderationConflicts.partnershipId, partnershipId),
        filter.moderatorUserId ? eq(moderationConflicts.moderatorUserId, filter.moderatorUserId) : undefined,
      ),
    )
    .orderBy(asc(users.name), asc(settings.name));
}

// ---------------------------------------------------------------------------------------------
// Assignment
// ---------------------------------------------------------------------------------------------

/** The cycle's sampled returns (every draw), with their settings. */
async function sampledReturns(db: Db, partnershipId: string, cycleId: string) {
  return db
    .select({ returnId: sampleMembers.returnId, settingId: returns.settingId, settingName: settings.name, calibration: sampleMembers.calibration })
    .from(sampleMembers)
    .innerJoin(samples, eq(samples.id, sampleMembers.sampleId))
    .innerJoin(returns, eq(returns.id, sampleMembers.returnId))
    .innerJoin(settings, eq(settings.id, returns.settingId))
    .where(and(eq(samples.partnershipId, partnershipId), eq(samples.cycleId, cycleId)))
    .orderBy(asc(settings.name));
}

async function cycleAssignments(db: Db, partnershipId: string, cycleId: string) {
  return db
    .select({
      id: moderationAssignments.id,
      returnId: moderationAssignments.returnId,
      moderatorUserId: moderationAssignments.moderatorUserId,
      role: moderationAssignments.role,
      status: moderationAssignments.status,
    })
    .from(moderationAssignments)
    .innerJoin(returns, eq(returns.id, moderationAssignments.returnId))
    .where(and(eq(moderationAssignments.partnershipId, partnershipId), eq(returns.cycleId, cycleId)));
}

async function audited(
  tx: Db,
  row: { partnershipId: string; returnId: string; moderatorUserId: string; role: AssignmentRole; actorUserId: string | null; how: "automatic" | "by_hand" },
): Promise<string> {
  const [inserted] = await tx
    .insert(moderationAssignments)
    .values({ partnershipId: row.partnershipId, returnId: row.returnId, moderatorUserId: row.moderatorUserId, role: row.role, assignedByUserId: row.actorUserId })
    .returning({ id: moderationAssignments.id });
  await recordAudit(tx, {
    action: "moderation.assigned",
    actorUserId: row.actorUserId,
    partnershipId: row.partnershipId,
    entityType: "moderation_assignment",
    entityId: inserted.id,
    detail: { returnId: row.returnId, moderatorUserId: row.moderatorUserId, role: row.role, how: row.how },
  });
  return inserted.id;
}

export interface AutoAssignResult {
  assigned: { returnId: string; moderatorUserId: string; role: AssignmentRole }[];
  unassigned: { returnId: string; settingName: string; role: AssignmentRole; reason: string }[];
}

/**
 * Gives every sampled return without a panel member to one (assignModeration), then every
 * calibration return without a second moderator a second one (assignSecondModerators), counting
 * what each already holds in the cycle. All in one transaction, each assignment audited.
 */
export async function autoAssign(
  db: Db,
  input: { partnershipId: string; cycleId: string; seed: string; actor: { id: string | null } },
): Promise<AutoAssignResult> {
  return db.transaction(async (tx) => {
    await lockCycle(tx, input.partnershipId, input.cycleId);
    const members = await sampledReturns(tx, input.partnershipId, input.cycleId);
    const existing = await cycleAssignments(tx, input.partnershipId, input.cycleId);
    const panel = await listPanelMembers(tx, input.partnershipId);
    const excluded = await exclusions(tx, input.partnershipId, panel.map((p) => p.userId));
    const load = new Map(panel.map((p) => [p.userId, 0]));
    for (const a of existing) if (a.status !== "completed" && load.has(a.moderatorUserId)) load.set(a.moderatorUserId, load.get(a.moderatorUserId)! + 1);
    const moderators = (): PanelMember[] =>
      panel.map((p) => ({ userId: p.userId, name: p.name, currentLoad: load.get(p.userId)!, excludedSettingIds: excluded.get(p.userId)! }));
    const settingName = new Map(members.map((m) => [m.returnId, m.settingName]));
    const result: AutoAssignResult = { assigned: [], unassigned: [] };

    const primaryOf = new Map(existing.filter((a) => a.role === "primary").map((a) => [a.returnId, a.moderatorUserId]));
    const unassigned = members.filter((m) => !primaryOf.has(m.returnId));
    const plan = assignModeration({ members: unassigned, moderators: moderators(), seed: input.seed });
    for (const a of plan.assignments) {
      await audited(tx, { partnershipId: input.partnershipId, returnId: a.returnId, moderatorUserId: a.moderatorUserId, role: "primary", actorUserId: input.actor.id, how: "automatic" });
      primaryOf.set(a.returnId, a.moderatorUserId);
      load.set(a.moderatorUserId, load.get(a.moderatorUserId)! + 1);
      result.assigned.push({ ...a, role: "primary" });
    }
    for (const u of plan.unassigned) result.unassigned.push({ ...u, settingName: settingName.get(u.returnId) ?? "", role: "primary" });

    const hasSecond = new Set(existing.filter((a) => a.role === "second").map((a) => a.returnId));
    const calibration = members
      .filter((m) => m.calibration && primaryOf.has(m.returnId) && !hasSecond.has(m.returnId))
      .map((m) => ({ returnId: m.returnId, settingId: m.settingId, firstModeratorUserId: primaryOf.get(m.returnId)! }));
    const seconds = assignSecondModerators({ calibration, moderators: moderators(), seed: input.seed });
    for (const a of seconds.assignments) {
      await audited(tx, { partnershipId: input.partnershipId, returnId: a.returnId, moderatorUserId: a.moderatorUserId, role: "second", actorUserId: input.actor.id, how: "automatic" });
      load.set(a.moderatorUserId, load.get(a.moderatorUserId)! + 1);
      result.assigned.push({ ...a, role: "second" });
    }
    for (const u of seconds.unassigned) result.unassigned.push({ ...u, settingName: settingName.get(u.returnId) ?? "", role: "second" });
    return result;
  });
}

export const ALREADY_ASSIGNED = "This return already has a panel member in that role who has started the review";
export const SAME_PERSON_TWICE = "The same panel member cannot moderate a return twice";
export const NOT_IN_SAMPLE = "That return is not in the moderation sample";
export const NOT_CALIBRATION = "Only a calibration return is moderated a second time";
export const NO_PRIMARY_YET = "Assign the first panel member before the second";

/**
 * The lead gives a sampled return to a panel member by hand, or moves it to another while the
 * review has not started. Refused for a conflict of interest or the same person in both roles.
 */
export async function assignByHand(
  db: Db,
  input: { partnershipId: string; returnId: string; moderatorUserId: string; role: AssignmentRole; actor: { id: string } },
): Promise<{ assignmentId: string }> {
  return db.transaction(async (tx) => {
    const [ret] = await tx
      .select({ id: returns.id, cycleId: returns.cycleId, settingId: returns.settingId })
      .from(returns)
      .where(and(eq(returns.id, input.returnId), eq(returns.partnershipId, input.partnershipId)));
    if (!ret) throw new DomainError(NOT_IN_SAMPLE, { status: 404 });
    await lockCycle(tx, input.partnershipId, ret.cycleId);
    const [member] = await tx
      .select({ calibration: sampleMembers.calibration })
      .from(sampleMembers)
      .where(and(eq(sampleMembers.partnershipId, input.partnershipId), eq(sampleMembers.returnId, ret.id)));
    if (!member) throw new DomainError(NOT_IN_SAMPLE, { status: 404 });
    if (input.role === "second" && !member.calibration) throw new DomainError(NOT_CALIBRATION, { status: 400, field: "role" });
    const panel = await listPanelMembers(tx, input.partnershipId);
    if (!panel.some((p) => p.userId === input.moderatorUserId))
      throw new DomainError("Select a member of the moderation panel", { status: 400, field: "moderatorUserId" });
    const conflict = await conflictWith(tx, input.partnershipId, input.moderatorUserId, ret.settingId);
    if (conflict) throw new DomainError(`${conflict}: choose another panel member`, { status: 409, field: "moderatorUserId" });

    const held = await tx
      .select({ id: moderationAssignments.id, role: moderationAssignments.role, moderatorUserId: moderationAssignments.moderatorUserId, status: moderationAssignments.status })
      .from(moderationAssignments)
      .where(and(eq(moderationAssignments.partnershipId, input.partnershipId), eq(moderationAssignments.returnId, ret.id)))
      .for("update");
    const other = held.find((a) => a.role !== input.role);
    if (other?.moderatorUserId === input.moderatorUserId) throw new DomainError(SAME_PERSON_TWICE, { status: 409, field: "moderatorUserId" });
    if (input.role === "second" && !held.some((a) => a.role === "primary")) throw new DomainError(NO_PRIMARY_YET, { status: 409, field: "role" });
    const current = held.find((a) => a.role === input.role);
    if (current?.moderatorUserId === input.moderatorUserId) return { assignmentId: current.id };
    if (current) {
      // Moving a return is only safe before its review starts: judgements belong to their assignment.
      if (current.status !== "assigned") throw new DomainError(ALREADY_ASSIGNED, { status: 409, field: "moderatorUserId" });
      await tx
        .update(moderationAssignments)
        .set({ moderatorUserId: input.moderatorUserId, assignedByUserId: input.actor.id, assignedAt: new Date(), revision: sql`${moderationAssignments.revision} + 1` })
        .where(and(eq(moderationAssignments.id, current.id), eq(moderationAssignments.status, "assigned")));
      await recordAudit(tx, {
        action: "moderation.assigned",
        actorUserId: input.actor.id,
        partnershipId: input.partnershipId,
        entityType: "moderation_assignment",
        entityId: current.id,
        detail: { returnId: ret.id, moderatorUserId: input.moderatorUserId, role: input.role, how: "by_hand", previousModeratorUserId: current.moderatorUserId },
      });
      return { assignmentId: current.id };
    }
    const assignmentId = await audited(tx, {
      partnershipId: input.partnershipId,
      returnId: ret.id,
      moderatorUserId: input.moderatorUserId,
      role: input.role,
      actorUserId: input.actor.id,
      how: "by_hand",
    });
    return { assignmentId };
  });
}

export interface SampleAssignmentRow {
  returnId: string;
  settingId: string;
  settingName: string;
  calibration: boolean;
  primary: { assignmentId: string; moderatorUserId: string; moderatorName: string; status: string } | null;
  second: { assignmentId: string; moderatorUserId: string; moderatorName: string; status: string } | null;
  /** Panel members who may take the open role (the primary, or the second once there is a primary). */
  eligible: { userId: string; name: string }[];
}

/** The sample's returns with who holds each, and who could take them, for the lead's assignment page. */
export async function listSampleAssignments(db: Db, partnershipId: string, cycleId: string): Promise<SampleAssignmentRow[]> {
  const members = await sampledReturns(db, partnershipId, cycleId);
  const held = await db
    .select({
      id: moderationAssignments.id,
      returnId: moderationAssignments.returnId,
      moderatorUserId: moderationAssignments.moderatorUserId,
      moderatorName: users.name,
      role: moderationAssignments.role,
      status: moderationAssignments.status,
    })
    .from(moderationAssignments)
    .innerJoin(users, eq(users.id, moderationAssignments.moderatorUserId))
    .innerJoin(returns, eq(returns.id, moderationAssignments.returnId))
    .where(and(eq(moderationAssignments.partnershipId, partnershipId), eq(returns.cycleId, cycleId)));
  const panel = await listPanelMembers(db, partnershipId);
  const excluded = await exclusions(db, partnershipId, panel.map((p) => p.userId));
  return members.map((m) => {
    const of = (role: AssignmentRole) => {
      const a = held.find((h) => h.returnId === m.returnId && h.role === role);
      return a ? { assignmentId: a.id, moderatorUserId: a.moderatorUserId, moderatorName: a.moderatorName, status: a.status } : null;
    };
    const primary = of("primary");
    const second = of("second");
    const taken = new Set([primary?.moderatorUserId, second?.moderatorUserId].filter(Boolean));
    return {
      ...m,
      primary,
      second,
      eligible: panel.filter((p) => !excluded.get(p.userId)!.has(m.settingId) && !taken.has(p.userId)).map((p) => ({ userId: p.userId, name: p.name })),
    };
  });
}

export interface Workload {
  userId: string;
  name: string;
  assigned: number;
  inReview: number;
  completed: number;
}

/** Each panel member's returns in the cycle, by the state of their review (both roles counted). */
export async function panelWorkload(db: Db, partnershipId: string, cycleId: string): Promise<Workload[]> {
  const panel = await listPanelMembers(db, partnershipId);
  const rows = await db
    .select({ userId: moderationAssignments.moderatorUserId, status: moderationAssignments.status, n: count() })
    .from(moderationAssignments)
    .innerJoin(returns, eq(returns.id, moderationAssignments.returnId))
    .where(and(eq(moderationAssignments.partnershipId, partnershipId), eq(returns.cycleId, cycleId)))
    .groupBy(moderationAssignments.moderatorUserId, moderationAssignments.status);
  const n = (userId: string, status: string) => rows.find((r) => r.userId === userId && r.status === status)?.n ?? 0;
  return panel.map((p) => ({ userId: p.userId, name: p.name, assigned: n(p.userId, "assigned"), inReview: n(p.userId, "in_review"), completed: n(p.userId, "completed") }));
}

/** One panel member's assignments in the cycle, for links to their reviews. */
export async function assignmentsOf(db: Db, partnershipId: string, cycleId: string, moderatorUserId: string) {
  return db
    .select({
      assignmentId: moderationAssignments.id,
      returnId: moderationAssignments.returnId,
      role: moderationAssignments.role,
      status: moderationAssignments.status,
      settingName: settings.name,
    })
    .from(moderationAssignments)
    .innerJoin(returns, eq(returns.id, moderationAssignments.returnId))
    .innerJoin(settings, eq(settings.id, returns.settingId))
    .where(
      and(
        eq(moderationAssignments.partnershipId, partnershipId),
        eq(returns.cycleId, cycleId),
        eq(moderationAssignments.moderatorUserId, moderatorUserId),
      ),
    )
    .orderBy(asc(settings.name));
}
