import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, count, eq, sql } from "drizzle-orm";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { seedDemo } from "../../db/seed/demo";
import {
  actions,
  answers,
  auditEvents,
  challenges,
  feedbackLetters,
  sampleMembers,
  cycles,
  emailOutbox,
  frameworks,
  memberships,
  partnerships,
  returnVersions,
  returns,
  settings,
  users,
} from "../../db/schema";

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.destroy();
});

describe("the demo seed", () => {
  it("creates a partnership with settings, people, cycles and returns in varied states, once", async () => {
    const { db } = database;
    const progress: string[] = [];
    const first = await seedDemo(db, { onProgress: (text) => progress.push(text) });
    expect(first.created).toBe(true);
    // A first run's seed says what it is building as it goes.
    expect(progress.some((text) => text.startsWith("Full audit 2024: "))).toBe(true);
    expect(progress.some((text) => text.startsWith("Full audit 2026: "))).toBe(true);
    const [{ n: settingCount }] = await db.select({ n: count() }).from(settings);
    expect(settingCount).toBe(12 + 6);
    const [{ n: userCount }] = await db.select({ n: count() }).from(users);
    expect(userCount).toBeGreaterThanOrEqual(8);
    const cycleRows = await db.select().from(cycles);
    expect(cycleRows.map((c) => [c.name, c.status]).sort()).toEqual([
      ["Full audit 2024", "closed"],
      ["Full audit 2026", "open"],
    ]);
    const open = cycleRows.find((c) => c.status === "open")!;
    const statuses = new Set(
      (await db.select({ status: returns.status }).from(returns).where(eq(returns.cycleId, open.id))).map((r) => r.status),
    );
    // This year's sample is drawn and part-moderated: a review complete (closed, its letter sent),
    // a challenge waiting for the setting (reopened), the rest in moderation.
    expect(statuses).toEqual(new Set(["not_started", "in_progress", "in_moderation", "reopened", "closed"]));
    const [{ n: sampled }] = await db.select({ n: count() }).from(sampleMembers);
    expect(sampled).toBeGreaterThanOrEqual(3);
    const [{ n: letters }] = await db.select({ n: count() }).from(feedbackLetters);
    expect(letters).toBe(1);
    const [{ n: openChallenges }] = await db.select({ n: count() }).from(challenges).where(eq(challenges.status, "open"));
    expect(openChallenges).toBe(1);
    expect(progress.some((text) => /^Full audit 2026: sample of \d+ drawn and assigned; 1 review complete, 1 challenge open, 1 in review$/.test(text))).toBe(true);
    const old = cycleRows.find((c) => c.status === "closed")!;
    const [{ n: submitted }] = await db
      .select({ n: count() })
      .from(returnVersions)
      .innerJoin(returns, eq(returns.id, returnVersions.returnId))
      .where(and(eq(returns.cycleId, old.id)));
    expect(submitted).toBeGreaterThanOrEqual(14);

    const again = await seedDemo(db);
    expect(again.created).toBe(false);
    const [{ n: after }] = await db.select({ n: count() }).from(settings);
    expect(after).toBe(settingCount);
  });

  it("leaves nothing behind when it fails part-way, so the next run seeds it whole", async () => {
    // A database of its own, made to fail at the first submission: by then the seed has written
    // the partnership, settings, people, frameworks, both cycles' returns, answers and actions.
    const failing = await createTestDatabase();
    try {
      const { db } = failing;
      await db.execute(sql`
        create function fail_first_submission() returns trigger as $$
        begin
          raise exception 'simulated failure part-way through the demo seed';
        end;
        $$ language plpgsql`);
      await db.execute(sql`
        create trigger fail_first_submission before insert on return_versions
          for each row execute function fail_first_submission()`);

      await expect(seedDemo(db)).rejects.toSatisfy((error: unknown) => {
        for (let e = error; e instanceof Error; e = e.cause) if (e.message.includes("simulated failure")) return true;
        return false;
      });
      for (const table of [partnerships, settings, users, memberships, frameworks, cycles, returns, answers, actions, auditEvents, emailOutbox]) {
        const [{ n }] = await db.select({ n: count() }).from(table);
        expect(n).toBe(0);
      }

      await db.execute(sql`drop trigger fail_first_submission on return_versions`);
      const retry = await seedDemo(db);
      expect(retry.created).toBe(true);
      const [{ n: versions }] = await db.select({ n: count() }).from(returnVersions);
      expect(versions).toBeGreaterThanOrEqual(14);
    } finally {
      await failing.destroy();
    }
  });
});
