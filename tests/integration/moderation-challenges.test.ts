// A challenge's whole life (issue 10): the assignment's panel member questions one standard of a
// sampled return; the setting's DSL and signatory are emailed; the DSL changes the evidence and
// answers; the signatory signs off and resubmits, making a version that differs only in that
// standard; the return is back in moderation; the panel member resolves it and their judgement
// is recorded. Also a revised one, withdrawal, reminders on a fake clock, and who may do what.
import { and, asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  auditEvents,
  challenges,
  emailOutbox,
  judgements,
  moderationAssignments,
  returns,
  sampleMembers,
  samples,
  type User,
} from "../../db/schema";
import type { ReturnContext } from "../../app/domain/return-context.server";
import { loadActions, updateAction } from "../../app/domain/action-plans.server";
import { getVersion } from "../../app/domain/return-versions.server";
import { loadAnswers, saveAnswers, signOffReturn, startReturn, submitReturn } from "../../app/domain/returns.server";
import {
  addChallengeMessage,
  CHALLENGE_REFUSALS,
  listChallengesForSetting,
  listPanelChallenges,
  loadChallengeThread,
  raiseChallenge,
  resolveChallenge,
  respondToChallenge,
  sendChallengeReminders,
  withdrawChallenge,
} from "../../app/domain/moderation/challenges.server";
import { DomainError } from "../../app/errors";
import { londonDate } from "../../app/domain/working-days";
import { startEmailWorker } from "../../emails/sender.server";
import { main as portal } from "../../scripts/portal";
import { useTestDatabase, type TestDatabase } from "../support/database";
import { makePartnership, makeUser } from "../support/factories";
import { buildScenario, completeAndSignOff, GOOD_EVIDENCE, reload, returnFor } from "../support/scenario";

let database: TestDatabase;
let world: Awaited<ReturnType<typeof buildScenario>>;
let ctx: ReturnContext;
let assignmentId: string;
let unassignedModerator: User;

const MORE_EVIDENCE = `${GOOD_EVIDENCE} Since the panel asked, we have added the attendance register for the November twilight session and the outcome of the spring audit of the training log.`;

beforeAll(async () => {
  database = await useTestDatabase();
  const { db } = database;
  world = await buildScenario(db);
  ctx = await returnFor(db, world.cycle, world.school.id);
  await startReturn(db, ctx, { mode: "blank", actor: world.dsl });
  ctx = await reload(db, ctx);
  for (const a of await loadActions(db, ctx))
    if (a.needsReview) await updateAction(db, ctx, { actor: world.dsl, actionId: a.id, status: "done", progressNote: "All supply staff trained.", newDueOn: null });
  ctx = await completeAndSignOff(db, await reload(db, ctx), world.signatory, "exceeds");
  const submitted = await submitReturn(db, ctx, { actor: world.signatory });
  expect(submitted).toEqual({ ok: true, version: 1 });
  // The sampling helper's functions may not exist yet: the sample is written directly.
  const [sample] = await db.insert(samples).values({ partnershipId: world.partnership.id, cycleId: world.cycle.id, rate: "0.6", seed: "test" }).returning();
  await db.insert(sampleMembers).values({ sampleId: sample.id, returnId: ctx.ret.id, partnershipId: world.partnership.id, stratum: "primary", reason: "random", versionNumber: 1 });
  const [assignment] = await db.insert(moderationAssignments).values({ partnershipId: world.partnership.id, returnId: ctx.ret.id, moderatorUserId: world.moderator.id }).returning();
  assignmentId = assignment.id;
  await db.update(returns).set({ status: "in_moderation" }).where(eq(returns.id, ctx.ret.id));
  unassignedModerator = await makeUser(db, { roles: [{ partnershipId: world.partnership.id, role: "moderator" }] });
});
afterAll(async () => {
  await database?.destroy();
});

