// The development email pages list every sign-in link without asking who is looking, so they
// answer only when the configuration allows them (file email, a local BASE_URL) and the request
// itself came from this computer: a portal left on its default address but reachable from the
// network still shows them to nobody else.
import { getConfig, isLoopbackHost } from "../env.server";

export function devEmailPageOpen(request: Request): boolean {
  // Set by our HTTP server from the socket (or the trusted proxy hops), never by the client.
  const client = request.headers.get("x-portal-client-address");
  return getConfig().mail.devPage && Boolean(client) && isLoopbackHost(client ?? "");
}

export function requireDevEmailPage(request: Request): void {
  if (!devEmailPageOpen(request)) throw new Response("Not found", { status: 404 });
}
