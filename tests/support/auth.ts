// Signing in for route tests: a session is created directly in the test database (no email
// round trip) and its token sent in the Cookie header, exactly as the browser would.
import { createSession, sessionCookieName } from "../../app/auth/sessions.server";
import { getDb } from "../../app/db.server";

/** A Cookie header value for a new session of this user. */
export async function sessionCookie(user: { id: string }): Promise<string> {
  const { token } = await createSession(await getDb(), user.id);
  return `${sessionCookieName()}=${token}`;
}

export interface SignedInRequestInit extends RequestInit {
  /** Sent as an application/x-www-form-urlencoded body; the method defaults to POST. */
  form?: Record<string, string | string[]>;
}

/** A request from this user, signed in. `url` may be a path ("/partnerships/x") or a full URL. */
export async function signedInRequest(user: { id: string }, url: string, init: SignedInRequestInit = {}): Promise<Request> {
  const headers = new Headers(init.headers);
  headers.append("Cookie", await sessionCookie(user));
  return buildRequest(url, { ...init, headers });
}

/** A request from nobody in particular (no session). */
export function anonymousRequest(url: string, init: SignedInRequestInit = {}): Request {
  return buildRequest(url, init);
}

function buildRequest(url: string, { form, ...init }: SignedInRequestInit): Request {
  if (form) {
    const body = new URLSearchParams();
    for (const [key, value] of Object.entries(form)) for (const v of [value].flat()) body.append(key, v);
    return new Request(new URL(url, "http://localhost"), { method: "POST", ...init, body });
  }
  return new Request(new URL(url, "http://localhost"), init);
}
