// People and roles, through the pages' loaders and actions: inviting (new and existing people,
// bad input), removing roles, ending sessions, deactivating, and that an administrator reaches
// only the people of their own partnership.
import { and, count, eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  auditEvents,
  emailOutbox,
  memberships,
  sessions,
  signInTokens,
  users,
  type Partnership,
  type Setting,
  type User,
} from "../../db/schema";
import { loadGrants } from "../../app/auth/guards.server";
import { createSession } from "../../app/auth/sessions.server";
import { INVITATION_LINK_MINUTES } from "../../app/auth/people.server";
import { loader as peopleLoader } from "../../app/routes/partnerships.$slug.people._index";
import { action as personAction, loader as personLoader } from "../../app/routes/partnerships.$slug.people.$userId";
import { action as inviteAction, loader as inviteLoader } from "../../app/routes/partnerships.$slug.people.invite";
import { action as deactivateAction, loader as confirmLoader } from "../../app/routes/partnerships.$slug.people.$userId_.deactivate";
import { sessionCookie, signedInRequest } from "../support/auth";
import { fetchPage, linksOf, mainTextOf } from "../support/crawl";
import { appRequestHandler } from "../support/remix";
import { useTestDatabase, type TestDatabase } from "../support/database";
import { makePartnership, makeSetting, makeUser } from "../support/factories";
import { dataResult, routeArgs, thrownRedirect, thrownResponse } from "../support/routes";

let database: TestDatabase;
let a: Partnership;
let b: Partnership;
let schoolOfA: Setting;
let schoolOfB: Setting;
let adminOfA: User;
let adminOfB: User;
let dslOfA: User;
let personOfB: User;

beforeAll(async () => {
  database = await useTestDatabase();
  const { db } = database;
  a = await makePartnership(db, { name: "North Halton Safeguarding Children Partnership" });
  b = await makePartnership(db, { name: "South Halton Safeguarding Children Partnership" });
  schoolOfA = await makeSetting(db, a.id, { name: "Bridge Street Primary" });
  schoolOfB = await makeSetting(db, b.id, { name: "Southern Primary" });
  adminOfA = await makeUser(db, { name: "Alex Admin", roles: [{ partnershipId: a.id, role: "admin" }] });
  adminOfB = await makeUser(db, { name: "Bea Admin", roles: [{ partnershipId: b.id, role: "admin" }] });
  dslOfA = await makeUser(db, { name: "Dana Lead", roles: [{ partnershipId: a.id, role: "dsl", settingId: schoolOfA.id }] });
  personOfB = await makeUser(db, { name: "Bo Moderator", roles: [{ partnershipId: b.id, role: "moderator" }] });
});

afterAll(async () => {
  await database?.destroy();
});

async function rowCount(table: typeof users | typeof memberships | typeof emailOutbox) {
  const [{ n }] = await database.db.select({ n: count() }).from(table);
  return n;
}

async function auditActions(entityId: string) {
  const rows = await database.db.select({ action: auditEvents.action }).from(auditEvents).where(eq(auditEvents.entityId, entityId));
  return rows.map((r) => r.action).sort();
}

async function invite(actor: User, form: Record<string, string>, partnership = a) {
  const request = await signedInRequest(actor, `/partnerships/${partnership.slug}/people/invite`, { form });
  return inviteAction(routeArgs(request, { slug: partnership.slug }));
}

async function actOn(actor: User, person: { id: string }, form: Record<string, string>, partnership = a) {
  const request = await signedInRequest(actor, `/partnerships/${partnership.slug}/people/${person.id}`, { form });
  return personAction(routeArgs(request, { slug: partnership.slug, userId: person.id }));
}

/** Confirming on the deactivation page: the only post that deactivates. */
async function deactivate(actor: User, person: { id: string }, partnership = a) {
  const request = await signedInRequest(actor, `/partnerships/${partnership.slug}/people/${person.id}/deactivate`, { form: {} });
  return deactivateAction(routeArgs(request, { slug: partnership.slug, userId: person.id }));
}

