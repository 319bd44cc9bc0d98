// The outbox against a real SMTP server on loopback: what arrives, what happens when the server
// is away, and that two senders running at once never deliver a message twice.
import fs from "node:fs/promises";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { eq, sql } from "drizzle-orm";
import { SMTPServer } from "smtp-server";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi, type MockInstance } from "vitest";
import { emailOutbox } from "../../db/schema";
import { invitationEmail } from "../../emails/invitation";
import { escapeHtml } from "../../emails/layout";
import { enqueueEmail } from "../../emails/outbox.server";
import { returnReceiptEmail } from "../../emails/return-receipt";
import { sendPendingEmails, startEmailWorker } from "../../emails/sender.server";
import { signInLinkEmail } from "../../emails/sign-in-link";
import { fileTransport, smtpTransport, type MailTransport } from "../../emails/transports";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { makePartnership, makeSetting, makeUser } from "../support/factories";
import { invitePerson } from "../../app/auth/people.server";
import { checkSignInToken } from "../../app/auth/sign-in.server";

const FROM = "Safeguarding audit <no-reply@audit.example.org.uk>";
const LINK = "https://audit.example.org.uk/sign-in/verify?token=abc123secret&next=%2Freturns";

interface Received {
  to: string[];
  raw: string;
}

interface TestSmtpServer {
  port: number;
  received: Received[];
  close(): Promise<void>;
}

