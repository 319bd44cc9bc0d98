// The demo's sign-in addresses, read from the database rather than from the seed's list, so
// every start of a demo server can print them (not only the run that seeded), and they are the
// people really there: whoever the demo's administrator has invited since is listed too, and
// anyone deactivated or without a role is not. The demo partnership's people come first, then
// those of the second demo partnership (Northshire, in its interim year) under its name.
import { and, eq, inArray, isNull, or } from "drizzle-orm";
import type { Db } from "../client";
import { memberships, partnershipPeople, partnerships, settings, users, type Role } from "../schema";
import { DEMO_SLUG } from "./demo";
import { NORTHSHIRE_SLUG } from "./demo-northshire";

export interface DemoSignIn {
  email: string;
  name: string;
  /** "Designated safeguarding lead, Brookfield Primary School". */
  roles: string[];
  /** The partnership's name, for people of the demo's other partnerships; absent for the demo partnership's. */
  partnership?: string;
}

/** The demo partnership first, then the others the demo seed makes, in this order. */
const DEMO_PARTNERSHIPS = [DEMO_SLUG, NORTHSHIRE_SLUG];

const ROLE_ORDER: Role[] = ["admin", "moderation_lead", "moderator", "subgroup_chair", "dsl", "signatory"];
const ROLE_WORDS: Record<Role, string> = {
  admin: "partnership administrator",
  moderation_lead: "moderation panel lead",
  moderator: "moderation panel",
  subgroup_chair: "education subgroup chair",
  dsl: "DSL",
  signatory: "signatory",
};

/** The demo partnerships' people and their roles, or null when there is no demo partnership. */
export async function listDemoSignIns(db: Db): Promise<DemoSignIn[] | null> {
  const found = await db
    .select({ id: partnerships.id, slug: partnerships.slug, name: partnerships.name })
    .from(partnerships)
    .where(inArray(partnerships.slug, DEMO_PARTNERSHIPS));
  if (!found.some((p) => p.slug === DEMO_SLUG)) return null;
  const order = (slug: string) => DEMO_PARTNERSHIPS.indexOf(slug);
  const rows = await db
    .select({ partnershipId: memberships.partnershipId, email: users.email, name: users.name, role: memberships.role, setting: settings.name })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .leftJoin(settings, eq(settings.id, memberships.settingId))
    .leftJoin(partnershipPeople, and(eq(partnershipPeople.partnershipId, memberships.partnershipId), eq(partnershipPeople.userId, users.id)))
    .where(
      and(
        inArray(memberships.partnershipId, found.map((p) => p.id)),
        eq(users.active, true),
        or(isNull(partnershipPeople.userId), isNull(partnershipPeople.deactivatedAt)),
      ),
    );
  const partnershipOf = new Map(found.map((p) => [p.id, p]));
  // One entry per person in each partnership, listed under it.
  const people = new Map<string, DemoSignIn & { rank: number; order: number }>();
  for (const row of rows.sort((a, b) => ROLE_ORDER.indexOf(a.role) - ROLE_ORDER.indexOf(b.role) || (a.setting ?? "").localeCompare(b.setting ?? ""))) {
    const partnership = partnershipOf.get(row.partnershipId)!;
    const key = `${partnership.slug} ${row.email}`;
    const person = people.get(key) ?? {
      email: row.email,
      name: row.name,
      roles: [],
      ...(partnership.slug === DEMO_SLUG ? {} : { partnership: partnership.name }),
      rank: ROLE_ORDER.indexOf(row.role),
      order: order(partnership.slug),
    };
    person.roles.push(row.setting ? `${ROLE_WORDS[row.role]}, ${row.setting}` : ROLE_WORDS[row.role]);
    people.set(key, person);
  }
  return [...people.values()]
    .sort((a, b) => a.order - b.order || a.rank - b.rank || a.email.localeCompare(b.email))
    .map(({ rank: _rank, order: _order, ...person }) => person);
}

const MOST_LISTED = 12;

/**
 * Lines for the console: who to sign in as, and where the link arrives; the demo partnership's
 * people, then each other demo partnership's under its name, at most a dozen of each.
 */
export function formatDemoSignIns(people: DemoSignIn[], options: { devEmailsUrl?: string } = {}): string[] {
  const ours = people.filter((p) => p.partnership === undefined);
  const others = [...new Set(people.flatMap((p) => (p.partnership === undefined ? [] : [p.partnership])))];
  const shown = [ours, ...others.map((name) => people.filter((p) => p.partnership === name))].flatMap((group) => group.slice(0, MOST_LISTED));
  const width = Math.max(0, ...shown.map((p) => p.email.length));
  const listed = (group: DemoSignIn[]) => [
    ...group.slice(0, MOST_LISTED).map((p) => `  ${p.email.padEnd(width)}  ${p.name} (${p.roles.join("; ")})`),
    ...(group.length > MOST_LISTED ? [`  and ${group.length - MOST_LISTED} more`] : []),
  ];
  const lines =
    ours.length === 0
      ? ["Demo partnership: nobody in it can sign in (no active person holds a role)."]
      : [
          options.devEmailsUrl
            ? `Demo partnership: sign in as any of these; the sign-in link arrives at ${options.devEmailsUrl}`
            : "Demo partnership: sign in as any of these",
          ...listed(ours),
        ];
  for (const name of others) lines.push(`${name}, in the same installation:`, ...listed(people.filter((p) => p.partnership === name)));
  return lines;
}
