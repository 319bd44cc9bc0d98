// The demo's moderation, part-way through: this year's sample drawn by the panel lead and shared
// out, one review complete with its feedback letter sent, one waiting for the setting to answer a
// challenge on a standard rated Exceeds, and the rest assigned or in review. Everything goes
// through the domain functions the panel's pages call, so the audit log and the outbox hold what
// the pages would have left.
import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "../client";
import { cycles, users } from "../schema";
import { autoAssign, listSampleAssignments } from "../../app/domain/moderation/panel.server";
import { confirmSample } from "../../app/domain/moderation/samples.server";
import { completeReview, loadReview, saveJudgements, type JudgementInput, type ReviewStandard } from "../../app/domain/moderation/reviews.server";
import { raiseChallenge } from "../../app/domain/moderation/challenges.server";
import { ratingsBelow } from "../../app/domain/moderation/challenge-rules";

export const DEMO_SAMPLE_SEED = "demo-2026";

interface Person {
  id: string;
  name: string;
}

export async function seedDemoModeration(
  db: Db,
  input: { partnershipId: string; cycleName: string; lead: string; now: Date; onProgress?: (text: string) => void },
): Promise<void> {
  const [cycle] = await db
    .select()
    .from(cycles)
    .where(and(eq(cycles.partnershipId, input.partnershipId), eq(cycles.name, input.cycleName)));
  if (!cycle) throw new Error(`The demo has no cycle named ${input.cycleName}`);
  const [lead] = await db.select({ id: users.id, name: users.name }).from(users).where(eq(users.email, input.lead));
  const { preview } = await confirmSample(db, {
    partnershipId: input.partnershipId,
    cycleId: cycle.id,
    rate: 0.6,
    seed: DEMO_SAMPLE_SEED,
    preferNotModeratedLastCycle: false,
    calibrationShare: 0.1,
    actor: { userId: lead.id, lifecycle: "moderator" },
  });
  await autoAssign(db, { partnershipId: input.partnershipId, cycleId: cycle.id, seed: DEMO_SAMPLE_SEED, actor: { id: lead.id } });

  const rows = await listSampleAssignments(db, input.partnershipId, cycle.id);
  const primaries = rows.flatMap((r) => (r.primary ? [{ row: r, ...r.primary }] : []));
  const people = new Map(
    (await db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, primaries.map((p) => p.moderatorUserId)))).map((u) => [u.id, u]),
  );
  const judge = (p: (typeof primaries)[number]): Person => people.get(p.moderatorUserId)!;
  const standardsOf = async (p: (typeof primaries)[number]) =>
    (await loadReview(db, { partnershipId: input.partnershipId, assignmentId: p.assignmentId, viewer: judge(p) }))!.sections.flatMap((s) => s.standards);
  const agreeWith = (standards: ReviewStandard[], revise?: ReviewStandard): JudgementInput[] =>
    standards.map((s) =>
      s === revise
        ? {
            standardId: s.standardId,
            verdict: "revised",
            moderatedRating: ratingsBelow(s.rating).at(-1) ?? "partially_met",
            reason: "The evidence describes the policy but not how staff put it into practice; the panel would expect examples from this year.",
            baseRevision: 0,
          }
        : { standardId: s.standardId, verdict: "agree", moderatedRating: null, reason: "", baseRevision: 0 },
    );

  // A challenge waits where the setting rated a standard Exceeds with little evidence (any
  // Exceeds if none is unsupported); a review is complete elsewhere, and one is half done.
  const withExceeds = await Promise.all(primaries.map(async (p) => ({ p, standards: await standardsOf(p) })));
  const challenged =
    withExceeds.find((x) => x.standards.some((s) => s.flags.unsupportedExceeds)) ?? withExceeds.find((x) => x.standards.some((s) => s.rating === "exceeds"));
  const others = withExceeds.filter((x) => x !== challenged && x.p.row.second === null);
  const completed = others[0];
  const halfDone = others[1];

  if (completed) {
    const revise = completed.standards.find((s) => s.rating === "met" || s.rating === "exceeds");
    const saved = await saveJudgements(db, {
      partnershipId: input.partnershipId,
      assignmentId: completed.p.assignmentId,
      actor: judge(completed.p),
      entries: agreeWith(completed.standards, revise),
      now: input.now,
    });
    if (!saved.ok) throw new Error("The demo's judgements did not save");
    await completeReview(db, {
      partnershipId: input.partnershipId,
      assignmentId: completed.p.assignmentId,
      outcome: revise ? "agreed_with_changes" : "agreed",
      summary:
        "Thank you for a thorough return. The panel agreed your ratings but one: please see the standard below, where the evidence describes the policy rather than practice.",
      actor: judge(completed.p),
      now: input.now,
    });
  }
  if (challenged) {
    const target = challenged.standards.find((s) => s.flags.unsupportedExceeds) ?? challenged.standards.find((s) => s.rating === "exceeds")!;
    // The rest of the return is agreed so far; the challenged standard waits for the answer.
    await saveJudgements(db, {
      partnershipId: input.partnershipId,
      assignmentId: challenged.p.assignmentId,
      actor: judge(challenged.p),
      entries: agreeWith(challenged.standards.filter((s) => s !== target)),
      now: input.now,
    });
    await raiseChallenge(db, {
      partnershipId: input.partnershipId,
      assignmentId: challenged.p.assignmentId,
      standardCode: target.code,
      message:
        "You rated this standard Exceeds, but the evidence does not yet show practice beyond what the standard asks. Please add what shows it (for example an audit, training records or feedback from children), or accept the suggested rating.",
      suggestedRating: ratingsBelow(target.rating).at(-1) ?? null,
      actor: judge(challenged.p),
      now: input.now,
    });
  }
  if (halfDone) {
    await saveJudgements(db, {
      partnershipId: input.partnershipId,
      assignmentId: halfDone.p.assignmentId,
      actor: judge(halfDone.p),
      entries: agreeWith(halfDone.standards.slice(0, Math.ceil(halfDone.standards.length / 2))),
      now: input.now,
    });
  }
  input.onProgress?.(
    `${input.cycleName}: sample of ${preview.members.length} drawn and assigned; ${completed ? 1 : 0} review complete, ${challenged ? 1 : 0} challenge open, ${halfDone ? 1 : 0} in review`,
  );
}