/** A real SMTP server on loopback that keeps what it receives; it refuses recipients named bounce@. */
async function startSmtpServer(port = 0): Promise<TestSmtpServer> {
  const received: Received[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (address.address.startsWith("bounce@")) {
        return callback(Object.assign(new Error("Mailbox unavailable"), { responseCode: 550 }));
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString("utf8") });
        callback();
      });
    },
  });
  server.on("error", () => {});
  await new Promise<void>((resolve, reject) => {
    server.server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  return {
    port: (server.server.address() as AddressInfo).port,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A loopback port where nothing listens (for now). */
async function closedPort(): Promise<number> {
  const server = await startSmtpServer();
  await server.close();
  return server.port;
}

// Just enough MIME to read back what was sent: headers, multipart bodies, quoted-printable and base64.
interface MimePart {
  headers: Record<string, string>;
  body: string;
}

function parseMime(raw: string): MimePart {
  const text = raw.replace(/\r\n/g, "\n");
  const end = text.indexOf("\n\n");
  const headers: Record<string, string> = {};
  for (const line of text.slice(0, end).replace(/\n(?=[ \t])/g, "").split("\n")) {
    const colon = line.indexOf(":");
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { headers, body: text.slice(end + 2) };
}

function subParts(part: MimePart): MimePart[] {
  const boundary = /boundary="?([^";]+)"?/i.exec(part.headers["content-type"] ?? "")?.[1];
  if (!boundary) throw new Error("not a multipart message");
  return part.body
    .split(`--${boundary}`)
    .slice(1, -1)
    .map((chunk) => parseMime(chunk.replace(/^\n/, "")));
}

function decodeBody(part: MimePart): string {
  const encoding = (part.headers["content-transfer-encoding"] ?? "").toLowerCase();
  if (encoding === "base64") return Buffer.from(part.body, "base64").toString("utf8");
  if (encoding === "quoted-printable") {
    return decodeURIComponent(
      part.body
        .replace(/=\n/g, "")
        .replace(/%/g, "%25")
        .replace(/=([0-9A-F]{2})/gi, "%$1"),
    );
  }
  return part.body;
}

/** Checks the message is multipart/alternative with a text and an HTML part, and returns both. */
function readAlternative(raw: string) {
  const message = parseMime(raw);
  expect(message.headers["content-type"]).toMatch(/^multipart\/alternative;/);
  const parts = subParts(message);
  const textPart = parts.find((p) => p.headers["content-type"]?.startsWith("text/plain"));
  const htmlPart = parts.find((p) => p.headers["content-type"]?.startsWith("text/html"));
  expect(textPart, "a text/plain part").toBeDefined();
  expect(htmlPart, "a text/html part").toBeDefined();
  return { headers: message.headers, text: decodeBody(textPart!), html: decodeBody(htmlPart!) };
}

let database: TestDatabase;
let smtp: TestSmtpServer;
let warn: MockInstance<typeof console.warn>;
const transports: MailTransport[] = [];

function smtpTo(port: number): MailTransport {
  const transport = smtpTransport(`smtp://127.0.0.1:${port}`, FROM);
  transports.push(transport);
  return transport;
}

async function enqueueSignIn(to: string, name = "Sam Patel") {
  return enqueueEmail(database.db, { to, template: "sign-in-link", message: signInLinkEmail({ name, link: LINK, minutes: 10 }) });
}

async function outboxRow(id: string) {
  const [row] = await database.db.select().from(emailOutbox).where(eq(emailOutbox.id, id));
  return row;
}

const inSeconds = (seconds: number) => new Date(Date.now() + seconds * 1000);

beforeAll(async () => {
  database = await createTestDatabase();
  smtp = await startSmtpServer();
});

afterAll(async () => {
  for (const transport of transports) transport.close?.();
  await smtp?.close();
  await database?.destroy();
});

beforeEach(async () => {
  await database.db.delete(emailOutbox);
  smtp.received.length = 0;
  warn = vi.spyOn(console, "warn").mockImplementation(() => {});
});

afterEach(() => {
  // Whatever failed, the log never carries a message body: they hold sign-in links.
  for (const call of warn.mock.calls) expect(call.join(" ")).not.toContain("abc123secret");
  warn.mockRestore();
});

describe("the email templates", () => {
  it("escape what people typed in the HTML and carry the same information in both parts", () => {
    const email = invitationEmail({
      name: "Jo <b>Bloggs</b>",
      invitedBy: "Alex O'Neill",
      partnershipName: "Northshire Safeguarding Children Partnership",
      roleLabel: "Designated safeguarding lead",
      settingName: "St Mary's & St John's Primary",
      link: LINK,
      minutes: 30,
    });
    expect(email.html).toContain("Jo &lt;b&gt;Bloggs&lt;/b&gt;");
    expect(email.html).not.toContain("<b>Bloggs");
    expect(email.html).toContain(`href="${escapeHtml(LINK)}"`);
    expect(email.html).toContain("Safeguarding self-assessment");
    expect(email.text).toContain("Jo <b>Bloggs</b>");
    for (const fact of ["St Mary's & St John's Primary", "Designated safeguarding lead", LINK, "30 minutes", "https://audit.example.org.uk"]) {
      expect(email.text).toContain(fact);
      expect(email.html).toContain(escapeHtml(fact));
    }
  });

  it("summarise a submitted return's ratings and actions", () => {
    const email = returnReceiptEmail({
      name: "Sam Patel",
      settingName: "Oakfield Primary School",
      cycleName: "Full audit 2025",
      versionNumber: 2,
      submittedAt: new Date("2025-07-04T13:05:00Z"),
      ratings: [
        { label: "Met", count: 12 },
        { label: "Exceeds", count: 1 },
      ],
      actions: [{ description: "Refresh whole-staff training", theme: "Training", dueOn: "2025-09-30" }],
      link: "https://audit.example.org.uk/returns/1",
    });
    expect(email.subject).toBe("Return received: Oakfield Primary School, Full audit 2025 (version 2)");
    for (const fact of ["4 July 2025 at 2:05pm", "Met: 12 standards", "Exceeds: 1 standard", "Refresh whole-staff training (Training, due 30 September 2025)"]) {
      expect(email.text).toContain(fact);
    }
    expect(email.html).toContain("30 September 2025");
  });
});

describe("the outbox", () => {
  it("keeps no email when the change it belongs to is rolled back", async () => {
    await expect(
      database.db.transaction(async (tx) => {
        await enqueueEmail(tx, { to: "jo@example.org", template: "sign-in-link", message: signInLinkEmail({ name: "Jo", link: LINK, minutes: 10 }) });
        throw new Error("the change failed");
      }),
    ).rejects.toThrow("the change failed");
    expect(await database.db.select().from(emailOutbox)).toHaveLength(0);
  });

  it("refuses an address with a line break in it", async () => {
    await expect(enqueueSignIn("jo@example.org\r\nBcc: everyone@example.org")).rejects.toThrow("not valid");
  });
});

describe("sending through SMTP", () => {
  it("delivers an invitation with a text and an HTML part and records it as sent", async () => {
    const message = invitationEmail({
      name: "Jo Bloggs",
      invitedBy: "Alex O'Neill",
      partnershipName: "Northshire Safeguarding Children Partnership",
      roleLabel: "Designated safeguarding lead",
      settingName: "Oakfield Primary School",
      link: LINK,
      minutes: 30,
    });
    const id = await database.db.transaction((tx) => enqueueEmail(tx, { to: "jo@example.org", template: "invitation", message }));

    const result = await sendPendingEmails(database.db, smtpTo(smtp.port), { from: FROM, maxAttempts: 5 });

    expect(result).toEqual({ sent: 1, failed: 0, retried: 0 });
    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0].to).toEqual(["jo@example.org"]);
    const { headers, text, html } = readAlternative(smtp.received[0].raw);
    expect(headers.subject).toBe(message.subject);
    expect(headers.to).toBe("jo@example.org");
    expect(headers.from).toBe(FROM);
    expect(headers["message-id"]).toBe(`<${id}@audit.example.org.uk>`);
    expect(text).toContain(LINK);
    expect(text).toContain("Designated safeguarding lead");
    expect(html).toContain(`href="${escapeHtml(LINK)}"`);
    expect(html).toContain("Oakfield Primary School");

    const row = await outboxRow(id);
    expect(row).toMatchObject({ status: "sent", attempts: 1, lockedUntil: null, lastError: null });
    expect(row.sentAt).toBeInstanceOf(Date);
    expect(row.providerMessageId).toBe(`<${id}@audit.example.org.uk>`);
    expect(warn).not.toHaveBeenCalled();
  });

  it("delivers the invitation an admin sends, and its link signs the person in", async () => {
    const { db } = database;
    const partnership = await makePartnership(db, { name: "Northshire Safeguarding Children Partnership", slug: "northshire" });
    const school = await makeSetting(db, partnership.id, { name: "Oakfield Primary School" });
    const admin = await makeUser(db, { name: "Alex O'Neill", roles: [{ partnershipId: partnership.id, role: "admin" }] });
    await invitePerson(db, {
      partnershipId: partnership.id,
      invitedBy: { id: admin.id, name: admin.name },
      email: "Jo.Bloggs@Oakfield.example.org",
      name: "Jo Bloggs",
      role: "dsl",
      settingId: school.id,
    });

    expect(await sendPendingEmails(db, smtpTo(smtp.port), { from: FROM, maxAttempts: 5 })).toEqual({ sent: 1, failed: 0, retried: 0 });
    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0].to).toEqual(["jo.bloggs@oakfield.example.org"]);
    const { headers, text, html } = readAlternative(smtp.received[0].raw);
    expect(headers.subject).toMatch(/Northshire Safeguarding Children Partnership/);
    expect(text).toContain("Hello Jo Bloggs");
    expect(text).toContain("Oakfield Primary School");
    expect(html).toContain("Oakfield Primary School");
    const link = /http:\/\/localhost:3000\/sign-in\/([a-z2-7]+)/.exec(text);
    expect(link, "a sign-in link built from BASE_URL in the text part").not.toBeNull();
    expect(html).toContain(`href="${link![0]}"`);
    expect(await checkSignInToken(db, link![1])).toBe("valid");
  });

  it("keeps the email while the server is down and delivers it once when it is back", async () => {
    const port = await closedPort();
    const transport = smtpTo(port);
    const id = await enqueueSignIn("sam@example.org");

    expect(await sendPendingEmails(database.db, transport, { from: FROM, maxAttempts: 5 })).toEqual({ sent: 0, failed: 0, retried: 1 });
    let row = await outboxRow(id);
    expect(row).toMatchObject({ status: "pending", attempts: 1, lockedUntil: null });
    expect(row.lastError).toMatch(/ECONNREFUSED|connect/i);
    expect(row.nextAttemptAt.getTime()).toBeGreaterThan(Date.now() + 20_000);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0][0])).toContain(id);

    // Not due yet: nothing is tried.
    expect(await sendPendingEmails(database.db, transport, { from: FROM, maxAttempts: 5 })).toEqual({ sent: 0, failed: 0, retried: 0 });

    const revived = await startSmtpServer(port);
    try {
      const later = inSeconds(60);
      expect(await sendPendingEmails(database.db, transport, { from: FROM, maxAttempts: 5, now: later })).toEqual({
        sent: 1,
        failed: 0,
        retried: 0,
      });
      expect(await sendPendingEmails(database.db, transport, { from: FROM, maxAttempts: 5, now: inSeconds(7200) })).toEqual({
        sent: 0,
        failed: 0,
        retried: 0,
      });
      expect(revived.received.filter((m) => m.to.includes("sam@example.org"))).toHaveLength(1);
      row = await outboxRow(id);
      expect(row).toMatchObject({ status: "sent", attempts: 2 });
    } finally {
      await revived.close();
    }
  });

  it("delivers each message exactly once when two senders run at the same time", async () => {
    const recipients = Array.from({ length: 20 }, (_, i) => `person-${i + 1}@example.org`);
    for (const to of recipients) await enqueueSignIn(to);

    async function drain(transport: MailTransport): Promise<number> {
      let sent = 0;
      for (;;) {
        const result = await sendPendingEmails(database.db, transport, { from: FROM, maxAttempts: 5, batchSize: 3 });
        if (result.sent + result.failed + result.retried === 0) return sent;
        sent += result.sent;
      }
    }
    const [first, second] = await Promise.all([drain(smtpTo(smtp.port)), drain(smtpTo(smtp.port))]);

    expect(first + second).toBe(20);
    expect(smtp.received).toHaveLength(20);
    for (const to of recipients) expect(smtp.received.filter((m) => m.to.includes(to)), to).toHaveLength(1);
    const statuses = await database.db.select({ status: emailOutbox.status, n: sql<number>`count(*)::int` }).from(emailOutbox).groupBy(emailOutbox.status);
    expect(statuses).toEqual([{ status: "sent", n: 20 }]);
  });

  it("gives up on a message once it has used its attempts", async () => {
    const transport = smtpTo(await closedPort());
    const id = await enqueueSignIn("kim@example.org");

    expect(await sendPendingEmails(database.db, transport, { from: FROM, maxAttempts: 2 })).toMatchObject({ retried: 1 });
    expect(await sendPendingEmails(database.db, transport, { from: FROM, maxAttempts: 2, now: inSeconds(3600) })).toEqual({
      sent: 0,
      failed: 1,
      retried: 0,
    });
    const row = await outboxRow(id);
    expect(row).toMatchObject({ status: "failed", attempts: 2, lockedUntil: null });
    expect(row.lastError).toMatch(/ECONNREFUSED|connect/i);
    // A failed message is left alone.
    expect(await sendPendingEmails(database.db, transport, { from: FROM, maxAttempts: 2, now: inSeconds(86_400) })).toEqual({
      sent: 0,
      failed: 0,
      retried: 0,
    });
  });

  it("fails a message at once when the server refuses the recipient for good", async () => {
    const id = await enqueueSignIn("bounce@example.org");
    expect(await sendPendingEmails(database.db, smtpTo(smtp.port), { from: FROM, maxAttempts: 5 })).toEqual({
      sent: 0,
      failed: 1,
      retried: 0,
    });
    const row = await outboxRow(id);
    expect(row).toMatchObject({ status: "failed", attempts: 1 });
    expect(row.lastError).toContain("550");
  });

  it("takes over a message left in sending by a sender that stopped, once its lease has run out", async () => {
    const abandoned = await enqueueSignIn("left@example.org");
    const held = await enqueueSignIn("held@example.org");
    await database.db
      .update(emailOutbox)
      .set({ status: "sending", attempts: 1, lockedUntil: inSeconds(-5) })
      .where(eq(emailOutbox.id, abandoned));
    await database.db
      .update(emailOutbox)
      .set({ status: "sending", attempts: 1, lockedUntil: inSeconds(100) })
      .where(eq(emailOutbox.id, held));

    expect(await sendPendingEmails(database.db, smtpTo(smtp.port), { from: FROM, maxAttempts: 5 })).toEqual({
      sent: 1,
      failed: 0,
      retried: 0,
    });
    expect(smtp.received.map((m) => m.to)).toEqual([["left@example.org"]]);
    expect(await outboxRow(abandoned)).toMatchObject({ status: "sent", attempts: 2 });
    expect(await outboxRow(held)).toMatchObject({ status: "sending", attempts: 1 });
  });

  it("hands back what it has not sent before its lease runs out", async () => {
    const first = await enqueueSignIn("one@example.org");
    await enqueueSignIn("two@example.org");
    await enqueueSignIn("three@example.org");
    const slow: MailTransport = {
      name: "slow",
      send: () => new Promise((resolve) => setTimeout(() => resolve({ providerMessageId: "slow" }), 150)),
    };

    // A lease of a tenth of a second: the first message takes longer than that to send.
    expect(await sendPendingEmails(database.db, slow, { from: FROM, maxAttempts: 5, leaseSeconds: 0.1 })).toEqual({
      sent: 1,
      failed: 0,
      retried: 0,
    });
    const rows = await database.db.select().from(emailOutbox);
    expect(rows.find((r) => r.id === first)).toMatchObject({ status: "sent", attempts: 1 });
    const rest = rows.filter((r) => r.id !== first);
    expect(rest).toHaveLength(2);
    for (const row of rest) expect(row).toMatchObject({ status: "pending", attempts: 0, lockedUntil: null });
  });

  it("sends from a background worker until it is stopped", async () => {
    const id = await enqueueSignIn("worker@example.org");
    const stop = startEmailWorker(() => database.db, smtpTo(smtp.port), { from: FROM, maxAttempts: 5 }, 1);
    try {
      await vi.waitFor(async () => expect((await outboxRow(id)).status).toBe("sent"), { timeout: 10_000, interval: 50 });
    } finally {
      await stop();
    }
    expect(smtp.received).toHaveLength(1);
  });
});

