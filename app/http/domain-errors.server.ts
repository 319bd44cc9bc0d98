// Where a domain refusal becomes the action's answer, for every action: "not found" is the 404
// page (a thing that does not exist, or is not theirs, is never revealed), anything else goes
// back to the page with its status and words for the error summary. Anything that is not a
// DomainError is a fault and is thrown on to the error boundary.
import { data } from "@remix-run/node";
import { DomainError } from "../errors";

export function refusal<T>(error: unknown, body: (refused: DomainError) => T) {
  if (!(error instanceof DomainError)) throw error;
  if (error.status === 404) throw new Response("Not found", { status: 404 });
  return data(body(error), { status: error.status });
}