async function viewConfirmation(actor: User, person: { id: string }, partnership = a) {
  const request = await signedInRequest(actor, `/partnerships/${partnership.slug}/people/${person.id}/deactivate`);
  return confirmLoader(routeArgs(request, { slug: partnership.slug, userId: person.id }));
}

async function viewPerson(actor: User, person: { id: string }, partnership = a) {
  const request = await signedInRequest(actor, `/partnerships/${partnership.slug}/people/${person.id}`);
  return personLoader(routeArgs(request, { slug: partnership.slug, userId: person.id }));
}

describe("inviting someone", () => {
  it("creates the person, their role and one pending invitation email with a week-long link", async () => {
    const location = await thrownRedirect(
      invite(adminOfA, { name: "  Priya Shah ", email: "Priya.Shah@Example.ORG.uk", role: "moderator", settingId: "" }),
    );
    expect(location).toBe(`/partnerships/${a.slug}/people?invited=${encodeURIComponent("priya.shah@example.org.uk")}`);

    const [user] = await database.db.select().from(users).where(eq(users.email, "priya.shah@example.org.uk"));
    expect(user).toMatchObject({ name: "Priya Shah", active: true });
    const roles = await database.db.select().from(memberships).where(eq(memberships.userId, user.id));
    expect(roles.map((r) => [r.partnershipId, r.role, r.settingId])).toEqual([[a.id, "moderator", null]]);

    const emails = await database.db.select().from(emailOutbox).where(eq(emailOutbox.toAddress, "priya.shah@example.org.uk"));
    expect(emails).toHaveLength(1);
    const [email] = emails;
    expect(email).toMatchObject({ status: "pending", template: "invitation", partnershipId: a.id });
    expect(email.subject).toContain("North Halton Safeguarding Children Partnership");
    const link = /http:\/\/localhost:3000\/sign-in\/[a-z2-7]+/.exec(email.textBody)?.[0];
    expect(link, "a sign-in link in the text part").toBeDefined();
    expect(email.htmlBody).toContain(`href="${link}"`);
    expect(email.textBody).toContain("Alex Admin has invited you");
    expect(email.textBody).toContain("Moderation panel member");

    const [token] = await database.db.select().from(signInTokens).where(eq(signInTokens.userId, user.id));
    expect(token.purpose).toBe("invitation");
    expect(token.expiresAt.getTime() - token.createdAt.getTime()).toBe(INVITATION_LINK_MINUTES * 60_000);
    expect(await auditActions(user.id)).toEqual(["invitation.sent", "role.granted"]);

    // The list shows them, with the success banner's address.
    const request = await signedInRequest(adminOfA, location);
    const page = await peopleLoader(routeArgs(request, { slug: a.slug }));
    expect(page.invited).toBe("priya.shah@example.org.uk");
    expect(page.people.find((p) => p.id === user.id)).toMatchObject({ name: "Priya Shah", active: true, roles: ["Moderation panel member"] });
  });

  it("gives someone who already has an account a second role, without a second account", async () => {
    const usersBefore = await rowCount(users);
    await thrownRedirect(invite(adminOfA, { name: "Someone Else", email: dslOfA.email.toUpperCase(), role: "signatory", settingId: schoolOfA.id }));
    expect(await rowCount(users)).toBe(usersBefore);
    const [user] = await database.db.select().from(users).where(eq(users.id, dslOfA.id));
    expect(user.name).toBe("Dana Lead");
    const roles = await database.db.select().from(memberships).where(eq(memberships.userId, dslOfA.id));
    expect(roles.map((r) => r.role).sort()).toEqual(["dsl", "signatory"]);
    const [email] = await database.db.select().from(emailOutbox).where(eq(emailOutbox.toAddress, dslOfA.email));
    expect(email.textBody).toContain("Setting: Bridge Street Primary");

    // The same invitation again adds nothing, and sends the email again.
    await thrownRedirect(invite(adminOfA, { name: "Dana Lead", email: dslOfA.email, role: "signatory", settingId: schoolOfA.id }));
    expect(await database.db.$count(memberships, eq(memberships.userId, dslOfA.id))).toBe(2);
    expect(await database.db.$count(emailOutbox, eq(emailOutbox.toAddress, dslOfA.email))).toBe(2);
  });

  it("refuses bad input with 400, the field errors and the values typed, and creates nothing", async () => {
    const before = [await rowCount(users), await rowCount(memberships), await rowCount(emailOutbox)];
    const missing = dataResult<{ errors: Record<string, string>; values: Record<string, string> }>(
      await invite(adminOfA, { name: " ", email: "not an address", role: "", settingId: "" }),
    );
    expect(missing.status).toBe(400);
    expect(Object.keys(missing.data.errors)).toEqual(["name", "email", "role"]);
    expect(missing.data.errors.email).toMatch(/correct format/);
    expect(missing.data.values.email).toBe("not an address");

    const noSetting = dataResult<{ errors: Record<string, string> }>(
      await invite(adminOfA, { name: "New Lead", email: "new.lead@example.org.uk", role: "dsl", settingId: "" }),
    );
    expect(noSetting.status).toBe(400);
    expect(noSetting.data.errors).toEqual({ settingId: expect.stringMatching(/^Select the setting/) });

    const settingForAdmin = dataResult<{ errors: Record<string, string> }>(
      await invite(adminOfA, { name: "New Admin", email: "new.admin@example.org.uk", role: "admin", settingId: schoolOfA.id }),
    );
    expect(Object.keys(settingForAdmin.data.errors)).toEqual(["settingId"]);

    for (const settingId of [schoolOfB.id, "not-a-uuid", crypto.randomUUID()]) {
      const result = dataResult<{ errors: Record<string, string>; values: Record<string, string> }>(
        await invite(adminOfA, { name: "New Lead", email: "new.lead@example.org.uk", role: "dsl", settingId }),
      );
      expect(result.status).toBe(400);
      expect(result.data.errors).toEqual({ settingId: "Select a setting from your partnership's register" });
      expect(result.data.values.name).toBe("New Lead");
    }
    expect([await rowCount(users), await rowCount(memberships), await rowCount(emailOutbox)]).toEqual(before);
  });

  it("lists only this partnership's active settings to choose from", async () => {
    const request = await signedInRequest(adminOfA, `/partnerships/${a.slug}/people/invite`);
    const page = await inviteLoader(routeArgs(request, { slug: a.slug }));
    expect(page.settings.map((s) => s.value)).toEqual([schoolOfA.id]);
  });
});

