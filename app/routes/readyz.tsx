// Readiness: the database answers. A load balancer stops sending requests here (503) while it
// does not, and sends them again once it does, without the process being restarted.
import { getDb, ping } from "~/db.server";

/** Longer than a healthy ping ever takes; short enough for a probe that runs every few seconds. */
const DATABASE_TIMEOUT_MS = 3_000;

const headers = { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" };

export async function loader() {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${DATABASE_TIMEOUT_MS / 1000} s`)), DATABASE_TIMEOUT_MS);
    });
    await Promise.race([getDb().then(ping), timeout]);
    return new Response("ready", { headers });
  } catch (error) {
    // Said in the log for whoever looks after the server; the probe only needs the status.
    console.error(`readyz: the database did not answer: ${error instanceof Error ? error.message : String(error)}`);
    return new Response("not ready: the database did not answer", { status: 503, headers });
  } finally {
    clearTimeout(timer);
  }
}
