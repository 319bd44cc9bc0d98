import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useRouteError } from "@remix-run/react";
import { useEffect, useState } from "react";
import { backFromReturn, requireSubmittedReturnAccess } from "~/access/setting-access.server";
import { BackLink } from "~/components/BackLink";
import { Button } from "~/components/Button";
import { ErrorPage } from "~/components/ErrorPage";
import { InsetText } from "~/components/InsetText";
import { SummaryList } from "~/components/SummaryList";
import { Table } from "~/components/Table";
import { Tag, type TagColour } from "~/components/Tag";
import { getDb } from "~/db.server";
import { ACTION_STATUS_LABELS, THEME_LABELS } from "~/domain/action-themes";
import { RATING_LABELS } from "~/domain/ratings";
import { returnPath } from "~/domain/return-context.server";
import { findEarlierVersion, getVersion, listVersions, type SnapshotAnswer } from "~/domain/return-versions.server";
import { formatDate, formatDateTime } from "~/forms";
import type { Rating } from "../../db/schema";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  {
    title: data
      ? `Version ${data.number} – ${data.snapshot.settingName} – ${data.snapshot.cycleName} – Safeguarding self-assessment`
      : "Return version – Safeguarding self-assessment",
  },
];

const RATING_COLOURS: Record<Rating, TagColour> = {
  not_met: "red",
  partially_met: "yellow",
  met: "green",
  exceeds: "blue",
  not_applicable: "grey",
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireSubmittedReturnAccess(request, params);
  const { ctx } = access;
  const requested = params.number ?? "";
  const db = await getDb();
  const version = /^[1-9]\d{0,8}$/.test(requested) ? await getVersion(db, ctx, Number(requested)) : null;
  if (!version) throw new Response("Not found", { status: 404 });
  const versions = await listVersions(db, ctx);
  const earlier = await findEarlierVersion(db, ctx);
  const { snapshot } = version;
  const sections: { code: string; title: string; answers: SnapshotAnswer[] }[] = [];
  for (const answer of snapshot.answers) {
    let section = sections.find((s) => s.code === answer.sectionCode);
    if (!section) sections.push((section = { code: answer.sectionCode, title: answer.sectionTitle, answers: [] }));
    section.answers.push(answer);
  }
  return {
    base: returnPath(ctx),
    back: backFromReturn(access),
    number: version.number,
    submittedAt: version.submittedAt.toISOString(),
    submittedBy: versions.find((v) => v.number === version.number)?.submittedBy ?? null,
    snapshot: {
      settingName: snapshot.settingName,
      cycleName: snapshot.cycleName,
      frameworkTitle: snapshot.frameworkTitle,
      frameworkVersion: snapshot.frameworkVersion,
      actions: snapshot.actions,
      signOff: snapshot.signOff,
    },
    sections,
    versions: versions.map((v) => v.number),
    earlier: earlier ? { cycleName: earlier.snapshot.cycleName, number: earlier.number } : null,
  };
}

/** Only with JavaScript: without it the button could do nothing, and the browser's own print works. */
function PrintButton() {
  const [canPrint, setCanPrint] = useState(false);
  useEffect(() => setCanPrint(true), []);
  if (!canPrint) return null;
  return (
    <Button type="button" classes="govuk-button--secondary app-no-print" onClick={() => window.print()}>
      Print this page
    </Button>
  );
}

export default function ReturnVersion() {
  const page = useLoaderData<typeof loader>();
  const { snapshot } = page;
  const latest = page.versions.at(-1);
  const hasPrevious = page.versions.includes(page.number - 1);
  return (
    <>
      <BackLink href={page.back.href} text={page.back.text} />
      <span className="govuk-caption-l">
        {snapshot.settingName} – {snapshot.cycleName}
      </span>
      <h1 className="govuk-heading-l">Submitted return: version {page.number}</h1>
      {latest !== undefined && latest !== page.number ? (
        <InsetText>
          This is not the latest version.{" "}
          <Link className="govuk-link" to={`${page.base}/versions/${latest}`}>
            View version {latest}
          </Link>
        </InsetText>
      ) : null}
      <SummaryList
        rows={[
          {
            key: "Submitted",
            value: `${formatDateTime(page.submittedAt)}${page.submittedBy ? ` by ${page.submittedBy}` : ""}`,
          },
          {
            key: "Signed off by",
            value: snapshot.signOff.name
              ? `${snapshot.signOff.name}, ${snapshot.signOff.role}, on ${formatDateTime(snapshot.signOff.at)}`
              : "Not recorded",
          },
          { key: "Standards", value: `${snapshot.frameworkTitle} (version ${snapshot.frameworkVersion})` },
        ]}
      />
      <ul className="govuk-list app-no-print">
        {hasPrevious ? (
          <li>
            <Link className="govuk-link" to={`${page.base}/compare?compare=v${page.number}&with=v${page.number - 1}`}>
              Compare with version {page.number - 1}
            </Link>
          </li>
        ) : null}
        {page.earlier ? (
          <li>
            <Link className="govuk-link" to={`${page.base}/compare?compare=v${page.number}&with=earlier`}>
              Compare with the previous cycle&apos;s return ({page.earlier.cycleName}, version {page.earlier.number})
            </Link>
          </li>
        ) : null}
      </ul>
      <PrintButton />

      {page.sections.map((section) => (
        <section key={section.code} aria-labelledby={`section-${section.code}`} className="govuk-!-margin-top-6">
          <h2 className="govuk-heading-m" id={`section-${section.code}`}>
            {section.code}. {section.title}
          </h2>
          {section.answers.map((a) => (
            <div key={a.code} className="app-version-standard">
              <h3 className="govuk-heading-s">
                {a.code} {a.title}
              </h3>
              <SummaryList
                rows={[
                  {
                    key: "Rating",
                    value: a.rating ? (
                      <Tag text={RATING_LABELS[a.rating]} colour={RATING_COLOURS[a.rating]} />
                    ) : (
                      "Not rated"
                    ),
                  },
                  { key: "Evidence", value: <div className="app-multiline">{a.evidence || "No evidence given"}</div> },
                  ...(a.notes ? [{ key: "Notes", value: <div className="app-multiline">{a.notes}</div> }] : []),
                ]}
              />
            </div>
          ))}
        </section>
      ))}

      <h2 className="govuk-heading-m govuk-!-margin-top-6">Action plan</h2>
      {snapshot.actions.length === 0 ? (
        <p className="govuk-body">There were no actions in the plan.</p>
      ) : (
        <Table
          head={["Action", "Theme", "Owner", "Due date", "Status and update"]}
          rows={snapshot.actions.map((a) => [
            <>
              {a.description}
              {a.standardCode ? (
                <span className="govuk-body-s govuk-!-display-block">Standard {a.standardCode}</span>
              ) : null}
            </>,
            THEME_LABELS[a.theme],
            a.owner,
            a.dueOn ? formatDate(a.dueOn) : "None",
            <>
              {ACTION_STATUS_LABELS[a.status]}
              {a.update?.progressNote ? (
                <span className="govuk-!-display-block app-multiline">{a.update.progressNote}</span>
              ) : null}
              {a.update?.newDueOn ? (
                <span className="govuk-!-display-block">New due date: {formatDate(a.update.newDueOn)}</span>
              ) : null}
            </>,
          ])}
        />
      )}
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage error={useRouteError()} />;
}
