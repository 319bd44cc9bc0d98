// Rate limiting counts in the database, so several app servers share one count. Requests that
// arrive together must not all slip through on the same count: on PostgreSQL (CI) these calls
// run on separate connections at once; PGlite runs them one after another.
import { and, eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { hitRateLimit } from "../../app/auth/rate-limit.server";
import { requestSignInLink } from "../../app/auth/sign-in.server";
import { resetConfig } from "../../app/env.server";
import { emailOutbox } from "../../db/schema";
import { useTestDatabase, type TestDatabase } from "../support/database";
import { makePartnership, makeUser } from "../support/factories";

let database: TestDatabase;

beforeAll(async () => {
  database = await useTestDatabase();
});
afterAll(async () => {
  await database.destroy();
});
afterEach(() => {
  resetConfig();
});

describe("the rate limit", () => {
  it("lets exactly the limit through when requests arrive together", async () => {
    const results = await Promise.all(Array.from({ length: 20 }, () => hitRateLimit(database.db, "together", 5, 15)));
    expect(results.filter((r) => r.allowed)).toHaveLength(5);
    expect(results.filter((r) => !r.allowed).every((r) => r.retryAfterMinutes === 15)).toBe(true);
  });

  it("counts each bucket on its own, and forgets hits older than the window", async () => {
    const now = new Date();
    const old = new Date(now.getTime() - 16 * 60_000);
    for (let i = 0; i < 3; i++) expect((await hitRateLimit(database.db, "window", 3, 15, old)).allowed).toBe(true);
    expect((await hitRateLimit(database.db, "window", 3, 15, now)).allowed).toBe(true);
    expect((await hitRateLimit(database.db, "other", 3, 15, now)).allowed).toBe(true);
  });
});

describe("sign-in links for one address", () => {
  it("are sent exactly up to the limit when requests from many places arrive together", async () => {
    const { db } = database;
    resetConfig({ SIGN_IN_LIMIT_PER_ADDRESS: "4" });
    const p = await makePartnership(db);
    const owner = await makeUser(db, { email: "together@example.org.uk", roles: [{ partnershipId: p.id, role: "admin" }] });
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => requestSignInLink(db, { email: owner.email, clientAddress: `192.0.2.${i + 1}` })),
    );
    expect(results.filter((r) => r.outcome === "sent")).toHaveLength(4);
    expect(results.filter((r) => r.outcome === "withheld")).toHaveLength(16);
    const sent = await db
      .select()
      .from(emailOutbox)
      .where(and(eq(emailOutbox.toAddress, owner.email), eq(emailOutbox.template, "sign-in-link")));
    expect(sent).toHaveLength(4);
  });
});
