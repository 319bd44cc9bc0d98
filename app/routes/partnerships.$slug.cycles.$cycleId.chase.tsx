import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useRouteError } from "@remix-run/react";
import { requirePartnershipAccess } from "~/access/partnership-access.server";
import { BackLink } from "~/components/BackLink";
import { Button } from "~/components/Button";
import { ErrorPage } from "~/components/ErrorPage";
import { ErrorSummary } from "~/components/ErrorSummary";
import { Table } from "~/components/Table";
import { getDb } from "~/db.server";
import { formatDate } from "~/dates";
import { chaseNonSubmitters, previewChase } from "~/domain/cycle-reminders.server";
import { refusal } from "~/http/domain-errors.server";
import { DomainError } from "~/errors";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Chase non-submitters – ${data?.cycle.name ?? "Audit cycle"} – Safeguarding self-assessment` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { partnership } = await requirePartnershipAccess(request, { slug: params.slug }, "partnership.admin");
  try {
    const { cycle, rows } = await previewChase(await getDb(), { partnershipId: partnership.id, cycleId: params.cycleId ?? "" });
    return { partnership: { name: partnership.name, slug: partnership.slug }, cycle: { id: cycle.id, name: cycle.name }, rows };
  } catch (error) {
    // Not found is the 404 page; a cycle that is not open says so on the error page.
    if (error instanceof DomainError) throw new Response(error.status === 404 ? "Not found" : error.message, { status: error.status });
    throw error;
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, partnership } = await requirePartnershipAccess(request, { slug: params.slug }, "partnership.admin");
  try {
    const result = await chaseNonSubmitters(await getDb(), { partnershipId: partnership.id, cycleId: params.cycleId ?? "", actorUserId: user.id });
    throw redirect(`/partnerships/${partnership.slug}/cycles/${params.cycleId}?chased=${result.reminded}`);
  } catch (error) {
    if (error instanceof Response) throw error;
    return refusal(error, (refused) => ({ error: refused.message }));
  }
}

export default function Chase() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<{ error: string }>();
  const toSend = d.rows.filter((r) => !r.chasedToday && r.recipients.length > 0);
  const emails = toSend.reduce((n, r) => n + r.recipients.length, 0);
  return (
    <>
      <BackLink href={`/partnerships/${d.partnership.slug}/cycles/${d.cycle.id}`} text={d.cycle.name} />
      <ErrorSummary errorList={result?.error ? [{ text: result.error, href: "#chase" }] : []} />
      <span className="govuk-caption-l">{d.cycle.name}</span>
      <h1 className="govuk-heading-l">Chase non-submitters</h1>
      {d.rows.length === 0 ? (
        <p className="govuk-body">Every invited setting has submitted. There is nobody to chase.</p>
      ) : (
        <>
          <p className="govuk-body">
            {toSend.length === 0
              ? "Nobody would be emailed: every setting below was chased today already, or has nobody who can sign in."
              : `We will email ${emails} ${emails === 1 ? "person" : "people"} at ${toSend.length} ${toSend.length === 1 ? "setting" : "settings"} that have not submitted: the DSL, and the signatory too where a return waits for sign-off. A setting is chased at most once a day.`}
          </p>
          <Table
            caption="Who will be emailed"
            captionClasses="govuk-heading-s"
            head={["Setting", "Return", "Due", "Emailed to"]}
            rows={d.rows.map((r) => [
              r.settingName,
              r.standing,
              formatDate(r.dueOn),
              r.chasedToday ? "Chased today already" : r.recipients.length ? r.recipients.join(", ") : "Nobody who can sign in: invite a DSL",
            ])}
          />
          {toSend.length > 0 ? (
            <Form method="post" id="chase">
              <Button>Send the reminders now</Button>
            </Form>
          ) : null}
        </>
      )}
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage error={useRouteError()} />;
}