const scope = () => ({ partnershipId: world.partnership.id, settingId: world.school.id });
const statusOf = async () => (await reload(database.db, ctx)).ret.status;
const outbox = (template: string) =>
  database.db
    .select()
    .from(emailOutbox)
    .where(and(eq(emailOutbox.partnershipId, world.partnership.id), eq(emailOutbox.template, template)))
    .orderBy(asc(emailOutbox.createdAt));
const challengeRow = async (id: string) => (await database.db.select().from(challenges).where(eq(challenges.id, id)))[0];
const answerFor = async (code: string) => (await loadAnswers(database.db, await reload(database.db, ctx))).find((a) => a.code === code)!;

async function signOffAndResubmit() {
  const { db } = database;
  await signOffReturn(db, await reload(db, ctx), { actor: world.signatory, name: "Hana Hughes", roleTitle: "Headteacher" });
  return submitReturn(db, await reload(db, ctx), { actor: world.signatory });
}

async function refusal(promise: Promise<unknown>): Promise<DomainError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error("expected a DomainError");
}

describe("a challenge upheld after the setting adds evidence", () => {
  let challengeId: string;

  it("is refused to a panel member the return is not assigned to", async () => {
    const refused = await refusal(
      raiseChallenge(database.db, { partnershipId: world.partnership.id, assignmentId, standardCode: "1.1", message: "Show us.", actor: unassignedModerator }),
    );
    expect(refused.status).toBe(403);
    expect(await statusOf()).toBe("in_moderation");
  });

  it("reopens only the challenged standard and emails the setting's DSL and signatory", async () => {
    const raised = await raiseChallenge(database.db, {
      partnershipId: world.partnership.id,
      assignmentId,
      standardCode: "1.1",
      message: "Your evidence shows the standard is met. What shows leaders go beyond it?",
      actor: world.moderator,
      now: new Date("2026-10-05T09:00:00Z"),
      respondBy: undefined,
    });
    challengeId = raised.challengeId;
    // 15 working days from Monday 5 October 2026.
    expect(raised.respondBy).toBe("2026-10-26");
    const fresh = await reload(database.db, ctx);
    expect(fresh.ret.status).toBe("reopened");
    expect(fresh.ret.signedOffAt).toBeNull();
    expect(fresh.editable.kind === "some" && [...fresh.editable.codes]).toEqual(["1.1"]);
    const row = await challengeRow(challengeId);
    expect(row).toMatchObject({ status: "open", versionNumber: 1, assignmentId, standardCode: "1.1", respondBy: "2026-10-26" });

    const sent = await outbox("challenge-raised");
    expect(sent.map((e) => e.toAddress).sort()).toEqual([world.dsl.email, world.signatory.email].sort());
    expect(sent[0].textBody).toContain("1.1 Leaders lead");
    expect(sent[0].textBody).toContain("What shows leaders go beyond it?");
    expect(sent[0].textBody).toContain("26 October 2026");
    expect(sent[0].textBody).toContain(`/settings/${world.school.id}/returns/${ctx.ret.id}/challenges/${challengeId}`);
    const [audit] = await database.db.select().from(auditEvents).where(and(eq(auditEvents.action, "moderation.challenge_raised"), eq(auditEvents.entityId, challengeId)));
    expect(audit.actorUserId).toBe(world.moderator.id);
  });

  it("refuses a second challenge on the same standard", async () => {
    const refused = await refusal(
      raiseChallenge(database.db, { partnershipId: world.partnership.id, assignmentId, standardCode: "1.1", message: "Again.", actor: world.moderator }),
    );
    expect(refused.message).toBe(CHALLENGE_REFUSALS.alreadyOpen);
  });

  it("lists the challenge for the setting and holds its thread", async () => {
    const list = await listChallengesForSetting(database.db, scope());
    expect(list.map((c) => [c.standardCode, c.stage])).toEqual([["1.1", "awaiting_answer"]]);
    const thread = await loadChallengeThread(database.db, { ...scope(), challengeId });
    expect(thread?.messages.map((m) => [m.author, m.side])).toEqual([["Morgan Moderator", "panel"]]);
    // Not the other setting's.
    expect(await loadChallengeThread(database.db, { partnershipId: world.partnership.id, settingId: world.otherSchool.id, challengeId })).toBeNull();
  });

  it("takes a message from the setting, and the panel member is emailed", async () => {
    await addChallengeMessage(database.db, { ...scope(), challengeId, side: "setting", body: "We will add the register.", actor: world.dsl });
    const sent = await outbox("challenge-message");
    expect(sent.map((e) => e.toAddress)).toEqual([world.moderator.email]);
  });

  it("refuses 'we have added evidence' until the evidence has changed, then takes the answer", async () => {
    const { db } = database;
    const refused = await refusal(respondToChallenge(db, { ...scope(), challengeId, response: "evidence_added", message: "Done.", actor: world.dsl }));
    expect(refused.message).toBe(CHALLENGE_REFUSALS.evidenceUnchanged);
    const c = await reload(db, ctx);
    const byCode = Object.fromEntries((await loadAnswers(db, c)).map((a) => [a.code, a]));
    const entry = (code: string) => ({ standardId: byCode[code].standardId, rating: "exceeds" as const, evidence: MORE_EVIDENCE, notes: "", baseRevision: byCode[code].revision });
    // Only the challenged standard can change.
    await expect(saveAnswers(db, c, { actor: world.dsl, entries: [entry("2.1")] })).rejects.toThrow(DomainError);
    expect((await saveAnswers(db, c, { actor: world.dsl, entries: [entry("1.1")] })).ok).toBe(true);
    await respondToChallenge(db, { ...scope(), challengeId, response: "evidence_added", message: "We have added the register and the audit.", actor: world.dsl });
    expect(await challengeRow(challengeId)).toMatchObject({ status: "responded", response: "evidence_added", respondedVersionNumber: null });
    expect((await outbox("challenge-responded")).map((e) => e.toAddress)).toEqual([world.moderator.email]);
  });

  it("keeps the standard changeable after the answer, until the resubmission", async () => {
    const fresh = await reload(database.db, ctx);
    expect(fresh.ret.status).toBe("reopened");
    expect(fresh.editable.kind === "some" && [...fresh.editable.codes]).toEqual(["1.1"]);
  });

  it("cannot be resolved before the resubmission", async () => {
    const refused = await refusal(resolveChallenge(database.db, { partnershipId: world.partnership.id, challengeId, outcome: "upheld", resolution: "Fine.", actor: world.moderator }));
    expect(refused.message).toBe(CHALLENGE_REFUSALS.notResubmitted);
  });

  it("is resubmitted as version 2, differing from version 1 only in the challenged standard, and the return is back in moderation", async () => {
    const { db } = database;
    expect(await signOffAndResubmit()).toEqual({ ok: true, version: 2 });
    const v1 = (await getVersion(db, ctx, 1))!.snapshot.answers;
    const v2 = (await getVersion(db, ctx, 2))!.snapshot.answers;
    const changed = v2.filter((a) => JSON.stringify(a) !== JSON.stringify(v1.find((b) => b.code === a.code))).map((a) => a.code);
    expect(changed).toEqual(["1.1"]);
    expect(v2.find((a) => a.code === "1.1")?.evidence).toBe(MORE_EVIDENCE);
    expect(await statusOf()).toBe("in_moderation");
    expect((await reload(db, ctx)).editable.kind).toBe("none");
    expect(await challengeRow(challengeId)).toMatchObject({ status: "responded", respondedVersionNumber: 2 });
    expect((await outbox("challenge-resubmitted")).map((e) => e.toAddress)).toEqual([world.moderator.email]);
  });

  it("is resolved as upheld only by the assigned panel member, recording an 'agree' judgement, and the setting is emailed", async () => {
    const { db } = database;
    const refused = await refusal(resolveChallenge(db, { partnershipId: world.partnership.id, challengeId, outcome: "upheld", resolution: "x", actor: unassignedModerator }));
    expect(refused.status).toBe(403);
    await resolveChallenge(db, { partnershipId: world.partnership.id, challengeId, outcome: "upheld", resolution: "The register shows it.", actor: world.moderator });
    expect(await challengeRow(challengeId)).toMatchObject({ status: "upheld", resolution: "The register shows it.", resolvedByUserId: world.moderator.id });
    const [judgement] = await db.select().from(judgements).where(eq(judgements.assignmentId, assignmentId));
    expect(judgement).toMatchObject({ standardCode: "1.1", verdict: "agree", moderatedRating: null, reason: "The register shows it." });
    expect((await outbox("challenge-resolved")).map((e) => e.toAddress).sort()).toEqual([world.dsl.email, world.signatory.email].sort());
    // Resolved: the thread is closed.
    const closed = await refusal(addChallengeMessage(db, { ...scope(), challengeId, side: "setting", body: "Thanks", actor: world.dsl }));
    expect(closed.message).toBe(CHALLENGE_REFUSALS.resolved);
  });
});

