// Sign-in by emailed link. Only the SHA-256 of a link's token is stored; a link is single use,
// short-lived, and replaced by any newer link for the same person.
import { and, eq, gt, isNull } from "drizzle-orm";
import type { Db } from "../db.server";
import { signInTokens, users, type User } from "../../db/schema";
import { getConfig } from "../env.server";
import { recordAudit } from "../accounts/audit.server";
import { isDeactivatedEverywhere } from "../accounts/deactivation.server";
import { enqueueEmail } from "../../emails/outbox.server";
import { signInLinkEmail } from "../../emails/sign-in-link";
import { hitRateLimit, lockAndCountHits, recordHit } from "./rate-limit.server";
import { generateSecureRandomString, hashToHex } from "./tokens.server";

export const normaliseEmail = (email: string) => email.trim().toLowerCase();

/**
 * No link is any use to them: the account is closed, or every partnership they work for has
 * deactivated them. Someone still working for one partnership signs in to that one alone.
 */
async function isShutOut(db: Db, user: User): Promise<boolean> {
  return !user.active || (await isDeactivatedEverywhere(db, user.id));
}

export interface IssuedLink {
  link: string;
  minutes: number;
}

/** Creates a sign-in link for a user, superseding older ones. Call inside the transaction that sends it. */
export async function issueSignInLink(
  db: Db,
  user: Pick<User, "id">,
  options: { purpose?: "sign_in" | "invitation"; redirectTo?: string; minutes?: number; now?: Date } = {},
): Promise<IssuedLink> {
  const config = getConfig();
  const now = options.now ?? new Date();
  const minutes = options.minutes ?? config.signIn.linkMinutes;
  const token = generateSecureRandomString(20);
  await db
    .update(signInTokens)
    .set({ supersededAt: now })
    .where(and(eq(signInTokens.userId, user.id), isNull(signInTokens.usedAt), isNull(signInTokens.supersededAt)));
  await db.insert(signInTokens).values({
    userId: user.id,
    tokenHash: hashToHex(token),
    purpose: options.purpose ?? "sign_in",
    redirectTo: options.redirectTo ?? null,
    createdAt: now,
    expiresAt: new Date(now.getTime() + minutes * 60_000),
  });
  // Built from the configured base URL, never from the request's Host header.
  return { link: `${config.baseUrl}/sign-in/${token}`, minutes };
}

/**
 * "withheld": the address has had its links for the window and its most recent one still works,
 * so nothing is sent (decision 009). The person is shown the same page as for "sent" and
 * "unknown": whether an address has an account is never told.
 */
export type SignInRequestOutcome = { outcome: "sent" | "unknown" | "withheld" } | { outcome: "rate_limited"; retryAfterMinutes: number };

/**
 * Emails a sign-in link if the address belongs to an active person. Two limits (decision 009):
 * per client address, every request counts, and too many are refused whatever the address; per
 * email address, the links sent are counted, and past the limit another is sent only when the
 * last one no longer works, so nobody can flood an inbox or lock its owner out.
 */
