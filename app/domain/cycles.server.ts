// Audit cycles: a full audit every two years, an interim update in between. Inviting a setting
// creates its return, not yet started, so non-submitters are visible from day one. The business
// unit creates a cycle (draft), opens it, extends one setting's due date, reopens a submitted
// return, and closes the cycle (issue 12); a closed cycle accepts no edits, moderation goes on.
import { and, asc, desc, eq, inArray, max } from "drizzle-orm";
import type { Db } from "../db.server";
import { cycles, returnVersions, returns, settings, type Cycle } from "../../db/schema";
import { recordAudit } from "../accounts/audit.server";
import { DomainError } from "../errors";
import { isUuid } from "../ids";

export interface NewCycle {
  partnershipId: string;
  name: string;
  kind: "full" | "interim";
  status?: "draft" | "open" | "closed";
  educationFrameworkId: string;
  agencyFrameworkId: string;
  opensOn: string;
  dueOn: string;
  closesOn?: string | null;
  previousCycleId?: string | null;
}

export async function createCycle(db: Db, input: NewCycle, actorUserId?: string): Promise<Cycle> {
  return db.transaction(async (tx) => {
    const [cycle] = await tx.insert(cycles).values({ ...input, status: input.status ?? "draft" }).returning();
    await recordAudit(tx, {
      action: "cycle.created",
      actorUserId: actorUserId ?? null,
      partnershipId: input.partnershipId,
      entityType: "cycle",
      entityId: cycle.id,
      detail: { name: input.name, kind: input.kind },
    });
    return cycle;
  });
}

/** Invites active settings (all, or those named) to the cycle; each gets its return. Idempotent. */
export async function inviteSettings(db: Db, cycle: Cycle, settingIds?: string[]): Promise<number> {
  return db.transaction(async (tx) => {
    if (cycle.status === "closed") throw new DomainError("A closed cycle cannot invite settings", { status: 409 });
    const conditions = [eq(settings.partnershipId, cycle.partnershipId), eq(settings.active, true)];
    if (settingIds) conditions.push(inArray(settings.id, settingIds.length ? settingIds : ["00000000-0000-0000-0000-000000000000"]));
    const invited = await tx.select().from(settings).where(and(...conditions));
    if (invited.length === 0) return 0;
    const inserted = await tx
      .insert(returns)
      .values(
        invited.map((s) => ({
          partnershipId: cycle.partnershipId,
          cycleId: cycle.id,
          settingId: s.id,
          frameworkId: s.basis === "s11" ? cycle.agencyFrameworkId : cycle.educationFrameworkId,
        })),
      )
      .onConflictDoNothing({ target: [returns.cycleId, returns.settingId] })
      .returning({ id: returns.id });
    await recordAudit(tx, {
      action: "cycle.settings_invited",
      partnershipId: cycle.partnershipId,
      entityType: "cycle",
      entityId: cycle.id,
      detail: { invited: inserted.length },
    });
    return inserted.length;
  });
}

export async function setCycleStatus(db: Db, cycle: Cycle, status: "draft" | "open" | "closed"): Promise<void> {
  await db.update(cycles).set({ status }).where(eq(cycles.id, cycle.id));
}

export async function getCycle(db: Db, partnershipId: string, cycleId: string): Promise<Cycle | undefined> {
  if (!isUuid(cycleId)) return undefined;
  const [cycle] = await db.select().from(cycles).where(and(eq(cycles.id, cycleId), eq(cycles.partnershipId, partnershipId)));
  return cycle;
}

export async function listCycles(db: Db, partnershipId: string): Promise<Cycle[]> {
  return db.select().from(cycles).where(eq(cycles.partnershipId, partnershipId)).orderBy(desc(cycles.opensOn));
}

/** Every invited setting's return in a cycle, with its latest submitted version if any. */
export async function listCycleReturns(db: Db, partnershipId: string, cycleId: string) {
  return db
    .select({
      returnId: returns.id,
      status: returns.status,
      settingId: settings.id,
      settingName: settings.name,
      settingType: settings.type,
      basis: settings.basis,
      latestVersion: max(returnVersions.number),
    })
    .from(returns)
    .innerJoin(settings, eq(settings.id, returns.settingId))
    .leftJoin(returnVersions, eq(returnVersions.returnId, returns.id))
    .where(and(eq(returns.partnershipId, partnershipId), eq(returns.cycleId, cycleId)))
    .groupBy(returns.id, settings.id)
    .orderBy(asc(settings.name));
}

/** Locks the partnership's cycle for the rest of the transaction (one sample draw or assignment at a time). */
export async function lockCycle(tx: Db, partnershipId: string, cycleId: string): Promise<void> {
  const [cycle] = await tx
    .select({ id: cycles.id })
    .from(cycles)
    .where(and(eq(cycles.id, cycleId), eq(cycles.partnershipId, partnershipId)))
    .for("update");
  if (!cycle) throw new DomainError("That audit cycle was not found", { status: 404 });
}