describe("a challenge revised after the setting accepts the suggested rating", () => {
  let challengeId: string;

  it("refuses a suggested rating that is not lower than the setting's", async () => {
    const refused = await refusal(
      raiseChallenge(database.db, { partnershipId: world.partnership.id, assignmentId, standardCode: "1.2", message: "Is it?", suggestedRating: "exceeds", actor: world.moderator }),
    );
    expect(refused.field).toBe("suggestedRating");
  });

  it("sets the suggested rating through the return's own save, then resolves as revised", async () => {
    const { db } = database;
    ({ challengeId } = await raiseChallenge(db, {
      partnershipId: world.partnership.id,
      assignmentId,
      standardCode: "1.2",
      message: "The evidence shows governors challenge; nothing shows more than that.",
      suggestedRating: "met",
      actor: world.moderator,
    }));
    expect(await statusOf()).toBe("reopened");
    await respondToChallenge(db, { ...scope(), challengeId, response: "rating_accepted", message: "We accept Met.", actor: world.dsl });
    expect((await answerFor("1.2")).rating).toBe("met");
    expect(await signOffAndResubmit()).toEqual({ ok: true, version: 3 });
    const v3 = (await getVersion(db, ctx, 3))!.snapshot.answers;
    expect(v3.find((a) => a.code === "1.2")?.rating).toBe("met");
    expect(await statusOf()).toBe("in_moderation");

    const refused = await refusal(resolveChallenge(db, { partnershipId: world.partnership.id, challengeId, outcome: "revised", resolution: "Met.", actor: world.moderator }));
    expect(refused.field).toBe("moderatedRating");
    await resolveChallenge(db, { partnershipId: world.partnership.id, challengeId, outcome: "revised", moderatedRating: "met", resolution: "Met, as agreed.", actor: world.moderator });
    const [judgement] = await db.select().from(judgements).where(and(eq(judgements.assignmentId, assignmentId), eq(judgements.standardCode, "1.2")));
    expect(judgement).toMatchObject({ verdict: "revised", moderatedRating: "met", reason: "Met, as agreed." });
  });
});