describe("who may manage people", () => {
  it("refuses a DSL every people page (403)", async () => {
    const list = await signedInRequest(dslOfA, `/partnerships/${a.slug}/people`);
    expect((await thrownResponse(peopleLoader(routeArgs(list, { slug: a.slug })))).status).toBe(403);
    const form = await signedInRequest(dslOfA, `/partnerships/${a.slug}/people/invite`);
    expect((await thrownResponse(inviteLoader(routeArgs(form, { slug: a.slug })))).status).toBe(403);
    const sent = await invite(dslOfA, { name: "X", email: "x@example.org.uk", role: "admin", settingId: "" }).catch((e) => e);
    expect(sent).toBeInstanceOf(Response);
    expect((sent as Response).status).toBe(403);
    expect((await thrownResponse(viewPerson(dslOfA, adminOfA))).status).toBe(403);
    expect((await thrownResponse(actOn(dslOfA, adminOfA, { intent: "deactivate" }))).status).toBe(403);
    expect((await thrownResponse(viewConfirmation(dslOfA, adminOfA))).status).toBe(403);
    expect((await thrownResponse(deactivate(dslOfA, adminOfA))).status).toBe(403);
    expect(await database.db.$count(users, eq(users.email, "x@example.org.uk"))).toBe(0);
  });

  it("gives an administrator of one partnership nothing of another (404)", async () => {
    // B's pages, named by B's slug.
    const list = await signedInRequest(adminOfA, `/partnerships/${b.slug}/people`);
    expect((await thrownResponse(peopleLoader(routeArgs(list, { slug: b.slug })))).status).toBe(404);
    expect((await thrownResponse(invite(adminOfA, { name: "X", email: "x@example.org.uk", role: "moderator" }, b))).status).toBe(404);
    expect((await thrownResponse(viewPerson(adminOfA, personOfB, b))).status).toBe(404);
    expect((await thrownResponse(actOn(adminOfA, personOfB, { intent: "deactivate" }, b))).status).toBe(404);
    expect((await thrownResponse(viewConfirmation(adminOfA, personOfB, b))).status).toBe(404);
    expect((await thrownResponse(deactivate(adminOfA, personOfB, b))).status).toBe(404);
    expect((await thrownResponse(viewConfirmation(adminOfA, personOfB))).status).toBe(404);
    expect((await thrownResponse(deactivate(adminOfA, personOfB))).status).toBe(404);
    // B's person, reached through A's own pages.
    expect((await thrownResponse(viewPerson(adminOfA, personOfB))).status).toBe(404);
    for (const intent of ["deactivate", "end-sessions"]) {
      expect((await thrownResponse(actOn(adminOfA, personOfB, { intent }))).status).toBe(404);
    }
    const [bRole] = await database.db.select().from(memberships).where(eq(memberships.userId, personOfB.id));
    expect((await thrownResponse(actOn(adminOfA, personOfB, { intent: "remove-role", membershipId: bRole.id }))).status).toBe(404);
    // Nor B's person's role through an A person's page.
    expect((await thrownResponse(actOn(adminOfA, dslOfA, { intent: "remove-role", membershipId: bRole.id }))).status).toBe(404);
    // A made-up id is simply not found.
    expect((await thrownResponse(viewPerson(adminOfA, { id: "nobody" }))).status).toBe(404);

    const [after] = await database.db.select().from(users).where(eq(users.id, personOfB.id));
    expect(after.active).toBe(true);
    // Each list holds its own partnership's people only; B's administrator does see B's person.
    const listOfA = await peopleLoader(routeArgs(await signedInRequest(adminOfA, `/partnerships/${a.slug}/people`), { slug: a.slug }));
    expect(listOfA.people.map((p) => p.id)).not.toContain(personOfB.id);
    expect((await viewPerson(adminOfB, personOfB, b)).person.name).toBe("Bo Moderator");
    expect(await database.db.$count(memberships, eq(memberships.userId, personOfB.id))).toBe(1);
  });
});

