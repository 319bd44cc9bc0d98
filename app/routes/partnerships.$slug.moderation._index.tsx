import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useRouteError } from "@remix-run/react";
import { requirePartnershipAccess } from "~/access/partnership-access.server";
import { can } from "~/auth/permissions";
import { BackLink } from "~/components/BackLink";
import { Button } from "~/components/Button";
import { ErrorPage } from "~/components/ErrorPage";
import { Select } from "~/components/Select";
import { SummaryList } from "~/components/SummaryList";
import { Table } from "~/components/Table";
import { getDb } from "~/db.server";
import { listCycles } from "~/domain/cycles.server";
import { calibrationAgreement, challengeCounts, sampleProgress } from "~/domain/moderation/dashboard.server";
import { ASSIGNMENT_ROLE_LABELS, ASSIGNMENT_STATUS_LABELS } from "~/domain/moderation/labels";
import { assignmentsOf, panelWorkload } from "~/domain/moderation/panel.server";
import { moderationCycle } from "~/domain/moderation/samples.server";

export const meta: MetaFunction = () => [{ title: "Moderation panel – Safeguarding self-assessment" }];

const twoDecimals = (n: number) => n.toFixed(2);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, partnership } = await requirePartnershipAccess(request, params, "moderation.read");
  const db = await getDb();
  const scope = { partnershipId: partnership.id };
  const cycle = await moderationCycle(db, partnership.id, new URL(request.url).searchParams.get("cycle"));
  const cycles = await listCycles(db, partnership.id);
  const base = `/partnerships/${partnership.slug}/moderation`;
  const lead = can(user.grants, "moderation.lead", scope);
  const judge = can(user.grants, "moderation.judge", scope);
  if (!cycle) return { partnership: { name: partnership.name, slug: partnership.slug }, cycle: null, cycles: [], lead, judge, base, panel: null };
  const [progress, challenges, workload, agreement, mine] = await Promise.all([
    sampleProgress(db, partnership.id, cycle.id),
    challengeCounts(db, partnership.id, cycle.id),
    panelWorkload(db, partnership.id, cycle.id),
    calibrationAgreement(db, partnership.id, cycle.id),
    judge ? assignmentsOf(db, partnership.id, cycle.id, user.id) : Promise.resolve([]),
  ]);
  return {
    partnership: { name: partnership.name, slug: partnership.slug },
    cycle: { id: cycle.id, name: cycle.name },
    cycles: cycles.map((c) => ({ value: c.id, text: c.name })),
    lead,
    judge,
    base,
    panel: {
      progress,
      challenges,
      workload,
      agreement: {
        returns: agreement.returns,
        byStandard: agreement.byStandard.map((a) => ({
          standardCode: a.standardCode,
          pairs: a.pairs,
          percent: a.percentAgreement === null ? null : `${twoDecimals(a.percentAgreement)}%`,
          kappa: a.kappa === null ? null : twoDecimals(a.kappa),
          kappaReason: a.kappaReason,
        })),
      },
      mine: mine.map((m) => ({
        href: `${base}/reviews/${m.assignmentId}`,
        settingName: m.settingName,
        role: ASSIGNMENT_ROLE_LABELS[m.role],
        status: ASSIGNMENT_STATUS_LABELS[m.status],
      })),
    },
  };
}

