// A blind calibration pair (issue 10): two panel members review the same return independently;
// once both are complete, the lead sees where they differ, the dashboard's agreement counts the
// pair, and the lead records the agreed judgement (agree when it is the setting's own rating).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import * as calibrationPage from "../../app/routes/partnerships.$slug.moderation.calibration";
import { completeReview, saveJudgements } from "../../app/domain/moderation/reviews.server";
import { calibrationAgreement } from "../../app/domain/moderation/dashboard.server";
import { listCalibrationPairs } from "../../app/domain/moderation/calibration.server";
import { startReturn, submitReturn } from "../../app/domain/returns.server";
import { loadActions, updateAction } from "../../app/domain/action-plans.server";
import { auditEvents, calibrationAgreements, moderationAssignments, returns, sampleMembers, samples, type User } from "../../db/schema";
import { useTestDatabase, type TestDatabase } from "../support/database";
import { buildScenario, completeAndSignOff, reload, returnFor } from "../support/scenario";
import { makePartnership, makeUser } from "../support/factories";
import { signedInRequest } from "../support/auth";
import { dataResult, routeArgs, thrownRedirect, thrownResponse } from "../support/routes";
import type { ReturnContext } from "../../app/domain/return-context.server";

let database: TestDatabase;
let world: Awaited<ReturnType<typeof buildScenario>>;
let ctx: ReturnContext;
let second: User;
let lead: User;
let primaryId: string;
let secondId: string;
let standards: { id: string; code: string }[];

beforeAll(async () => {
  database = await useTestDatabase();
  const { db } = database;
  world = await buildScenario(db);
  ctx = await returnFor(db, world.cycle, world.school.id);
  await startReturn(db, ctx, { mode: "earlier", actor: world.dsl });
  ctx = await reload(db, ctx);
  for (const a of (await loadActions(db, ctx)).filter((x) => x.needsReview))
    await updateAction(db, ctx, { actor: world.dsl, actionId: a.id, status: "in_progress", progressNote: "Half trained.", newDueOn: null });
  ctx = await completeAndSignOff(db, await reload(db, ctx), world.signatory); // every standard Met
  if (!(await submitReturn(db, ctx, { actor: world.dsl })).ok) throw new Error("the return did not submit");
  await db.update(returns).set({ status: "in_moderation" }).where(eq(returns.id, ctx.ret.id));
  second = await makeUser(db, { name: "Sam Second", roles: [{ partnershipId: world.partnership.id, role: "moderator" }] });
  lead = await makeUser(db, { name: "Lee Lead", roles: [{ partnershipId: world.partnership.id, role: "moderation_lead" }] });
  const [sample] = await db
    .insert(samples)
    .values({ partnershipId: world.partnership.id, cycleId: world.cycle.id, rate: "0.6", seed: "test", calibrationShare: "0.1", drawnByUserId: lead.id })
    .returning();
  await db.insert(sampleMembers).values({ sampleId: sample.id, returnId: ctx.ret.id, partnershipId: world.partnership.id, stratum: "primary", reason: "random", versionNumber: 1, calibration: true });
  const made = await db
    .insert(moderationAssignments)
    .values([
      { partnershipId: world.partnership.id, returnId: ctx.ret.id, moderatorUserId: world.moderator.id, role: "primary", assignedByUserId: lead.id },
      { partnershipId: world.partnership.id, returnId: ctx.ret.id, moderatorUserId: second.id, role: "second", assignedByUserId: lead.id },
    ])
    .returning();
  primaryId = made.find((a) => a.role === "primary")!.id;
  secondId = made.find((a) => a.role === "second")!.id;
  standards = ctx.framework.sections.flatMap((s) => s.standards.map((st) => ({ id: st.id, code: st.code })));
}, 120_000);
afterAll(async () => {
  await database?.destroy();
});

const url = () => `/partnerships/${world.partnership.slug}/moderation/calibration`;
const params = () => ({ slug: world.partnership.slug });
type Page = Awaited<ReturnType<typeof calibrationPage.loader>>;
const read = async (user: { id: string }) => (await calibrationPage.loader(routeArgs(await signedInRequest(user, url()), params()))) as Page;

