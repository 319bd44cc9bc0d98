// The audit log: who did what, when. Written inside the same transaction as the change.
import { and, desc, eq, like, sql } from "drizzle-orm";
import type { Db } from "../db.server";
import { auditEvents, partnershipPeople, users } from "../../db/schema";

export interface AuditEntry {
  action: string;
  actorUserId?: string | null;
  partnershipId?: string | null;
  entityType?: string;
  entityId?: string;
  detail?: Record<string, unknown>;
  ipAddress?: string | null;
}

export async function recordAudit(db: Db, entry: AuditEntry): Promise<void> {
  await auditInsert(db, entry);
}

/**
 * The event's insert, not yet run: awaited, it records the event; embedded in a larger
 * statement (a submission's, return-versions.server.ts), it is written by that statement.
 */
export function auditInsert(db: Db, entry: AuditEntry) {
  return db.insert(auditEvents).values({
    action: entry.action,
    actorUserId: entry.actorUserId ?? null,
    partnershipId: entry.partnershipId ?? null,
    entityType: entry.entityType,
    entityId: entry.entityId,
    detail: storableDetail(entry.detail ?? {}),
    ipAddress: entry.ipAddress ?? null,
  });
}

/**
 * The detail often holds what a client asked for (a path, a slug). PostgreSQL's JSON cannot hold
 * a NUL, so each is recorded as the replacement character rather than losing the whole event.
 */
function storableDetail(detail: Record<string, unknown>): Record<string, unknown> {
  const storable = (value: unknown): unknown => {
    if (typeof value === "string") return value.replaceAll("\u0000", "\ufffd");
    if (Array.isArray(value)) return value.map(storable);
    if (value && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype)
      return Object.fromEntries(Object.entries(value).map(([key, v]) => [storable(key), storable(v)]));
    return value;
  };
  return storable(detail) as Record<string, unknown>;
}

/** The partnership's audit log, newest first, with who did each thing (as the partnership knows them). */
export async function listAuditEvents(db: Db, partnershipId: string, options: { limit?: number; action?: string } = {}) {
  return db
    .select({
      id: auditEvents.id,
      at: auditEvents.createdAt,
      action: auditEvents.action,
      entityType: auditEvents.entityType,
      entityId: auditEvents.entityId,
      detail: auditEvents.detail,
      actorName: sql<string | null>`coalesce(${partnershipPeople.name}, ${users.name})`,
      actorEmail: users.email,
    })
    .from(auditEvents)
    .leftJoin(users, eq(users.id, auditEvents.actorUserId))
    .leftJoin(partnershipPeople, and(eq(partnershipPeople.userId, auditEvents.actorUserId), eq(partnershipPeople.partnershipId, auditEvents.partnershipId)))
    .where(and(eq(auditEvents.partnershipId, partnershipId), options.action ? like(auditEvents.action, `${options.action.replace(/[%_\\]/g, "\\$&")}%`) : undefined))
    .orderBy(desc(auditEvents.id))
    .limit(options.limit ?? 200);
}
