import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getConfig } from "~/env.server";

export const meta: MetaFunction = () => [{ title: "Check your email – Safeguarding self-assessment" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const email = new URL(request.url).searchParams.get("email") ?? "";
  const { linkMinutes, limitPerAddress, windowMinutes } = getConfig().signIn;
  return { email: email.slice(0, 320), minutes: linkMinutes, limitPerAddress, windowMinutes };
}

export default function CheckEmail() {
  const { email, minutes, limitPerAddress, windowMinutes } = useLoaderData<typeof loader>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-l">Check your email</h1>
        <p className="govuk-body">
          If {email ? <strong>{email}</strong> : "the address you gave"} belongs to an account, we have sent it a link to
          sign in.
        </p>
        <p className="govuk-body">The link works once and stops working after {minutes} minutes.</p>
        <h2 className="govuk-heading-m">If you do not get an email</h2>
        <p className="govuk-body">Check your spam or junk folder. Emails can take a few minutes to arrive.</p>
        <p className="govuk-body">
          If you asked for more than one link, use the one in the most recent email: each new link stops the earlier
          ones working. To protect your inbox, once we have sent {limitPerAddress} links to an address in{" "}
          {windowMinutes} minutes, we send another only when the most recent one has been used or has stopped working.
        </p>
        <p className="govuk-body">
          <Link className="govuk-link" to="/sign-in">
            Ask for a new link
          </Link>{" "}
          or contact your partnership&apos;s business unit if you have not been invited yet.
        </p>
      </div>
    </div>
  );
}
