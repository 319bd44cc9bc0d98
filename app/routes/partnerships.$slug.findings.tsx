import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useRouteError } from "@remix-run/react";
import { requirePartnershipAccess } from "~/access/partnership-access.server";
import { BackLink } from "~/components/BackLink";
import { BarChart } from "~/components/BarChart";
import { Button } from "~/components/Button";
import { ErrorPage } from "~/components/ErrorPage";
import { ErrorSummary } from "~/components/ErrorSummary";
import { Select } from "~/components/Select";
import { Table } from "~/components/Table";
import { formatDate, formatDateTime } from "~/dates";
import { getDb } from "~/db.server";
import { RATING_COLUMNS, RATING_COLUMN_LABELS, SHEETS, figureText, fraction, parseFindingsSearch, percentText, searchOfFindings } from "~/domain/findings";
import { findingsPage, headlineList, loadFindingsCycle } from "~/domain/findings.server";
import { listCycles } from "~/domain/cycles.server";
import { RATING_LABELS } from "~/domain/ratings";
import { cycleIsOpen } from "~/domain/return-lifecycle";
import { RETURN_STATUS } from "~/domain/return-status";
import { SETTING_TYPES, SETTING_TYPE_LABELS, STATUTORY_BASES } from "~/domain/setting-types";

export const meta: MetaFunction = () => [{ title: "Findings – Safeguarding self-assessment" }];

/** The page lists this many non-submitters and moved ratings; the workbook has them all. */
const SHOWN = 200;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { partnership } = await requirePartnershipAccess(request, params, "findings.view");
  const db = await getDb();
  const cycles = await listCycles(db, partnership.id);
  const parsed = parseFindingsSearch(new URL(request.url).searchParams);
  const base = {
    partnership: { name: partnership.name, slug: partnership.slug },
    cycles: cycles.map((c) => ({ value: c.id, text: c.name })),
  };
  if (!parsed.ok) return data({ ...base, problems: parsed.problems, findings: null }, { status: 400 });
  const chosen = parsed.cycleId ? cycles.find((c) => c.id === parsed.cycleId) : (cycles.find(cycleIsOpen) ?? cycles[0]);
  if (parsed.cycleId && !chosen) throw new Response("Not found", { status: 404 });
  if (!chosen) return data({ ...base, problems: [], findings: null });
  const cycle = (await loadFindingsCycle(db, partnership.id, chosen.id))!;
  const filters = parsed.filters;
  const { findings, chasing, moved } = await findingsPage(db, cycle, filters, SHOWN);
  const search = searchOfFindings(cycle.id, filters);
  return data({
    ...base,
    problems: [],
    findings: {
      ...findings,
      headlineList: headlineList(findings.headline),
      previousList: findings.previous ? headlineList(findings.previous.headline) : null,
      nonSubmitters: chasing,
      moved,
      workbookHref: `/partnerships/${partnership.slug}/findings.xlsx${search}`,
      csvHrefs: SHEETS.map((s) => ({ name: s.name, href: `/partnerships/${partnership.slug}/findings.csv${search}&sheet=${s.key}` })),
    },
  });
}

const count = (n: number) => n.toLocaleString("en-GB");

