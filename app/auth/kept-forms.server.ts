// "Nothing typed is lost": a form posted after the session expired is kept for a day, keyed by
// a random id held in an HttpOnly cookie of the same browser, and offered back on the same page
// once the same person has signed in again (the page's own authorisation still applies). Only a
// real session that has run out can leave a form: an anonymous post is never stored.
import { and, eq, gt, lt } from "drizzle-orm";
import type { Db } from "../db.server";
import { pendingFormPosts } from "../../db/schema";
import { getConfig } from "../env.server";
import { hasHiddenControlCharacters } from "../forms";
import { readCookie } from "./sessions.server";

export const KEPT_FORM_COOKIE = "portal_kept_form";
const MAX_BYTES = 256 * 1024;
export const KEPT_FORM_HOURS = 24;

export async function keepFormPost(db: Db, request: Request, path: string, userId: string): Promise<string | null> {
  const length = Number(request.headers.get("Content-Length") ?? "0");
  if (length > MAX_BYTES) return null;
  const type = request.headers.get("Content-Type") ?? "";
  if (!type.includes("application/x-www-form-urlencoded") && !type.includes("multipart/form-data")) return null;
  // A file sent in chunks has no length to judge it by, and a file is never kept anyway: not read.
  if (type.includes("multipart/form-data") && !(length > 0)) return null;
  let form: FormData;
  try {
    form = await request.clone().formData();
  } catch {
    return null;
  }
  const data: Record<string, string[]> = {};
  let size = 0;
  for (const [key, value] of form.entries()) {
    if (typeof value !== "string") continue;
    // Never typed by a person, and a NUL cannot be stored in JSON by PostgreSQL: not kept.
    if (hasHiddenControlCharacters(key) || hasHiddenControlCharacters(value)) return null;
    size += key.length + value.length;
    (data[key] ??= []).push(value);
  }
  if (size === 0 || size > MAX_BYTES) return null;
  const [row] = await db
    .insert(pendingFormPosts)
    .values({ userId, path, formData: data, expiresAt: new Date(Date.now() + KEPT_FORM_HOURS * 3_600_000) })
    .returning({ id: pendingFormPosts.id });
  return row.id;
}

export function serializeKeptFormCookie(id: string): string {
  const parts = [`${KEPT_FORM_COOKIE}=${id}`, "HttpOnly", "SameSite=Lax", "Path=/", `Max-Age=${KEPT_FORM_HOURS * 3600}`];
  if (getConfig().secureCookies) parts.push("Secure");
  return parts.join("; ");
}

const clearCookie = () => `${KEPT_FORM_COOKIE}=; HttpOnly; SameSite=Lax; Path=/; Max-Age=0`;

/**
 * The form kept for this page, if this browser has one. Returns the values and a Set-Cookie
 * header that forgets it, so it is offered once.
 */
export async function takeKeptForm(
  db: Db,
  request: Request,
  user: { id: string },
): Promise<{ values: Record<string, string[]>; setCookie: string } | null> {
  const id = readCookie(request, KEPT_FORM_COOKIE);
  if (!id || !/^[0-9a-f-]{36}$/i.test(id)) return null;
  const url = new URL(request.url);
  const [row] = await db
    .select()
    .from(pendingFormPosts)
    .where(and(eq(pendingFormPosts.id, id), eq(pendingFormPosts.userId, user.id), gt(pendingFormPosts.expiresAt, new Date())))
    .limit(1);
  if (!row || row.path !== `${url.pathname}${url.search}`) return null;
  await db.delete(pendingFormPosts).where(eq(pendingFormPosts.id, id));
  return { values: row.formData, setCookie: clearCookie() };
}

export async function purgeExpiredKeptForms(db: Db, now = new Date()): Promise<void> {
  await db.delete(pendingFormPosts).where(lt(pendingFormPosts.expiresAt, now));
}
