// Calling Remix loaders and actions directly. Guards and redirects are thrown Responses; a form
// that fails validation returns `data(...)` with a status.
import { expect } from "vitest";

/** The arguments Remix passes to a loader or action. */
export function routeArgs(request: Request, params: Record<string, string> = {}) {
  return { request, params, context: {} };
}

/** The Response a loader or action threw (a redirect, 403, 404); fails if it threw nothing or something else. */
export async function thrownResponse(promise: Promise<unknown>): Promise<Response> {
  let result: unknown;
  try {
    result = await promise;
  } catch (error) {
    if (error instanceof Response) return error;
    throw error;
  }
  throw new Error(`Expected the route to throw a Response, but it returned ${JSON.stringify(result)}`);
}

/** The path and query of a thrown redirect, after checking it is one. */
export async function thrownRedirect(promise: Promise<unknown>): Promise<string> {
  const response = await thrownResponse(promise);
  expect(response.status, "a redirect").toBe(302);
  return response.headers.get("Location") ?? "";
}

/** The payload and status of a `data(...)` result (the single-fetch DataWithResponseInit). */
export function dataResult<T>(result: unknown): { status: number; data: T } {
  const r = result as { type?: string; data: T; init: ResponseInit | null };
  expect(r?.type, "a data() result").toBe("DataWithResponseInit");
  return { status: r.init?.status ?? 200, data: r.data };
}
