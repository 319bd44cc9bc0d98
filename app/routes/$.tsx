// Any address no other page answers: the root layout's "Page not found", logged as one line.
// Without this route Remix reports such an address as an error with its own stack trace, and
// React Router adds a warning quoting the address with its query string (which may hold a
// token); a thrown 404 is neither.
import type { LoaderFunctionArgs } from "@remix-run/node";

export function loader({ request }: LoaderFunctionArgs) {
  console.warn(`404 ${request.method} ${new URL(request.url).pathname}`);
  throw new Response("Not found", { status: 404 });
}

export default function NotFound() {
  // Never rendered: the loader always throws, and the root's error boundary shows the page.
  return null;
}
