// One HTTP request can run several loaders (the root layout's and the page's, in parallel) and
// each asks who is signed in. The HTTP server runs every request inside its own scope, so the
// answer is worked out once and shared; outside a scope (a command, a test calling one loader)
// nothing is shared and each call works it out afresh.
import { AsyncLocalStorage } from "node:async_hooks";

// On globalThis: the HTTP server imports this module from source while the Remix build carries
// its own bundled copy, and both must use the same storage.
const globalForScope = globalThis as unknown as { __portalRequestScope?: AsyncLocalStorage<Map<string, Promise<unknown>>> };
const storage = (globalForScope.__portalRequestScope ??= new AsyncLocalStorage());

export function runInRequestScope<T>(fn: () => T): T {
  return storage.run(new Map(), fn);
}

/** The first caller's promise for `key` in this request, or a fresh one outside a request. */
export function oncePerRequest<T>(key: string, work: () => Promise<T>): Promise<T> {
  const store = storage.getStore();
  if (!store) return work();
  let pending = store.get(key) as Promise<T> | undefined;
  if (!pending) {
    pending = work();
    store.set(key, pending);
  }
  return pending;
}
