// Drawing and keeping the moderation sample against a real database: what the preview shows is
// what confirming keeps, the seed decides it, one initial sample per cycle, top-ups take only
// returns submitted since, members move into moderation, and all of it is audited.
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents, moderationAssignments, returns, sampleMembers, samples } from "../../db/schema";
import { DomainError } from "../../app/errors";
import {
  NO_NEW_RETURNS,
  SAMPLE_CHANGED,
  SAMPLE_EXISTS,
  confirmSample,
  loadCurrentSample,
  previewSample,
  previewTopUp,
  sampleCandidates,
  topUpSample,
} from "../../app/domain/moderation/samples.server";
import { useTestDatabase, type TestDatabase } from "../support/database";
import { LATE, UNSUPPORTED, buildModerationWorld, type ModerationWorld } from "../support/moderation-world";

let database: TestDatabase;
let world: ModerationWorld;

beforeAll(async () => {
  database = await useTestDatabase();
  world = await buildModerationWorld(database.db);
  // Ash Primary's return last full audit was reviewed to the end; Acorn Nursery's was not.
  const earlierAsh = world.earlier.returns.find((r) => r.settingId === world.setting("Ash Primary").id)!;
  await database.db.insert(moderationAssignments).values({
    partnershipId: world.partnership.id,
    returnId: earlierAsh.id,
    moderatorUserId: world.moderatorA.id,
    status: "completed",
    completedAt: new Date(),
  });
}, 60_000);

afterAll(async () => {
  await database?.destroy();
});

const input = (over: Partial<Parameters<typeof previewSample>[1]> = {}) => ({
  partnershipId: world.partnership.id,
  cycleId: world.cycle.id,
  rate: 0.6,
  seed: "panel-2026",
  preferNotModeratedLastCycle: false,
  calibrationShare: 0.1,
  ...over,
});

async function refusal(promise: Promise<unknown>): Promise<DomainError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error("expected a DomainError");
}

describe("the sample's candidates", () => {
  it("are the submitted returns, by type of setting, flagged from their latest version and the last full audit", async () => {
    const candidates = await sampleCandidates(database.db, input());
    expect(candidates.map((c) => c.settingName).sort()).toEqual(
      world.settings.map((s) => s.name).filter((n) => !LATE.includes(n)).sort(),
    );
    expect(candidates.filter((c) => c.unsupportedExceeds).map((c) => c.settingName)).toEqual([UNSUPPORTED]);
    expect(candidates.filter((c) => c.moderatedLastFullCycle).map((c) => c.settingName)).toEqual(["Ash Primary"]);
    expect(new Set(candidates.map((c) => c.stratum))).toEqual(new Set(["primary", "nursery", "secondary"]));
    expect(candidates.every((c) => c.versionNumber === 1)).toBe(true);
  });
});

