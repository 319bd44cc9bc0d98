// Where to send someone after signing in: only ever a path of this service. The check is the
// browser's own URL parser (WHATWG), so what we accept is what a browser will follow; anything
// with a control character or a backslash is refused outright, since browsers drop or rewrite
// those (`/\t/evil.example` is read as `//evil.example`) and CR/LF cannot go into a header.
const BASE = "http://portal.invalid";
const MAX_LENGTH = 2048;

export function safeRedirectPath(value: unknown, fallback = "/home"): string {
  if (typeof value !== "string" || value.length === 0 || value.length > MAX_LENGTH) return fallback;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f-\u009f\\]/.test(value)) return fallback;
  if (!value.startsWith("/") || value.startsWith("//")) return fallback;
  let url: URL;
  try {
    url = new URL(value, BASE);
  } catch {
    return fallback;
  }
  if (url.origin !== BASE) return fallback;
  // The parser's own serialisation: percent-encoded, so always a valid header value.
  return `${url.pathname}${url.search}${url.hash}`;
}
