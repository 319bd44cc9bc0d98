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
    detail: entry.detail ?? {},
    ipAddress: entry.ipAddress ?? null,
  });
}