describe("the file transport", () => {
  it("writes each message as a readable .eml file named by time and outbox id", async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), "portal-emails-"));
    try {
      const message = returnReceiptEmail({
        name: "Sam Patel",
        settingName: "Oakfield Primary School",
        cycleName: "Full audit 2025",
        versionNumber: 1,
        submittedAt: new Date("2025-07-04T13:05:00Z"),
        ratings: [{ label: "Met", count: 20 }],
        actions: [],
        link: "https://audit.example.org.uk/returns/1",
      });
      const id = await enqueueEmail(database.db, { to: "sam@example.org", template: "return-receipt", message });

      expect(await sendPendingEmails(database.db, fileTransport(dir), { from: FROM, maxAttempts: 5 })).toMatchObject({ sent: 1 });

      const files = await fs.readdir(dir);
      expect(files).toHaveLength(1);
      expect(files[0]).toMatch(new RegExp(`^\\d{8}T\\d{6}\\.\\d{3}Z-${id}\\.eml$`));
      const { headers, text, html } = readAlternative(await fs.readFile(path.join(dir, files[0]), "utf8"));
      expect(headers.subject).toBe(message.subject);
      expect(headers.to).toBe("sam@example.org");
      expect(text).toContain("Met: 20 standards");
      expect(html).toContain("Oakfield Primary School");
      expect((await outboxRow(id)).providerMessageId).toBe(files[0]);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
