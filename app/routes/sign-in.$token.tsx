import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { serializeSignInLinkCookie } from "~/auth/sign-in-link-cookie.server";

// The emailed link moves its token out of the address bar at once: into a short-lived cookie
// for this browser, then on to the "Continue" page. The token never appears in a Referer
// header, the browser's history of later pages, or a page that could be shared.
export async function loader({ params }: LoaderFunctionArgs) {
  throw redirect("/sign-in/continue", {
    headers: {
      "Set-Cookie": serializeSignInLinkCookie(params.token ?? ""),
      "Referrer-Policy": "no-referrer",
      "Cache-Control": "no-store",
    },
  });
}