export default function FindingsPage() {
  const d = useLoaderData<typeof loader>();
  const f = d.findings;
  const problems = d.problems;
  return (
    <div className="app-findings">
      <BackLink href={`/partnerships/${d.partnership.slug}`} text={`Back to ${d.partnership.name}`} />
      <ErrorSummary errorList={problems.map((p) => ({ text: p.text, href: `#${p.field}` }))} />
      <h1 className="govuk-heading-l">Findings{f ? `: ${f.cycle.name}` : ""}</h1>
      <Form method="get" className="app-findings-filters govuk-!-margin-bottom-6">
        <div className="govuk-grid-row">
          <div className="govuk-grid-column-one-third">
            <Select id="cycle" name="cycle" label={{ text: "Audit cycle" }} value={f?.cycle.id ?? ""} items={d.cycles} errorMessage={problemOf(problems, "cycle")} />
          </div>
          <div className="govuk-grid-column-one-third">
            <Select
              id="type"
              name="type"
              label={{ text: "Type of setting" }}
              value={f?.filters.settingType ?? ""}
              items={[{ value: "", text: "Any type" }, ...SETTING_TYPES.map((t) => ({ value: t, text: SETTING_TYPE_LABELS[t] }))]}
              errorMessage={problemOf(problems, "type")}
            />
          </div>
          <div className="govuk-grid-column-one-third">
            <Select
              id="basis"
              name="basis"
              label={{ text: "Statutory basis" }}
              value={f?.filters.basis ?? ""}
              items={[{ value: "", text: "Any basis" }, ...STATUTORY_BASES.map((b) => ({ value: b, text: b }))]}
              errorMessage={problemOf(problems, "basis")}
            />
          </div>
        </div>
        <Button classes="govuk-button--secondary">Show findings</Button>
      </Form>

      {!f ? (
        <p className="govuk-body">{problems.length ? "Choose from the lists to see the findings." : "There are no audit cycles yet."}</p>
      ) : (
        <>
          <p className="govuk-body">
            {f.filters.settingType || f.filters.basis
              ? `Only ${[f.filters.settingType ? SETTING_TYPE_LABELS[f.filters.settingType] : null, f.filters.basis].filter(Boolean).join(", ")} settings.`
              : "All settings invited to the cycle."}{" "}
            {f.previous ? `Compared with ${f.previous.cycle.name}, the previous cycle of the same kind.` : "There is no earlier cycle of the same kind to compare with."}
          </p>
          <div className="app-findings-downloads">
            <p className="govuk-body">
              <a className="govuk-link" href={f.workbookHref} download data-testid="workbook-link">
                Download the workbook (.xlsx)
              </a>
            </p>
            <details className="govuk-details">
              <summary className="govuk-details__summary">
                <span className="govuk-details__summary-text">Each sheet as CSV</span>
              </summary>
              <div className="govuk-details__text">
                <ul className="govuk-list">
                  {f.csvHrefs.map((c) => (
                    <li key={c.href}>
                      <a className="govuk-link" href={c.href} download>
                        {c.name} (CSV)
                      </a>
                    </li>
                  ))}
                </ul>
              </div>
            </details>
          </div>

          <table className="govuk-table" data-testid="headline">
            <caption className="govuk-table__caption govuk-table__caption--m">Headline figures</caption>
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                <th scope="col" className="govuk-table__header">Figure</th>
                <th scope="col" className="govuk-table__header">{f.cycle.name}</th>
                <th scope="col" className="govuk-table__header">{f.previous ? f.previous.cycle.name : "Previous cycle"}</th>
                <th scope="col" className="govuk-table__header">Definition</th>
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {f.headlineList.map((x, i) => {
                const p = f.previousList?.[i];
                return (
                  <tr className="govuk-table__row" key={x.key} data-figure={x.key}>
                    <th scope="row" className="govuk-table__header">{x.label}</th>
                    <td className="govuk-table__cell" data-testid={`figure-${x.key}`}>{figureText(x)}</td>
                    <td className="govuk-table__cell">{p ? figureText(p) : "–"}</td>
                    <td className="govuk-table__cell">{x.definition}</td>
                  </tr>
                );
              })}
              <tr className="govuk-table__row">
                <th scope="row" className="govuk-table__header">Outstanding actions</th>
                <td className="govuk-table__cell" data-testid="figure-outstandingActions">{count(f.headline.outstandingActions)}</td>
                <td className="govuk-table__cell">{f.previous ? count(f.previous.headline.outstandingActions) : "–"}</td>
                <td className="govuk-table__cell">Actions of the invited settings not started or in progress, as things stand today.</td>
              </tr>
            </tbody>
          </table>

          <h2 className="govuk-heading-m">Participation</h2>
          <BarChart
            title="Participation by type of setting"
            description="Horizontal bars: the share of invited settings of each type that submitted. The table below gives the numbers."
            bars={f.participation.byType.map((r) => ({ label: r.label, value: fraction(r.submitted, r.invited), text: figureText({ numerator: r.submitted, denominator: r.invited }) }))}
          />
          <Table
            caption="Participation by type of setting and statutory basis"
            captionClasses="govuk-table__caption--s"
            head={["Group", "Invited", "Submitted", "Participation"]}
            rows={[
              ...f.participation.byType.map((r) => [r.label, count(r.invited), count(r.submitted), percentText(r.submitted, r.invited)]),
              ...f.participation.byBasis.map((r) => [`Basis ${r.label}`, count(r.invited), count(r.submitted), percentText(r.submitted, r.invited)]),
            ]}
          />

          <h2 className="govuk-heading-m">Outstanding actions by theme</h2>
          <BarChart
            title="Outstanding actions by theme"
            description="Horizontal bars: each theme's share of the outstanding actions. The table below gives the numbers."
            bars={f.themes.map((t) => ({ label: t.label, value: fraction(t.actions, f.headline.outstandingActions), text: `${count(t.actions)} (${percentText(t.actions, f.headline.outstandingActions)})` }))}
          />
          <Table
            caption="Outstanding actions by theme"
            captionClasses="govuk-table__caption--s"
            head={["Theme", "Outstanding actions", "Settings", "Share"]}
            rows={f.themes.map((t) => [t.label, count(t.actions), count(t.settings), percentText(t.actions, f.headline.outstandingActions)])}
          />

          <h2 className="govuk-heading-m">Ratings by standard</h2>
          <p className="govuk-body">Self-assessed: the latest submitted version of each return. Moderated: the panel&apos;s rating of the moderated returns (its revised rating, or the setting&apos;s where it agreed).</p>
          <div className="app-table-scroll">
            <Table
              caption="Self-assessed and moderated ratings by standard"
              captionClasses="govuk-table__caption--s"
              head={["Standard", "Ratings", ...RATING_COLUMNS.map((c) => RATING_COLUMN_LABELS[c]), "Met or exceeded", f.previous ? `Met or exceeded in ${f.previous.cycle.name}` : "Previous cycle"]}
              rows={f.standards.flatMap((s) => {
                const prev = f.previous?.standards.find((p) => p.framework === s.framework && p.code === s.code);
                return [
                  [`${s.framework === "agency" ? "Agency " : ""}${s.code} ${s.title}`, "Self-assessed", ...RATING_COLUMNS.map((c) => count(s.self[c])), percentText(s.self.met + s.self.exceeds, s.selfTotal), prev ? percentText(prev.self.met + prev.self.exceeds, prev.selfTotal) : "–"],
                  [`${s.framework === "agency" ? "Agency " : ""}${s.code} moderated`, "Moderated", ...RATING_COLUMNS.map((c) => count(s.moderated[c])), percentText(s.moderated.met + s.moderated.exceeds, s.moderatedTotal), ""],
                ];
              })}
            />
          </div>

          <h2 className="govuk-heading-m">Inflation index</h2>
          <p className="govuk-body">Of the self-ratings the panel moderated, the share it lowered (and raised), standards ranked by the share lowered.</p>
          <BarChart
            title="Share of moderated self-ratings the panel lowered, by standard"
            description="Horizontal bars, highest first: the share of each standard's moderated self-ratings that the panel lowered. The table below gives the numbers."
            bars={f.inflation.filter((s) => s.judged > 0).slice(0, 15).map((s) => ({ label: `${s.framework === "agency" ? "Agency " : ""}${s.code}`, value: fraction(s.lowered, s.judged), text: figureText({ numerator: s.lowered, denominator: s.judged }) }))}
          />
          <Table
            caption="Inflation index by standard"
            captionClasses="govuk-table__caption--s"
            head={["Standard", "Rank", "Moderated self-ratings", "Lowered", "Raised"]}
            rows={f.inflation.map((s, i) => [
              `${s.framework === "agency" ? "Agency " : ""}${s.code} ${s.title}`,
              String(i + 1),
              count(s.judged),
              `${count(s.lowered)} (${percentText(s.lowered, s.judged)})`,
              `${count(s.raised)} (${percentText(s.raised, s.judged)})`,
            ])}
          />

          <h2 className="govuk-heading-m">Ratings that moved since the previous cycle</h2>
          {!f.moved ? (
            <p className="govuk-body">There is no earlier cycle of the same kind.</p>
          ) : f.moved.rows.length === 0 ? (
            <p className="govuk-body">No setting&apos;s rating of a standard moved.</p>
          ) : (
            <>
              <p className="govuk-body" data-testid="moved-count">
                {f.moved.more
                  ? `The first ${count(f.moved.rows.length)} ratings that moved, by setting; the Returns sheet of the workbook has every rating of both cycles' settings.`
                  : `${count(f.moved.rows.length)} ${f.moved.rows.length === 1 ? "rating" : "ratings"} moved.`}
              </p>
              <Table
                caption="Ratings that moved, by setting"
                captionClasses="govuk-table__caption--s"
                head={["Setting", "Standard", f.previous?.cycle.name ?? "Before", f.cycle.name]}
                rows={f.moved.rows.map((m) => [m.settingName, `${m.framework === "agency" ? "Agency " : ""}${m.code}`, m.before ? RATING_LABELS[m.before] : "No rating", m.after ? RATING_LABELS[m.after] : "No rating"])}
              />
            </>
          )}

          <h2 className="govuk-heading-m">Settings that have not submitted</h2>
          {!f.nonSubmitters.remindersRecorded ? (
            <p className="govuk-body">Reminders about returns are not recorded by this installation yet; reminders about overdue actions are shown.</p>
          ) : null}
          {f.nonSubmitters.total === 0 ? (
            <p className="govuk-body">Every invited setting has submitted.</p>
          ) : (
            <>
              <p className="govuk-body" data-testid="non-submitter-count">
                {`${count(f.nonSubmitters.total)} ${f.nonSubmitters.total === 1 ? "setting has" : "settings have"} not submitted` +
                  (f.nonSubmitters.total > f.nonSubmitters.rows.length ? `; the first ${count(f.nonSubmitters.rows.length)} are shown, and the workbook has them all.` : ".")}
              </p>
              <Table
                caption="Non-submitters, for chasing"
                captionClasses="govuk-table__caption--s"
                head={["Setting", "Status", "Due", "DSL", "Reminders sent"]}
                rows={f.nonSubmitters.rows.map((r) => [
                  r.settingName,
                  RETURN_STATUS[r.status as keyof typeof RETURN_STATUS]?.text ?? r.status,
                  formatDate(r.dueOn),
                  r.dsls.length === 0 ? (
                    "No DSL"
                  ) : (
                    <ul key="dsl" className="govuk-list">
                      {r.dsls.map((p) => (
                        <li key={p.email}>
                          {`${p.name}, `}
                          <a className="govuk-link" href={`mailto:${p.email}`}>
                            {p.email}
                          </a>
                        </li>
                      ))}
                    </ul>
                  ),
                  [
                    r.cycleReminders
                      ? `${count(r.cycleReminders.count)} about the return${r.cycleReminders.lastSentAt ? `, last ${formatDateTime(r.cycleReminders.lastSentAt)}` : ""}`
                      : null,
                    `${count(r.actionReminders)} about overdue actions`,
                  ]
                    .filter(Boolean)
                    .join("; "),
                ])}
              />
            </>
          )}
          <p className="govuk-body">
            <Link className="govuk-link" to={`/partnerships/${d.partnership.slug}/actions`}>
              Outstanding actions, setting by setting
            </Link>
          </p>
        </>
      )}
    </div>
  );
}

function problemOf(problems: { field: string; text: string }[], field: string) {
  const p = problems.find((x) => x.field === field);
  return p?.text;
}

export function ErrorBoundary() {
  return <ErrorPage error={useRouteError()} />;
}
