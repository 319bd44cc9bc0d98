// People and their roles in a partnership: invitations, removing roles, deactivating people and
// ending sessions. A partnership's administrator only ever reaches people who hold a role in that
// partnership: everyone else is "not found", whether or not they exist. Nor does the partnership
// learn what another partnership knows of them: it shows the name its own administrators typed,
// and its deactivation is its own (partnership_people).
import { and, asc, eq, ne, sql } from "drizzle-orm";
import type { Db } from "../db.server";
import { memberships, partnershipPeople, partnerships, settings, users, type Role } from "../../db/schema";
import { invitationEmail } from "../../emails/invitation";
import { enqueueEmail } from "../../emails/outbox.server";
import { PARTNERSHIP_ROLES, ROLE_DESCRIPTIONS, ROLE_LABELS, SETTING_ROLES } from "./permissions";
import { invalidateUserSessions } from "./sessions.server";
import { issueSignInLink, normaliseEmail } from "./sign-in.server";
import { recordAudit } from "../accounts/audit.server";
import { notDeactivatedIn } from "../accounts/deactivation.server";
import { isUuid } from "../ids";
import { DomainError } from "../errors";

/** An invitation link is used days later, not minutes: it waits in someone's inbox. */
export const INVITATION_LINK_MINUTES = 7 * 24 * 60;

/** The person holds no role in the partnership (or does not exist): answered as "not found". */
const personNotFound = () => new DomainError("The person holds no role in this partnership", { status: 404 });

export interface Actor {
  id: string;
}

export interface PersonRole {
  membershipId: string;
  role: Role;
  settingId: string | null;
  settingName: string | null;
}

export interface Person {
  id: string;
  /** The name this partnership's administrators gave them, not the account's. */
  name: string;
  email: string;
  /** False once this partnership has deactivated them (whatever other partnerships did). */
  active: boolean;
  deactivatedAt: Date | null;
  roles: PersonRole[];
}

export const isSettingRole = (role: Role) => SETTING_ROLES.includes(role);
export const isPartnershipRole = (role: Role) => PARTNERSHIP_ROLES.includes(role);

/** The name the partnership knows them by; seeded people with no row of their own keep the account's. */
const knownName = sql<string>`coalesce(${partnershipPeople.name}, ${users.name})`;

