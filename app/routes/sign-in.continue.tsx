import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { clientAddress, safeRedirectPath } from "~/auth/guards.server";
import { createSession, serializeSessionCookie } from "~/auth/sessions.server";
import { clearSignInLinkCookie, readSignInLinkCookie } from "~/auth/sign-in-link-cookie.server";
import { checkSignInToken, consumeSignInToken, type TokenState } from "~/auth/sign-in.server";
import { recordAudit } from "~/accounts/audit.server";
import { Button } from "~/components/Button";
import { getDb } from "~/db.server";

export const meta: MetaFunction = () => [{ title: "Sign in – Safeguarding self-assessment" }];

// The token never reaches this page's address (sign-in.$token moves it into a cookie, with
// no-referrer), so there is nothing here to leak to another site. "no-referrer" would be wrong:
// Chromium then sends "Origin: null" with the Continue form, which the server's check on where a
// change comes from must refuse.
export const headers: HeadersFunction = () => ({ "Referrer-Policy": "same-origin", "Cache-Control": "no-store" });

export async function loader({ request }: LoaderFunctionArgs) {
  const token = readSignInLinkCookie(request);
  return { state: token ? await checkSignInToken(await getDb(), token) : ("unknown" as TokenState) };
}

// Following the link shows a "Continue" button rather than signing in at once: email security
// scanners (Safe Links and the like) open links before people do, and would use up the link.
export async function action({ request }: ActionFunctionArgs) {
  const db = await getDb();
  const address = clientAddress(request);
  const result = await db.transaction(async (tx) => {
    const consumed = await consumeSignInToken(tx, readSignInLinkCookie(request), address);
    if (!consumed.ok) return consumed;
    // A fresh session id at every sign-in.
    const { token, session } = await createSession(tx, consumed.userId);
    await recordAudit(tx, { action: "sign_in.succeeded", actorUserId: consumed.userId, ipAddress: address });
    return { ...consumed, token, expiresAt: session.absoluteExpiresAt };
  });
  if (!result.ok) return data({ state: result.state }, { headers: { "Set-Cookie": clearSignInLinkCookie() } });
  const headers = new Headers();
  headers.append("Set-Cookie", serializeSessionCookie(result.token, result.expiresAt));
  headers.append("Set-Cookie", clearSignInLinkCookie());
  throw redirect(safeRedirectPath(result.redirectTo, "/home"), { headers });
}

const EXPLANATIONS: Record<Exclude<TokenState, "valid">, { title: string; body: string }> = {
  expired: {
    title: "This sign-in link has expired",
    body: "Sign-in links stop working after a few minutes, to keep your account safe.",
  },
  used: {
    title: "This sign-in link has already been used",
    body: "Each link works once. If you signed in with it already, you may still be signed in on that device.",
  },
  superseded: {
    title: "This sign-in link has been replaced",
    body: "You asked for a newer link, so this one no longer works. Use the link in the most recent email.",
  },
  unknown: {
    title: "This sign-in link is not valid",
    body: "Check you used the whole link from the email. Some email programs split long links over two lines.",
  },
};

export default function ContinueSignIn() {
  const loaded = useLoaderData<typeof loader>();
  const acted = useActionData<typeof action>();
  const state = acted?.state ?? loaded.state;
  if (state === "valid") {
    return (
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <h1 className="govuk-heading-l">Sign in</h1>
          <p className="govuk-body">Continue to sign in to the safeguarding self-assessment service.</p>
          <Form method="post">
            <Button>
              Continue
            </Button>
          </Form>
        </div>
      </div>
    );
  }
  const text = EXPLANATIONS[state];
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-l">{text.title}</h1>
        <p className="govuk-body">{text.body}</p>
        <p className="govuk-body">
          <Link className="govuk-link" to="/sign-in">
            Get a new sign-in link
          </Link>
        </p>
      </div>
    </div>
  );
}
