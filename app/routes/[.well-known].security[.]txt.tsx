// /.well-known/security.txt (RFC 9116): where to report a security problem. The contact is the
// installation's (SECURITY_CONTACT); without one there is nothing true to say, so 404.
import { getConfig } from "~/env.server";

const DAY_MS = 86_400_000;

export function loader() {
  const { baseUrl, about } = getConfig();
  if (!about.securityContact) throw new Response("Not found", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  // The file is made from the configuration each time, so it is as current as that: Expires is
  // a year from today (RFC 9116 asks for less than a year ahead), at midnight UTC.
  const expires = new Date(Math.floor(Date.now() / DAY_MS) * DAY_MS + 365 * DAY_MS);
  const body = [
    `Contact: ${about.securityContact}`,
    `Expires: ${expires.toISOString().replace(".000Z", "Z")}`,
    "Preferred-Languages: en",
    `Canonical: ${baseUrl}/.well-known/security.txt`,
    "",
  ].join("\n");
  return new Response(body, {
    headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "public, max-age=86400" },
  });
}
