import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useRouteError } from "@remix-run/react";
import { requirePartnershipAccess } from "~/access/partnership-access.server";
import { can } from "~/auth/permissions";
import { BackLink } from "~/components/BackLink";
import { Button } from "~/components/Button";
import { ErrorPage } from "~/components/ErrorPage";
import { Select } from "~/components/Select";
import { Table } from "~/components/Table";
import { Tag } from "~/components/Tag";
import { getDb } from "~/db.server";
import { listCycleReturns, listCycles } from "~/domain/cycles.server";
import { RETURN_STATUS } from "~/domain/return-status";
import { SETTING_TYPE_LABELS } from "~/domain/setting-types";
import { cycleIsOpen } from "~/domain/return-lifecycle";

export const meta: MetaFunction = () => [{ title: "Returns – Safeguarding self-assessment" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, partnership } = await requirePartnershipAccess(request, params, "returns.viewSubmitted");
  const db = await getDb();
  const cycles = await listCycles(db, partnership.id);
  const wanted = new URL(request.url).searchParams.get("cycle");
  const cycle = cycles.find((c) => c.id === wanted) ?? cycles.find(cycleIsOpen) ?? cycles[0];
  const rows = cycle ? await listCycleReturns(db, partnership.id, cycle.id) : [];
  return {
    partnership: { name: partnership.name, slug: partnership.slug },
    cycles: cycles.map((c) => ({ value: c.id, text: c.name })),
    cycleId: cycle?.id ?? "",
    submitted: rows.filter((r) => r.latestVersion !== null).length,
    rows: rows.map((r) => ({
      ...r,
      typeLabel: SETTING_TYPE_LABELS[r.settingType],
      // Administrators may open the setting (drafts included); moderators read submitted versions only.
      settingHref: can(user.grants, "setting.view", { partnershipId: partnership.id, settingId: r.settingId }) ? `/settings/${r.settingId}` : null,
    })),
  };
}

export default function PartnershipReturns() {
  const d = useLoaderData<typeof loader>();
  return (
    <>
      <BackLink href={`/partnerships/${d.partnership.slug}`} text={`Back to ${d.partnership.name}`} />
      <h1 className="govuk-heading-l">Returns</h1>
      {d.cycles.length === 0 ? (
        <p className="govuk-body">There are no audit cycles yet.</p>
      ) : (
        <>
          <Form method="get" className="govuk-!-margin-bottom-6">
            <Select id="cycle" name="cycle" label={{ text: "Audit cycle" }} items={d.cycles} value={d.cycleId} />
            <Button classes="govuk-button--secondary">
              Show returns
            </Button>
          </Form>
          <p className="govuk-body">
            {d.submitted} of {d.rows.length} settings have submitted.
          </p>
          <Table
            head={["Setting", "Type", "Status", "Latest version"]}
            rows={d.rows.map((r) => [
              r.settingHref ? (
                <Link key="s" className="govuk-link" to={r.settingHref}>
                  {r.settingName}
                </Link>
              ) : (
                r.settingName
              ),
              `${r.typeLabel} (${r.basis})`,
              <Tag key="s" {...RETURN_STATUS[r.status]} />,
              r.latestVersion ? (
                <Link key="v" className="govuk-link" to={`/settings/${r.settingId}/returns/${r.returnId}/versions/${r.latestVersion}`}>
                  Version {r.latestVersion}
                  <span className="govuk-visually-hidden"> of {r.settingName}&apos;s return</span>
                </Link>
              ) : (
                "Not submitted"
              ),
            ])}
          />
        </>
      )}
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage error={useRouteError()} />;
}
