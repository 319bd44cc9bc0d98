// What resubmitting a reopened return does to its challenges (called by submitReturn, in its
// transaction): kept apart from challenges.server.ts, which itself saves through returns.server.ts.
import { and, eq, isNull, or, sql } from "drizzle-orm";
import type { Db } from "../../db.server";
import { challenges, returns, sampleMembers } from "../../../db/schema";
import { recordAudit } from "../../accounts/audit.server";
import type { Actor } from "../return-context.server";
import { canMove, stateAfter } from "../return-lifecycle";
import { emailPanel, factsOf } from "./challenge-notices.server";

/**
 * After a reopened return is submitted again (called by submitReturn in its transaction): each
 * challenge the setting answered now points at the new version; one it left unanswered counts as
 * answered by the resubmission itself. The panel member is emailed, and a sampled return goes
 * back into moderation.
 */
export async function recordResubmission(tx: Db, input: { partnershipId: string; returnId: string; version: number; actor: Actor; now: Date }) {
  const answered = await tx
    .update(challenges)
    .set({
      status: "responded",
      respondedVersionNumber: input.version,
      respondedAt: sql`coalesce(${challenges.respondedAt}, ${input.now.toISOString()}::timestamptz)`,
    })
    .where(
      and(
        eq(challenges.returnId, input.returnId),
        eq(challenges.partnershipId, input.partnershipId),
        or(eq(challenges.status, "open"), and(eq(challenges.status, "responded"), isNull(challenges.respondedVersionNumber))),
      ),
    )
    .returning();
  for (const challenge of answered) {
    await emailPanel(tx, await factsOf(tx, challenge), "resubmitted", null, "", [["Version", String(input.version)]]);
  }
  const [ret] = await tx.select({ status: returns.status }).from(returns).where(eq(returns.id, input.returnId));
  const [member] = await tx.select({ returnId: sampleMembers.returnId }).from(sampleMembers).where(eq(sampleMembers.returnId, input.returnId)).limit(1);
  const backToModeration = Boolean(ret && member && canMove(ret.status, "sample", "system"));
  if (ret && backToModeration) await tx.update(returns).set({ status: stateAfter(ret.status, "sample", "system") }).where(eq(returns.id, input.returnId));
  if (answered.length)
    await recordAudit(tx, {
      action: "moderation.challenges_resubmitted",
      actorUserId: input.actor.id,
      partnershipId: input.partnershipId,
      entityType: "return",
      entityId: input.returnId,
      detail: { version: input.version, challenges: answered.map((c) => c.id), backToModeration },
    });
}

