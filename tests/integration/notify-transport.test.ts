// GOV.UK Notify as the mail transport, with its API played by msw: the request it gets, and
// which of its answers end a message and which only postpone it.
import { createHmac, timingSafeEqual } from "node:crypto";
import { eq } from "drizzle-orm";
import { http, HttpResponse } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi, type MockInstance } from "vitest";
import { emailOutbox } from "../../db/schema";
import { enqueueEmail } from "../../emails/outbox.server";
import { sendPendingEmails } from "../../emails/sender.server";
import { signInLinkEmail } from "../../emails/sign-in-link";
import { notifyTransport, parseNotifyApiKey, PermanentDeliveryError, RetryableDeliveryError } from "../../emails/transports";
import { createTestDatabase, type TestDatabase } from "../support/database";

const SERVICE_ID = "11111111-1111-1111-1111-111111111111";
const SECRET_KEY = "22222222-2222-2222-2222-222222222222";
const API_KEY = `test_key-${SERVICE_ID}-${SECRET_KEY}`;
const TEMPLATE_ID = "33333333-3333-3333-3333-333333333333";
const BASE_URL = "https://api.notifications.service.gov.uk";
const ENDPOINT = `${BASE_URL}/v2/notifications/email`;
const NOTIFY_ID = "740e5834-3a29-46b4-9a6f-16142fde533a";
const FROM = "Safeguarding audit <no-reply@audit.example.org.uk>";

const api = setupServer();
const transport = notifyTransport({ apiKey: API_KEY, templateId: TEMPLATE_ID, baseUrl: BASE_URL });
let database: TestDatabase;
let warn: MockInstance<typeof console.warn>;

beforeAll(async () => {
  api.listen({ onUnhandledRequest: "error" });
  database = await createTestDatabase();
});

afterAll(async () => {
  api.close();
  await database?.destroy();
});

beforeEach(async () => {
  await database.db.delete(emailOutbox);
  warn = vi.spyOn(console, "warn").mockImplementation(() => {});
});

afterEach(() => {
  api.resetHandlers();
  warn.mockRestore();
});

const message = signInLinkEmail({ name: "Sam Patel", link: "https://audit.example.org.uk/sign-in/verify?token=abc", minutes: 10 });

async function enqueueOne(): Promise<string> {
  return enqueueEmail(database.db, { to: "sam@example.org", template: "sign-in-link", message });
}

async function outboxRow(id: string) {
  const [row] = await database.db.select().from(emailOutbox).where(eq(emailOutbox.id, id));
  return row;
}

const send = () => sendPendingEmails(database.db, transport, { from: FROM, maxAttempts: 5 });

function notifyError(status: number, error: string, text: string) {
  return () => HttpResponse.json({ status_code: status, errors: [{ error, message: text }] }, { status });
}

/** Verifies an HS256 JWT with the secret and returns its header and claims. */
function verifyJwt(token: string, secret: string) {
  const [header, claims, signature] = token.split(".");
  const expected = createHmac("sha256", secret).update(`${header}.${claims}`).digest();
  const actual = Buffer.from(signature, "base64url");
  expect(actual.length === expected.length && timingSafeEqual(actual, expected), "the JWT signature is valid").toBe(true);
  const decode = (part: string) => JSON.parse(Buffer.from(part, "base64url").toString("utf8")) as Record<string, unknown>;
  return { header: decode(header), claims: decode(claims) };
}

