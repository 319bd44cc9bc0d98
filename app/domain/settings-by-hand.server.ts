// Changes to the register by hand (issue 12): a setting GIAS does not hold (an agency, or a
// school outside the extract) added and edited by the partnership's administrators, identified
// by the partnership's own reference; and any setting deactivated with a reason. Nothing is
// deleted: a deactivated setting keeps its returns, action plan and history.
import { and, eq, ne } from "drizzle-orm";
import type { Db } from "../db.server";
import { recordAudit } from "../accounts/audit.server";
import { DomainError } from "../errors";
import { settings, type Setting, type SettingType, type StatutoryBasis } from "../../db/schema";

export interface Actor {
  userId: string | null;
  ipAddress?: string | null;
}

export interface SettingByHand {
  name: string;
  reference: string;
  type: SettingType;
  basis: StatutoryBasis;
}

export async function findSetting(db: Db, partnershipId: string, settingId: string): Promise<Setting | null> {
  if (!/^[0-9a-f-]{36}$/i.test(settingId)) return null;
  const [row] = await db.select().from(settings).where(and(eq(settings.id, settingId), eq(settings.partnershipId, partnershipId)));
  return row ?? null;
}

async function refuseTakenReference(tx: Db, partnershipId: string, reference: string, exceptId?: string) {
  const [taken] = await tx
    .select({ name: settings.name })
    .from(settings)
    .where(and(eq(settings.partnershipId, partnershipId), eq(settings.reference, reference), exceptId ? ne(settings.id, exceptId) : undefined));
  if (taken) throw new DomainError(`${taken.name} already has the reference ${reference}: give this setting another`, { status: 409, field: "reference" });
}

export async function addSettingByHand(db: Db, input: { partnershipId: string; actor: Actor } & SettingByHand): Promise<Setting> {
  return db.transaction(async (tx) => {
    await refuseTakenReference(tx, input.partnershipId, input.reference);
    const [setting] = await tx
      .insert(settings)
      .values({ partnershipId: input.partnershipId, name: input.name, reference: input.reference, type: input.type, basis: input.basis, urn: null })
      .returning();
    await recordAudit(tx, {
      action: "setting.added",
      actorUserId: input.actor.userId,
      partnershipId: input.partnershipId,
      entityType: "setting",
      entityId: setting.id,
      detail: { name: input.name, reference: input.reference, type: input.type, basis: input.basis },
      ipAddress: input.actor.ipAddress ?? null,
    });
    return setting;
  });
}

/** Only a setting outside GIAS: one with a URN takes its details from the next GIAS import. */
export async function editSettingByHand(db: Db, input: { partnershipId: string; settingId: string; actor: Actor } & SettingByHand): Promise<void> {
  await db.transaction(async (tx) => {
    const [setting] = await tx
      .select()
      .from(settings)
      .where(and(eq(settings.id, input.settingId), eq(settings.partnershipId, input.partnershipId)))
      .for("update");
    if (!setting) throw new DomainError("Not found", { status: 404 });
    if (setting.urn) throw new DomainError("This setting comes from GIAS: its details change with the next import from GIAS", { status: 409, field: "name" });
    await refuseTakenReference(tx, input.partnershipId, input.reference, setting.id);
    await tx
      .update(settings)
      .set({ name: input.name, reference: input.reference, type: input.type, basis: input.basis, updatedAt: new Date() })
      .where(eq(settings.id, setting.id));
    await recordAudit(tx, {
      action: "setting.changed",
      actorUserId: input.actor.userId,
      partnershipId: input.partnershipId,
      entityType: "setting",
      entityId: setting.id,
      detail: { before: { name: setting.name, reference: setting.reference, type: setting.type, basis: setting.basis }, after: { name: input.name, reference: input.reference, type: input.type, basis: input.basis } },
      ipAddress: input.actor.ipAddress ?? null,
    });
  });
}

/** The setting stops being invited and counted as active; its returns and plan stay. */
export async function deactivateSetting(db: Db, input: { partnershipId: string; settingId: string; reason: string; actor: Actor; now?: Date }): Promise<void> {
  await db.transaction(async (tx) => {
    const [setting] = await tx
      .select()
      .from(settings)
      .where(and(eq(settings.id, input.settingId), eq(settings.partnershipId, input.partnershipId)))
      .for("update");
    if (!setting) throw new DomainError("Not found", { status: 404 });
    if (!setting.active) throw new DomainError(`${setting.name} is already inactive`, { status: 409, field: "reason" });
    const at = input.now ?? new Date();
    await tx.update(settings).set({ active: false, deactivatedReason: input.reason, deactivatedAt: at, updatedAt: at }).where(eq(settings.id, setting.id));
    await recordAudit(tx, {
      action: "setting.deactivated",
      actorUserId: input.actor.userId,
      partnershipId: input.partnershipId,
      entityType: "setting",
      entityId: setting.id,
      detail: { name: setting.name, reason: input.reason },
      ipAddress: input.actor.ipAddress ?? null,
    });
  });
}
