import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useRouteError } from "@remix-run/react";
import { requirePartnershipAccess } from "~/access/partnership-access.server";
import { can } from "~/auth/permissions";
import { BackLink } from "~/components/BackLink";
import { Button } from "~/components/Button";
import { Checkboxes } from "~/components/Checkboxes";
import { ErrorPage } from "~/components/ErrorPage";
import { Input } from "~/components/Input";
import { Select } from "~/components/Select";
import { Table } from "~/components/Table";
import { Tag } from "~/components/Tag";
import { londonIsoDate } from "~/dates";
import { getDb } from "~/db.server";
import { ACTION_SOURCE_LABELS, ACTION_STATUS_LABELS, THEMES, THEME_LABELS } from "~/domain/action-themes";
import { listCycles } from "~/domain/cycles.server";
import {
  completionShare,
  countsByTheme,
  filtersFromSearch,
  listOutstandingActions,
  searchOfFilters,
} from "~/domain/outstanding-actions.server";
import { cycleIsOpen } from "~/domain/return-lifecycle";
import { BASIS_LABELS, SETTING_TYPES, SETTING_TYPE_LABELS, STATUTORY_BASES } from "~/domain/setting-types";
import { formatDate } from "~/forms";

export const meta: MetaFunction = () => [{ title: "Outstanding actions – Safeguarding self-assessment" }];

/** The table shows this many; the CSV has them all. */
const SHOWN = 500;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, partnership } = await requirePartnershipAccess(request, params, "actions.viewOutstanding");
  const db = await getDb();
  const filters = filtersFromSearch(new URL(request.url).searchParams);
  const query = { partnershipId: partnership.id, filters, today: londonIsoDate() };
  const cycles = await listCycles(db, partnership.id);
  // The share is about one cycle's previous return: the one filtered by, else the open (or latest) one.
  const shareCycle = cycles.find((c) => c.id === filters.cycleId) ?? cycles.find(cycleIsOpen) ?? cycles[0];
  const [counts, rows, share] = await Promise.all([
    countsByTheme(db, query),
    listOutstandingActions(db, { ...query, limit: SHOWN }),
    shareCycle ? completionShare(db, { partnershipId: partnership.id, cycleId: shareCycle.id }) : null,
  ]);
  const base = `/partnerships/${partnership.slug}`;
  return {
    partnership: { name: partnership.name, slug: partnership.slug },
    filters,
    cycles: cycles.map((c) => ({ value: c.id, text: c.name })),
    counts,
    share: share && shareCycle ? { ...share, cycleName: shareCycle.name } : null,
    csvHref: `${base}/actions.csv${searchOfFilters(filters)}`,
    rows: rows.map((r) => ({
      ...r,
      // Each row leads to the setting's action plan: every action and its history, read-only here.
      settingHref: can(user.grants, "actionPlan.view", { partnershipId: partnership.id, settingId: r.settingId }) ? `/settings/${r.settingId}/actions` : null,
    })),
  };
}

const percent = (numerator: number, denominator: number) => Math.round((numerator / denominator) * 100);
const plural = (n: number, one: string, many: string) => `${n.toLocaleString("en-GB")} ${n === 1 ? one : many}`;

