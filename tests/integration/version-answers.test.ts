// Submitting writes one typed row per standard beside the JSON snapshot; versions submitted
// before the table existed are filled from their snapshots by the fill that runs after migrating.
import { asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { returnVersions, versionAnswers } from "../../db/schema";
import { fillVersionAnswers } from "../../app/domain/return-versions.server";
import { loadAnswers, saveAnswers, signOffReturn, startReturn, submitReturn } from "../../app/domain/returns.server";
import { useTestDatabase, type TestDatabase } from "../support/database";
import { buildScenario, GOOD_EVIDENCE, reload, returnFor } from "../support/scenario";

let database: TestDatabase;
let world: Awaited<ReturnType<typeof buildScenario>>;
let versionId: string;

let submittedReturnId: string;

const rowsOf = (id: string) =>
  database.db
    .select({
      code: versionAnswers.standardCode,
      section: versionAnswers.sectionCode,
      rating: versionAnswers.rating,
      evidenceLength: versionAnswers.evidenceLength,
      unsupportedExceeds: versionAnswers.unsupportedExceeds,
      versionNumber: versionAnswers.versionNumber,
      cycleId: versionAnswers.cycleId,
      settingId: versionAnswers.settingId,
      // Copies without foreign keys (decision 017): they must agree with the version's return.
      returnId: versionAnswers.returnId,
      partnershipId: versionAnswers.partnershipId,
    })
    .from(versionAnswers)
    .where(eq(versionAnswers.versionId, id))
    .orderBy(asc(versionAnswers.standardCode));

beforeAll(async () => {
  database = await useTestDatabase();
  world = await buildScenario(database.db);
  // Oakwood Nursery submits this cycle: one Exceeds on a few words, one Not applicable.
  const { db } = database;
  let ctx = await returnFor(db, world.cycle, world.otherSchool.id);
  await startReturn(db, ctx, { mode: "blank", actor: world.otherDsl });
  ctx = await reload(db, ctx);
  const byCode = Object.fromEntries((await loadAnswers(db, ctx)).map((a) => [a.code, a]));
  const answer = (code: string, rating: "met" | "exceeds" | "not_applicable" | "partially_met", evidence: string) => ({
    standardId: byCode[code].standardId,
    rating,
    evidence,
    notes: "",
    baseRevision: byCode[code].revision,
  });
  const saved = await saveAnswers(db, ctx, {
    actor: world.otherDsl,
    entries: [
      answer("1.1", "exceeds", "We are great."),
      answer("1.2", "not_applicable", ""),
      answer("2.1", "met", GOOD_EVIDENCE),
      answer("2.3", "partially_met", "Half the staff have done it."),
    ],
  });
  expect(saved.ok).toBe(true);
  await signOffReturn(db, await reload(db, ctx), { actor: world.otherDsl, name: "Olly Other", roleTitle: "Manager" });
  const submitted = await submitReturn(db, await reload(db, ctx), { actor: world.otherDsl });
  expect(submitted.ok).toBe(true);
  [{ id: versionId }] = await db.select({ id: returnVersions.id }).from(returnVersions).where(eq(returnVersions.returnId, ctx.ret.id));
  submittedReturnId = ctx.ret.id;
});

afterAll(async () => {
  await database?.destroy();
});

describe("typed submitted answers", () => {
  it("are written at submission, one row per standard, by code, with the rating and the unsupported-Exceeds flag", async () => {
    const common = { versionNumber: 1, cycleId: world.cycle.id, settingId: world.otherSchool.id, returnId: submittedReturnId, partnershipId: world.partnership.id };
    expect(await rowsOf(versionId)).toEqual([
      { ...common, code: "1.1", section: "1", rating: "exceeds", evidenceLength: 13, unsupportedExceeds: true },
      { ...common, code: "1.2", section: "1", rating: "not_applicable", evidenceLength: 0, unsupportedExceeds: false },
      { ...common, code: "2.1", section: "2", rating: "met", evidenceLength: GOOD_EVIDENCE.length, unsupportedExceeds: false },
      { ...common, code: "2.3", section: "2", rating: "partially_met", evidenceLength: 28, unsupportedExceeds: false },
    ]);
  });

  it("are filled for versions submitted before the table existed, the same as at submission", async () => {
    const { db } = database;
    const before = { mine: await rowsOf(versionId), earlier: await rowsOf(await earlierVersionId()) };
    expect(before.earlier.map((r) => r.code)).toEqual(["1.1", "1.2", "2.1", "2.2"]);
    // As if both versions had been submitted before the migration.
    await db.delete(versionAnswers);
    expect(await rowsOf(versionId)).toEqual([]);
    expect(await fillVersionAnswers(db)).toBe(2);
    expect(await rowsOf(versionId)).toEqual(before.mine);
    expect(await rowsOf(await earlierVersionId())).toEqual(before.earlier);
    // Filling again finds nothing to do.
    expect(await fillVersionAnswers(db)).toBe(0);
  });
});

async function earlierVersionId() {
  const [row] = await database.db.select({ id: returnVersions.id }).from(returnVersions).where(eq(returnVersions.returnId, world.earlier.ret.id));
  return row.id;
}
