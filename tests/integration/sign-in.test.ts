// Sign-in by emailed link and sessions: single-use, expiring, hashed tokens; the same answer for
// unknown addresses; rate limits; cookie flags; idle and absolute expiry; the audit trail.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { and, desc, eq } from "drizzle-orm";
import { useTestDatabase, type TestDatabase } from "../support/database";
import { makePartnership, makeUser } from "../support/factories";
import { anonymousRequest } from "../support/auth";
import { dataResult, routeArgs, thrownRedirect, thrownResponse } from "../support/routes";
import { auditEvents, emailOutbox, sessions, signInTokens, users, type User } from "../../db/schema";
import { checkSignInToken, consumeSignInToken, issueSignInLink, requestSignInLink } from "../../app/auth/sign-in.server";
import { createSession, validateSessionToken } from "../../app/auth/sessions.server";
import { hashToHex } from "../../app/auth/tokens.server";
import { resetConfig } from "../../app/env.server";
import { action as signInAction } from "../../app/routes/sign-in._index";
import { loader as linkLoader } from "../../app/routes/sign-in.$token";
import { action as continueAction, headers as continueHeaders, loader as continueLoader } from "../../app/routes/sign-in.continue";
import { action as signOutAction } from "../../app/routes/sign-out";
import { loader as homeLoader } from "../../app/routes/home";

let database: TestDatabase;
let dana: User;

beforeAll(async () => {
  database = await useTestDatabase();
  const p = await makePartnership(database.db);
  dana = await makeUser(database.db, { name: "Dana Singh", email: "dana@brookfield.example.org.uk", roles: [{ partnershipId: p.id, role: "admin" }] });
});
afterAll(async () => {
  await database.destroy();
});
afterEach(() => {
  resetConfig();
});

const tokenFromEmail = (text: string) => /\/sign-in\/([a-z2-7]+)/.exec(text)?.[1] ?? "";

async function latestEmailTo(to: string) {
  const [row] = await database.db.select().from(emailOutbox).where(eq(emailOutbox.toAddress, to)).orderBy(desc(emailOutbox.createdAt)).limit(1);
  return row;
}

const post = (path: string, form: Record<string, string>, headers: Record<string, string> = {}) =>
  anonymousRequest(path, { form, headers: { "x-portal-client-address": "203.0.113.9", ...headers } });