export async function requestSignInLink(
  db: Db,
  input: { email: string; clientAddress: string | null; redirectTo?: string; now?: Date },
): Promise<SignInRequestOutcome> {
  const config = getConfig();
  const email = normaliseEmail(input.email);
  const now = input.now ?? new Date();
  return db.transaction(async (tx) => {
    const { limitPerAddress, limitPerClient, windowMinutes } = config.signIn;
    if (input.clientAddress) {
      const byClient = await hitRateLimit(tx, `sign-in:client:${input.clientAddress}`, limitPerClient, windowMinutes, now);
      if (!byClient.allowed) {
        await recordAudit(tx, { action: "sign_in.rate_limited", detail: { email, by: "client" }, ipAddress: input.clientAddress });
        return { outcome: "rate_limited", retryAfterMinutes: byClient.retryAfterMinutes };
      }
    }
    const [user] = await tx.select().from(users).where(eq(users.email, email)).limit(1);
    if (!user || (await isShutOut(tx, user))) {
      await recordAudit(tx, {
        action: "sign_in.link_refused",
        detail: { email, reason: user ? "inactive user" : "unknown address" },
        ipAddress: input.clientAddress,
      });
      return { outcome: "unknown" };
    }
    // Held until the transaction ends, so requests arriving together see each other's links.
    const bucket = `sign-in:address:${hashToHex(email)}`;
    const sentInWindow = await lockAndCountHits(tx, bucket, windowMinutes, now);
    if (sentInWindow >= limitPerAddress && (await hasWorkingLink(tx, user.id, now))) {
      await recordAudit(tx, {
        action: "sign_in.link_withheld",
        actorUserId: user.id,
        detail: { email, reason: `${sentInWindow} links sent in ${windowMinutes} minutes and the latest still works` },
        ipAddress: input.clientAddress,
      });
      return { outcome: "withheld" };
    }
    await recordHit(tx, bucket, now);
    const { link, minutes } = await issueSignInLink(tx, user, { redirectTo: input.redirectTo, now });
    await enqueueEmail(tx, { to: user.email, template: "sign-in-link", message: signInLinkEmail({ name: user.name, link, minutes }) });
    await recordAudit(tx, {
      action: "sign_in.link_sent",
      actorUserId: user.id,
      detail: { email },
      ipAddress: input.clientAddress,
    });
    return { outcome: "sent" };
  });
}

/** Whether the person's most recent link (sign-in or invitation) can still be used. */
async function hasWorkingLink(db: Db, userId: string, now: Date): Promise<boolean> {
  const [row] = await db
    .select({ id: signInTokens.id })
    .from(signInTokens)
    .where(and(eq(signInTokens.userId, userId), isNull(signInTokens.usedAt), isNull(signInTokens.supersededAt), gt(signInTokens.expiresAt, now)))
    .limit(1);
  return Boolean(row);
}

export type TokenState = "valid" | "expired" | "used" | "superseded" | "unknown";

async function findToken(db: Db, token: string) {
  if (!/^[a-z2-7]{16,64}$/.test(token)) return undefined;
  const [row] = await db.select().from(signInTokens).where(eq(signInTokens.tokenHash, hashToHex(token))).limit(1);
  return row;
}

function stateOf(row: typeof signInTokens.$inferSelect | undefined, now: Date): TokenState {
  if (!row) return "unknown";
  if (row.usedAt) return "used";
  if (row.supersededAt) return "superseded";
  if (row.expiresAt <= now) return "expired";
  return "valid";
}

/** What a link's token is worth, without using it (the page shown before "Continue"). */
export async function checkSignInToken(db: Db, token: string, now = new Date()): Promise<TokenState> {
  return stateOf(await findToken(db, token), now);
}

export type ConsumeResult = { ok: true; userId: string; redirectTo: string | null } | { ok: false; state: TokenState };

/** Uses a token once: the conditional update makes two simultaneous uses impossible. */
export async function consumeSignInToken(
  db: Db,
  token: string,
  clientAddress: string | null,
  now = new Date(),
): Promise<ConsumeResult> {
  const row = await findToken(db, token);
  const state = stateOf(row, now);
  if (!row || state !== "valid") {
    await recordAudit(db, {
      action: "sign_in.failed",
      actorUserId: row?.userId ?? null,
      detail: { reason: `link ${state}` },
      ipAddress: clientAddress,
    });
    return { ok: false, state };
  }
  const [used] = await db
    .update(signInTokens)
    .set({ usedAt: now })
    .where(and(eq(signInTokens.id, row.id), isNull(signInTokens.usedAt), isNull(signInTokens.supersededAt)))
    .returning();
  const [user] = await db.select().from(users).where(eq(users.id, row.userId)).limit(1);
  if (!used || !user || (await isShutOut(db, user))) {
    await recordAudit(db, {
      action: "sign_in.failed",
      actorUserId: row.userId,
      detail: { reason: used ? "inactive user" : "link used" },
      ipAddress: clientAddress,
    });
    return { ok: false, state: used ? "unknown" : "used" };
  }
  return { ok: true, userId: user.id, redirectTo: row.redirectTo };
}
