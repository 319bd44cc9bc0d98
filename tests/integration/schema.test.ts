import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { eq } from "drizzle-orm";
import { partnerships, settings, memberships, returns, users } from "../../db/schema";
import { buildScenario, returnFor } from "../support/scenario";

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.destroy();
});

describe("the data model", () => {
  it("keeps URNs unique within a partnership but not across partnerships", async () => {
    const { db } = database;
    const [a, b] = await db
      .insert(partnerships)
      .values([
        { slug: "a", name: "A" },
        { slug: "b", name: "B" },
      ])
      .returning();
    await db.insert(settings).values({ partnershipId: a.id, urn: "100", name: "One", type: "primary", basis: "s175" });
    await db.insert(settings).values({ partnershipId: b.id, urn: "100", name: "One", type: "primary", basis: "s175" });
    await expect(
      db.insert(settings).values({ partnershipId: a.id, urn: "100", name: "Two", type: "primary", basis: "s175" }),
    ).rejects.toThrow();
    // Agencies have no URN, and several of them may sit in one partnership.
    await db.insert(settings).values([
      { partnershipId: a.id, name: "Police", type: "police", basis: "s11" },
      { partnershipId: a.id, name: "Health", type: "health", basis: "s11" },
    ]);
  });

  it("refuses a setting role without a setting and a partnership role with one", async () => {
    const { db } = database;
    const [p] = await db.insert(partnerships).values({ slug: "c", name: "C" }).returning();
    const [s] = await db.insert(settings).values({ partnershipId: p.id, name: "S", type: "nursery", basis: "s175", urn: "1" }).returning();
    const [u] = await db.insert(users).values({ email: "x@example.org", name: "X" }).returning();
    await expect(db.insert(memberships).values({ userId: u.id, partnershipId: p.id, role: "dsl" })).rejects.toThrow();
    await expect(
      db.insert(memberships).values({ userId: u.id, partnershipId: p.id, settingId: s.id, role: "admin" }),
    ).rejects.toThrow();
    await db.insert(memberships).values({ userId: u.id, partnershipId: p.id, settingId: s.id, role: "dsl" });
    await db.insert(memberships).values({ userId: u.id, partnershipId: p.id, role: "admin" });
    // The same partnership role twice is one role.
    await expect(db.insert(memberships).values({ userId: u.id, partnershipId: p.id, role: "admin" })).rejects.toThrow();
  });

  it("links a return only to a return that exists, and keeps the one it started from", async () => {
    const { db } = database;
    const world = await buildScenario(db);
    const current = await returnFor(db, world.cycle, world.school.id);
    // A return nobody has started: nothing else holds on to it, so only the link can keep it.
    const earlier = await returnFor(db, world.previousCycle, world.otherSchool.id);
    const startFrom = (id: string | null) => db.update(returns).set({ startedFromReturnId: id }).where(eq(returns.id, current.ret.id));

    await expect(startFrom("00000000-0000-0000-0000-000000000000")).rejects.toSatisfy(isStartedFromViolation);
    await startFrom(earlier.ret.id);
    // Restrict: the earlier return cannot go while a later one records that it started from it.
    await expect(db.delete(returns).where(eq(returns.id, earlier.ret.id))).rejects.toSatisfy(isStartedFromViolation);
    await startFrom(null);
    await db.delete(returns).where(eq(returns.id, earlier.ret.id));
  });
});

/** The database refused the change because of the started-from foreign key (from either driver, through drizzle's wrapper). */
function isStartedFromViolation(error: unknown): boolean {
  for (let e = error; e instanceof Error; e = e.cause) {
    // 23503 foreign_key_violation (no such return), 23001 restrict_violation (still referred to).
    const code = (e as { code?: string }).code;
    if ((code === "23503" || code === "23001") && e.message.includes("returns_started_from_return_id_returns_id_fk")) return true;
  }
  return false;
}
