import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useLoaderData, useRouteError } from "@remix-run/react";
import { requireReturnAccess } from "~/access/setting-access.server";
import { ErrorPage } from "~/components/ErrorPage";
import { Panel } from "~/components/Panel";
import { getDb } from "~/db.server";
import { returnPath } from "~/domain/return-context.server";
import { getVersion, listVersions } from "~/domain/return-versions.server";
import { isOutstandingAction } from "~/domain/action-themes";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Return submitted – ${data?.settingName ?? "Return"} – Safeguarding self-assessment` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { ctx, may } = await requireReturnAccess(request, params, "setting.view");
  const requested = new URL(request.url).searchParams.get("version") ?? "";
  const db = await getDb();
  const version = /^[1-9]\d{0,8}$/.test(requested) ? await getVersion(db, ctx, Number(requested)) : null;
  if (!version) throw new Response("Not found", { status: 404 });
  // The confirmation is for the setting that submitted; a reader (an administrator) gets the version itself.
  if (!may.edit) throw redirect(`${returnPath(ctx)}/versions/${version.number}`);
  const { snapshot } = version;
  const submittedBy = (await listVersions(db, ctx)).find((v) => v.number === version.number)?.submittedBy ?? null;
  return {
    base: returnPath(ctx),
    settingHome: `/settings/${ctx.ret.settingId}`,
    settingName: snapshot.settingName,
    cycleName: snapshot.cycleName,
    number: version.number,
    signedOffBy: snapshot.signOff.name ? `${snapshot.signOff.name}${snapshot.signOff.role ? `, ${snapshot.signOff.role}` : ""}` : null,
    submittedBy,
    openActions: snapshot.actions.filter(isOutstandingAction).length,
  };
}

export default function Confirmation() {
  const page = useLoaderData<typeof loader>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Panel titleText="Return submitted">
          Version {page.number}
          <br />
          <strong>
            {page.settingName} – {page.cycleName}
          </strong>
        </Panel>
        {page.signedOffBy || page.submittedBy ? (
          <p className="govuk-body">
            {page.signedOffBy ? `Signed off by ${page.signedOffBy}. ` : ""}
            {page.submittedBy ? `Submitted by ${page.submittedBy}.` : ""}
          </p>
        ) : null}
        <p className="govuk-body">
          We have sent a receipt by email to {page.settingName}&apos;s designated safeguarding leads and signatories.
        </p>

        <h2 className="govuk-heading-m">What happens next</h2>
        {/* Only what the portal does today: moderation (samples, challenges) says more once it exists. */}
        <p className="govuk-body">
          Version {page.number} is kept as it was submitted: it cannot be changed. The partnership&apos;s administrators
          and moderation panel can read it.
        </p>

        <h2 className="govuk-heading-m">Your actions</h2>
        {page.openActions > 0 ? (
          <p className="govuk-body">
            Your action plan has {page.openActions === 1 ? "1 open action" : `${page.openActions} open actions`}. Carry
            on with {page.openActions === 1 ? "it" : "them"} during the year:{" "}
            {page.openActions === 1 ? "it carries" : "they carry"} into your next return, where you will be asked how{" "}
            {page.openActions === 1 ? "it has" : "they have"} progressed.
          </p>
        ) : (
          <p className="govuk-body">Your action plan has no open actions.</p>
        )}

        <ul className="govuk-list">
          <li>
            <Link className="govuk-link" to={`${page.base}/versions/${page.number}`}>
              View or print version {page.number} of your return
            </Link>
          </li>
          <li>
            <Link className="govuk-link" to={page.settingHome}>
              Go to {page.settingName}&apos;s home page
            </Link>
          </li>
        </ul>
      </div>
    </div>
  );
}

export function ErrorBoundary() {
  return <ErrorPage error={useRouteError()} />;
}
