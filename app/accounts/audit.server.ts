// The audit log: who did what, when. Written inside the same transaction as the change.
import type { Db } from "../db.server";
import { auditEvents } from "../../db/schema";

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
  await db.insert(auditEvents).values({
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
