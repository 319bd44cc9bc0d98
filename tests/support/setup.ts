// Runs before every test file: tests never touch the developer's .data directory, and an
// unexpected console.error fails the test that printed it.
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, vi } from "vitest";

process.env.NODE_ENV = "test";
// Vite puts its own BASE_URL ("/") into the environment; the portal's means its public address.
process.env.BASE_URL = "http://localhost:3000";
process.env.PGLITE_DIR ??= "memory://";
process.env.EMAIL_WORKER = "false";
// Evidence documents a test (or the demo seed) stores go to a temporary directory of their own.
process.env.DOCUMENTS_DIR ??= path.join(os.tmpdir(), `portal-test-documents-${process.pid}`);

let errors: unknown[][] = [];
const original = console.error;

beforeEach(() => {
  errors = [];
  vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => {
    errors.push(args);
  });
});

afterEach(() => {
  (console.error as unknown as { mockRestore?: () => void }).mockRestore?.();
  console.error = original;
  if (errors.length > 0) {
    const first = errors[0].map((a) => (a instanceof Error ? a.stack : String(a))).join(" ");
    errors = [];
    throw new Error(`Unexpected console.error during the test: ${first}`);
  }
});

/** For a test that expects an error to be logged: returns and clears what was logged. */
export function takeConsoleErrors(): unknown[][] {
  const taken = errors;
  errors = [];
  return taken;
}
