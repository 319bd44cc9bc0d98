import type { HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useRouteError } from "@remix-run/react";
import { EmailStatusTag } from "~/components/EmailStatusTag";
import { ErrorPage } from "~/components/ErrorPage";
import { SummaryList } from "~/components/SummaryList";
import { WarningText } from "~/components/WarningText";
import { getDb } from "~/db.server";
import { findLinks, getOutboxMessage } from "~/domain/dev-emails.server";
import { getConfig } from "~/env.server";
import { requireDevEmailPage } from "~/http/dev-email-page.server";
import { formatDateTime } from "../../emails/layout";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.email.subject ?? "Email"} – Emails sent (development) – Safeguarding self-assessment` },
];

// The message holds a sign-in link: never cached, never passed on in a Referer.
export const headers: HeadersFunction = () => ({ "Referrer-Policy": "no-referrer", "Cache-Control": "no-store" });

export async function loader({ request, params }: LoaderFunctionArgs) {
  // No sign-in here, so the page must not exist at all unless email only ever goes to local files.
  requireDevEmailPage(request);
  const row = await getOutboxMessage(await getDb(), params.id ?? "");
  if (!row) throw new Response("Not found", { status: 404 });
  return {
    email: {
      from: getConfig().mail.from,
      to: row.toAddress,
      subject: row.subject,
      template: row.template,
      status: row.status,
      attempts: row.attempts,
      lastError: row.lastError,
      created: formatDateTime(row.createdAt),
      sent: row.sentAt ? formatDateTime(row.sentAt) : null,
      text: row.textBody,
      html: row.htmlBody,
    },
    links: findLinks(row.textBody),
  };
}

export default function DevEmail() {
  const { email, links } = useLoaderData<typeof loader>();
  return (
    <>
      <Link to="/dev/emails" className="govuk-back-link">
        Emails sent
      </Link>
      <WarningText>
        Development only: these pages show every email the service has written, sign-in links included, to anyone
        without signing in. They exist only while email is written to local files (the demo and tests).
      </WarningText>
      <span className="govuk-caption-l">Email</span>
      <h1 className="govuk-heading-l">{email.subject}</h1>
      <SummaryList
        rows={[
          { key: "From", value: email.from },
          { key: "To", value: email.to },
          { key: "Subject", value: email.subject },
          { key: "Template", value: email.template },
          { key: "Status", value: <EmailStatusTag status={email.status} /> },
          { key: "Attempts", value: String(email.attempts) },
          ...(email.lastError ? [{ key: "Last error", value: email.lastError }] : []),
          { key: "Created", value: email.created },
          ...(email.sent ? [{ key: "Sent", value: email.sent }] : []),
        ]}
      />
      <h2 className="govuk-heading-m">Links in the email</h2>
      {links.length === 0 ? (
        <p className="govuk-body">This email has no links.</p>
      ) : (
        <ul className="govuk-list">
          {links.map((href) => (
            <li key={href}>
              <a className="govuk-link app-break-anywhere" href={href} rel="noreferrer">
                {href}
              </a>
            </li>
          ))}
        </ul>
      )}
      <h2 className="govuk-heading-m">Plain text</h2>
      <pre className="govuk-body govuk-inset-text app-break-anywhere app-pre-wrap">
        {email.text}
      </pre>
      <details className="govuk-details">
        <summary className="govuk-details__summary">
          <span className="govuk-details__summary-text">HTML version</span>
        </summary>
        <div className="govuk-details__text">
          {/* An empty sandbox: the message's HTML can run nothing and reach nothing. */}
          <iframe title={`HTML version of ${email.subject}`} sandbox="" srcDoc={email.html} className="app-email-frame" />
        </div>
      </details>
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage error={useRouteError()} />;
}