describe("withdrawing a challenge", () => {
  it("puts an unchanged return back into moderation with its sign-off as submitted", async () => {
    const { db } = database;
    const before = await reload(db, ctx);
    const { challengeId } = await raiseChallenge(db, { partnershipId: world.partnership.id, assignmentId, standardCode: "2.1", message: "Who trains supply staff?", actor: world.moderator });
    expect(await statusOf()).toBe("reopened");
    const refused = await refusal(withdrawChallenge(db, { partnershipId: world.partnership.id, challengeId, reason: "Mine", actor: unassignedModerator }));
    expect(refused.status).toBe(403);
    await withdrawChallenge(db, { partnershipId: world.partnership.id, challengeId, reason: "The log answers it: my mistake.", actor: world.moderator });
    const after = await reload(db, ctx);
    expect(after.ret.status).toBe("in_moderation");
    expect(after.editable.kind).toBe("none");
    expect(after.ret.signedOffName).toBe(before.ret.signedOffName);
    expect(after.ret.signedOffAt?.toISOString()).toBe(before.ret.signedOffAt?.toISOString());
    expect(await challengeRow(challengeId)).toMatchObject({ status: "withdrawn", resolution: "The log answers it: my mistake." });
    expect((await outbox("challenge-withdrawn")).map((e) => e.toAddress).sort()).toEqual([world.dsl.email, world.signatory.email].sort());
  });

  it("is refused once the setting has changed the standard (the change must be resubmitted)", async () => {
    const { db } = database;
    const { challengeId } = await raiseChallenge(db, { partnershipId: world.partnership.id, assignmentId, standardCode: "2.1", message: "And volunteers?", actor: world.moderator });
    const a = await answerFor("2.1");
    await saveAnswers(db, await reload(db, ctx), { actor: world.dsl, entries: [{ standardId: a.standardId, rating: "exceeds", evidence: MORE_EVIDENCE, notes: "", baseRevision: a.revision }] });
    const refused = await refusal(withdrawChallenge(db, { partnershipId: world.partnership.id, challengeId, reason: "No", actor: world.moderator }));
    expect(refused.message).toBe(CHALLENGE_REFUSALS.changedSinceChallenge);
    expect(await statusOf()).toBe("reopened");
    // Resubmitting without a written answer answers it, and it can then be resolved.
    expect(await signOffAndResubmit()).toEqual({ ok: true, version: 4 });
    expect(await challengeRow(challengeId)).toMatchObject({ status: "responded", respondedVersionNumber: 4, response: null });
    await resolveChallenge(db, { partnershipId: world.partnership.id, challengeId, outcome: "upheld", resolution: "Volunteers are covered.", actor: world.moderator });
  });
});