export default function OutstandingActions() {
  const d = useLoaderData<typeof loader>();
  const f = d.filters;
  const filtered = Object.values(f).some((v) => v !== undefined);
  return (
    <>
      <BackLink href={`/partnerships/${d.partnership.slug}`} text={`Back to ${d.partnership.name}`} />
      <h1 className="govuk-heading-l">Outstanding actions</h1>
      <p className="govuk-body">Actions in settings&apos; plans that are not started or in progress, across every setting.</p>

      <h2 className="govuk-heading-m">Completed from the previous return</h2>
      {d.share === null ? (
        <p className="govuk-body">There are no audit cycles yet.</p>
      ) : d.share.previousCycle === null ? (
        <p className="govuk-body">{d.share.cycleName} is the first audit cycle, so there is no previous return to compare.</p>
      ) : d.share.denominator === 0 ? (
        <p className="govuk-body">No setting planned an action in its {d.share.previousCycle.name} return.</p>
      ) : (
        <p className="govuk-body" data-testid="completion-share">
          {`${d.share.numerator} of ${plural(d.share.denominator, "setting", "settings")} (${percent(d.share.numerator, d.share.denominator)}%) ` +
            `completed every action from their previous return (${d.share.previousCycle.name}, before ${d.share.cycleName}).`}
        </p>
      )}

      <Form method="get" className="govuk-!-margin-bottom-6">
        <div className="govuk-grid-row">
          <div className="govuk-grid-column-one-half">
            <Select
              id="theme"
              name="theme"
              label={{ text: "Theme" }}
              value={f.theme ?? ""}
              items={[{ value: "", text: "Any theme" }, ...THEMES.map((t) => ({ value: t, text: THEME_LABELS[t] }))]}
            />
            <Select
              id="type"
              name="type"
              label={{ text: "Type of setting" }}
              value={f.settingType ?? ""}
              items={[{ value: "", text: "Any type" }, ...SETTING_TYPES.map((t) => ({ value: t, text: SETTING_TYPE_LABELS[t] }))]}
            />
            <Select
              id="basis"
              name="basis"
              label={{ text: "Statutory basis" }}
              value={f.basis ?? ""}
              items={[{ value: "", text: "Any basis" }, ...STATUTORY_BASES.map((b) => ({ value: b, text: BASIS_LABELS[b] }))]}
            />
          </div>
          <div className="govuk-grid-column-one-half">
            <Select
              id="cycle"
              name="cycle"
              label={{ text: "Audit cycle the action came from" }}
              value={f.cycleId ?? ""}
              items={[{ value: "", text: "Any cycle" }, ...d.cycles]}
            />
            <Select
              id="source"
              name="source"
              label={{ text: "Source" }}
              value={f.source ?? ""}
              items={[
                { value: "", text: "Any source" },
                ...Object.entries(ACTION_SOURCE_LABELS).map(([value, text]) => ({ value, text })),
              ]}
            />
            <Input id="q" name="q" label={{ text: "Description contains" }} hint="For example, governor training" defaultValue={f.q ?? ""} />
            <Checkboxes
              idPrefix="overdue"
              name="overdue"
              classes="govuk-checkboxes--small"
              items={[{ value: "yes", text: "Overdue only" }]}
              values={f.overdue ? ["yes"] : []}
            />
          </div>
        </div>
        <Button classes="govuk-button--secondary">Show actions</Button>{" "}
        {filtered ? (
          <Link className="govuk-link govuk-!-margin-left-3" to={`/partnerships/${d.partnership.slug}/actions`}>
            Clear filters
          </Link>
        ) : null}
      </Form>

      <p className="govuk-body govuk-!-font-weight-bold" data-testid="count">
        {`${plural(d.counts.actions, "outstanding action", "outstanding actions")} in ${plural(d.counts.settings, "setting", "settings")}` +
          `${filtered ? " match these filters" : ""}.`}
      </p>
      <p className="govuk-body">
        <a className="govuk-link" href={d.csvHref} download>
          Download as CSV
        </a>{" "}
        {`(${plural(d.counts.actions, "action", "actions")})`}
      </p>

      <Table
        caption="By theme"
        head={["Theme", "Outstanding actions", "Settings"]}
        rows={d.counts.byTheme.map((t) => [THEME_LABELS[t.theme], String(t.actions), String(t.settings)])}
      />

      {d.rows.length === 0 ? (
        <p className="govuk-body">No outstanding actions match.</p>
      ) : (
        <>
          {d.counts.actions > d.rows.length ? (
            <p className="govuk-body">
              Showing the first {d.rows.length.toLocaleString("en-GB")}. Download the CSV for all of them.
            </p>
          ) : null}
          <Table
            caption="Actions"
            head={["Setting", "Description", "Theme", "Due date", "Status", "Source"]}
            rows={d.rows.map((r) => [
              r.settingHref ? (
                <Link key="s" className="govuk-link" to={r.settingHref}>
                  {r.settingName}
                </Link>
              ) : (
                r.settingName
              ),
              r.description,
              THEME_LABELS[r.theme],
              <span key="d">
                {r.dueOn ? formatDate(r.dueOn) : "No due date"}
                {r.overdue ? (
                  <>
                    {" "}
                    <Tag text="Overdue" colour="red" />
                  </>
                ) : null}
              </span>,
              ACTION_STATUS_LABELS[r.status],
              ACTION_SOURCE_LABELS[r.source],
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