describe("sign-in links", () => {
  it("emails a link built from the base URL, stores only the token's hash, and works once", async () => {
    const { db } = database;
    resetConfig({ BASE_URL: "https://audit.example.org.uk" });
    expect((await requestSignInLink(db, { email: "  Dana@Brookfield.example.org.uk ", clientAddress: "203.0.113.1" })).outcome).toBe("sent");
    const email = await latestEmailTo(dana.email);
    expect(email.textBody).toContain("https://audit.example.org.uk/sign-in/");
    expect(email.htmlBody).toContain("https://audit.example.org.uk/sign-in/");
    const token = tokenFromEmail(email.textBody);
    expect(token.length).toBeGreaterThanOrEqual(32);

    const stored = await db.select().from(signInTokens).where(eq(signInTokens.userId, dana.id));
    expect(stored.map((s) => s.tokenHash)).toContain(hashToHex(token));
    expect(JSON.stringify(stored)).not.toContain(token);

    expect(await checkSignInToken(db, token)).toBe("valid");
    const first = await consumeSignInToken(db, token, null);
    expect(first).toMatchObject({ ok: true, userId: dana.id });
    expect(await consumeSignInToken(db, token, null)).toEqual({ ok: false, state: "used" });
  });

  it("expires after the configured minutes", async () => {
    const { db } = database;
    const tenMinutesAgo = new Date(Date.now() - 10 * 60_000 - 1000);
    const { link } = await issueSignInLink(db, dana, { now: tenMinutesAgo });
    const token = link.split("/").pop()!;
    expect(await checkSignInToken(db, token)).toBe("expired");
    expect(await consumeSignInToken(db, token, null)).toEqual({ ok: false, state: "expired" });
  });

  it("replaces older links with a new one", async () => {
    const { db } = database;
    const older = (await issueSignInLink(db, dana)).link.split("/").pop()!;
    const newer = (await issueSignInLink(db, dana)).link.split("/").pop()!;
    expect(await checkSignInToken(db, older)).toBe("superseded");
    expect(await checkSignInToken(db, newer)).toBe("valid");
  });

  it("answers the same for a known and an unknown address, and only emails the known one", async () => {
    const { db } = database;
    const before = (await db.select().from(emailOutbox)).length;
    const known = await thrownRedirect(signInAction(routeArgs(post("/sign-in", { email: dana.email }))));
    const unknown = await thrownRedirect(signInAction(routeArgs(post("/sign-in", { email: "nobody@example.org.uk" }))));
    expect(known.replace(encodeURIComponent(dana.email), "X")).toBe(unknown.replace(encodeURIComponent("nobody@example.org.uk"), "X"));
    expect((await db.select().from(emailOutbox)).length).toBe(before + 1);
    const refused = await db.select().from(auditEvents).where(eq(auditEvents.action, "sign_in.link_refused"));
    expect(refused.some((e) => e.detail.email === "nobody@example.org.uk")).toBe(true);
  });

  it("refuses a badly formed address with a message next to the field", async () => {
    const result = dataResult<{ errors: Record<string, string> }>(await signInAction(routeArgs(post("/sign-in", { email: "not an email" }))));
    expect(result.status).toBe(400);
    expect(result.data.errors.email).toMatch(/correct format/);
  });

  it("refuses a flood from one client address with a clear message, the same whatever address it names", async () => {
    const { db } = database;
    resetConfig({ SIGN_IN_LIMIT_PER_CLIENT: "5" });
    const client = { "x-portal-client-address": "198.51.100.7" };
    for (let i = 0; i < 5; i++) await thrownRedirect(signInAction(routeArgs(post("/sign-in", { email: `p${i}@example.org.uk` }, client))));
    const forUnknown = dataResult<{ errors: Record<string, string> }>(
      await signInAction(routeArgs(post("/sign-in", { email: "p9@example.org.uk" }, client))),
    );
    const forKnown = dataResult<{ errors: Record<string, string> }>(await signInAction(routeArgs(post("/sign-in", { email: dana.email }, client))));
    expect(forUnknown.status).toBe(429);
    expect(forUnknown.data.errors.email).toMatch(/too many requests for sign-in links.*Wait 15 minutes/);
    expect(forKnown.status).toBe(429);
    expect(forKnown.data.errors).toEqual(forUnknown.data.errors);
    const limited = await db.select().from(auditEvents).where(eq(auditEvents.action, "sign_in.rate_limited"));
    expect(limited.map((e) => e.detail.by)).toEqual(["client", "client"]);
  });

  // Decision 009: requests from anywhere must neither flood an inbox nor lock its owner out.
  it("sends an address at most its limit of links, and past it a new one only when the last has stopped working", async () => {
    const { db } = database;
    resetConfig({ SIGN_IN_LIMIT_PER_ADDRESS: "3", SIGN_IN_LIMIT_PER_CLIENT: "30" });
    const p = await makePartnership(db);
    const owner = await makeUser(db, { email: "owner@brookfield.example.org.uk", roles: [{ partnershipId: p.id, role: "admin" }] });
    const linksTo = async (to: string) =>
      (await db.select().from(emailOutbox).where(and(eq(emailOutbox.toAddress, to), eq(emailOutbox.template, "sign-in-link")))).length;

    // Ten requests for the owner's address from ten different places, and ten for an address nobody has.
    const answers = { owner: new Set<string>(), nobody: new Set<string>() };
    for (let i = 0; i < 10; i++) {
      const from = { "x-portal-client-address": `192.0.2.${i + 1}` };
      const toOwner = await thrownRedirect(signInAction(routeArgs(post("/sign-in", { email: owner.email }, from))));
      const toNobody = await thrownRedirect(signInAction(routeArgs(post("/sign-in", { email: "nobody-here@example.org.uk" }, from))));
      answers.owner.add(toOwner.replace(encodeURIComponent(owner.email), "X"));
      answers.nobody.add(toNobody.replace(encodeURIComponent("nobody-here@example.org.uk"), "X"));
    }
    // Every answer is the same "check your email" page: nothing tells the two addresses apart.
    expect([...answers.owner]).toEqual([...answers.nobody]);
    expect(answers.owner.size).toBe(1);
    expect(await linksTo(owner.email)).toBe(3);
    const withheld = await db.select().from(auditEvents).where(and(eq(auditEvents.action, "sign_in.link_withheld"), eq(auditEvents.actorUserId, owner.id)));
    expect(withheld).toHaveLength(7);

    // The owner is not locked out: the most recent email's link works, and asking again does not replace it.
    const latest = tokenFromEmail((await latestEmailTo(owner.email)).textBody);
    expect(await requestSignInLink(db, { email: owner.email, clientAddress: "203.0.113.50" })).toEqual({ outcome: "withheld" });
    expect(await checkSignInToken(db, latest)).toBe("valid");

    // Once that link has stopped working (still inside the window), asking again sends a fresh one, and only one.
    const later = new Date(Date.now() + 11 * 60_000);
    expect(await checkSignInToken(db, latest, later)).toBe("expired");
    expect(await requestSignInLink(db, { email: owner.email, clientAddress: "203.0.113.50", now: later })).toEqual({ outcome: "sent" });
    expect(await requestSignInLink(db, { email: owner.email, clientAddress: "192.0.2.99", now: later })).toEqual({ outcome: "withheld" });
    expect(await linksTo(owner.email)).toBe(4);
    const fresh = tokenFromEmail((await latestEmailTo(owner.email)).textBody);
    expect(await checkSignInToken(db, fresh, later)).toBe("valid");

    // Using it lets the owner ask for another straight away (a second device, say).
    await consumeSignInToken(db, fresh, null, later);
    expect(await requestSignInLink(db, { email: owner.email, clientAddress: "203.0.113.50", now: later })).toEqual({ outcome: "sent" });
  });
});

