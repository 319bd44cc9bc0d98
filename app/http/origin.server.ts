// CSRF defence in depth beside SameSite=Lax cookies: a request that changes something must come
// from a page of this service.
export function isAllowedOrigin(
  method: string,
  headers: { origin?: string | null; referer?: string | null },
  baseUrl: string,
): boolean {
  if (method === "GET" || method === "HEAD" || method === "OPTIONS") return true;
  const expected = new URL(baseUrl).origin;
  if (headers.origin) return headers.origin === expected;
  // Browsers send Origin on every POST; fall back to the Referer for the odd one that does not.
  if (headers.referer) {
    try {
      return new URL(headers.referer).origin === expected;
    } catch {
      return false;
    }
  }
  return false;
}
