// Liveness: the process is up and Remix answers. It asks nothing of the database, so a slow or
// failing database never gets a healthy process restarted; readiness is /readyz. It is also the
// load benchmark's floor (`npm run bench:load`): a request through the framework that does nothing.
export function loader() {
  return new Response("ok", {
    headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
  });
}