export default function ModerationDashboard() {
  const d = useLoaderData<typeof loader>();
  return (
    <>
      <BackLink href={`/partnerships/${d.partnership.slug}`} text={`Back to ${d.partnership.name}`} />
      <span className="govuk-caption-l">{d.cycle?.name ?? d.partnership.name}</span>
      <h1 className="govuk-heading-l">Moderation panel</h1>
      {!d.cycle || !d.panel ? (
        <p className="govuk-body">There are no audit cycles yet.</p>
      ) : (
        <>
          {d.cycles.length > 1 ? (
            <Form method="get" className="govuk-!-margin-bottom-6">
              <Select id="cycle" name="cycle" label={{ text: "Audit cycle" }} items={d.cycles} value={d.cycle.id} />
              <Button classes="govuk-button--secondary">Show cycle</Button>
            </Form>
          ) : null}
          <ul className="govuk-list">
            {d.lead ? (
              <>
                <li>
                  <Link className="govuk-link" to={`${d.base}/sample?cycle=${d.cycle.id}`}>
                    {d.panel.progress.size === 0 ? "Draw the sample" : "The sample, and top-ups"}
                  </Link>
                </li>
                <li>
                  <Link className="govuk-link" to={`${d.base}/assign?cycle=${d.cycle.id}`}>
                    Assign returns
                  </Link>
                </li>
              </>
            ) : null}
            {d.judge ? (
              <li>
                <Link className="govuk-link" to={`${d.base}/conflicts`}>
                  Declare a conflict of interest
                </Link>
              </li>
            ) : null}
          </ul>

          {d.judge ? (
            <>
              <h2 className="govuk-heading-m">Your reviews</h2>
              {d.panel.mine.length === 0 ? (
                <p className="govuk-body">No returns have been assigned to you in this cycle.</p>
              ) : (
                <Table
                  head={["Setting", "Role", "Status"]}
                  rows={d.panel.mine.map((m) => [
                    <Link key="r" className="govuk-link" to={m.href}>
                      {m.settingName}
                    </Link>,
                    m.role,
                    m.status,
                  ])}
                />
              )}
            </>
          ) : null}

          <h2 className="govuk-heading-m">Sample progress</h2>
          {d.panel.progress.size === 0 ? (
            <p className="govuk-body">The sample for this cycle has not been drawn yet.</p>
          ) : (
            <SummaryList
              rows={[
                { key: "Returns in the sample", value: String(d.panel.progress.size) },
                { key: "Not yet assigned", value: String(d.panel.progress.unassigned) },
                { key: "Assigned, not started", value: String(d.panel.progress.assigned) },
                { key: "In review", value: String(d.panel.progress.inReview) },
                { key: "Awaiting the setting", value: String(d.panel.progress.awaitingSetting) },
                { key: "Done", value: String(d.panel.progress.done) },
              ]}
            />
          )}

          <h2 className="govuk-heading-m">Challenges</h2>
          <SummaryList
            rows={[
              { key: "Open challenges", value: String(d.panel.challenges.open) },
              { key: "Overdue (past their respond-by date)", value: String(d.panel.challenges.overdue) },
            ]}
          />

          <h2 className="govuk-heading-m">Workload</h2>
          {d.panel.workload.length === 0 ? (
            <p className="govuk-body">Nobody is on the moderation panel yet.</p>
          ) : (
            <Table
              head={["Panel member", "Assigned", "In review", "Completed"]}
              rows={d.panel.workload.map((w) => [w.name, String(w.assigned), String(w.inReview), String(w.completed)])}
            />
          )}

          <h2 className="govuk-heading-m">Calibration agreement</h2>
          {d.panel.agreement.byStandard.length === 0 ? (
            <p className="govuk-body">Not enough pairs yet: agreement shows once both reviews of a calibration return are completed.</p>
          ) : (
            <>
              <p className="govuk-body">
                From {d.panel.agreement.returns} calibration {d.panel.agreement.returns === 1 ? "return" : "returns"} reviewed twice. Kappa is Cohen&apos;s kappa: 1 is full agreement, 0 no better than chance.
              </p>
              <Table
                head={["Standard", "Pairs", "Agreement", "Kappa"]}
                rows={d.panel.agreement.byStandard.map((a) => [a.standardCode, String(a.pairs), a.percent ?? "", a.kappa ?? a.kappaReason ?? ""])}
              />
              {d.lead ? (
                <p className="govuk-body">
                  <Link className="govuk-link" to={`${d.base}/calibration?cycle=${d.cycle.id}`}>
                    Agree the judgements where a calibration pair differs
                  </Link>
                </p>
              ) : null}
            </>
          )}
        </>
      )}
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage error={useRouteError()} />;
}
