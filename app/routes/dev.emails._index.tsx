import type { HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useRouteError } from "@remix-run/react";
import { EmailStatusTag } from "~/components/EmailStatusTag";
import { ErrorPage } from "~/components/ErrorPage";
import { Table } from "~/components/Table";
import { WarningText } from "~/components/WarningText";
import { getDb } from "~/db.server";
import { listOutbox } from "~/domain/dev-emails.server";
import { requireDevEmailPage } from "~/http/dev-email-page.server";
import { formatDateTime } from "../../emails/layout";

export const meta: MetaFunction = () => [{ title: "Emails sent (development) – Safeguarding self-assessment" }];

// The messages hold sign-in links: never cached, never passed on in a Referer.
export const headers: HeadersFunction = () => ({ "Referrer-Policy": "no-referrer", "Cache-Control": "no-store" });

export async function loader({ request }: LoaderFunctionArgs) {
  // No sign-in here, so the page must not exist at all unless email only ever goes to local files.
  requireDevEmailPage(request);
  const rows = await listOutbox(await getDb(), 200);
  return {
    emails: rows.map((r) => ({
      id: r.id,
      to: r.toAddress,
      subject: r.subject,
      template: r.template,
      status: r.status,
      createdAt: r.createdAt.toISOString(),
      created: formatDateTime(r.createdAt),
    })),
  };
}

export default function DevEmails() {
  const { emails } = useLoaderData<typeof loader>();
  return (
    <>
      <WarningText>
        Development only: these pages show every email the service has written, sign-in links included, to anyone
        without signing in. They exist only while email is written to local files (the demo and tests).
      </WarningText>
      <h1 className="govuk-heading-l">Emails sent</h1>
      {emails.length === 0 ? (
        <p className="govuk-body">No emails have been written yet.</p>
      ) : (
        <Table
          caption={<span className="govuk-visually-hidden">Emails, newest first</span>}
          head={["Subject", "To", "Template", "Status", "Created"]}
          rows={emails.map((e) => [
            <Link key="subject" className="govuk-link" to={`/dev/emails/${e.id}`}>
              {e.subject}
            </Link>,
            e.to,
            e.template,
            <EmailStatusTag key="status" status={e.status} />,
            <time key="created" dateTime={e.createdAt}>
              {e.created}
            </time>,
          ])}
        />
      )}
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage error={useRouteError()} />;
}
