import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useLoaderData, useRouteError } from "@remix-run/react";
import { listAuditEvents } from "~/accounts/audit.server";
import { requirePartnershipAccess } from "~/access/partnership-access.server";
import { BackLink } from "~/components/BackLink";
import { Button } from "~/components/Button";
import { ErrorPage } from "~/components/ErrorPage";
import { Input } from "~/components/Input";
import { Table } from "~/components/Table";
import { getDb } from "~/db.server";
import { formatDateTime } from "~/dates";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Audit log – ${data?.partnership.name ?? "Partnership"} – Safeguarding self-assessment` }];

const SHOWN = 200;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { partnership } = await requirePartnershipAccess(request, params, "partnership.admin");
  const action = (new URL(request.url).searchParams.get("action") ?? "").trim().slice(0, 60);
  const events = await listAuditEvents(await getDb(), partnership.id, { limit: SHOWN, action: action || undefined });
  return {
    partnership: { name: partnership.name, slug: partnership.slug },
    action,
    events: events.map((e) => ({
      id: e.id,
      at: e.at.toISOString(),
      action: e.action,
      who: e.actorName ? `${e.actorName} (${e.actorEmail})` : "The service",
      about: e.entityType ? `${e.entityType} ${e.entityId ?? ""}`.trim() : "",
      // Each value on one line: what the event recorded, as it was recorded.
      detail: Object.entries(e.detail ?? {}).map(([k, v]) => `${k}: ${typeof v === "string" ? v : JSON.stringify(v)}`),
    })),
  };
}

export default function AuditLog() {
  const d = useLoaderData<typeof loader>();
  return (
    <>
      <BackLink href={`/partnerships/${d.partnership.slug}`} text={`Back to ${d.partnership.name}`} />
      <span className="govuk-caption-l">{d.partnership.name}</span>
      <h1 className="govuk-heading-l">Audit log</h1>
      <p className="govuk-body">
        Who did what, and when: the latest {SHOWN} events{d.action ? ` whose kind starts with “${d.action}”` : ""}, newest first. Each is written in the same
        transaction as the change it records.
      </p>
      <Form method="get">
        <Input id="action" name="action" label={{ text: "Kind of event", classes: "govuk-label--s" }} hint="The start of its name, like role., cycle. or return.reopened" defaultValue={d.action} classes="govuk-input--width-20" />
        <Button classes="govuk-button--secondary">Show events</Button>
      </Form>
      {d.events.length === 0 ? (
        <p className="govuk-body">No events.</p>
      ) : (
        <Table
          caption="Audit events, newest first"
          captionClasses="govuk-visually-hidden"
          head={["When", "Who", "What", "Details"]}
          rows={d.events.map((e) => [
            formatDateTime(e.at),
            e.who,
            <span key="w">
              <code>{e.action}</code>
              {e.about ? <span className="govuk-body-s"> ({e.about})</span> : null}
            </span>,
            <ul key="d" className="govuk-list govuk-body-s">
              {e.detail.map((line, i) => (
                <li key={i}>{line}</li>
              ))}
            </ul>,
          ])}
        />
      )}
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage error={useRouteError()} />;
}
