// Removes what has expired: sessions, used or stale sign-in links, rate-limit counts and kept
// forms. Runs on a timer in each app server; running it twice at once is harmless.
import { lt, or } from "drizzle-orm";
import type { Db } from "../db.server";
import { sessions, signInTokens } from "../../db/schema";
import { purgeExpiredKeptForms } from "./kept-forms.server";
import { purgeOldRateLimitHits } from "./rate-limit.server";
import { EXPIRED_SESSION_KEPT_HOURS } from "./sessions.server";

export async function purgeExpired(db: Db, now = new Date()): Promise<void> {
  // Expired sessions are kept a while, unusable, so a form posted after expiry can still be tied to its owner.
  const expiredBefore = new Date(now.getTime() - EXPIRED_SESSION_KEPT_HOURS * 3_600_000);
  await db.delete(sessions).where(or(lt(sessions.idleExpiresAt, expiredBefore), lt(sessions.absoluteExpiresAt, expiredBefore)));
  // Links are kept a week after expiry so "this link has expired" can still be told apart from "not valid".
  await db.delete(signInTokens).where(lt(signInTokens.expiresAt, new Date(now.getTime() - 7 * 86_400_000)));
  await purgeOldRateLimitHits(db, new Date(now.getTime() - 86_400_000));
  await purgeExpiredKeptForms(db, now);
}

export function startHousekeeping(getDb: () => Promise<Db>, intervalMinutes = 10): () => void {
  const run = async () => {
    try {
      await purgeExpired(await getDb());
    } catch (error) {
      console.warn(`Housekeeping failed, trying again in ${intervalMinutes} minutes: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  const timer = setInterval(run, intervalMinutes * 60_000);
  timer.unref();
  void run();
  return () => clearInterval(timer);
}