describe("the GOV.UK Notify transport", () => {
  it("reads the service id and secret from the end of the API key, whatever the key's name", () => {
    expect(parseNotifyApiKey(API_KEY)).toEqual({ serviceId: SERVICE_ID, secretKey: SECRET_KEY });
    expect(parseNotifyApiKey(`live-key-for-the-portal-${SERVICE_ID}-${SECRET_KEY}`)).toEqual({ serviceId: SERVICE_ID, secretKey: SECRET_KEY });
    expect(() => parseNotifyApiKey("not-a-key")).toThrow();
  });

  it("sends with a signed token and records Notify's id", async () => {
    const requests: { authorization: string | null; body: unknown }[] = [];
    api.use(
      http.post(ENDPOINT, async ({ request }) => {
        requests.push({ authorization: request.headers.get("authorization"), body: await request.json() });
        return HttpResponse.json({ id: NOTIFY_ID, reference: null, content: {}, uri: `${ENDPOINT}/${NOTIFY_ID}` }, { status: 201 });
      }),
    );
    const id = await enqueueOne();

    expect(await send()).toEqual({ sent: 1, failed: 0, retried: 0 });

    expect(requests).toHaveLength(1);
    expect(requests[0].body).toEqual({
      email_address: "sam@example.org",
      template_id: TEMPLATE_ID,
      personalisation: { subject: message.subject, body: message.text },
      reference: id,
    });
    const token = /^Bearer (.+)$/.exec(requests[0].authorization ?? "")?.[1];
    expect(token).toBeDefined();
    const { header, claims } = verifyJwt(token!, SECRET_KEY);
    expect(header).toEqual({ typ: "JWT", alg: "HS256" });
    expect(claims.iss).toBe(SERVICE_ID);
    expect(Math.abs(Number(claims.iat) - Date.now() / 1000)).toBeLessThan(30);

    expect(await outboxRow(id)).toMatchObject({ status: "sent", attempts: 1, providerMessageId: NOTIFY_ID, lastError: null });
  });

  it("fails a message Notify refuses as invalid, after one attempt", async () => {
    api.use(http.post(ENDPOINT, notifyError(400, "ValidationError", "email_address Not a valid email address")));
    const id = await enqueueOne();

    expect(await send()).toEqual({ sent: 0, failed: 1, retried: 0 });
    const row = await outboxRow(id);
    expect(row).toMatchObject({ status: "failed", attempts: 1 });
    expect(row.lastError).toContain("email_address Not a valid email address");
    expect(warn).toHaveBeenCalledTimes(1);
  });

  it("treats a refused key (403) as permanent", async () => {
    api.use(http.post(ENDPOINT, notifyError(403, "AuthError", "Invalid token: API key not found")));
    await expect(
      transport.send({ outboxId: "x", to: "sam@example.org", from: FROM, subject: "s", text: "t", html: "h" }),
    ).rejects.toSatisfy((error) => error instanceof PermanentDeliveryError && error.message.includes("API key not found"));
  });

  it("tries again later when Notify's rate limit is reached", async () => {
    api.use(http.post(ENDPOINT, notifyError(429, "RateLimitError", "Exceeded rate limit for key type LIVE of 3000 requests per 60 seconds")));
    const id = await enqueueOne();

    expect(await send()).toEqual({ sent: 0, failed: 0, retried: 1 });
    const row = await outboxRow(id);
    expect(row).toMatchObject({ status: "pending", attempts: 1, lockedUntil: null });
    expect(row.lastError).toContain("Exceeded rate limit");
    expect(row.nextAttemptAt.getTime()).toBeGreaterThan(Date.now());
  });

  it("tries again later when Notify has a server error", async () => {
    api.use(http.post(ENDPOINT, notifyError(500, "Exception", "Internal server error")));
    const id = await enqueueOne();

    expect(await send()).toEqual({ sent: 0, failed: 0, retried: 1 });
    expect(await outboxRow(id)).toMatchObject({ status: "pending", attempts: 1 });
    await expect(
      transport.send({ outboxId: id, to: "sam@example.org", from: FROM, subject: "s", text: "t", html: "h" }),
    ).rejects.toBeInstanceOf(RetryableDeliveryError);
  });

  it("tries again later when Notify cannot be reached", async () => {
    api.use(http.post(ENDPOINT, () => HttpResponse.error()));
    const id = await enqueueOne();

    expect(await send()).toEqual({ sent: 0, failed: 0, retried: 1 });
    const row = await outboxRow(id);
    expect(row).toMatchObject({ status: "pending", attempts: 1 });
    expect(row.lastError).toContain("could not be reached");
    expect(row.nextAttemptAt.getTime()).toBeGreaterThan(Date.now());
  });
});
