// Guards throw responses: requireUser redirects to sign-in, requirePermission refuses. Every
// loader and action starts with them.
import { redirect } from "@remix-run/node";
import { and, eq } from "drizzle-orm";
import { getDb, type Db } from "../db.server";
import { memberships, partnerships, settings } from "../../db/schema";
import { recordAudit } from "../accounts/audit.server";
import { notDeactivatedIn } from "../accounts/deactivation.server";
import { can, type Grant, type Permission, type Scope } from "./permissions";
import { keepFormPost, serializeKeptFormCookie } from "./kept-forms.server";
import { checkSessionToken, readSessionToken, serializeBlankSessionCookie } from "./sessions.server";
import { oncePerRequest } from "../http/request-scope.server";
import type { Role } from "../../db/schema";

export interface Workspace extends Grant {
  partnershipSlug: string;
  partnershipName: string;
  settingName: string | null;
}

export interface CurrentUser {
  id: string;
  email: string;
  name: string;
  sessionId: string;
  grants: Workspace[];
}

/** The client's address as set by our own HTTP server (never a header the client chose). */
export function clientAddress(request: Request): string | null {
  return request.headers.get("x-portal-client-address");
}

/** The roles someone holds, less those of any partnership that has deactivated them. */
export async function loadGrants(db: Db, userId: string): Promise<Workspace[]> {
  const rows = await db
    .select({
      partnershipId: memberships.partnershipId,
      settingId: memberships.settingId,
      role: memberships.role,
      partnershipSlug: partnerships.slug,
      partnershipName: partnerships.name,
      settingName: settings.name,
    })
    .from(memberships)
    .innerJoin(partnerships, eq(partnerships.id, memberships.partnershipId))
    .leftJoin(settings, eq(settings.id, memberships.settingId))
    .where(and(eq(memberships.userId, userId), notDeactivatedIn(memberships.partnershipId, memberships.userId)));
  return rows.map((r) => ({ ...r, role: r.role as Role }));
}

export async function getCurrentUser(request: Request): Promise<CurrentUser | null> {
  const session = await readSession(request);
  return session.status === "signed-in" ? session.user : null;
}

type SessionState = { status: "signed-in"; user: CurrentUser } | { status: "expired"; userId: string } | { status: "none" };

/** Who is signed in, worked out once per HTTP request however many loaders ask. */
function readSession(request: Request): Promise<SessionState> {
  const token = readSessionToken(request);
  if (!token) return Promise.resolve({ status: "none" });
  return oncePerRequest(`session:${token}`, () => checkSession(token));
}

async function checkSession(token: string): Promise<SessionState> {
  const db = await getDb();
  const result = await checkSessionToken(db, token);
  if (result.status === "expired") return { status: "expired", userId: result.userId };
  if (result.status !== "valid") return { status: "none" };
  const user: CurrentUser = {
    id: result.user.id,
    email: result.user.email,
    name: result.user.name,
    sessionId: result.session.id,
    grants: await loadGrants(db, result.user.id),
  };
  return { status: "signed-in", user };
}

export { safeRedirectPath } from "./redirects";

export async function requireUser(request: Request): Promise<CurrentUser> {
  const session = await readSession(request);
  if (session.status === "signed-in") return session.user;
  const url = new URL(request.url);
  const path = `${url.pathname}${url.search}`;
  const headers = new Headers();
  if (readSessionToken(request)) headers.append("Set-Cookie", serializeBlankSessionCookie());
  let kept = false;
  if (session.status === "expired" && request.method !== "GET" && request.method !== "HEAD") {
    // The session ran out while they were typing: keep what they sent so it can be offered
    // back to them (and nobody else) after they sign in again.
    const id = await keepFormPost(await getDb(), request, path, session.userId);
    if (id) {
      headers.append("Set-Cookie", serializeKeptFormCookie(id));
      kept = true;
    }
  }
  const search = new URLSearchParams({ redirectTo: path });
  if (kept) search.set("kept", "1");
  throw redirect(`/sign-in?${search}`, { headers });
}

export async function refuse(request: Request, user: CurrentUser, permission: Permission, scope: Scope): Promise<never> {
  const db = await getDb();
  await recordAudit(db, {
    action: "authorisation.refused",
    actorUserId: user.id,
    partnershipId: user.grants.some((g) => g.partnershipId === scope.partnershipId) ? scope.partnershipId : null,
    detail: { permission, path: new URL(request.url).pathname, method: request.method, settingId: scope.settingId ?? null },
    ipAddress: clientAddress(request),
  });
  // A setting's things answer "not found" to outsiders, so their existence is not revealed.
  if (scope.settingId) throw new Response("Not found", { status: 404 });
  throw new Response("Forbidden", { status: 403 });
}

export async function requirePermission(
  request: Request,
  user: CurrentUser,
  permission: Permission,
  scope: Scope,
): Promise<void> {
  if (!can(user.grants, permission, scope)) await refuse(request, user, permission, scope);
}

/** The partnership named in a URL, if the user holds any role in it; otherwise not found. */
export async function requirePartnershipBySlug(request: Request, user: CurrentUser, slug: string | undefined) {
  const grant = user.grants.find((g) => g.partnershipSlug === slug);
  if (!grant) {
    await recordAudit(await getDb(), {
      action: "authorisation.refused",
      actorUserId: user.id,
      detail: { path: new URL(request.url).pathname, partnershipSlug: slug ?? null },
      ipAddress: clientAddress(request),
    });
    throw new Response("Not found", { status: 404 });
  }
  return { id: grant.partnershipId, slug: grant.partnershipSlug, name: grant.partnershipName };
}