describe("following a link", () => {
  async function freshToken() {
    return (await issueSignInLink(database.db, dana)).link.split("/").pop()!;
  }

  /** Follows the emailed link: the token moves into a cookie and the browser lands on "Continue". */
  async function follow(token: string) {
    const response = await thrownResponse(linkLoader(routeArgs(anonymousRequest(`/sign-in/${token}`), { token })));
    expect(response.headers.get("Location")).toBe("/sign-in/continue");
    expect(response.headers.get("Referrer-Policy")).toBe("no-referrer");
    const cookie = response.headers.get("Set-Cookie")!;
    expect(cookie).toMatch(/HttpOnly; SameSite=Lax; Path=\/sign-in; Max-Age=600/);
    return cookie.split(";")[0];
  }

  const pressContinue = (cookie: string) =>
    continueAction(
      routeArgs(anonymousRequest("/sign-in/continue", { method: "POST", headers: { Cookie: cookie, "x-portal-client-address": "203.0.113.9" } })),
    );

  it("takes the token out of the address and shows a Continue button, so link scanners cannot use it up", async () => {
    const token = await freshToken();
    const cookie = await follow(token);
    const shown = await continueLoader(routeArgs(anonymousRequest("/sign-in/continue", { headers: { Cookie: cookie } })));
    expect(shown).toEqual({ state: "valid" });
    expect(await checkSignInToken(database.db, token)).toBe("valid");
  });

  it("signs in with a fresh session and an HttpOnly, SameSite=Lax cookie (Secure and __Host- over https)", async () => {
    resetConfig({ BASE_URL: "https://audit.example.org.uk" });
    const response = await thrownResponse(pressContinue(await follow(await freshToken())));
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/home");
    const cookie = response.headers.get("Set-Cookie")!.split(/, (?=[\w-]+=)/).find((c) => c.includes("portal_session="))!;
    expect(cookie).toMatch(/^__Host-portal_session=[a-z2-7]+\.[a-z2-7]+;/);
    for (const flag of ["HttpOnly", "SameSite=Lax", "Path=/", "Secure"]) expect(cookie).toContain(flag);
    expect(cookie).not.toMatch(/Domain=/i);

    // The session's secret is stored only as a hash.
    const [id, secret] = cookie.split(";")[0].split("=")[1].split(".");
    const [row] = await database.db.select().from(sessions).where(eq(sessions.id, id));
    expect(Buffer.from(row.secretHash).toString("hex")).toBe(hashToHex(secret));

    // Each sign-in makes a new session id.
    const again = await thrownResponse(pressContinue(await follow(await freshToken())));
    expect(again.headers.get("Set-Cookie")!).not.toContain(id);

    // Both sign-ins are in the audit log, with who and from where.
    const succeeded = await database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "sign_in.succeeded"), eq(auditEvents.actorUserId, dana.id)));
    expect(succeeded.length).toBeGreaterThanOrEqual(2);
    expect(succeeded.every((e) => e.ipAddress === "203.0.113.9")).toBe(true);
  });

  it("sends no referrer to other sites from the page a link lands on (whose address holds no token)", () => {
    // Not "no-referrer": the browser would then send "Origin: null" with the Continue form.
    expect(continueHeaders({} as never)).toMatchObject({ "Referrer-Policy": "same-origin", "Cache-Control": "no-store" });
  });

  it("uses a plain cookie name without Secure over http (local demo)", async () => {
    resetConfig({ BASE_URL: "http://localhost:3000" });
    const response = await thrownResponse(pressContinue(await follow(await freshToken())));
    const cookie = response.headers.get("Set-Cookie")!;
    expect(cookie).toMatch(/^portal_session=/);
    expect(cookie).not.toContain("Secure");
  });

  it("explains an expired or used link and writes the failure to the audit log", async () => {
    const token = await freshToken();
    await consumeSignInToken(database.db, token, null);
    const result = dataResult<{ state: string }>(await pressContinue(await follow(token)));
    expect(result.data).toEqual({ state: "used" });
    const failures = await database.db.select().from(auditEvents).where(eq(auditEvents.action, "sign_in.failed"));
    expect(failures.length).toBeGreaterThan(0);
  });

  it("refuses a link for a deactivated person", async () => {
    const { db } = database;
    const gone = await makeUser(db, { name: "Gone" });
    const token = (await issueSignInLink(db, gone)).link.split("/").pop()!;
    await db.update(users).set({ active: false }).where(eq(users.id, gone.id));
    expect((await consumeSignInToken(db, token, null)).ok).toBe(false);
  });
});

