// Challenges from the moderation panel to a setting about one standard.
import { and, count, eq } from "drizzle-orm";
import type { Db } from "../db.server";
import { challenges, returns } from "../../db/schema";

/** Challenges waiting for the setting's answer (those it has answered wait for the panel instead). */
export async function openChallengeCount(db: Db, scope: { partnershipId: string; settingId: string }): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(challenges)
    .innerJoin(returns, eq(returns.id, challenges.returnId))
    .where(
      and(
        eq(returns.settingId, scope.settingId),
        eq(challenges.partnershipId, scope.partnershipId),
        eq(challenges.status, "open"),
      ),
    );
  return row?.n ?? 0;
}
