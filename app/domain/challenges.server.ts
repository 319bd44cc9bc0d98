// Challenges from the moderation panel to a setting about one standard.
import { and, count, eq, inArray } from "drizzle-orm";
import type { Db } from "../db.server";
import { challenges, returns } from "../../db/schema";

export async function openChallengeCount(db: Db, scope: { partnershipId: string; settingId: string }): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(challenges)
    .innerJoin(returns, eq(returns.id, challenges.returnId))
    .where(
      and(
        eq(returns.settingId, scope.settingId),
        eq(challenges.partnershipId, scope.partnershipId),
        inArray(challenges.status, ["open", "responded"]),
      ),
    );
  return row?.n ?? 0;
}
