// The findings' running counts (decision 024): findings_returns and findings_tallies are kept by
// database triggers as the writes that change a figure happen. After each such write the counts
// must be exactly what a recount from nothing gives, and the figures must move as the write says.
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { challenges, judgements, moderationAssignments, returns, returnVersions, settings, standards, versionAnswers, type User } from "../../db/schema";
import { buildScenario, type Scenario } from "../../db/seed/scenario";
import { headlineFigures, loadFindingsCycle, returnRows, standardFindings, type FindingsCycle } from "../../app/domain/findings.server";
import type { Db } from "../../app/db.server";
import { useTestDatabase, type TestDatabase } from "../support/database";
import { FRAMEWORK_V1, FRAMEWORK_V2, GOOD_EVIDENCE } from "../support/scenario";

let database: TestDatabase;
let db: Db;
let world: Scenario<"moderator">;
let cycle: FindingsCycle;
let moderator: User;

const rowsOf = async <T,>(query: ReturnType<typeof sql>) => {
  const result = await db.execute(query);
  return (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as T[];
};

/** The partnership's counts as they stand, without tallies that have come back to nothing. */
async function counts() {
  const p = world.partnership.id;
  const returnsRows = await rowsOf<Record<string, unknown>>(sql`select * from findings_returns where partnership_id = ${p}::uuid order by return_id`);
  const tallies = await rowsOf<Record<string, unknown>>(
    sql`select * from findings_tallies where partnership_id = ${p}::uuid
        and (self_not_met, self_partially_met, self_met, self_exceeds, self_not_applicable, self_none, mod_not_met, mod_partially_met,
             mod_met, mod_exceeds, mod_not_applicable, mod_none, judged, lowered, raised) <> (0,0,0,0,0,0,0,0,0,0,0,0,0,0,0)
        order by cycle_id, standard_id, setting_type, basis`,
  );
  return { returns: JSON.stringify(returnsRows), tallies: JSON.stringify(tallies) };
}

/**
 * The running counts equal those rebuilt from nothing (the rebuild is rolled back): by one
 * findings_recount of every return, or as many returns are, a few at a time.
 */
async function expectRebuildable(batch?: number) {
  const running = await counts();
  const p = world.partnership.id;
  let rebuilt: Awaited<ReturnType<typeof counts>> | undefined;
  await db
    .transaction(async (tx) => {
      await tx.execute(sql`delete from findings_returns where partnership_id = ${p}::uuid`);
      await tx.execute(sql`delete from findings_tallies where partnership_id = ${p}::uuid`);
      const ids = sql`array(select id from returns where partnership_id = ${p}::uuid)`;
      await tx.execute(batch ? sql`select findings_recount_in_batches(${ids}, ${batch}::int)` : sql`select findings_recount(${ids})`);
      const previous = db;
      db = tx as unknown as Db;
      try {
        rebuilt = await counts();
      } finally {
        db = previous;
      }
      tx.rollback();
    })
    .catch((error: unknown) => {
      if (!(error instanceof Error && error.message.includes("Rollback"))) throw error;
    });
  expect(rebuilt).toBeDefined();
  expect(running.tallies).toBe(rebuilt!.tallies);
  expect(running.returns).toBe(rebuilt!.returns);
  expect(running.tallies).not.toBe("[]");
}

const byName = (name: string) => world.settings.find((s) => s.name === name)!;
async function returnOf(name: string) {
  const [row] = await db.select().from(returns).where(and(eq(returns.cycleId, cycle.id), eq(returns.settingId, byName(name).id)));
  return row;
}
async function standardOf(code: string) {
  const [row] = await db.select().from(standards).where(and(eq(standards.frameworkId, world.frameworks.current.id), eq(standards.code, code)));
  return row;
}
const findingOf = async (code: string, filters = {}) => (await standardFindings(db, cycle, filters)).find((s) => s.code === code)!;

beforeAll(async () => {
  database = await useTestDatabase();
  db = database.db;
  const id = Math.random().toString(16).slice(2, 10);
  world = await buildScenario(db, {
    partnership: { name: `Tallies ${id}`, slug: `tallies-${id}` },
    register: {
      listed: [
        { name: "Alder Primary", type: "primary", urn: "910001" },
        { name: "Beech Primary", type: "primary", urn: "910002" },
        { name: "Cherry Nursery", type: "nursery", urn: "910003" },
      ],
    },
    people: { moderator: { name: "Mo Panel", email: `mod-${id}@example.org.uk`, roles: [{ role: "moderator" }] } },
    perSetting: { dsl: 1, signatory: 1 },
    frameworks: { earlier: FRAMEWORK_V1, current: FRAMEWORK_V2 },
    signOffAs: { name: "Head Teacher", roleTitle: "Headteacher" },
    writes: "bulk",
    earlier: { started: () => true, answer: () => ({ rating: "met", evidence: GOOD_EVIDENCE }), on: { submitted: new Date("2024-12-01T10:00:00Z"), signedOff: new Date("2024-11-30T10:00:00Z") } },
    current: {
      started: () => true,
      submitted: () => true,
      answer: ({ setting }, { code }) => ({ rating: setting.name === "Alder Primary" && code === "1.1" ? "exceeds" : "met", evidence: GOOD_EVIDENCE }),
      on: { submitted: new Date("2026-12-10T10:00:00Z"), signedOff: new Date("2026-12-09T10:00:00Z") },
    },
  });
  moderator = world.people.moderator;
  cycle = (await loadFindingsCycle(db, world.partnership.id, world.current.cycle.id))!;
});
afterAll(async () => {
  await database?.destroy();
});

describe("the findings' running counts", () => {
  it("hold every submitted return's ratings once, as a recount from nothing does", async () => {
    const f = await findingOf("1.1");
    expect(f.selfTotal).toBe(3);
    expect(f.self.exceeds).toBe(1);
    expect(f.self.met).toBe(2);
    await expectRebuildable();
  });

  it("come out the same when many returns are recounted a batch at a time", async () => {
    const [{ n }] = await rowsOf<{ n: number }>(sql`select count(distinct cycle_id)::int as n from findings_returns where partnership_id = ${world.partnership.id}::uuid`);
    expect(n).toBe(2);
    await expectRebuildable(2);
  });

  it("take in a completed review and a judgement revised after it", async () => {
    const ret = await returnOf("Alder Primary");
    const [assignment] = await db
      .insert(moderationAssignments)
      .values({ partnershipId: world.partnership.id, returnId: ret.id, moderatorUserId: moderator.id, role: "primary", status: "in_review" })
      .returning();
    for (const code of ["1.1", "1.2", "2.1", "2.3"]) {
      const s = await standardOf(code);
      await db.insert(judgements).values({ partnershipId: world.partnership.id, assignmentId: assignment.id, returnId: ret.id, standardId: s.id, standardCode: code, verdict: "agree" });
    }
    // Not counted until the review is completed.
    expect((await findingOf("1.1")).moderatedTotal).toBe(0);
    await db.update(moderationAssignments).set({ status: "completed", outcome: "agreed", completedAt: new Date() }).where(eq(moderationAssignments.id, assignment.id));
    expect((await findingOf("1.1")).moderated.exceeds).toBe(1);
    expect((await headlineFigures(db, cycle, {})).moderationCoverage.numerator).toBe(1);
    await expectRebuildable();

    await db
      .update(judgements)
      .set({ verdict: "revised", moderatedRating: "met", reason: "The evidence shows met." })
      .where(and(eq(judgements.assignmentId, assignment.id), eq(judgements.standardCode, "1.1")));
    const f = await findingOf("1.1");
    expect([f.moderated.exceeds, f.moderated.met, f.lowered, f.judged]).toEqual([0, 1, 1, 1]);
    expect((await headlineFigures(db, cycle, {})).exceedsNotSupported.numerator).toBe(1);
    await expectRebuildable();
  });

  it("take in a challenge the setting accepted", async () => {
    const ret = await returnOf("Alder Primary");
    // Undo the panel's lowering so only the challenge can flag the Exceeds.
    await db.update(judgements).set({ verdict: "agree", moderatedRating: null }).where(and(eq(judgements.returnId, ret.id), eq(judgements.standardCode, "1.1")));
    expect((await headlineFigures(db, cycle, {})).exceedsNotSupported.numerator).toBe(0);
    const s = await standardOf("1.1");
    const [challenge] = await db
      .insert(challenges)
      .values({ partnershipId: world.partnership.id, returnId: ret.id, standardId: s.id, standardCode: "1.1", raisedByUserId: moderator.id, status: "open" })
      .returning();
    expect((await headlineFigures(db, cycle, {})).exceedsNotSupported.numerator).toBe(0);
    await db.update(challenges).set({ status: "responded", response: "rating_accepted", respondedAt: new Date() }).where(eq(challenges.id, challenge.id));
    expect((await headlineFigures(db, cycle, {})).exceedsNotSupported.numerator).toBe(1);
    await expectRebuildable();
  });

  it("move a setting's ratings with it when its type changes", async () => {
    expect((await findingOf("2.1", { settingType: "primary" })).selfTotal).toBe(2);
    await db.update(settings).set({ type: "academy", basis: "s157" }).where(eq(settings.id, byName("Beech Primary").id));
    expect((await findingOf("2.1", { settingType: "primary" })).selfTotal).toBe(1);
    expect((await findingOf("2.1", { settingType: "academy" })).selfTotal).toBe(1);
    expect((await findingOf("2.1", { basis: "s157" })).selfTotal).toBe(1);
    expect((await findingOf("2.1")).selfTotal).toBe(3);
    await expectRebuildable();
  });

  it("replace a return's ratings with its next version's, never add them", async () => {
    const ret = await returnOf("Cherry Nursery");
    const [v1] = await db.select().from(returnVersions).where(eq(returnVersions.returnId, ret.id));
    const [v2] = await db
      .insert(returnVersions)
      .values({ partnershipId: world.partnership.id, returnId: ret.id, number: 2, snapshot: v1.snapshot, submittedAt: new Date("2026-12-12T10:00:00Z") })
      .returning();
    const answers = await db.select().from(versionAnswers).where(eq(versionAnswers.versionId, v1.id));
    await db.insert(versionAnswers).values(
      answers.map((a) => ({ ...a, versionId: v2.id, versionNumber: 2, rating: a.standardCode === "2.1" ? ("not_met" as const) : a.rating })),
    );
    const f = await findingOf("2.1");
    expect([f.selfTotal, f.self.met, f.self.not_met]).toEqual([3, 2, 1]);
    const headline = await headlineFigures(db, cycle, {});
    expect([headline.submitted.numerator, headline.everyStandardMet.numerator]).toEqual([3, 2]);
    const rows = [];
    for await (const batch of returnRows(db, cycle, {})) rows.push(...batch);
    expect(rows.find((r) => r.settingName === "Cherry Nursery")).toMatchObject({ version: 2, self: { "2.1": "not_met" } });
    await expectRebuildable();
  });

  it("take out a review that is removed", async () => {
    const ret = await returnOf("Alder Primary");
    await db.delete(judgements).where(eq(judgements.returnId, ret.id));
    await db.delete(challenges).where(eq(challenges.returnId, ret.id));
    await db.delete(moderationAssignments).where(eq(moderationAssignments.returnId, ret.id));
    const f = await findingOf("1.1");
    expect([f.moderatedTotal, f.judged]).toEqual([0, 0]);
    expect((await headlineFigures(db, cycle, {})).moderationCoverage.numerator).toBe(0);
    await expectRebuildable();
  });
});
