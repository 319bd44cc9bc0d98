import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useRouteError } from "@remix-run/react";
import { z } from "zod";
import { clientAddress } from "~/auth/guards.server";
import { requirePartnershipAccess } from "~/access/partnership-access.server";
import { ROLE_LABELS } from "~/auth/permissions";
import { Button } from "~/components/Button";
import { ErrorPage } from "~/components/ErrorPage";
import { ErrorSummary } from "~/components/ErrorSummary";
import { NotificationBanner } from "~/components/NotificationBanner";
import { SummaryList } from "~/components/SummaryList";
import { Table } from "~/components/Table";
import { Tag } from "~/components/Tag";
import { getDb } from "~/db.server";
import { endSessions, getPerson, removeRole } from "~/auth/people.server";
import { formatDate, parseForm } from "~/forms";
import { refusal } from "~/http/domain-errors.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.person.name ?? "Person"} – People and roles – Safeguarding self-assessment` },
];

const PersonAction = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("remove-role"), membershipId: z.string().min(1) }),
  z.object({ intent: z.literal("end-sessions") }),
  z.object({ intent: z.literal("deactivate") }),
]);

const DONE: Record<string, string> = {
  "role-removed": "Role removed",
  "sessions-ended": "They have been signed out everywhere. They can sign in again with a new link.",
  deactivated: "They have been deactivated here and signed out. They cannot use the portal for this partnership until you invite them again.",
};

const notFound = () => new Response("Not found", { status: 404 });

function authorise(request: Request, slug: string | undefined) {
  return requirePartnershipAccess(request, { slug }, "users.manage");
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, partnership } = await authorise(request, params.slug);
  // Someone with no role here is not found, whether or not they have an account.
  const person = await getPerson(await getDb(), partnership.id, params.userId ?? "");
  if (!person) throw notFound();
  const done = new URL(request.url).searchParams.get("done") ?? "";
  return {
    partnership: { name: partnership.name, slug: partnership.slug },
    person: {
      ...person,
      deactivatedOn: person.deactivatedAt ? formatDate(person.deactivatedAt) : null,
      roles: person.roles.map((r) => ({ membershipId: r.membershipId, label: ROLE_LABELS[r.role], settingName: r.settingName })),
    },
    isYou: person.id === user.id,
    done: Object.hasOwn(DONE, done) ? DONE[done] : null,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, partnership } = await authorise(request, params.slug);
  const db = await getDb();
  const person = await getPerson(db, partnership.id, params.userId ?? "");
  if (!person) throw notFound();
  const parsed = parseForm(PersonAction, await request.formData());
  if (!parsed.ok) return data({ error: "Choose what to do with one of the buttons on the page" }, { status: 400 });
  const target = { partnershipId: partnership.id, userId: person.id, actor: { id: user.id }, ipAddress: clientAddress(request) };
  const page = `/partnerships/${partnership.slug}/people/${person.id}`;
  // Once they hold no role here they are no longer the partnership's to see: back to the list.
  const gone = `/partnerships/${partnership.slug}/people?removed=${encodeURIComponent(person.email)}`;
  let next: string;
  try {
    switch (parsed.data.intent) {
      case "remove-role": {
        const { membershipId } = parsed.data;
        await removeRole(db, { ...target, membershipId });
        next = person.roles.every((r) => r.membershipId === membershipId) ? gone : `${page}?done=role-removed`;
        break;
      }
      case "end-sessions":
        await endSessions(db, target);
        next = `${page}?done=sessions-ended`;
        break;
      case "deactivate":
        // Only the confirmation page deactivates: a form posted from here (an old page) asks first.
        next = `${page}/deactivate`;
        break;
    }
  } catch (error) {
    return refusal(error, (refused) => ({ error: refused.message }));
  }
  throw redirect(next);
}

export default function PersonPage() {
  const { partnership, person, isYou, done } = useLoaderData<typeof loader>();
  const result = useActionData<{ error: string }>();
  const people = `/partnerships/${partnership.slug}/people`;
  return (
    <>
      <Link to={people} className="govuk-back-link">
        People and roles
      </Link>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <ErrorSummary errorList={result?.error ? [{ text: result.error, href: "#actions" }] : []} />
          {done ? (
            <NotificationBanner type="success" titleText="Success">
              <p className="govuk-notification-banner__heading">{done}</p>
            </NotificationBanner>
          ) : null}
          <span className="govuk-caption-l">{partnership.name}</span>
          <h1 className="govuk-heading-l">{person.name}</h1>
          <SummaryList
            rows={[
              { key: "Email address", value: person.email },
              {
                key: `In ${partnership.name}`,
                value: person.active ? (
                  <Tag text="Active" colour="green" />
                ) : (
                  <>
                    <Tag text="Deactivated" colour="grey" />
                    {person.deactivatedOn ? ` since ${person.deactivatedOn}` : null}
                  </>
                ),
              },
            ]}
          />
          <h2 className="govuk-heading-m">Roles in {partnership.name}</h2>
          <Table
            caption={<span className="govuk-visually-hidden">Roles of {person.name}</span>}
            head={["Role", "Setting", <span key="action" className="govuk-visually-hidden">Action</span>]}
            rows={person.roles.map((r) => [
              r.label,
              r.settingName ?? "All of the partnership",
              <Form key="remove" method="post" className="app-inline-form">
                <input type="hidden" name="intent" value="remove-role" />
                <input type="hidden" name="membershipId" value={r.membershipId} />
                <Button classes="govuk-button--secondary govuk-!-margin-bottom-0">
                  Remove<span className="govuk-visually-hidden"> role: {r.label}{r.settingName ? `, ${r.settingName}` : ""}</span>
                </Button>
              </Form>,
            ])}
          />
          <p className="govuk-body">
            <Link className="govuk-link" to={`${people}/invite`}>
              Give them another role
            </Link>{" "}
            by inviting them again with the same email address.
          </p>
          <h2 className="govuk-heading-m" id="actions" tabIndex={-1}>
            Sign-in and account
          </h2>
          <p className="govuk-body">
            Ending their sessions signs them out on every device straight away. They can sign in again with a new link.
          </p>
          <Form method="post">
            <input type="hidden" name="intent" value="end-sessions" />
            <Button classes="govuk-button--secondary">
              End all sessions<span className="govuk-visually-hidden"> of {person.name}</span>
            </Button>
          </Form>
          {isYou ? (
            <p className="govuk-body">You cannot deactivate your own account.</p>
          ) : person.active ? (
            <>
              <p className="govuk-body">
                Deactivating signs them out and stops them using the portal for {partnership.name}. Their roles here stay
                on this page but give them no access. It makes no difference to any other partnership they work with.
              </p>
              <Button href={`${people}/${person.id}/deactivate`} classes="govuk-button--warning">
                Deactivate<span className="govuk-visually-hidden"> {person.name}</span>
              </Button>
            </>
          ) : (
            <p className="govuk-body">
              They are deactivated in {partnership.name}.{" "}
              <Link className="govuk-link" to={`${people}/invite`}>
                Invite them again
              </Link>{" "}
              with the same email address to let them back in with the roles above.
            </p>
          )}
        </div>
      </div>
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage error={useRouteError()} />;
}
