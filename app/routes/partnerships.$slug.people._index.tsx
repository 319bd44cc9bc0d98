import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useRouteError } from "@remix-run/react";
import { requirePartnershipAccess } from "~/access/partnership-access.server";
import { ROLE_LABELS } from "~/auth/permissions";
import { Button } from "~/components/Button";
import { ErrorPage } from "~/components/ErrorPage";
import { NotificationBanner } from "~/components/NotificationBanner";
import { Table } from "~/components/Table";
import { Tag } from "~/components/Tag";
import { getDb } from "~/db.server";
import { listPeople } from "~/auth/people.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `People and roles – ${data?.partnership.name ?? "Partnership"} – Safeguarding self-assessment` },
];

/** The address named in a confirmation banner: only something shaped like an address is repeated back. */
function confirmedAddress(value: string | null): string | null {
  return value && value.length <= 320 && /^[^\s@]+@[^\s@]+$/.test(value) ? value : null;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { partnership } = await requirePartnershipAccess(request, params, "users.manage");
  const people = await listPeople(await getDb(), partnership.id);
  const search = new URL(request.url).searchParams;
  return {
    partnership: { name: partnership.name, slug: partnership.slug },
    invited: confirmedAddress(search.get("invited")),
    removed: confirmedAddress(search.get("removed")),
    people: people.map((p) => ({
      id: p.id,
      name: p.name,
      email: p.email,
      active: p.active,
      roles: p.roles.map((r) => (r.settingName ? `${ROLE_LABELS[r.role]} – ${r.settingName}` : ROLE_LABELS[r.role])),
    })),
  };
}

export default function People() {
  const { partnership, invited, removed, people } = useLoaderData<typeof loader>();
  const base = `/partnerships/${partnership.slug}/people`;
  return (
    <>
      <Link to={`/partnerships/${partnership.slug}`} className="govuk-back-link">
        {partnership.name}
      </Link>
      {invited ? (
        <NotificationBanner type="success" titleText="Success">
          <p className="govuk-notification-banner__heading">Invitation sent to {invited}</p>
          <p className="govuk-body">The link in the email works for 7 days.</p>
        </NotificationBanner>
      ) : null}
      {removed ? (
        <NotificationBanner type="success" titleText="Success">
          <p className="govuk-notification-banner__heading">{removed} no longer has any role in {partnership.name}</p>
        </NotificationBanner>
      ) : null}
      <span className="govuk-caption-l">{partnership.name}</span>
      <h1 className="govuk-heading-l">People and roles</h1>
      <Button href={`${base}/invite`}>
        Invite someone
      </Button>
      {people.length === 0 ? (
        <p className="govuk-body">Nobody holds a role in this partnership yet.</p>
      ) : (
        <Table
          caption={`${people.length} ${people.length === 1 ? "person" : "people"}`}
          head={["Name", "Email address", "Roles", "Status"]}
          rows={people.map((p) => [
            <Link key="name" className="govuk-link" to={`${base}/${p.id}`}>
              {p.name}
            </Link>,
            p.email,
            <ul key="roles" className="govuk-list">
              {p.roles.map((r, i) => (
                <li key={i}>{r}</li>
              ))}
            </ul>,
            p.active ? <Tag key="status" text="Active" colour="green" /> : <Tag key="status" text="Deactivated" colour="grey" />,
          ])}
        />
      )}
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage error={useRouteError()} />;
}