describe("reminders of an unanswered challenge", () => {
  const day = (iso: string) => new Date(`${iso}T12:00:00Z`);
  let challengeId: string;

  beforeAll(async () => {
    ({ challengeId } = await raiseChallenge(database.db, {
      partnershipId: world.partnership.id,
      assignmentId,
      standardCode: "2.3",
      message: "What does online safety training cover?",
      respondBy: "2026-11-02",
      actor: world.moderator,
      now: day("2026-10-01"),
    }));
  });

  const reminders = () => outbox("challenge-reminder");

  it("are sent the day after the date, once, then weekly, at most three times", async () => {
    const { db } = database;
    expect(await sendChallengeReminders(db, { now: day("2026-11-02") })).toBe(0);
    expect(await sendChallengeReminders(db, { now: day("2026-11-03") })).toBe(1);
    expect(await sendChallengeReminders(db, { now: day("2026-11-03") })).toBe(0);
    expect(await sendChallengeReminders(db, { now: day("2026-11-06") })).toBe(0);
    expect(await sendChallengeReminders(db, { now: day("2026-11-10") })).toBe(1);
    expect(await sendChallengeReminders(db, { now: day("2026-11-17") })).toBe(1);
    expect(await sendChallengeReminders(db, { now: day("2026-11-24") })).toBe(0);
    expect(await sendChallengeReminders(db, { now: day("2027-01-24") })).toBe(0);
    const sent = await reminders();
    // Each time to the DSL and the signatory.
    expect(sent).toHaveLength(6);
    expect(sent[0].subject).toContain("Reminder");
    expect(sent[0].textBody).toContain("2 November 2026");
    expect(await challengeRow(challengeId)).toMatchObject({ remindersSent: 3 });
  });

  it("are never sent twice when two workers run at once", async () => {
    const { db } = database;
    await db.update(challenges).set({ remindersSent: 0, lastRemindedAt: null }).where(eq(challenges.id, challengeId));
    const counts = await Promise.all([sendChallengeReminders(db, { now: day("2026-12-01") }), sendChallengeReminders(db, { now: day("2026-12-01") })]);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(1);
    expect(await challengeRow(challengeId)).toMatchObject({ remindersSent: 1 });
  });
});

