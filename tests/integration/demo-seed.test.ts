import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, count, eq, inArray, sql } from "drizzle-orm";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { DEMO_SLUG, seedDemo } from "../../db/seed/demo";
import { LARKHILL, NORTHSHIRE_NAME, NORTHSHIRE_SLUG, NORTHSHIRE_USERS } from "../../db/seed/demo-northshire";
import { formatDemoSignIns, listDemoSignIns } from "../../db/seed/demo-sign-ins";
import { contextOf } from "../../db/seed/scenario";
import { loadActions } from "../../app/domain/action-plans.server";
import { OUTSTANDING_ACTION_STATUSES } from "../../app/domain/action-themes";
import { londonIsoDate } from "../../app/dates";
import { completionShare, countsByTheme, listOutstandingActions } from "../../app/domain/outstanding-actions.server";
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
  actionUpdates,
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
    const [demo] = await db.select().from(partnerships).where(eq(partnerships.slug, DEMO_SLUG));
    expect(first.partnershipId).toBe(demo.id);
    const [{ n: settingCount }] = await db.select({ n: count() }).from(settings);
    const [{ n: demoSettings }] = await db.select({ n: count() }).from(settings).where(eq(settings.partnershipId, demo.id));
    expect(demoSettings).toBe(12 + 6);
    const [{ n: userCount }] = await db.select({ n: count() }).from(users);
    expect(userCount).toBeGreaterThanOrEqual(8);
    const cycleRows = await db.select().from(cycles).where(eq(cycles.partnershipId, demo.id));
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

  it("makes a second partnership beside it, Northshire, in its interim year, kept apart from the first", async () => {
    const { db } = database;
    // Seeded by the test above; on its own, this seeds it.
    await seedDemo(db);
    const [demo] = await db.select().from(partnerships).where(eq(partnerships.slug, DEMO_SLUG));
    const [north] = await db.select().from(partnerships).where(eq(partnerships.slug, NORTHSHIRE_SLUG));
    expect(north.name).toBe(NORTHSHIRE_NAME);
    const register = await db.select().from(settings).where(eq(settings.partnershipId, north.id)).orderBy(settings.name);
    expect(register).toHaveLength(6);

    // Full audit 2025 closed, the interim update of 2026 open.
    const cycleRows = await db.select().from(cycles).where(eq(cycles.partnershipId, north.id)).orderBy(cycles.opensOn);
    expect(cycleRows.map((c) => [c.name, c.kind, c.status])).toEqual([
      ["Full audit 2025", "full", "closed"],
      ["Interim update 2026", "interim", "open"],
    ]);
    const [full, interim] = cycleRows;
    const returnsOf = (cycleId: string) =>
      db.select({ id: returns.id, settingId: returns.settingId, status: returns.status, from: returns.startedFromReturnId }).from(returns).where(eq(returns.cycleId, cycleId));
    const fullReturns = await returnsOf(full.id);
    expect(fullReturns.map((r) => r.status)).toEqual(Array(6).fill("submitted"));
    // Each 2025 return planned one or two actions.
    const planned = await db
      .select({ returnId: actions.originReturnId, n: count() })
      .from(actions)
      .where(inArray(actions.originReturnId, fullReturns.map((r) => r.id)))
      .groupBy(actions.originReturnId);
    expect(planned).toHaveLength(6);
    for (const p of planned) expect([1, 2]).toContain(p.n);
    // Every setting invited to the interim update; two started from their 2025 return, with updates on their actions.
    const interimReturns = await returnsOf(interim.id);
    expect(interimReturns.map((r) => r.status).sort()).toEqual(["in_progress", "in_progress", "not_started", "not_started", "not_started", "not_started"]);
    const fullOf = new Map(fullReturns.map((r) => [r.settingId, r.id]));
    const started = interimReturns.filter((r) => r.status === "in_progress");
    for (const r of started) expect(r.from).toBe(fullOf.get(r.settingId));
    const [{ n: updates }] = await db.select({ n: count() }).from(actionUpdates).where(inArray(actionUpdates.returnId, started.map((r) => r.id)));
    expect(updates).toBeGreaterThanOrEqual(2);

    // Nia Shah's setting: its interim return not started, and exactly two outstanding actions from its 2025 return to carry.
    const [nia] = await db.select().from(users).where(eq(users.email, NORTHSHIRE_USERS.dsl));
    const niaRoles = await db.select().from(memberships).where(eq(memberships.userId, nia.id));
    const larkhill = register.find((s) => s.name === LARKHILL)!;
    expect(niaRoles.map((m) => [m.partnershipId, m.settingId, m.role])).toEqual([[north.id, larkhill.id, "dsl"]]);
    const larkhillInterim = interimReturns.find((r) => r.settingId === larkhill.id)!;
    expect(larkhillInterim.status).toBe("not_started");
    const carried = await loadActions(db, await contextOf(db, north.id, larkhillInterim));
    expect(carried.map((a) => [a.description, a.status, a.carriedForward])).toEqual([
      ["Governor safeguarding training for the two new governors", "open", true],
      ["Record-keeping audit of this year's safeguarding concern records", "open", true],
    ]);
    const origins = await db.select({ origin: actions.originReturnId }).from(actions).where(inArray(actions.id, carried.map((a) => a.id)));
    expect(origins.map((o) => o.origin)).toEqual([fullOf.get(larkhill.id), fullOf.get(larkhill.id)]);
    const [signatory] = await db
      .select({ role: memberships.role, settingId: memberships.settingId })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(eq(users.email, NORTHSHIRE_USERS.signatory));
    expect(signatory).toEqual({ role: "signatory", settingId: larkhill.id });

    // Each partnership's outstanding actions are its own: Northshire's worked out by hand from
    // demo-northshire.ts (Brackenfield finished both of its actions, the others each have one
    // left, Larkhill two), and the two partnerships' counts add up to every outstanding action.
    const today = londonIsoDate();
    const northCounts = await countsByTheme(db, { partnershipId: north.id, filters: {}, today });
    expect([northCounts.actions, northCounts.settings]).toEqual([6, 5]);
    expect(northCounts.byTheme.filter((t) => t.actions > 0).map((t) => [t.theme, t.actions])).toEqual([
      ["training", 4],
      ["record_keeping", 1],
      ["curriculum_online_safety", 1],
    ]);
    const northRows = await listOutstandingActions(db, { partnershipId: north.id, filters: {}, today });
    const northIds = new Set(register.map((s) => s.id));
    expect(northRows.every((r) => northIds.has(r.settingId))).toBe(true);
    expect(new Set(northRows.map((r) => r.cycleName))).toEqual(new Set(["Full audit 2025"]));
    const demoCounts = await countsByTheme(db, { partnershipId: demo.id, filters: {}, today });
    const [{ n: outstanding }] = await db.select({ n: count() }).from(actions).where(inArray(actions.status, OUTSTANDING_ACTION_STATUSES));
    expect(demoCounts.actions + northCounts.actions).toBe(outstanding);
    const demoRows = await listOutstandingActions(db, { partnershipId: demo.id, filters: {}, today });
    expect(demoRows.some((r) => northIds.has(r.settingId))).toBe(false);
    // The share from the previous return: Northshire's 2025 returns all planned actions, one
    // setting has finished them all; the demo's 2024 returns were its 16 submitted.
    expect(await completionShare(db, { partnershipId: north.id, cycleId: interim.id })).toEqual({
      numerator: 1,
      denominator: 6,
      previousCycle: { id: full.id, name: "Full audit 2025" },
    });
    const [demoOpen] = await db.select().from(cycles).where(and(eq(cycles.partnershipId, demo.id), eq(cycles.status, "open")));
    const demoShare = await completionShare(db, { partnershipId: demo.id, cycleId: demoOpen.id });
    expect([demoShare.denominator, demoShare.previousCycle?.name]).toEqual([16, "Full audit 2024"]);

    // Every start of the demo lists Northshire's people under its name, after the demo partnership's.
    const lines = formatDemoSignIns((await listDemoSignIns(db))!);
    const heading = lines.indexOf(`${NORTHSHIRE_NAME}, in the same installation:`);
    expect(heading).toBeGreaterThan(1);
    expect(lines.slice(heading + 1).map((l) => l.trim().replace(/\s+/g, " "))).toEqual([
      `${NORTHSHIRE_USERS.admin} Nat Admin (partnership administrator)`,
      `${NORTHSHIRE_USERS.dsl} Nia Shah (DSL, ${LARKHILL})`,
      `${NORTHSHIRE_USERS.signatory} Omar Hussain (signatory, ${LARKHILL})`,
    ]);
    expect(lines.slice(1, heading).some((l) => l.includes("northshire") || l.includes("larkhill"))).toBe(false);
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
