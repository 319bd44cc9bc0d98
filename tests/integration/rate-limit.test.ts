// Rate limiting counts in the database, so several app servers share one count. Requests that
// arrive together must not all slip through on the same count: on PostgreSQL (CI) these calls
// run on separate connections at once; PGlite runs them one after another.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hitRateLimit } from "../../app/auth/rate-limit.server";
import { useTestDatabase, type TestDatabase } from "../support/database";

let database: TestDatabase;

beforeAll(async () => {
  database = await useTestDatabase();
});
afterAll(async () => {
  await database.destroy();
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
