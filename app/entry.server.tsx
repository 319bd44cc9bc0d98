// Server rendering with a Content-Security-Policy nonce made for each response. The whole page is
// rendered before it is sent (the portal streams nothing out of order), so the status and headers
// are final when the first byte leaves.
import { PassThrough } from "node:stream";
import type { EntryContext, HandleDataRequestFunction, HandleErrorFunction } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { RemixServer, isRouteErrorResponse } from "@remix-run/react";
import { renderToPipeableStream } from "react-dom/server";
import { applyPageHeaders, createNonce } from "./http/security-headers.server";
import { NonceProvider } from "./nonce";

const ABORT_DELAY_MS = 5_000;

export default function handleRequest(request: Request, status: number, headers: Headers, remixContext: EntryContext) {
  const nonce = createNonce();
  return new Promise<Response>((resolve, reject) => {
    let failed = false;
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={nonce}>
        <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY_MS} nonce={nonce} />
      </NonceProvider>,
      {
        nonce,
        onAllReady() {
          const body = new PassThrough();
          headers.set("Content-Type", "text/html; charset=utf-8");
          applyPageHeaders(headers, nonce);
          resolve(new Response(createReadableStreamFromReadable(body), { headers, status: failed ? 500 : status }));
          pipe(body);
        },
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          failed = true;
          console.error(error);
        },
      },
    );
    setTimeout(abort, ABORT_DELAY_MS);
  });
}

export const handleDataRequest: HandleDataRequestFunction = (response) => {
  applyPageHeaders(response.headers);
  return response;
};

/**
 * What Remix reports to the log. It reports an address no route matches (404) and a post to a
 * page that takes none (405) as an error carrying Remix's own stack trace, which says nothing
 * about the portal: those get one line, `404 GET /path` (no query string: it may hold a token).
 * A guard's thrown 403 or 404 is never reported here (the audit log records refusals). Anything
 * else is a real error and is logged whole, with its stack.
 */
export const handleError: HandleErrorFunction = (error, { request }) => {
  if (request.signal.aborted) return;
  if (isRouteErrorResponse(error)) {
    console.warn(`${error.status} ${request.method} ${new URL(request.url).pathname}`);
    return;
  }
  console.error(error);
};