/** Every standard agreed (Met), except the first revised to `first` when given. */
async function judgeAndComplete(assignmentId: string, actor: { id: string; name: string }, first?: "partially_met") {
  const saved = await saveJudgements(database.db, {
    partnershipId: world.partnership.id,
    assignmentId,
    actor,
    entries: standards.map((s, i) =>
      i === 0 && first
        ? { standardId: s.id, verdict: "revised" as const, moderatedRating: first, reason: "Policy, not practice.", baseRevision: 0 }
        : { standardId: s.id, verdict: "agree" as const, moderatedRating: null, reason: "", baseRevision: 0 },
    ),
  });
  expect(saved.ok).toBe(true);
  await completeReview(database.db, { partnershipId: world.partnership.id, assignmentId, outcome: "agreed", summary: "", actor });
}

describe("a calibration pair", () => {
  it("is not shown to the lead, nor counted, until both reviews are complete", async () => {
    await judgeAndComplete(primaryId, world.moderator, "partially_met");
    expect((await read(lead)).pairs).toEqual([]);
    expect((await calibrationAgreement(database.db, world.partnership.id, world.cycle.id)).returns).toBe(0);
  });

  it("shows where the two differ once both are complete, and the dashboard counts their agreement", async () => {
    await judgeAndComplete(secondId, second);
    const [pair] = (await read(lead)).pairs;
    expect(pair.firstModerator).toBe(world.moderator.name);
    expect(pair.secondModerator).toBe(second.name);
    // The first revised standard 1.1 to Partially met; the second agreed Met: they differ there only.
    expect(pair.standards.filter((s) => s.differ).map((s) => [s.code, s.first.rating, s.second.rating])).toEqual([["1.1", "partially_met", "met"]]);
    const agreement = await calibrationAgreement(database.db, world.partnership.id, world.cycle.id);
    expect(agreement.returns).toBe(1);
    // Per standard one pair: 1.1 disagrees (0%), the other three agree (100%).
    expect(agreement.byStandard.map((a) => [a.standardCode, a.percentAgreement])).toEqual([
      ["1.1", 0],
      ["1.2", 100],
      ["2.1", 100],
      ["2.3", 100],
    ]);
  });

  it("takes the lead's agreed judgement, with a reason, and refuses one without", async () => {
    const standardId = standards[0].id;
    const form = { returnId: ctx.ret.id, standardId, rating: "met", reason: "" };
    const refused = dataResult<{ errors: Record<string, string> }>(
      await calibrationPage.action(routeArgs(await signedInRequest(lead, url(), { form }), params())),
    );
    expect(refused.status).toBe(400);
    expect(refused.data.errors.reason).toBe("Enter why the panel agreed this rating");
    expect(await database.db.select().from(calibrationAgreements)).toHaveLength(0);

    const saved = await thrownRedirect(
      calibrationPage.action(routeArgs(await signedInRequest(lead, url(), { form: { ...form, reason: "The evidence shows practice as well as policy." } }), params())),
    );
    expect(saved).toContain(`saved=${standardId}`);
    const [agreed] = await database.db.select().from(calibrationAgreements).where(eq(calibrationAgreements.returnId, ctx.ret.id));
    // Met is the setting's own rating: the panel agrees with it.
    expect(agreed).toMatchObject({ standardCode: "1.1", verdict: "agree", moderatedRating: null, recordedByUserId: lead.id });
    const [pair] = await listCalibrationPairs(database.db, world.partnership.id, world.cycle.id);
    expect(pair.standards[0].agreed).toMatchObject({ rating: "met", recordedBy: lead.name });
    const audit = await database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityId, ctx.ret.id), eq(auditEvents.action, "moderation.calibration_agreed")));
    expect(audit).toHaveLength(1);
  });

  it("is the lead's page: a panel member gets 403, a DSL 403, another partnership 404", async () => {
    expect((await thrownResponse(calibrationPage.loader(routeArgs(await signedInRequest(world.moderator, url()), params())))).status).toBe(403);
    expect((await thrownResponse(calibrationPage.loader(routeArgs(await signedInRequest(world.dsl, url()), params())))).status).toBe(403);
    const elsewhere = await makePartnership(database.db);
    const outsider = await makeUser(database.db, { roles: [{ partnershipId: elsewhere.id, role: "moderation_lead" }] });
    expect((await thrownResponse(calibrationPage.loader(routeArgs(await signedInRequest(outsider, url()), params())))).status).toBe(404);
    const form = { returnId: ctx.ret.id, standardId: standards[0].id, rating: "not_met", reason: "No." };
    expect((await thrownResponse(calibrationPage.action(routeArgs(await signedInRequest(world.moderator, url(), { form }), params())))).status).toBe(403);
  });
});
