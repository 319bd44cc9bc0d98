// Deactivation belongs to the partnership that did it, and an invitation tells the inviting
// partnership nothing it did not know: one person working with two partnerships, through the
// people pages, the invitation email, the sign-in link and the setting pages.
import { desc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { emailOutbox, sessions, type Partnership, type Setting, type User } from "../../db/schema";
import { loadGrants } from "../../app/auth/guards.server";
import { requestSignInLink } from "../../app/auth/sign-in.server";
import { loader as peopleLoader } from "../../app/routes/partnerships.$slug.people._index";
import { loader as personLoader } from "../../app/routes/partnerships.$slug.people.$userId";
import { action as deactivateAction } from "../../app/routes/partnerships.$slug.people.$userId_.deactivate";
import { action as inviteAction } from "../../app/routes/partnerships.$slug.people.invite";
import { loader as settingLoader } from "../../app/routes/settings.$settingId._index";
import { loader as linkLoader } from "../../app/routes/sign-in.$token";
import { action as continueAction } from "../../app/routes/sign-in.continue";
import { anonymousRequest, signedInRequest } from "../support/auth";
import { useTestDatabase, type TestDatabase } from "../support/database";
import { makePartnership, makeSetting, makeUser } from "../support/factories";
import { routeArgs, thrownRedirect, thrownResponse } from "../support/routes";

let database: TestDatabase;
let a: Partnership;
let b: Partnership;
let schoolOfA: Setting;
let schoolOfB: Setting;
let adminOfA: User;
let adminOfB: User;
let person: User;

beforeAll(async () => {
  database = await useTestDatabase();
  const { db } = database;
  a = await makePartnership(db, { name: "North Halton Safeguarding Children Partnership" });
  b = await makePartnership(db, { name: "South Halton Safeguarding Children Partnership" });
  schoolOfA = await makeSetting(db, a.id, { name: "Bridge Street Primary" });
  schoolOfB = await makeSetting(db, b.id, { name: "Southern Primary" });
  adminOfA = await makeUser(db, { name: "Alex Admin", roles: [{ partnershipId: a.id, role: "admin" }] });
  adminOfB = await makeUser(db, { name: "Bea Admin", roles: [{ partnershipId: b.id, role: "admin" }] });
  // The name on the account is B's business: A never typed it.
  person = await makeUser(db, {
    name: "Robin Account-Name",
    email: "robin@southern.example.org.uk",
    roles: [{ partnershipId: b.id, role: "dsl", settingId: schoolOfB.id }],
  });
});

afterAll(async () => {
  await database?.destroy();
});

async function invite(actor: User, partnership: Partnership, form: Record<string, string>) {
  const request = await signedInRequest(actor, `/partnerships/${partnership.slug}/people/invite`, { form });
  return thrownRedirect(inviteAction(routeArgs(request, { slug: partnership.slug })));
}

async function viewPerson(actor: User, partnership: Partnership) {
  const request = await signedInRequest(actor, `/partnerships/${partnership.slug}/people/${person.id}`);
  return personLoader(routeArgs(request, { slug: partnership.slug, userId: person.id }));
}

async function listOf(actor: User, partnership: Partnership) {
  const request = await signedInRequest(actor, `/partnerships/${partnership.slug}/people`);
  return (await peopleLoader(routeArgs(request, { slug: partnership.slug }))).people;
}

async function latestInvitation() {
  const [email] = await database.db
    .select()
    .from(emailOutbox)
    .where(eq(emailOutbox.toAddress, person.email))
    .orderBy(desc(emailOutbox.createdAt))
    .limit(1);
  return email;
}

/** Follows the emailed link and presses Continue, as the person would: returns their session cookie. */
async function signInWith(textBody: string): Promise<string> {
  const token = /\/sign-in\/([a-z2-7]+)/.exec(textBody)?.[1] ?? "";
  const followed = await thrownResponse(linkLoader(routeArgs(anonymousRequest(`/sign-in/${token}`), { token })));
  const linkCookie = followed.headers.get("Set-Cookie")!.split(";")[0];
  const signedIn = await thrownResponse(
    continueAction(routeArgs(anonymousRequest("/sign-in/continue", { method: "POST", headers: { Cookie: linkCookie } }))),
  );
  expect(signedIn.headers.get("Location")).toBe("/home");
  const session = signedIn.headers
    .get("Set-Cookie")!
    .split(/, (?=[\w-]+=)/)
    .find((c) => c.includes("portal_session="));
  expect(session, "a session cookie").toBeDefined();
  return session!.split(";")[0];
}

function settingHome(cookie: string, setting: Setting) {
  const request = anonymousRequest(`/settings/${setting.id}`, { headers: { Cookie: cookie } });
  return settingLoader(routeArgs(request, { settingId: setting.id }));
}

const grantsIn = async (partnership: Partnership) =>
  (await loadGrants(database.db, person.id)).filter((g) => g.partnershipId === partnership.id).map((g) => g.role);

describe("a person deactivated by one partnership and invited by another", () => {
  it("gets only the inviting partnership's role, never back what the first took away, until its own administrator invites them again", async () => {
    const { db } = database;
    // B deactivates them: their sessions end, and B's people pages say so.
    await signedInRequest(person, `/settings/${schoolOfB.id}`);
    const deactivated = await signedInRequest(adminOfB, `/partnerships/${b.slug}/people/${person.id}/deactivate`, { form: {} });
    await thrownRedirect(deactivateAction(routeArgs(deactivated, { slug: b.slug, userId: person.id })));
    expect(await db.$count(sessions, eq(sessions.userId, person.id))).toBe(0);
    expect(await grantsIn(b)).toEqual([]);
    expect((await viewPerson(adminOfB, b)).person.active).toBe(false);
    expect((await listOf(adminOfB, b)).find((p) => p.id === person.id)?.active).toBe(false);

    // A invites the same address, to a role at A's own school.
    await invite(adminOfA, a, { name: "Robin Typed-By-A", email: person.email, role: "dsl", settingId: schoolOfA.id });
    expect(await grantsIn(a)).toEqual(["dsl"]);
    expect(await grantsIn(b), "B's deactivation still holds").toEqual([]);
    expect((await viewPerson(adminOfB, b)).person.active).toBe(false);
    expect((await viewPerson(adminOfA, a)).person.active).toBe(true);

    // They follow A's invitation: A's school opens, B's is not found.
    const cookie = await signInWith((await latestInvitation()).textBody);
    expect((await settingHome(cookie, schoolOfA)).setting.name).toBe("Bridge Street Primary");
    expect((await thrownResponse(settingHome(cookie, schoolOfB))).status).toBe(404);

    // Nor does asking for an ordinary sign-in link open B again.
    expect((await requestSignInLink(db, { email: person.email, clientAddress: null })).outcome).toBe("sent");
    expect(await grantsIn(b)).toEqual([]);

    // B's administrator inviting them again is B's decision to let them back in.
    await invite(adminOfB, b, { name: "Robin Account-Name", email: person.email, role: "dsl", settingId: schoolOfB.id });
    expect(await grantsIn(b)).toEqual(["dsl"]);
    expect((await viewPerson(adminOfB, b)).person.active).toBe(true);
    expect((await settingHome(cookie, schoolOfB)).setting.name).toBe("Southern Primary");
  });

  it("stops someone deactivated by every partnership they work for signing in, and lets them in once one invites them again", async () => {
    const { db } = database;
    const other = await makeUser(db, { roles: [{ partnershipId: b.id, role: "moderator" }] });
    const deactivated = await signedInRequest(adminOfB, `/partnerships/${b.slug}/people/${other.id}/deactivate`, { form: {} });
    await thrownRedirect(deactivateAction(routeArgs(deactivated, { slug: b.slug, userId: other.id })));
    expect((await requestSignInLink(db, { email: other.email, clientAddress: null })).outcome).toBe("unknown");

    await invite(adminOfB, b, { name: other.name, email: other.email, role: "moderator", settingId: "" });
    expect((await requestSignInLink(db, { email: other.email, clientAddress: null })).outcome).toBe("sent");
  });
});

describe("inviting an address that already has an account elsewhere", () => {
  it("shows and greets them by the name the inviting administrator typed, not the account's name", async () => {
    const newcomer = await makeUser(database.db, {
      name: "Morgan Name-Known-To-B",
      roles: [{ partnershipId: b.id, role: "subgroup_chair" }],
    });
    await invite(adminOfA, a, { name: "Morgan As-Typed", email: newcomer.email, role: "moderator", settingId: "" });

    const listed = (await listOf(adminOfA, a)).find((p) => p.id === newcomer.id);
    expect(listed?.name).toBe("Morgan As-Typed");
    const page = await personLoader(
      routeArgs(await signedInRequest(adminOfA, `/partnerships/${a.slug}/people/${newcomer.id}`), { slug: a.slug, userId: newcomer.id }),
    );
    expect(page.person.name).toBe("Morgan As-Typed");

    const [email] = await database.db.select().from(emailOutbox).where(eq(emailOutbox.toAddress, newcomer.email));
    expect(email.textBody).toContain("Hello Morgan As-Typed,");
    for (const part of [email.subject, email.textBody, email.htmlBody]) expect(part).not.toContain("Name-Known-To-B");
    // B still knows them by B's name.
    expect((await listOf(adminOfB, b)).find((p) => p.id === newcomer.id)?.name).toBe("Morgan Name-Known-To-B");
  });
});
