// Fixed-window counting in the database, so every app server shares one count.
import { and, count, eq, gt, lt } from "drizzle-orm";
import type { Db } from "../db.server";
import { rateLimitHits } from "../../db/schema";

export interface RateLimitResult {
  allowed: boolean;
  /** Whole minutes until the oldest counted hit leaves the window. */
  retryAfterMinutes: number;
}

/** Counts this hit against the bucket and says whether it is within the limit. */
export async function hitRateLimit(
  db: Db,
  bucket: string,
  limit: number,
  windowMinutes: number,
  now = new Date(),
): Promise<RateLimitResult> {
  const since = new Date(now.getTime() - windowMinutes * 60_000);
  const [{ hits }] = await db
    .select({ hits: count() })
    .from(rateLimitHits)
    .where(and(eq(rateLimitHits.bucket, bucket), gt(rateLimitHits.hitAt, since)));
  if (hits >= limit) return { allowed: false, retryAfterMinutes: windowMinutes };
  await db.insert(rateLimitHits).values({ bucket, hitAt: now });
  return { allowed: true, retryAfterMinutes: 0 };
}

export async function purgeOldRateLimitHits(db: Db, olderThan: Date): Promise<void> {
  await db.delete(rateLimitHits).where(lt(rateLimitHits.hitAt, olderThan));
}
