import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase, type TestDatabase } from "../support/database";
import { makeUser } from "../support/factories";
import { checkSessionToken, createSession, validateSessionToken } from "../../app/auth/sessions.server";
import { hitRateLimit } from "../../app/auth/rate-limit.server";
import { purgeExpired } from "../../app/auth/housekeeping.server";
import { rateLimitHits, sessions } from "../../db/schema";

let database: TestDatabase;
beforeAll(async () => {
  database = await useTestDatabase();
});
afterAll(async () => {
  await database.destroy();
});

describe("purgeExpired", () => {
  it("removes expired sessions and old rate-limit counts, and keeps live ones", async () => {
    const { db } = database;
    const user = await makeUser(db);
    const old = await createSession(db, user.id, new Date(Date.now() - 48 * 3_600_000));
    // Ran out an hour ago: unusable, but kept a day so a form posted after it can find its owner.
    const lately = await createSession(db, user.id, new Date(Date.now() - 3 * 3_600_000));
    const live = await createSession(db, user.id);
    await hitRateLimit(db, "test", 10, 15, new Date(Date.now() - 2 * 86_400_000));
    await hitRateLimit(db, "test", 10, 15);
    await purgeExpired(db);
    const left = (await db.select().from(sessions)).map((s) => s.id);
    expect(left.sort()).toEqual([live.session.id, lately.session.id].sort());
    expect(left).not.toContain(old.session.id);
    expect(await checkSessionToken(db, lately.token)).toEqual({ status: "expired", userId: user.id });
    expect(await validateSessionToken(db, lately.token)).toBeNull();
    expect(await db.select().from(rateLimitHits)).toHaveLength(1);
  });
});
