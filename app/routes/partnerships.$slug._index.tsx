import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useRouteError } from "@remix-run/react";
import { requirePartnershipAccess } from "~/access/partnership-access.server";
import { can, ROLE_LABELS } from "~/auth/permissions";
import { ErrorPage } from "~/components/ErrorPage";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.partnership.name ?? "Partnership"} – Safeguarding self-assessment` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  // A DSL or signatory works from their setting's home instead.
  const { user, partnership } = await requirePartnershipAccess(request, params, "partnership.view");
  const scope = { partnershipId: partnership.id };
  const roles = user.grants.filter((g) => g.partnershipId === partnership.id && g.settingId === null).map((g) => ROLE_LABELS[g.role]);
  const base = `/partnerships/${partnership.slug}`;
  const links = [
    { href: `${base}/settings`, text: "Settings register", hint: "The schools, colleges and agencies the partnership audits", permission: "register.view" as const },
    { href: `${base}/returns`, text: "Returns", hint: "Every setting's return for each audit cycle, and the submitted versions", permission: "returns.viewSubmitted" as const },
    { href: `${base}/moderation`, text: "Moderation", hint: "The panel's sample, assignments, workload and calibration", permission: "moderation.read" as const },
    { href: `${base}/actions`, text: "Outstanding actions", hint: "Every setting's actions still to be done, by theme, and how many settings finished their last plan", permission: "actions.viewOutstanding" as const },
    { href: `${base}/findings`, text: "Findings", hint: "Each audit cycle's aggregate figures, by type of setting, with charts, year on year, and the workbook to download", permission: "findings.view" as const },
    { href: `${base}/cycles`, text: "Audit cycles", hint: "Create, open and close cycles, invite settings, extend due dates, reopen returns, chase non-submitters", permission: "partnership.admin" as const },
    { href: `${base}/audit`, text: "Audit log", hint: "Who did what and when: invitations, roles, cycles, reopened returns, imports", permission: "partnership.admin" as const },
    { href: `${base}/people`, text: "People and roles", hint: "Invite people, change their roles and end their sessions", permission: "users.manage" as const },
    { href: `${base}/frameworks`, text: "Frameworks", hint: "The standards settings assess themselves against: new versions, editing, publishing, JSON files", permission: "partnership.admin" as const },
  ]
    .filter((l) => can(user.grants, l.permission, scope))
    .map(({ href, text, hint }) => ({ href, text, hint }));
  return { partnership: { name: partnership.name }, roles, links };
}

export default function PartnershipHome() {
  const { partnership, roles, links } = useLoaderData<typeof loader>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <span className="govuk-caption-l">{roles.join(", ")}</span>
        <h1 className="govuk-heading-l">{partnership.name}</h1>
        <ul className="govuk-list govuk-list--spaced">
          {links.map((l) => (
            <li key={l.href}>
              <Link className="govuk-link govuk-!-font-weight-bold" to={l.href}>
                {l.text}
              </Link>
              <br />
              <span className="govuk-body-s">{l.hint}</span>
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}

export function ErrorBoundary() {
  return <ErrorPage error={useRouteError()} />;
}