describe("the reminders' runners", () => {
  // These run on the real clock: the date to answer by is put two days before today.
  const reset = (id: string) =>
    database.db
      .update(challenges)
      .set({ remindersSent: 0, lastRemindedAt: null, respondBy: londonDate(new Date(Date.now() - 2 * 86_400_000)) })
      .where(eq(challenges.id, id));
  const reminded = async () => (await database.db.select().from(challenges).where(eq(challenges.standardCode, "2.3")))[0];

  it("npm run portal -- send-reminders queues the due ones once", async () => {
    await reset((await reminded()).id);
    let out = "";
    const io = { stdout: { write: (t: string) => (out += t) }, stderr: { write: (t: string) => (out += t) } };
    expect(await portal(["send-reminders"], io)).toBe(0);
    expect(out).toContain("Reminders queued: 1 overdue moderation challenge;");
    expect(await portal(["send-reminders"], io)).toBe(0);
    expect(out).toContain("Reminders queued: 0 overdue moderation challenges;");
    expect((await reminded()).remindersSent).toBe(1);
  });

  it("the email worker runs them before it sends, and keeps sending when they fail", async () => {
    await reset((await reminded()).id);
    // Reminders queued by the tests above are still waiting in the outbox (send-reminders also
    // reminded the scenario's settings that have not submitted, on the real clock): the worker
    // sends those too.
    const waiting = [...(await outbox("challenge-reminder")), ...(await outbox("cycle-reminder"))].filter(
      (e) => e.status === "pending" && e.subject.startsWith("Reminder"),
    ).length;
    const delivered: string[] = [];
    const transport = { name: "test", send: async (m: { subject: string }) => (delivered.push(m.subject), {}) };
    const warnings: string[] = [];
    const warn = console.warn;
    console.warn = (text: string) => warnings.push(text);
    try {
      const stop = startEmailWorker(() => database.db, transport, { from: "test@example.org.uk", maxAttempts: 3 }, 60, [
        { name: "failing chore", everySeconds: 60, run: async () => Promise.reject(new Error("boom")) },
        { name: "challenge reminders", everySeconds: 60, run: (db) => sendChallengeReminders(db) },
      ]);
      for (let i = 0; i < 100 && delivered.filter((s) => s.startsWith("Reminder")).length < waiting + 2; i++) await new Promise((r) => setTimeout(r, 50));
      await stop();
    } finally {
      console.warn = warn;
    }
    expect((await reminded()).remindersSent).toBe(1);
    expect(delivered.filter((s) => s.startsWith("Reminder"))).toHaveLength(waiting + 2);
    expect(warnings.some((w) => w.includes("failing chore failed"))).toBe(true);
  });
});

describe("the panel's list of challenges", () => {
  it("holds every challenge with its stage, the overdue one marked, and a member's own", async () => {
    const all = await listPanelChallenges(database.db, { partnershipId: world.partnership.id, cycleId: world.cycle.id, now: new Date("2100-01-01T12:00:00Z") });
    expect(all.map((c) => [c.standardCode, c.stage, c.overdue]).sort()).toEqual([
      ["1.1", "upheld", false],
      ["1.2", "revised", false],
      ["2.1", "upheld", false],
      ["2.1", "withdrawn", false],
      ["2.3", "awaiting_answer", true],
    ]);
    // Oldest date to answer by first.
    const dates = all.map((c) => c.respondBy ?? "");
    expect(dates).toEqual([...dates].sort());
    expect(all.every((c) => c.panelMemberId === world.moderator.id && c.settingName === "Brookfield Primary")).toBe(true);
    expect(await listPanelChallenges(database.db, { partnershipId: world.partnership.id, panelMemberId: unassignedModerator.id })).toEqual([]);
  });
});

describe("outside the partnership", () => {
  it("a challenge is not found", async () => {
    const elsewhere = await makePartnership(database.db);
    const [any] = await database.db.select().from(challenges).limit(1);
    expect(await loadChallengeThread(database.db, { partnershipId: elsewhere.id, challengeId: any.id })).toBeNull();
    const refused = await refusal(resolveChallenge(database.db, { partnershipId: elsewhere.id, challengeId: any.id, outcome: "upheld", resolution: "x", actor: world.moderator }));
    expect(refused.status).toBe(404);
  });
});
