// Fixed-window counting in the database, so every app server shares one count.
import { and, count, eq, gt, lt, sql } from "drizzle-orm";
import type { Db } from "../db.server";
import { rateLimitHits } from "../../db/schema";

export interface RateLimitResult {
  allowed: boolean;
  /** Whole minutes until the oldest counted hit leaves the window. */
  retryAfterMinutes: number;
}

/**
 * Locks the bucket until the end of the transaction `tx` (it must be one) and counts its hits in
 * the window. Count and record as one step per bucket: without the lock, requests arriving
 * together on several app servers would all count the same hits and all be let through.
 */
export async function lockAndCountHits(tx: Db, bucket: string, windowMinutes: number, now = new Date()): Promise<number> {
  const since = new Date(now.getTime() - windowMinutes * 60_000);
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${bucket}))`);
  const [{ hits }] = await tx
    .select({ hits: count() })
    .from(rateLimitHits)
    .where(and(eq(rateLimitHits.bucket, bucket), gt(rateLimitHits.hitAt, since)));
  return hits;
}

/** Records a hit; call under the lock lockAndCountHits took. */
export async function recordHit(tx: Db, bucket: string, now = new Date()): Promise<void> {
  await tx.insert(rateLimitHits).values({ bucket, hitAt: now });
}

/** Counts this hit against the bucket and says whether it is within the limit. */
export async function hitRateLimit(
  db: Db,
  bucket: string,
  limit: number,
  windowMinutes: number,
  now = new Date(),
): Promise<RateLimitResult> {
  return db.transaction(async (tx) => {
    if ((await lockAndCountHits(tx, bucket, windowMinutes, now)) >= limit) return { allowed: false, retryAfterMinutes: windowMinutes };
    await recordHit(tx, bucket, now);
    return { allowed: true, retryAfterMinutes: 0 };
  });
}

export async function purgeOldRateLimitHits(db: Db, olderThan: Date): Promise<void> {
  await db.delete(rateLimitHits).where(lt(rateLimitHits.hitAt, olderThan));
}
