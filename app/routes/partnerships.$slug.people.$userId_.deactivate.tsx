import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useRouteError } from "@remix-run/react";
import { clientAddress } from "~/auth/guards.server";
import { requirePartnershipAccess } from "~/access/partnership-access.server";
import { ROLE_LABELS } from "~/auth/permissions";
import { Button } from "~/components/Button";
import { ErrorPage } from "~/components/ErrorPage";
import { ErrorSummary } from "~/components/ErrorSummary";
import { getDb } from "~/db.server";
import { deactivateUser, getPerson } from "~/auth/people.server";
import { refusal } from "~/http/domain-errors.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Deactivate ${data?.person.name ?? "this person"} – People and roles – Safeguarding self-assessment` },
];

// Deactivating ends someone's sessions at once, so it is asked for on a page of its own (the
// GOV.UK confirmation pattern) that says what will happen; only posting this page deactivates.

async function personFor(request: Request, params: LoaderFunctionArgs["params"]) {
  const { user, partnership } = await requirePartnershipAccess(request, { slug: params.slug }, "users.manage");
  const person = await getPerson(await getDb(), partnership.id, params.userId ?? "");
  // Someone with no role here is not found, whether or not they have an account.
  if (!person) throw new Response("Not found", { status: 404 });
  return { user, partnership, person, page: `/partnerships/${partnership.slug}/people/${person.id}` };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, partnership, person, page } = await personFor(request, params);
  // Nothing to confirm: their page says they are deactivated, or that nobody deactivates themself.
  if (!person.active || person.id === user.id) throw redirect(page);
  return {
    partnership: { name: partnership.name },
    person: {
      name: person.name,
      email: person.email,
      roles: person.roles.map((r) => ({ membershipId: r.membershipId, label: ROLE_LABELS[r.role], settingName: r.settingName })),
    },
    page,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, partnership, person, page } = await personFor(request, params);
  try {
    await deactivateUser(await getDb(), {
      partnershipId: partnership.id,
      userId: person.id,
      actor: { id: user.id },
      ipAddress: clientAddress(request),
    });
  } catch (error) {
    return refusal(error, (refused) => ({ error: refused.message }));
  }
  throw redirect(`${page}?done=deactivated`);
}

export default function ConfirmDeactivation() {
  const { partnership, person, page } = useLoaderData<typeof loader>();
  const result = useActionData<{ error: string }>();
  return (
    <>
      <Link to={page} className="govuk-back-link">
        Back to {person.name}
      </Link>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <ErrorSummary errorList={result?.error ? [{ text: result.error, href: "#deactivate" }] : []} />
          <span className="govuk-caption-l">{partnership.name}</span>
          <h1 className="govuk-heading-l">Are you sure you want to deactivate {person.name}?</h1>
          <p className="govuk-body">If you deactivate {person.name} ({person.email}) in {partnership.name}:</p>
          <ul className="govuk-list govuk-list--bullet">
            <li>they are signed out at once, on every device</li>
            <li>they can no longer sign in to use the portal for {partnership.name}</li>
            <li>their roles here are kept on record, on their page, but give them no access</li>
            <li>any other partnership they work with is not affected</li>
          </ul>
          {person.roles.length > 0 ? (
            <>
              <p className="govuk-body">Their roles in {partnership.name}:</p>
              <ul className="govuk-list govuk-list--bullet">
                {person.roles.map((r) => (
                  <li key={r.membershipId}>
                    {r.label}
                    {r.settingName ? `, ${r.settingName}` : ""}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          <p className="govuk-body">
            To let them back in, invite them again with the same email address: their roles here work again.
          </p>
          <Form method="post" id="deactivate">
            <div className="govuk-button-group">
              <Button classes="govuk-button--warning" preventDoubleClick>
                Deactivate {person.name}
              </Button>
              <Link className="govuk-link" to={page}>
                Cancel
              </Link>
            </div>
          </Form>
        </div>
      </div>
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage error={useRouteError()} />;
}
