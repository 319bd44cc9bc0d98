// Small factories for people and places, shared by the scenario builder (the demo seed, the
// benchmark partnership) and the tests.
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

/**
 * Many new people at once, each with their roles: a partnership's worth of staff in a few
 * statements, where createUserWithRoles takes up to three per person. Every email must be new.
 */
export async function createPeople(db: Db, people: { email: string; name: string; roles: RoleGrant[] }[]): Promise<User[]> {
  const created: User[] = [];
  for (let i = 0; i < people.length; i += 500) {
    const chunk = people.slice(i, i + 500);
    const rows = await db
      .insert(users)
      .values(chunk.map((p) => ({ email: p.email.trim().toLowerCase(), name: p.name })))
      .returning();
    const byEmail = new Map(rows.map((u) => [u.email, u]));
    const inOrder = chunk.map((p) => byEmail.get(p.email.trim().toLowerCase())!);
    const grants = chunk.flatMap((p, j) =>
      p.roles.map((r) => ({ userId: inOrder[j].id, partnershipId: r.partnershipId, settingId: r.settingId ?? null, role: r.role })),
    );
    for (let k = 0; k < grants.length; k += 1000) await db.insert(memberships).values(grants.slice(k, k + 1000));
    created.push(...inOrder);
  }
  return created;
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