describe("previewing and confirming the sample", () => {
  it("previews by the rule: 60% of 11 rounded up, shared by type, the unsupported Exceeds always in", async () => {
    const preview = await previewSample(database.db, input());
    expect(preview.draw.target).toBe(7);
    expect(preview.draw.strata.map((s) => [s.stratum, s.candidates, s.quota])).toEqual([
      ["nursery", 3, 2],
      ["primary", 6, 4],
      ["secondary", 2, 1],
    ]);
    expect(preview.members.find((m) => m.settingName === UNSUPPORTED)?.reason).toBe("unsupported_exceeds");
    expect(preview.members.filter((m) => m.calibration)).toHaveLength(1);
    // Nothing written.
    expect(await database.db.select().from(samples).where(eq(samples.cycleId, world.cycle.id))).toEqual([]);
  });

  it("gives the same sample for the same seed and another for another seed", async () => {
    const ids = async (seed: string) => (await previewSample(database.db, input({ seed }))).members.map((m) => m.returnId).sort();
    expect(await ids("panel-2026")).toEqual(await ids("panel-2026"));
    const others = await Promise.all(["a", "b", "c", "d", "e"].map(ids));
    expect(others.some((o) => JSON.stringify(o) !== JSON.stringify(others[0]))).toBe(true);
  });

  it("puts returns not moderated last full audit first when asked", async () => {
    const preview = await previewSample(database.db, input({ preferNotModeratedLastCycle: true, rate: 0.5 }));
    const primaries = preview.members.filter((m) => m.stratum === "primary");
    expect(primaries.map((m) => m.settingName)).not.toContain("Ash Primary");
    expect(primaries.filter((m) => m.reason !== "unsupported_exceeds").every((m) => m.reason === "not_moderated_last_cycle")).toBe(true);
  });

  it("refuses to confirm when the returns differ from what the preview showed", async () => {
    const preview = await previewSample(database.db, input());
    const error = await refusal(
      confirmSample(database.db, { ...input(), actor: { userId: world.lead.id, lifecycle: "moderator" }, expectedReturnIds: preview.members.slice(1).map((m) => m.returnId) }),
    );
    expect(error.message).toBe(SAMPLE_CHANGED);
    expect(await database.db.select().from(samples).where(eq(samples.cycleId, world.cycle.id))).toEqual([]);
  });

  it("keeps what the preview showed, moves the members into moderation and audits the draw", async () => {
    const preview = await previewSample(database.db, input());
    const { sampleId } = await confirmSample(database.db, {
      ...input(),
      actor: { userId: world.lead.id, lifecycle: "moderator" },
      expectedReturnIds: preview.members.map((m) => m.returnId),
    });
    const [sample] = await database.db.select().from(samples).where(eq(samples.id, sampleId));
    expect(sample).toMatchObject({ kind: "initial", rate: "0.600", seed: "panel-2026", calibrationShare: "0.100", drawnByUserId: world.lead.id });
    expect(sample.strata).toEqual(preview.draw.strata);
    const kept = await database.db.select().from(sampleMembers).where(eq(sampleMembers.sampleId, sampleId));
    const shape = (m: { returnId: string; stratum: string; reason: string; versionNumber: number; calibration: boolean }) =>
      `${m.returnId} ${m.stratum} ${m.reason} v${m.versionNumber} ${m.calibration}`;
    expect(kept.map(shape).sort()).toEqual(preview.members.map(shape).sort());

    const statuses = await database.db.select({ id: returns.id, status: returns.status }).from(returns).where(eq(returns.cycleId, world.cycle.id));
    const drawn = new Set(kept.map((m) => m.returnId));
    for (const r of statuses) {
      if (drawn.has(r.id)) expect(r.status).toBe("in_moderation");
      else expect(r.status).not.toBe("in_moderation");
    }
    const [event] = await database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "moderation.sample_drawn"), eq(auditEvents.entityId, sampleId)));
    expect(event).toMatchObject({ actorUserId: world.lead.id, partnershipId: world.partnership.id });
    expect(event.detail).toMatchObject({ seed: "panel-2026", size: 7, kind: "initial" });

    const current = await loadCurrentSample(database.db, world.partnership.id, world.cycle.id);
    expect(current?.members.map((m) => m.returnId).sort()).toEqual([...drawn].sort());
    expect(current?.submittedSince).toBe(0);
  });

  it("refuses a second initial sample for the cycle", async () => {
    const error = await refusal(confirmSample(database.db, { ...input({ seed: "another" }), actor: { userId: world.lead.id, lifecycle: "moderator" } }));
    expect(error.message).toBe(SAMPLE_EXISTS);
    expect(await database.db.select().from(samples).where(eq(samples.cycleId, world.cycle.id))).toHaveLength(1);
  });
});

describe("a top-up", () => {
  it("draws only from returns submitted since the draw, then has nothing left", async () => {
    expect((await previewTopUp(database.db, input()))?.candidates).toBe(0);
    await world.submitLate();
    const before = await loadCurrentSample(database.db, world.partnership.id, world.cycle.id);
    expect(before?.submittedSince).toBe(2);

    const preview = await previewTopUp(database.db, input({ seed: "top-up" }));
    expect(preview?.candidates).toBe(2);
    const { sampleId } = await topUpSample(database.db, { ...input({ seed: "top-up" }), actor: { userId: world.admin.id, lifecycle: "admin" } });
    const added = await database.db.select().from(sampleMembers).where(eq(sampleMembers.sampleId, sampleId));
    const lateIds = new Set(LATE.map((n) => world.returnOf(n).id));
    expect(added.length).toBe(preview!.members.length);
    expect(added.every((m) => lateIds.has(m.returnId))).toBe(true);
    const [sample] = await database.db.select().from(samples).where(eq(samples.id, sampleId));
    expect(sample.kind).toBe("top_up");

    const after = await loadCurrentSample(database.db, world.partnership.id, world.cycle.id);
    expect(after?.members).toHaveLength(before!.members.length + added.length);
    expect(after?.submittedSince).toBe(0);
    const error = await refusal(topUpSample(database.db, { ...input(), actor: { userId: world.admin.id, lifecycle: "admin" } }));
    expect(error.message).toBe(NO_NEW_RETURNS);
  });
});