async function peopleRows(db: Db, partnershipId: string, userId?: string) {
  const conditions = [eq(memberships.partnershipId, partnershipId)];
  if (userId) conditions.push(eq(memberships.userId, userId));
  return db
    .select({
      userId: users.id,
      name: knownName,
      email: users.email,
      deactivatedAt: partnershipPeople.deactivatedAt,
      membershipId: memberships.id,
      role: memberships.role,
      settingId: memberships.settingId,
      settingName: settings.name,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .leftJoin(
      partnershipPeople,
      and(eq(partnershipPeople.partnershipId, memberships.partnershipId), eq(partnershipPeople.userId, memberships.userId)),
    )
    .leftJoin(settings, and(eq(settings.id, memberships.settingId), eq(settings.partnershipId, partnershipId)))
    .where(and(...conditions))
    // Roles in the order of the role enum (setting roles first), then by setting.
    .orderBy(asc(knownName), asc(users.email), asc(memberships.role), asc(settings.name), asc(memberships.id));
}

function groupPeople(rows: Awaited<ReturnType<typeof peopleRows>>): Person[] {
  const people = new Map<string, Person>();
  for (const r of rows) {
    const person = people.get(r.userId) ?? {
      id: r.userId,
      name: r.name,
      email: r.email,
      active: r.deactivatedAt === null,
      deactivatedAt: r.deactivatedAt,
      roles: [],
    };
    person.roles.push({ membershipId: r.membershipId, role: r.role, settingId: r.settingId, settingName: r.settingName });
    people.set(r.userId, person);
  }
  return [...people.values()];
}

/** Everyone holding a role in the partnership, by name, with their roles and settings. */
export async function listPeople(db: Db, partnershipId: string): Promise<Person[]> {
  return groupPeople(await peopleRows(db, partnershipId));
}

/** One person as the partnership sees them: undefined unless they hold a role in it. */
export async function getPerson(db: Db, partnershipId: string, userId: string): Promise<Person | undefined> {
  if (!isUuid(userId)) return undefined;
  return groupPeople(await peopleRows(db, partnershipId, userId))[0];
}

async function requireRoleIn(db: Db, partnershipId: string, userId: string): Promise<void> {
  if (!isUuid(userId)) throw personNotFound();
  const [row] = await db
    .select({ id: memberships.id })
    .from(memberships)
    .where(and(eq(memberships.partnershipId, partnershipId), eq(memberships.userId, userId)))
    .limit(1);
  if (!row) throw personNotFound();
}

export interface InvitePersonInput {
  partnershipId: string;
  /** Who invites them; null id for a scripted set-up (`portal invite`), named as the partnership. */
  invitedBy: { id: string | null; name: string };
  email: string;
  name: string;
  role: Role;
  /** The setting a DSL or signatory works for; absent for partnership roles. */
  settingId?: string | null;
  ipAddress?: string | null;
}

export interface InvitationResult {
  userId: string;
  /** A new account was made for the address. */
  createdUser: boolean;
  /** False when they already held this role: the invitation is sent again. */
  roleAdded: boolean;
  outboxId: string;
}

/**
 * Invites someone to a role in the partnership, in one transaction: makes their account if the
 * address is new, records the name typed as the name this partnership knows them by (an existing
 * account keeps its own name, which this partnership is never shown), adds the role, and queues
 * the invitation email, greeting them by the typed name, with a sign-in link that lasts a week.
 * Inviting someone this partnership had deactivated lets them back in here, and only here.
 */
export async function invitePerson(db: Db, input: InvitePersonInput): Promise<InvitationResult> {
  const email = normaliseEmail(input.email);
  const name = input.name.trim();
  const settingId = input.settingId || null;
  if (!name) throw new DomainError("Enter the person's full name", { status: 400, field: "name" });
  if (!/^[^\s@]+@[^\s@]+$/.test(email)) throw new DomainError("Enter an email address in the correct format", { status: 400, field: "email" });
  if (isPartnershipRole(input.role) && settingId) {
    throw new DomainError(`A ${ROLE_LABELS[input.role].toLowerCase()} works across the partnership: choose "No setting"`, { status: 400, field: "settingId" });
  }

  return db.transaction(async (tx) => {
    const [partnership] = await tx
      .select({ id: partnerships.id, name: partnerships.name })
      .from(partnerships)
      .where(eq(partnerships.id, input.partnershipId));
    if (!partnership) throw new Error("The partnership does not exist");

    let settingName: string | null = null;
    if (isSettingRole(input.role)) {
      if (!settingId) throw new DomainError("Select the setting they work for", { status: 400, field: "settingId" });
      // Only a setting of this partnership: an id from another partnership's register is refused
      // exactly as a made-up one is.
      const [setting] = isUuid(settingId)
        ? await tx
            .select({ name: settings.name, active: settings.active })
            .from(settings)
            .where(and(eq(settings.id, settingId), eq(settings.partnershipId, partnership.id)))
        : [];
      if (!setting) throw new DomainError("Select a setting from your partnership's register", { status: 400, field: "settingId" });
      if (!setting.active) throw new DomainError("That setting is inactive: select an open setting", { status: 400, field: "settingId" });
      settingName = setting.name;
    }

    // ON CONFLICT rather than look-then-insert, so two invitations to a new address at once both
    // end with one account.
    const [inserted] = await tx.insert(users).values({ email, name }).onConflictDoNothing({ target: users.email }).returning();
    const [user] = inserted ? [inserted] : await tx.select().from(users).where(eq(users.email, email));
    if (!user) throw new Error(`The account for ${email} could not be created or found`);
    const audit = {
      actorUserId: input.invitedBy.id,
      partnershipId: partnership.id,
      entityType: "user",
      entityId: user.id,
      ipAddress: input.ipAddress ?? null,
    };
    // Locked against a deactivation here at the same moment: one of the two comes first.
    const [known] = await tx
      .select({ deactivatedAt: partnershipPeople.deactivatedAt })
      .from(partnershipPeople)
      .where(and(eq(partnershipPeople.partnershipId, partnership.id), eq(partnershipPeople.userId, user.id)))
      .for("update");
    await tx
      .insert(partnershipPeople)
      .values({ partnershipId: partnership.id, userId: user.id, name })
      .onConflictDoUpdate({
        target: [partnershipPeople.partnershipId, partnershipPeople.userId],
        set: { name, deactivatedAt: null, deactivatedByUserId: null, updatedAt: sql`now()` },
      });
    if (known?.deactivatedAt) {
      // Inviting them again is this partnership's administrator letting them back in here. Another
      // partnership's deactivation is that partnership's own, and this touches none of it.
      await recordAudit(tx, { ...audit, action: "user.reactivated", detail: { email } });
    }

    const [membership] = await tx
      .insert(memberships)
      .values({ userId: user.id, partnershipId: partnership.id, settingId, role: input.role })
      .onConflictDoNothing()
      .returning({ id: memberships.id });
    if (membership) {
      await recordAudit(tx, { ...audit, action: "role.granted", detail: { email, role: input.role, settingId } });
    }

    const { link, minutes } = await issueSignInLink(tx, user, { purpose: "invitation", minutes: INVITATION_LINK_MINUTES });
    const outboxId = await enqueueEmail(tx, {
      to: user.email,
      template: "invitation",
      partnershipId: partnership.id,
      message: invitationEmail({
        name,
        invitedBy: input.invitedBy.name,
        partnershipName: partnership.name,
        roleLabel: ROLE_LABELS[input.role],
        roleDescription: ROLE_DESCRIPTIONS[input.role],
        settingName,
        link,
        minutes,
      }),
    });
    await recordAudit(tx, {
      ...audit,
      action: "invitation.sent",
      detail: { email, role: input.role, settingId, outboxId, newAccount: Boolean(inserted) },
    });
    return { userId: user.id, createdUser: Boolean(inserted), roleAdded: Boolean(membership), outboxId };
  });
}

/** Refuses a change that would leave the partnership without an active administrator. */
async function keepAnAdministrator(db: Db, partnershipId: string, leavingUserId: string): Promise<void> {
  const [{ others }] = await db
    .select({ others: sql<number>`count(*)::int` })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(
      and(
        eq(memberships.partnershipId, partnershipId),
        eq(memberships.role, "admin"),
        eq(users.active, true),
        notDeactivatedIn(memberships.partnershipId, memberships.userId),
        ne(memberships.userId, leavingUserId),
      ),
    );
  if (others === 0) {
    throw new DomainError("The partnership must keep at least one administrator. Invite another administrator first.", { status: 400 });
  }
}

/** Holding the partnership row serialises changes to its administrators, so two cannot each remove the other. */
async function lockPartnership(db: Db, partnershipId: string): Promise<void> {
  await db.select({ id: partnerships.id }).from(partnerships).where(eq(partnerships.id, partnershipId)).for("update");
}

export interface RemoveRoleInput {
  partnershipId: string;
  userId: string;
  membershipId: string;
  actor: Actor;
  ipAddress?: string | null;
}

/** Takes one role away. The person's other roles, and their account, stay as they were. */
export async function removeRole(db: Db, input: RemoveRoleInput): Promise<PersonRole> {
  return db.transaction(async (tx) => {
    await requireRoleIn(tx, input.partnershipId, input.userId);
    if (!isUuid(input.membershipId)) throw personNotFound();
    await lockPartnership(tx, input.partnershipId);
    const [role] = await tx
      .select({ membershipId: memberships.id, role: memberships.role, settingId: memberships.settingId, settingName: settings.name })
      .from(memberships)
      .leftJoin(settings, eq(settings.id, memberships.settingId))
      .where(
        and(
          eq(memberships.id, input.membershipId),
          eq(memberships.userId, input.userId),
          eq(memberships.partnershipId, input.partnershipId),
        ),
      );
    if (!role) throw personNotFound();
    if (role.role === "admin") await keepAnAdministrator(tx, input.partnershipId, input.userId);
    await tx.delete(memberships).where(eq(memberships.id, role.membershipId));
    await recordAudit(tx, {
      action: "role.revoked",
      actorUserId: input.actor.id,
      partnershipId: input.partnershipId,
      entityType: "user",
      entityId: input.userId,
      detail: { role: role.role, settingId: role.settingId },
      ipAddress: input.ipAddress ?? null,
    });
    return role;
  });
}

export interface DeactivateUserInput {
  partnershipId: string;
  userId: string;
  actor: Actor;
  ipAddress?: string | null;
}

export interface DeactivationResult {
  sessionsEnded: number;
}

/**
 * Stops someone using the portal for this partnership, and only this one: every session they
 * have ends now, and their roles here stay (the people list still shows who they were and what
 * they did) but grant nothing until this partnership's administrator invites them again. Another
 * partnership they work for is not touched, and the outcome is the same whether or not there is
 * one, so the administrator learns nothing of it.
 */
export async function deactivateUser(db: Db, input: DeactivateUserInput): Promise<DeactivationResult> {
  if (input.actor.id === input.userId) throw new DomainError("You cannot deactivate your own account.", { status: 400 });
  return db.transaction(async (tx) => {
    await requireRoleIn(tx, input.partnershipId, input.userId);
    await lockPartnership(tx, input.partnershipId);
    const [admin] = await tx
      .select({ id: memberships.id })
      .from(memberships)
      .where(and(eq(memberships.partnershipId, input.partnershipId), eq(memberships.userId, input.userId), eq(memberships.role, "admin")))
      .limit(1);
    if (admin) await keepAnAdministrator(tx, input.partnershipId, input.userId);

    // Seeded people have no row yet: theirs starts with the account's name, as the list showed it.
    const [account] = await tx.select({ name: users.name }).from(users).where(eq(users.id, input.userId));
    await tx
      .insert(partnershipPeople)
      .values({
        partnershipId: input.partnershipId,
        userId: input.userId,
        name: account.name,
        deactivatedAt: sql`now()`,
        deactivatedByUserId: input.actor.id,
      })
      .onConflictDoUpdate({
        target: [partnershipPeople.partnershipId, partnershipPeople.userId],
        // Deactivating twice (a form sent again) keeps the first date and administrator.
        set: {
          deactivatedAt: sql`coalesce(${partnershipPeople.deactivatedAt}, now())`,
          deactivatedByUserId: sql`coalesce(${partnershipPeople.deactivatedByUserId}, ${input.actor.id}::uuid)`,
          updatedAt: sql`now()`,
        },
      });
    const sessionsEnded = await invalidateUserSessions(tx, input.userId);
    await recordAudit(tx, {
      action: "user.deactivated",
      actorUserId: input.actor.id,
      partnershipId: input.partnershipId,
      entityType: "user",
      entityId: input.userId,
      detail: { sessionsEnded },
      ipAddress: input.ipAddress ?? null,
    });
    return { sessionsEnded };
  });
}

export interface EndSessionsInput {
  partnershipId: string;
  userId: string;
  actor: Actor;
  ipAddress?: string | null;
}

/** Signs someone out everywhere (a lost laptop, a shared computer). Returns how many sessions ended. */
export async function endSessions(db: Db, input: EndSessionsInput): Promise<number> {
  return db.transaction(async (tx) => {
    await requireRoleIn(tx, input.partnershipId, input.userId);
    const ended = await invalidateUserSessions(tx, input.userId);
    await recordAudit(tx, {
      action: "sessions.ended",
      actorUserId: input.actor.id,
      partnershipId: input.partnershipId,
      entityType: "user",
      entityId: input.userId,
      detail: { sessionsEnded: ended },
      ipAddress: input.ipAddress ?? null,
    });
    return ended;
  });
}
