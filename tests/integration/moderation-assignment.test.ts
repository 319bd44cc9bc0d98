// Sharing the sample out: nobody gets a setting they hold a role in or declared a conflict with,
// automatically or by hand; loads are balanced; a calibration return's second moderator is never
// its first; every assignment and declaration is audited.
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents, moderationAssignments } from "../../db/schema";
import { DomainError } from "../../app/errors";
import { confirmSample } from "../../app/domain/moderation/samples.server";
import {
  CONFLICT_ALREADY_DECLARED,
  SAME_PERSON_TWICE,
  assignByHand,
  autoAssign,
  declareConflict,
  listConflicts,
  listPanelMembers,
  listSampleAssignments,
  panelWorkload,
} from "../../app/domain/moderation/panel.server";
import { useTestDatabase, type TestDatabase } from "../support/database";
import { buildModerationWorld, type ModerationWorld } from "../support/moderation-world";

let database: TestDatabase;
let world: ModerationWorld;

beforeAll(async () => {
  database = await useTestDatabase();
  world = await buildModerationWorld(database.db);
  // Every submitted return, a third of them moderated twice.
  await confirmSample(database.db, {
    partnershipId: world.partnership.id,
    cycleId: world.cycle.id,
    rate: 1,
    seed: "assign",
    preferNotModeratedLastCycle: false,
    calibrationShare: 0.3,
    actor: { userId: world.lead.id, lifecycle: "moderator" },
  });
}, 60_000);

