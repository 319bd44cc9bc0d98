// The people a setting's emails go to: its DSLs and signatories (or the roles asked for) who
// can still sign in to the partnership. Receipts, sign-off requests, challenges and feedback
// letters all ask this one query.
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../db.server";
import { memberships, partnershipPeople, settings, users, type Role } from "../../db/schema";
import { notDeactivatedIn } from "../accounts/deactivation.server";

export interface SettingPerson {
  id: string;
  email: string;
  name: string;
}

export async function settingPeople(
  db: Db,
  scope: { partnershipId: string; settingId: string },
  roles: readonly Role[] = ["dsl", "signatory"],
): Promise<SettingPerson[]> {
  return peopleQuery(db, scope, roles);
}

/**
 * The same people, in the same order, as one JSON array: for a statement that reads them with
 * something else (a submission's lock reads who its receipts go to), one round trip fewer.
 */
export function settingPeopleJson(db: Db, scope: { partnershipId: string; settingId: string }, roles: readonly Role[] = ["dsl", "signatory"]) {
  return sql<SettingPerson[]>`(select coalesce(jsonb_agg(p order by p.name, p.id), '[]'::jsonb) from (${peopleQuery(db, scope, roles).getSQL()}) p)`;
}

function peopleQuery(db: Db, scope: { partnershipId: string; settingId: string }, roles: readonly Role[]) {
  return db
    .selectDistinct({ id: users.id, email: users.email, name: users.name })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(
      and(
        eq(memberships.settingId, scope.settingId),
        eq(memberships.partnershipId, scope.partnershipId),
        inArray(memberships.role, [...roles]),
        eq(users.active, true),
        notDeactivatedIn(memberships.partnershipId, memberships.userId),
      ),
    )
    .orderBy(asc(users.name), asc(users.id));
}

/** The setting's DSLs and signatories who can sign in, each with the role they hold here (for its people page). */
export async function settingRoleHolders(db: Db, scope: { partnershipId: string; settingId: string }) {
  return db
    // The name this partnership knows them by, as the people pages show it.
    .select({ membershipId: memberships.id, userId: users.id, email: users.email, name: sql<string>`coalesce(${partnershipPeople.name}, ${users.name})`, role: memberships.role })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .leftJoin(partnershipPeople, and(eq(partnershipPeople.userId, users.id), eq(partnershipPeople.partnershipId, memberships.partnershipId)))
    .where(
      and(
        eq(memberships.settingId, scope.settingId),
        eq(memberships.partnershipId, scope.partnershipId),
        inArray(memberships.role, ["dsl", "signatory"]),
        eq(users.active, true),
        notDeactivatedIn(memberships.partnershipId, memberships.userId),
      ),
    )
    .orderBy(asc(memberships.role), asc(users.name));
}

/** Which of the partnership's settings have no DSL, or no signatory, who can sign in (flagged on the register). */
export async function settingsMissingPeople(db: Db, partnershipId: string): Promise<{ noDsl: Set<string>; noSignatory: Set<string> }> {
  const held = await db
    .selectDistinct({ settingId: memberships.settingId, role: memberships.role })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.partnershipId, partnershipId), inArray(memberships.role, ["dsl", "signatory"]), eq(users.active, true), notDeactivatedIn(memberships.partnershipId, memberships.userId)));
  const all = await db.select({ id: settings.id }).from(settings).where(eq(settings.partnershipId, partnershipId));
  const has = (role: Role) => new Set(held.filter((h) => h.role === role).map((h) => h.settingId));
  const dsl = has("dsl");
  const signatory = has("signatory");
  return { noDsl: new Set(all.filter((s) => !dsl.has(s.id)).map((s) => s.id)), noSignatory: new Set(all.filter((s) => !signatory.has(s.id)).map((s) => s.id)) };
}
