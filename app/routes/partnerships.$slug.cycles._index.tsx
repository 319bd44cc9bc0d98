import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useRouteError } from "@remix-run/react";
import { requirePartnershipAccess } from "~/access/partnership-access.server";
import { BackLink } from "~/components/BackLink";
import { Button } from "~/components/Button";
import { ErrorPage } from "~/components/ErrorPage";
import { Table } from "~/components/Table";
import { Tag } from "~/components/Tag";
import { getDb } from "~/db.server";
import { formatDate } from "~/dates";
import { cycleProgress, progressSummary } from "~/domain/cycle-admin.server";
import { CYCLE_STATUS } from "~/domain/cycle-words";
import { listCycles } from "~/domain/cycles.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Audit cycles – ${data?.partnership.name ?? "Partnership"} – Safeguarding self-assessment` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { partnership } = await requirePartnershipAccess(request, params, "partnership.admin");
  const db = await getDb();
  const cycles = await listCycles(db, partnership.id);
  const rows = [];
  for (const c of cycles) {
    const p = progressSummary(await cycleProgress(db, c));
    rows.push({ id: c.id, name: c.name, kind: c.kind, status: c.status, opensOn: c.opensOn, dueOn: c.dueOn, invited: p.invited, submitted: p.submitted });
  }
  return { partnership: { name: partnership.name, slug: partnership.slug }, rows };
}

export default function Cycles() {
  const { partnership, rows } = useLoaderData<typeof loader>();
  const base = `/partnerships/${partnership.slug}/cycles`;
  return (
    <>
      <BackLink href={`/partnerships/${partnership.slug}`} text={`Back to ${partnership.name}`} />
      <span className="govuk-caption-l">{partnership.name}</span>
      <h1 className="govuk-heading-l">Audit cycles</h1>
      <p className="govuk-body">
        A full audit every two years, an interim update of outstanding actions in between. Create a cycle, check who it invites, then open it: its
        settings can start their returns and the reminders begin.
      </p>
      <Button href={`${base}/new`}>Create a cycle</Button>
      {rows.length === 0 ? (
        <p className="govuk-body">There are no audit cycles yet.</p>
      ) : (
        <Table
          caption="Cycles, newest first"
          head={["Cycle", "Kind", "Status", "Opens", "Due", "Submitted"]}
          rows={rows.map((r) => [
            <Link key="n" className="govuk-link" to={`${base}/${r.id}`}>
              {r.name}
            </Link>,
            r.kind === "full" ? "Full audit" : "Interim update",
            <Tag key="s" {...CYCLE_STATUS[r.status]} />,
            formatDate(r.opensOn),
            formatDate(r.dueOn),
            `${r.submitted} of ${r.invited}`,
          ])}
        />
      )}
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage error={useRouteError()} />;
}