describe("changing someone's access", () => {
  let person: User;

  beforeEach(async () => {
    person = await makeUser(database.db, {
      roles: [
        { partnershipId: a.id, role: "moderator" },
        { partnershipId: a.id, role: "dsl", settingId: schoolOfA.id },
      ],
    });
    await createSession(database.db, person.id);
    await createSession(database.db, person.id);
  });

  const sessionCount = (userId: string) => database.db.$count(sessions, eq(sessions.userId, userId));

  it("asks before deactivating: the first post does not deactivate, confirming does", async () => {
    const page = `/partnerships/${a.slug}/people/${person.id}`;
    expect(await thrownRedirect(actOn(adminOfA, person, { intent: "deactivate" }))).toBe(`${page}/deactivate`);
    expect(await sessionCount(person.id)).toBe(2);
    expect((await loadGrants(database.db, person.id)).map((g) => g.role).sort()).toEqual(["dsl", "moderator"]);
    expect(await auditActions(person.id)).toEqual([]);

    const confirm = await viewConfirmation(adminOfA, person);
    expect(confirm.person.name).toBe(person.name);
    expect(confirm.person.roles.map((r) => r.label)).toEqual(["Designated safeguarding lead", "Moderation panel member"]);
    expect(await thrownRedirect(deactivate(adminOfA, person))).toBe(`${page}?done=deactivated`);
    expect(await sessionCount(person.id)).toBe(0);
    expect(await loadGrants(database.db, person.id)).toEqual([]);
    // Nothing left to confirm: the confirmation page sends them back to the person's page.
    expect(await thrownRedirect(viewConfirmation(adminOfA, person))).toBe(page);
  });

  it("says on the confirmation page what deactivating does, and the person's page links to it", async () => {
    const handle = await appRequestHandler();
    const cookie = await sessionCookie(adminOfA);
    const page = `/partnerships/${a.slug}/people/${person.id}`;
    const personPage = await fetchPage(handle, cookie, page);
    expect(linksOf(personPage.html).find((l) => l.href === `${page}/deactivate`)?.text).toBe(`Deactivate ${person.name}`);
    const { status, html } = await fetchPage(handle, cookie, `${page}/deactivate`);
    expect(status).toBe(200);
    const text = mainTextOf(html);
    expect(text).toContain(`Are you sure you want to deactivate ${person.name}?`);
    for (const words of [
      "they are signed out at once, on every device",
      `they can no longer sign in to use the portal for ${a.name}`,
      "their roles here are kept on record",
      "any other partnership they work with is not affected",
      "To let them back in, invite them again with the same email address",
    ])
      expect(text).toContain(words);
    expect(linksOf(html).find((l) => l.text === "Cancel")?.href).toBe(page);
    expect(await sessionCount(person.id)).toBe(2);
  });

  it("deactivates someone here: their sessions end, their roles here grant nothing, and it is audited", async () => {
    expect(await sessionCount(person.id)).toBe(2);
    const location = await thrownRedirect(deactivate(adminOfA, person));
    expect(location).toBe(`/partnerships/${a.slug}/people/${person.id}?done=deactivated`);
    expect(await sessionCount(person.id)).toBe(0);
    expect(await loadGrants(database.db, person.id)).toEqual([]);
    // The roles stay on record; the account itself is not closed (deactivation is this partnership's).
    expect(await database.db.$count(memberships, eq(memberships.userId, person.id))).toBe(2);
    const [after] = await database.db.select().from(users).where(eq(users.id, person.id));
    expect(after.active).toBe(true);
    expect(await auditActions(person.id)).toEqual(["user.deactivated"]);
    const [event] = await database.db.select().from(auditEvents).where(and(eq(auditEvents.entityId, person.id)));
    expect(event).toMatchObject({ actorUserId: adminOfA.id, partnershipId: a.id, detail: { sessionsEnded: 2 } });

    const request = await signedInRequest(adminOfA, location);
    const page = await personLoader(routeArgs(request, { slug: a.slug, userId: person.id }));
    expect(page.person.active).toBe(false);
    expect(page.person.deactivatedOn).toMatch(/\d{4}$/);
    expect(page.done).toMatch(/deactivated/);
    const list = await peopleLoader(routeArgs(await signedInRequest(adminOfA, `/partnerships/${a.slug}/people`), { slug: a.slug }));
    expect(list.people.find((p) => p.id === person.id)?.active).toBe(false);

    // Inviting them again is the administrator letting them back in, with the roles they had.
    await thrownRedirect(invite(adminOfA, { name: person.name, email: person.email, role: "moderator", settingId: "" }));
    expect((await viewPerson(adminOfA, person)).person.active).toBe(true);
    expect((await loadGrants(database.db, person.id)).map((g) => g.role).sort()).toEqual(["dsl", "moderator"]);
    expect(await auditActions(person.id)).toEqual(["invitation.sent", "user.deactivated", "user.reactivated"]);
  });

  it("deactivates someone who also works for another partnership here only, exactly as anyone else", async () => {
    await database.db.insert(memberships).values({ userId: person.id, partnershipId: b.id, role: "subgroup_chair" });
    const location = await thrownRedirect(deactivate(adminOfA, person));
    // The same answer as for someone who works only here: A learns nothing of B.
    expect(location).toBe(`/partnerships/${a.slug}/people/${person.id}?done=deactivated`);
    expect(await sessionCount(person.id)).toBe(0);
    expect((await viewPerson(adminOfA, person)).person.active).toBe(false);
    expect(await auditActions(person.id)).toEqual(["user.deactivated"]);
    // B's role still works; A's roles are kept but grant nothing.
    expect((await loadGrants(database.db, person.id)).map((g) => [g.partnershipId, g.role])).toEqual([[b.id, "subgroup_chair"]]);
    expect(await database.db.$count(memberships, eq(memberships.userId, person.id))).toBe(3);
    // Nor does B see A's deactivation.
    const [roleInB] = await database.db.select().from(memberships).where(and(eq(memberships.userId, person.id), eq(memberships.partnershipId, b.id)));
    expect(roleInB.role).toBe("subgroup_chair");
    expect((await viewPerson(adminOfB, person, b)).person.active).toBe(true);
  });

  it("does not count a deactivated administrator as the one the partnership keeps", async () => {
    const c = await makePartnership(database.db);
    const first = await makeUser(database.db, { roles: [{ partnershipId: c.id, role: "admin" }] });
    const second = await makeUser(database.db, { roles: [{ partnershipId: c.id, role: "admin" }] });
    await thrownRedirect(deactivate(first, second, c));
    const [own] = await database.db.select().from(memberships).where(eq(memberships.userId, first.id));
    const refused = dataResult<{ error: string }>(await actOn(first, first, { intent: "remove-role", membershipId: own.id }, c));
    expect(refused.status).toBe(400);
    expect(refused.data.error).toMatch(/at least one administrator/);
  });

  it("ends all their sessions", async () => {
    const location = await thrownRedirect(actOn(adminOfA, person, { intent: "end-sessions" }));
    expect(location).toBe(`/partnerships/${a.slug}/people/${person.id}?done=sessions-ended`);
    expect(await sessionCount(person.id)).toBe(0);
    expect(await auditActions(person.id)).toEqual(["sessions.ended"]);
  });

  it("removes one role and keeps the others", async () => {
    const page = await viewPerson(adminOfA, person);
    expect(page.person.roles.map((r) => r.label)).toEqual(["Designated safeguarding lead", "Moderation panel member"]);
    const dslRole = page.person.roles[0];
    const location = await thrownRedirect(actOn(adminOfA, person, { intent: "remove-role", membershipId: dslRole.membershipId }));
    expect(location).toBe(`/partnerships/${a.slug}/people/${person.id}?done=role-removed`);
    const left = await database.db.select().from(memberships).where(eq(memberships.userId, person.id));
    expect(left.map((m) => m.role)).toEqual(["moderator"]);
    expect(await sessionCount(person.id)).toBe(2);
    expect(await auditActions(person.id)).toEqual(["role.revoked"]);

    // The last role gone, they are no longer on this partnership's list.
    const last = await thrownRedirect(actOn(adminOfA, person, { intent: "remove-role", membershipId: left[0].id }));
    expect(last).toBe(`/partnerships/${a.slug}/people?removed=${encodeURIComponent(person.email)}`);
  });

  it("refuses an unknown intent, deactivating yourself and removing the last administrator", async () => {
    expect(dataResult(await actOn(adminOfA, person, { intent: "promote" })).status).toBe(400);
    const self = dataResult<{ error: string }>(await deactivate(adminOfA, adminOfA));
    expect(self).toEqual({ status: 400, data: { error: "You cannot deactivate your own account." } });
    const [adminRole] = await database.db.select().from(memberships).where(eq(memberships.userId, adminOfA.id));
    const last = dataResult<{ error: string }>(await actOn(adminOfA, adminOfA, { intent: "remove-role", membershipId: adminRole.id }));
    expect(last.status).toBe(400);
    expect(last.data.error).toMatch(/at least one administrator/);
    expect(await database.db.$count(memberships, eq(memberships.userId, adminOfA.id))).toBe(1);
  });
});
