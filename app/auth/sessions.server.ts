// Sessions the Lucia way: the cookie holds "<id>.<secret>"; the database holds the id and the
// SHA-256 of the secret, compared in constant time. Idle expiry slides; absolute expiry does not.
import { and, eq } from "drizzle-orm";
import type { Db } from "../db.server";
import { sessions, users, type Session, type User } from "../../db/schema";
import { getConfig, type Config } from "../env.server";
import { generateSecureRandomString, hashSecret, secretMatches } from "./tokens.server";

export interface SessionValidation {
  session: Session;
  user: User;
}

const minutes = (n: number) => n * 60_000;

export async function createSession(db: Db, userId: string, now = new Date()): Promise<{ token: string; session: Session }> {
  const config = getConfig();
  const id = generateSecureRandomString();
  const secret = generateSecureRandomString(20);
  const absoluteExpiresAt = new Date(now.getTime() + minutes(config.session.absoluteHours * 60));
  const idleExpiresAt = new Date(Math.min(now.getTime() + minutes(config.session.idleMinutes), absoluteExpiresAt.getTime()));
  const [session] = await db
    .insert(sessions)
    .values({ id, secretHash: hashSecret(secret), userId, createdAt: now, lastActiveAt: now, idleExpiresAt, absoluteExpiresAt })
    .returning();
  return { token: `${id}.${secret}`, session };
}

/** How long an expired session stays recognisable (never usable) before housekeeping removes it. */
export const EXPIRED_SESSION_KEPT_HOURS = 24;

export type SessionCheck =
  | ({ status: "valid" } & SessionValidation)
  | {
      /**
       * The session was real but has run out. It is not deleted at once: a form posted after
       * expiry is kept for its owner to take back after signing in again (kept-forms.server.ts).
       */
      status: "expired";
      userId: string;
    }
  | { status: "invalid" };

export async function checkSessionToken(db: Db, token: string, now = new Date()): Promise<SessionCheck> {
  const [id, secret, extra] = token.split(".");
  if (!id || !secret || extra !== undefined || id.length > 64 || secret.length > 64) return { status: "invalid" };
  const [row] = await db
    .select({ session: sessions, user: users })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(sessions.id, id))
    .limit(1);
  if (!row) return { status: "invalid" };
  if (!secretMatches(secret, row.session.secretHash)) return { status: "invalid" };
  if (!row.user.active) {
    await db.delete(sessions).where(eq(sessions.id, id));
    return { status: "invalid" };
  }
  if (now >= row.session.idleExpiresAt || now >= row.session.absoluteExpiresAt) return { status: "expired", userId: row.user.id };
  const config = getConfig();
  if (needsIdleExtension(row.session, now, config.session.idleMinutes)) {
    const idleExpiresAt = new Date(
      Math.min(now.getTime() + minutes(config.session.idleMinutes), row.session.absoluteExpiresAt.getTime()),
    );
    await db.update(sessions).set({ lastActiveAt: now, idleExpiresAt }).where(eq(sessions.id, id));
    row.session = { ...row.session, lastActiveAt: now, idleExpiresAt };
  }
  return { status: "valid", ...row };
}

/**
 * Sliding the idle expiry costs a write, so it is done only once a tenth of the idle window has
 * passed since the last one (every 12 minutes with the default 2 hours), not on every request:
 * someone active is never signed out, and someone who stops is signed out between 90% and 100%
 * of the idle time after their last request.
 */
export function needsIdleExtension(session: Pick<Session, "lastActiveAt">, now: Date, idleMinutes: number): boolean {
  return now.getTime() - session.lastActiveAt.getTime() >= Math.max(minutes(idleMinutes) / 10, 60_000);
}

export async function validateSessionToken(db: Db, token: string, now = new Date()): Promise<SessionValidation | null> {
  const check = await checkSessionToken(db, token, now);
  return check.status === "valid" ? { session: check.session, user: check.user } : null;
}

export async function invalidateSession(db: Db, sessionId: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.id, sessionId));
}

export async function invalidateUserSessions(db: Db, userId: string): Promise<number> {
  const removed = await db.delete(sessions).where(and(eq(sessions.userId, userId))).returning({ id: sessions.id });
  return removed.length;
}

export function sessionCookieName(config: Config = getConfig()): string {
  // __Host- pins the cookie to this host and path "/" and requires Secure.
  return config.secureCookies ? "__Host-portal_session" : "portal_session";
}

export function serializeSessionCookie(token: string, expiresAt: Date, config: Config = getConfig()): string {
  const parts = [
    `${sessionCookieName(config)}=${token}`,
    "HttpOnly",
    "SameSite=Lax",
    "Path=/",
    `Expires=${expiresAt.toUTCString()}`,
  ];
  if (config.secureCookies) parts.push("Secure");
  return parts.join("; ");
}

export function serializeBlankSessionCookie(config: Config = getConfig()): string {
  const parts = [`${sessionCookieName(config)}=`, "HttpOnly", "SameSite=Lax", "Path=/", "Max-Age=0"];
  if (config.secureCookies) parts.push("Secure");
  return parts.join("; ");
}

export function readCookie(request: Request, name: string): string | null {
  const header = request.headers.get("Cookie");
  if (!header) return null;
  for (const part of header.split(";")) {
    const index = part.indexOf("=");
    if (index < 0) continue;
    if (part.slice(0, index).trim() === name) return decodeURIComponent(part.slice(index + 1).trim());
  }
  return null;
}

export function readSessionToken(request: Request): string | null {
  return readCookie(request, sessionCookieName());
}
