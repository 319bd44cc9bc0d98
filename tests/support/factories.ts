// Small factories for route and domain tests, built on the ones the demo seed uses
// (db/seed/factories.ts): each call makes a distinct partnership, setting or person unless told
// otherwise, so tests in one file never collide.
import { randomBytes } from "node:crypto";
import type { Db } from "../../db/client";
import { createSetting, createUserWithRoles, type RoleGrant } from "../../db/seed/factories";
import type { Partnership, Setting, SettingType, StatutoryBasis, User } from "../../db/schema";
import { createPartnership } from "../../app/domain/partnerships.server";

export type { RoleGrant };

const unique = () => randomBytes(4).toString("hex");

export async function makePartnership(db: Db, input: { name?: string; slug?: string } = {}): Promise<Partnership> {
  const id = unique();
  const { partnership } = await createPartnership(db, {
    name: input.name ?? `Test partnership ${id}`,
    slug: input.slug ?? `test-${id}`,
  });
  return partnership;
}

const AGENCY_TYPES: SettingType[] = ["police", "health", "council_service", "voluntary", "faith", "sport_leisure"];

export async function makeSetting(
  db: Db,
  partnershipId: string,
  input: { name?: string; type?: SettingType; basis?: StatutoryBasis; urn?: string | null; active?: boolean } = {},
): Promise<Setting> {
  const type = input.type ?? "primary";
  const basis = input.basis ?? (AGENCY_TYPES.includes(type) ? "s11" : "s175");
  return createSetting(db, {
    partnershipId,
    name: input.name ?? `Test setting ${unique()}`,
    type,
    basis,
    // Agencies have no URN; schools get a made-up six-digit one.
    urn: input.urn !== undefined ? input.urn : basis === "s11" ? null : String(100000 + Math.floor(Math.random() * 900000)),
    active: input.active,
  });
}

/** A person holding the given roles (none by default). */
export async function makeUser(
  db: Db,
  input: { name?: string; email?: string; roles?: RoleGrant[]; active?: boolean } = {},
): Promise<User> {
  const id = unique();
  return createUserWithRoles(db, {
    name: input.name ?? `Test person ${id}`,
    email: input.email ?? `person-${id}@example.org.uk`,
    roles: input.roles ?? [],
    active: input.active,
  });
}
