// Small factories for people and places, shared by the demo seed and the tests.
import { eq } from "drizzle-orm";
import type { Db } from "../client";
import { memberships, settings, users, type Role, type Setting, type SettingType, type StatutoryBasis, type User } from "../schema";

export interface RoleGrant {
  partnershipId: string;
  role: Role;
  settingId?: string | null;
}

/** A user (found by email, or created) holding the given roles. */
export async function createUserWithRoles(
  db: Db,
  input: { email: string; name: string; roles: RoleGrant[]; active?: boolean },
): Promise<User> {
  const email = input.email.trim().toLowerCase();
  let [user] = await db.select().from(users).where(eq(users.email, email)).limit(1);
  if (!user) [user] = await db.insert(users).values({ email, name: input.name, active: input.active ?? true }).returning();
  if (input.roles.length) {
    await db
      .insert(memberships)
      .values(input.roles.map((r) => ({ userId: user.id, partnershipId: r.partnershipId, settingId: r.settingId ?? null, role: r.role })))
      .onConflictDoNothing();
  }
  return user;
}

export async function createSetting(
  db: Db,
  input: { partnershipId: string; name: string; type: SettingType; basis: StatutoryBasis; urn?: string | null; active?: boolean },
): Promise<Setting> {
  const [setting] = await db
    .insert(settings)
    .values({ ...input, urn: input.urn ?? null, active: input.active ?? true })
    .returning();
  return setting;
}
