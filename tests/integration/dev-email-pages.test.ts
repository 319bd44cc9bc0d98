// The development email pages: the outbox newest first, one message with its links, and no
// pages at all unless email is written to local files.
import { eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { emailOutbox } from "../../db/schema";
import { resetConfig } from "../../app/env.server";
import { findLinks } from "../../app/domain/dev-emails.server";
import { loader as messageLoader } from "../../app/routes/dev.emails.$id";
import { loader as listLoader } from "../../app/routes/dev.emails._index";
import { enqueueEmail } from "../../emails/outbox.server";
import { signInLinkEmail } from "../../emails/sign-in-link";
import { anonymousRequest } from "../support/auth";
import { useTestDatabase, type TestDatabase } from "../support/database";
import { routeArgs, thrownResponse } from "../support/routes";

const LINK = "http://localhost:3000/sign-in/abcdefghijklmnopqrstuvwxyz234567";

let database: TestDatabase;
let firstId: string;
let secondId: string;

beforeAll(async () => {
  database = await useTestDatabase();
  firstId = await enqueueEmail(database.db, {
    to: "first@example.org.uk",
    template: "sign-in-link",
    message: signInLinkEmail({ name: "First Person", link: LINK, minutes: 10 }),
  });
  secondId = await enqueueEmail(database.db, {
    to: "second@example.org.uk",
    template: "plain",
    message: { subject: "No links here", text: "Hello.\n", html: "<p>Hello.</p>" },
  });
  // Make the order unambiguous: the first was written before the second, at a fixed moment
  // (a minute before now read "8pm" when the test ran just after 8pm, and no minutes).
  await database.db.update(emailOutbox).set({ createdAt: new Date("2026-03-04T14:05:00Z") }).where(eq(emailOutbox.id, firstId));
  await database.db
    .update(emailOutbox)
    .set({ status: "failed", attempts: 8, lastError: "The mail server refused the email" })
    .where(eq(emailOutbox.id, secondId));
});

afterAll(async () => {
  await database?.destroy();
});

afterEach(() => {
  resetConfig();
});

// Our HTTP server sets the client's address from the socket; a browser on this computer is on loopback.
const LOCAL = { "x-portal-client-address": "127.0.0.1" };
const list = (headers: Record<string, string> = LOCAL) => listLoader(routeArgs(anonymousRequest("/dev/emails", { headers })));
const message = (id: string, headers: Record<string, string> = LOCAL) =>
  messageLoader(routeArgs(anonymousRequest(`/dev/emails/${id}`, { headers }), { id }));

describe("the development email pages", () => {
  it("list the outbox newest first, without signing in", async () => {
    const { emails } = await list();
    expect(emails.map((e) => [e.id, e.to, e.template, e.status])).toEqual([
      [secondId, "second@example.org.uk", "plain", "failed"],
      [firstId, "first@example.org.uk", "sign-in-link", "pending"],
    ]);
    expect(emails[1].subject).toBe("Your sign-in link for Safeguarding self-assessment");
    expect(emails[1].created).toBe("4 March 2026 at 2:05pm");
  });

  it("show one message with its headers, text and every link in it", async () => {
    const { email, links } = await message(firstId);
    expect(email).toMatchObject({ to: "first@example.org.uk", template: "sign-in-link", status: "pending", lastError: null });
    expect(email.text).toContain(LINK);
    expect(links).toEqual([LINK]);

    const failed = await message(secondId);
    expect(failed.email).toMatchObject({ status: "failed", attempts: 8, lastError: "The mail server refused the email" });
    expect(failed.links).toEqual([]);
  });

  it("answer 404 for a malformed or unknown id", async () => {
    expect((await thrownResponse(message("not-an-id"))).status).toBe(404);
    expect((await thrownResponse(message(crypto.randomUUID()))).status).toBe(404);
  });

  it("do not exist for anyone who is not on this computer", async () => {
    for (const client of ["203.0.113.9", "10.0.0.5", "::ffff:192.0.2.1"]) {
      expect((await thrownResponse(list({ "x-portal-client-address": client }))).status).toBe(404);
      expect((await thrownResponse(message(firstId, { "x-portal-client-address": client }))).status).toBe(404);
    }
    expect((await thrownResponse(list({}))).status).toBe(404);
    expect((await list({ "x-portal-client-address": "::1" })).emails).toHaveLength(2);
  });

  it("do not exist on an https address, even without NODE_ENV (the probe's finding)", async () => {
    resetConfig({ NODE_ENV: undefined, BASE_URL: "https://audit.example.org.uk" });
    expect((await thrownResponse(list())).status).toBe(404);
    resetConfig({ NODE_ENV: undefined, BASE_URL: "http://audit.example.org.uk" });
    expect((await thrownResponse(list())).status).toBe(404);
  });

  it("do not exist when email goes anywhere but local files", async () => {
    resetConfig({ MAIL_TRANSPORT: "smtp", SMTP_URL: "smtp://127.0.0.1:2525" });
    expect((await thrownResponse(list())).status).toBe(404);
    expect((await thrownResponse(message(firstId))).status).toBe(404);
  });
});

describe("findLinks", () => {
  it("finds each web link once, without the punctuation after it", () => {
    expect(
      findLinks("Go to https://a.example/x?y=1&z=2. Or (http://b.example/path), or https://a.example/x?y=1&z=2\nftp://c.example"),
    ).toEqual(["https://a.example/x?y=1&z=2", "http://b.example/path"]);
  });
});
