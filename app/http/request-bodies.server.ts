// What a page's action may be sent, checked before anything reads it: a form, the only thing our
// pages send (anything else made `request.formData()` fail with a 500), and one of a sensible
// size, so an anonymous client cannot make the server hold as much as it cares to send.
import type { IncomingMessage } from "node:http";
import type { RequestHandler, Response } from "express";

/**
 * The largest body a page accepts. The largest real form is a section page: five standards with
 * evidence (10,000 characters) and notes (5,000) filled to their limits in characters taking
 * three bytes in UTF-8, each byte percent-encoded, come to about 680 KB; ordinary English, under
 * 100 KB.
 */
export const MAX_FORM_BYTES = 1024 * 1024;

/** Requests that only read: Remix never reads their bodies, so neither do these checks. */
const READS = new Set(["GET", "HEAD", "OPTIONS"]);

export const NOT_A_FORM_MESSAGE =
  "This service only accepts forms sent from its own pages, so this request was refused. Go back, reload the page and try again.";
export const TOO_LARGE_MESSAGE =
  "What you sent was too large, so it was refused and nothing was saved. Go back, shorten what you typed and try again.";

/**
 * The pages that take a file (decision 023), which alone may be sent multipart, each with its own
 * limit for the whole body: the file's own limit (checked again by the page) and room for the
 * form's other fields. A Remix fetch of the same action adds `.data` to the path.
 */
export const UPLOAD_PAGES: { path: RegExp; maxBytes: number }[] = [
  // A framework file: MAX_FRAMEWORK_JSON_BYTES (1 MB) in app/domain/framework-json.ts.
  { path: /^\/partnerships\/[^/]+\/frameworks\/import(\.data)?\/?$/, maxBytes: 1024 * 1024 + 64 * 1024 },
  // Last cycle's returns and actions: two files of MAX_LEGACY_FILE_BYTES (20 MB) in app/domain/legacy-import.server.ts.
  { path: /^\/partnerships\/[^/]+\/cycles\/[^/]+\/import(\.data)?\/?$/, maxBytes: 2 * 20 * 1024 * 1024 + 64 * 1024 },
];

/**
 * Pages that read a multipart body as it arrives and apply their own limits (decision 021): a
 * standard's evidence documents, whose limit is the configured file size or what is left of the
 * return's, answered next to the field. They are let through unread and never held here: holding
 * a chunked body until complete would keep the whole file in memory.
 */
export const STREAMING_UPLOAD_PAGES: RegExp[] = [
  /^\/settings\/[^/]+\/returns\/[^/]+\/standards\/[^/]+\/documents(\.data)?\/?$/,
  // A GIAS extract (decision 023): each part read as it arrives and refused past GIAS_MAX_MB.
  /^\/partnerships\/[^/]+\/settings\/import(\.data)?\/?$/,
];

export function isStreamingUpload(contentType: string | undefined, path: string): boolean {
  return contentType?.split(";")[0].trim().toLowerCase() === "multipart/form-data" && STREAMING_UPLOAD_PAGES.some((p) => p.test(path));
}

/**
 * Our pages post `application/x-www-form-urlencoded`, with or without JavaScript; the pages in
 * UPLOAD_PAGES may post `multipart/form-data` too.
 */
function bodyLimit(contentType: string | undefined, path: string): number | null {
  const type = contentType?.split(";")[0].trim().toLowerCase();
  if (type === "application/x-www-form-urlencoded") return MAX_FORM_BYTES;
  if (type === "multipart/form-data") return UPLOAD_PAGES.find((u) => u.path.test(path))?.maxBytes ?? null;
  return null;
}

export function checkRequestBodies(): RequestHandler {
  return (req, res, next) => {
    if (READS.has(req.method)) return next();
    if (isStreamingUpload(req.get("content-type"), req.path)) return next();
    const limit = bodyLimit(req.get("content-type"), req.path);
    if (limit === null) return refuse(res, 400, NOT_A_FORM_MESSAGE);
    const declared = req.get("content-length");
    // Node reads exactly the declared length, so the header is enough to go on.
    if (declared !== undefined) return Number(declared) > limit ? refuse(res, 413, TOO_LARGE_MESSAGE) : next();
    // Neither a length nor chunks: no body at all.
    if (req.get("transfer-encoding") === undefined) return next();
    holdBodyUntilComplete(req, limit, () => next(), () => refuse(res, 413, TOO_LARGE_MESSAGE));
  };
}

// After a refusal Node reads and discards the rest of the body, keeping the connection, so the
// client is sure to see the answer (closing on a client still sending can lose it).
function refuse(res: Response, status: 400 | 413, message: string) {
  res.status(status).type("text/plain").send(message);
}

/**
 * A body sent in chunks, with no length given, is held back from the page until it has all
 * arrived, counted as it comes; past `limit`, `onTooLarge` is called instead and the rest thrown
 * away. Node's HTTP parser gives the request its body through `push`, so that is where it is
 * held: once complete, the chunks are pushed on in order and the page reads the request as if
 * nothing had happened.
 */
function holdBodyUntilComplete(req: IncomingMessage, limit: number, onComplete: () => void, onTooLarge: () => void) {
  // Anything the parser delivered before this point is already in the request's buffer.
  let size = req.readableLength;
  if (req.complete) return size > limit ? onTooLarge() : onComplete();
  const push = req.push;
  const held: Buffer[] = [];
  req.push = (chunk: Buffer | null) => {
    if (chunk === null) {
      req.push = push;
      for (const piece of held) push.call(req, piece);
      const result = push.call(req, null);
      onComplete();
      return result;
    }
    size += chunk.length;
    if (size > limit) {
      req.push = push;
      held.length = 0;
      onTooLarge();
      return true;
    }
    held.push(chunk);
    return true;
  };
}
