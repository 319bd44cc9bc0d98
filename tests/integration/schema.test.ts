import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { partnerships, settings, memberships, users } from "../../db/schema";

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
});