describe("sessions", () => {
  it("slide the idle expiry, stop at the absolute lifetime, and end at sign-out", async () => {
    const { db } = database;
    resetConfig({ SESSION_IDLE_MINUTES: "120", SESSION_ABSOLUTE_HOURS: "12" });
    const start = new Date("2026-11-23T08:00:00Z");
    const { token, session } = await createSession(db, dana.id, start);
    expect(session.idleExpiresAt.toISOString()).toBe("2026-11-23T10:00:00.000Z");
    expect(session.absoluteExpiresAt.toISOString()).toBe("2026-11-23T20:00:00.000Z");
    // Active every 90 minutes: still signed in after 11 hours.
    for (let minutes = 90; minutes <= 660; minutes += 90) {
      expect(await validateSessionToken(db, token, new Date(start.getTime() + minutes * 60_000))).not.toBeNull();
    }
    // But never past 12 hours, however active.
    expect(await validateSessionToken(db, token, new Date(start.getTime() + 12 * 3_600_000 + 1000))).toBeNull();

    const idle = await createSession(db, dana.id, start);
    expect(await validateSessionToken(db, idle.token, new Date(start.getTime() + 121 * 60_000))).toBeNull();

    const wrongSecret = `${session.id}.aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa`;
    expect(await validateSessionToken(db, wrongSecret, start)).toBeNull();
  });

  it("write the slid idle expiry only once a tenth of the idle time has passed, not on every request", async () => {
    const { db } = database;
    resetConfig({ SESSION_IDLE_MINUTES: "120", SESSION_ABSOLUTE_HOURS: "12" });
    const start = new Date("2026-11-23T08:00:00Z");
    const { token, session } = await createSession(db, dana.id, start);
    const stored = async () => (await db.select().from(sessions).where(eq(sessions.id, session.id)))[0];
    const at = (minutes: number) => new Date(start.getTime() + minutes * 60_000);
    // Requests for the first 11 minutes leave the row alone.
    for (const minutes of [1, 5, 11]) expect(await validateSessionToken(db, token, at(minutes))).not.toBeNull();
    expect((await stored()).idleExpiresAt.toISOString()).toBe("2026-11-23T10:00:00.000Z");
    // At 12 minutes (a tenth of 2 hours) it slides.
    expect(await validateSessionToken(db, token, at(12))).not.toBeNull();
    expect((await stored()).idleExpiresAt.toISOString()).toBe("2026-11-23T10:12:00.000Z");
    expect((await stored()).lastActiveAt.toISOString()).toBe("2026-11-23T08:12:00.000Z");
  });

  it("sign-out ends the session on the server", async () => {
    const { db } = database;
    const { token, session } = await createSession(db, dana.id);
    const cookie = `portal_session=${token}`;
    const response = await thrownResponse(signOutAction(routeArgs(anonymousRequest("/sign-out", { method: "POST", headers: { Cookie: cookie } }))));
    expect(response.headers.get("Location")).toBe("/signed-out");
    expect(response.headers.get("Set-Cookie")).toContain("Max-Age=0");
    expect(await db.select().from(sessions).where(eq(sessions.id, session.id))).toEqual([]);
    const home = await thrownRedirect(homeLoader(routeArgs(anonymousRequest("/home", { headers: { Cookie: cookie } }))));
    expect(home).toMatch(/^\/sign-in\?redirectTo=%2Fhome/);
    const [event] = await db.select().from(auditEvents).where(and(eq(auditEvents.action, "sign_out"), eq(auditEvents.actorUserId, dana.id)));
    expect(event).toBeDefined();
  });
});