afterAll(async () => {
  await database?.destroy();
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

const assignmentsNow = () => database.db.select().from(moderationAssignments).where(eq(moderationAssignments.partnershipId, world.partnership.id));

describe("the panel and its conflicts of interest", () => {
  it("is every moderator and lead of the partnership", async () => {
    const panel = await listPanelMembers(database.db, world.partnership.id);
    expect(panel.map((p) => [p.name, p.lead])).toEqual([
      ["Ann Moderator", false],
      ["Ben Moderator", false],
      ["Cat Moderator", false],
      ["Lee Lead", true],
    ]);
  });

  it("takes a moderator's declared conflict once, with its reason, and audits it", async () => {
    const cedar = world.setting("Cedar Primary");
    const declare = () =>
      declareConflict(database.db, {
        partnershipId: world.partnership.id,
        moderatorUserId: world.moderatorA.id,
        settingId: cedar.id,
        reason: "My daughter attends Cedar Primary",
        actor: world.moderatorA,
      });
    const { conflictId } = await declare();
    expect((await refusal(declare())).message).toBe(CONFLICT_ALREADY_DECLARED);
    const conflicts = await listConflicts(database.db, world.partnership.id);
    expect(conflicts.map((c) => [c.moderatorName, c.settingName, c.reason])).toEqual([["Ann Moderator", "Cedar Primary", "My daughter attends Cedar Primary"]]);
    const [event] = await database.db.select().from(auditEvents).where(and(eq(auditEvents.action, "moderation.conflict_declared"), eq(auditEvents.entityId, conflictId)));
    expect(event.actorUserId).toBe(world.moderatorA.id);
  });

  it("refuses a conflict with another partnership's setting", async () => {
    const error = await refusal(
      declareConflict(database.db, { partnershipId: world.other.id, moderatorUserId: world.moderatorA.id, settingId: world.setting("Ash Primary").id, reason: "x", actor: world.moderatorA }),
    );
    expect(error.status).toBe(400);
  });
});

describe("assigning automatically", () => {
  it("never gives a setting to someone with a role in it or a declared conflict, balances loads, and audits each", async () => {
    const result = await autoAssign(database.db, { partnershipId: world.partnership.id, cycleId: world.cycle.id, seed: "assign", actor: { id: world.lead.id } });
    expect(result.unassigned).toEqual([]);
    const rows = await assignmentsNow();
    const returnOf = (name: string) => world.returnOf(name).id;
    expect(rows.filter((r) => r.returnId === returnOf("Cedar Primary")).map((r) => r.moderatorUserId)).not.toContain(world.moderatorA.id);
    expect(rows.filter((r) => r.returnId === returnOf("Beech Primary")).map((r) => r.moderatorUserId)).not.toContain(world.moderatorC.id);

    const primaries = rows.filter((r) => r.role === "primary");
    expect(primaries).toHaveLength(11);
    const loads = [world.lead, world.moderatorA, world.moderatorB, world.moderatorC].map((m) => primaries.filter((r) => r.moderatorUserId === m.id).length);
    expect(Math.max(...loads) - Math.min(...loads)).toBeLessThanOrEqual(1);

    const seconds = rows.filter((r) => r.role === "second");
    expect(seconds).toHaveLength(4); // ceil(30% of 11)
    for (const s of seconds) expect(primaries.find((p) => p.returnId === s.returnId)!.moderatorUserId).not.toBe(s.moderatorUserId);

    const events = await database.db.select().from(auditEvents).where(and(eq(auditEvents.action, "moderation.assigned"), eq(auditEvents.partnershipId, world.partnership.id)));
    expect(events).toHaveLength(15);

    const workload = await panelWorkload(database.db, world.partnership.id, world.cycle.id);
    expect(workload.reduce((sum, w) => sum + w.assigned, 0)).toBe(15);
  });

  it("assigns nothing more when run again", async () => {
    const result = await autoAssign(database.db, { partnershipId: world.partnership.id, cycleId: world.cycle.id, seed: "again", actor: { id: world.lead.id } });
    expect(result).toEqual({ assigned: [], unassigned: [] });
    expect(await assignmentsNow()).toHaveLength(15);
  });

  it("leaves a return everybody is conflicted with unassigned, with the reason", async () => {
    // A fresh world where every panel member declares a conflict with Elm Primary.
    const other = await buildModerationWorld(database.db);
    for (const m of [other.lead, other.moderatorA, other.moderatorB, other.moderatorC])
      await declareConflict(database.db, { partnershipId: other.partnership.id, moderatorUserId: m.id, settingId: other.setting("Elm Primary").id, reason: "Neighbours", actor: m });
    await confirmSample(database.db, {
      partnershipId: other.partnership.id,
      cycleId: other.cycle.id,
      rate: 1,
      seed: "s",
      preferNotModeratedLastCycle: false,
      calibrationShare: 0,
      actor: { userId: null, lifecycle: "system" },
    });
    const result = await autoAssign(database.db, { partnershipId: other.partnership.id, cycleId: other.cycle.id, seed: "s", actor: { id: null } });
    expect(result.unassigned.map((u) => u.settingName)).toEqual(["Elm Primary"]);
    expect(result.assigned).toHaveLength(10);
  }, 60_000);
});

describe("assigning by hand", () => {
  it("refuses a declared conflict, a role in the setting and the same person twice; moves a review not started", async () => {
    const cedar = world.returnOf("Cedar Primary").id;
    const beech = world.returnOf("Beech Primary").id;
    const rows = await listSampleAssignments(database.db, world.partnership.id, world.cycle.id);
    expect(rows.find((r) => r.returnId === cedar)!.eligible.map((e) => e.userId)).not.toContain(world.moderatorA.id);
    expect(rows.find((r) => r.returnId === beech)!.eligible.map((e) => e.userId)).not.toContain(world.moderatorC.id);

    const byHand = (returnId: string, moderatorUserId: string, role: "primary" | "second" = "primary") =>
      assignByHand(database.db, { partnershipId: world.partnership.id, returnId, moderatorUserId, role, actor: world.lead });
    expect((await refusal(byHand(cedar, world.moderatorA.id))).message).toMatch(/declared a conflict of interest/);
    expect((await refusal(byHand(beech, world.moderatorC.id))).message).toMatch(/hold a role in this setting/);

    const calibrated = rows.find((r) => r.calibration)!;
    expect((await refusal(byHand(calibrated.returnId, calibrated.primary!.moderatorUserId, "second"))).message).toBe(SAME_PERSON_TWICE);

    // Moving a primary review that has not started to someone eligible who holds nothing on it.
    const movable = rows.find((r) => !r.calibration && r.eligible.length > 0)!;
    const to = movable.eligible[0].userId;
    const { assignmentId } = await byHand(movable.returnId, to);
    expect(assignmentId).toBe(movable.primary!.assignmentId);
    const [moved] = await database.db.select().from(moderationAssignments).where(eq(moderationAssignments.id, assignmentId));
    expect(moved.moderatorUserId).toBe(to);

    // Not once the review has started.
    await database.db.update(moderationAssignments).set({ status: "in_review" }).where(eq(moderationAssignments.id, assignmentId));
    const back = movable.primary!.moderatorUserId;
    expect((await refusal(byHand(movable.returnId, back))).status).toBe(409);
  });
});
