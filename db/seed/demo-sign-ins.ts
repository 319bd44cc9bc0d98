// The demo's sign-in addresses, read from the database rather than from the seed's list, so
// every start of a demo server can print them (not only the run that seeded), and they are the
// people really there: whoever the demo's administrator has invited since is listed too, and
// anyone deactivated or without a role is not.
import { and, eq, isNull, or } from "drizzle-orm";
import type { Db } from "../client";
import { memberships, partnershipPeople, partnerships, settings, users, type Role } from "../schema";
import { DEMO_SLUG } from "./demo";

export interface DemoSignIn {
  email: string;
  name: string;
  /** "Designated safeguarding lead, Brookfield Primary School". */
  roles: string[];
}

const ROLE_ORDER: Role[] = ["admin", "moderation_lead", "moderator", "subgroup_chair", "dsl", "signatory"];
const ROLE_WORDS: Record<Role, string> = {
  admin: "partnership administrator",
  moderation_lead: "moderation panel lead",
  moderator: "moderation panel",
  subgroup_chair: "education subgroup chair",
  dsl: "DSL",
  signatory: "signatory",
};

/** The demo partnership's people and their roles, or null when there is no demo partnership. */
export async function listDemoSignIns(db: Db): Promise<DemoSignIn[] | null> {
  const [demo] = await db.select({ id: partnerships.id }).from(partnerships).where(eq(partnerships.slug, DEMO_SLUG));
  if (!demo) return null;
  const rows = await db
    .select({ email: users.email, name: users.name, role: memberships.role, setting: settings.name })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .leftJoin(settings, eq(settings.id, memberships.settingId))
    .leftJoin(partnershipPeople, and(eq(partnershipPeople.partnershipId, memberships.partnershipId), eq(partnershipPeople.userId, users.id)))
    .where(and(eq(memberships.partnershipId, demo.id), eq(users.active, true), or(isNull(partnershipPeople.userId), isNull(partnershipPeople.deactivatedAt))));
  const people = new Map<string, DemoSignIn & { rank: number }>();
  for (const row of rows.sort((a, b) => ROLE_ORDER.indexOf(a.role) - ROLE_ORDER.indexOf(b.role) || (a.setting ?? "").localeCompare(b.setting ?? ""))) {
    const person = people.get(row.email) ?? { email: row.email, name: row.name, roles: [], rank: ROLE_ORDER.indexOf(row.role) };
    person.roles.push(row.setting ? `${ROLE_WORDS[row.role]}, ${row.setting}` : ROLE_WORDS[row.role]);
    people.set(row.email, person);
  }
  return [...people.values()]
    .sort((a, b) => a.rank - b.rank || a.email.localeCompare(b.email))
    .map(({ email, name, roles }) => ({ email, name, roles }));
}

const MOST_LISTED = 12;

/** Lines for the console: who to sign in as, and where the link arrives. */
export function formatDemoSignIns(people: DemoSignIn[], options: { devEmailsUrl?: string } = {}): string[] {
  if (people.length === 0) return ["Demo partnership: nobody in it can sign in (no active person holds a role)."];
  const width = Math.max(...people.slice(0, MOST_LISTED).map((p) => p.email.length));
  const lines = [
    options.devEmailsUrl
      ? `Demo partnership: sign in as any of these; the sign-in link arrives at ${options.devEmailsUrl}`
      : "Demo partnership: sign in as any of these",
    ...people.slice(0, MOST_LISTED).map((p) => `  ${p.email.padEnd(width)}  ${p.name} (${p.roles.join("; ")})`),
  ];
  if (people.length > MOST_LISTED) lines.push(`  and ${people.length - MOST_LISTED} more`);
  return lines;
}
