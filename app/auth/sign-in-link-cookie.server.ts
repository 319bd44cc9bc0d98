// Holds the token of the sign-in link this browser followed, between following the link and
// pressing "Continue" (see docs/decisions/005-sign-in-link-continue-button.md).
import { getConfig } from "../env.server";
import { readCookie } from "./sessions.server";

export const SIGN_IN_LINK_COOKIE = "portal_sign_in_link";

function attributes(maxAge: number) {
  const parts = ["HttpOnly", "SameSite=Lax", "Path=/sign-in", `Max-Age=${maxAge}`];
  if (getConfig().secureCookies) parts.push("Secure");
  return parts.join("; ");
}

export function serializeSignInLinkCookie(token: string): string {
  const safe = /^[a-z2-7]{16,64}$/.test(token) ? token : "invalid";
  return `${SIGN_IN_LINK_COOKIE}=${safe}; ${attributes(getConfig().signIn.linkMinutes * 60)}`;
}

export function clearSignInLinkCookie(): string {
  return `${SIGN_IN_LINK_COOKIE}=; ${attributes(0)}`;
}

export function readSignInLinkCookie(request: Request): string {
  return readCookie(request, SIGN_IN_LINK_COOKIE) ?? "";
}
