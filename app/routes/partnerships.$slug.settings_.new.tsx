import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useRouteError } from "@remix-run/react";
import { clientAddress } from "~/auth/guards.server";
import { requirePartnershipAccess } from "~/access/partnership-access.server";
import { Button } from "~/components/Button";
import { ErrorPage } from "~/components/ErrorPage";
import { ErrorSummary, errorListFrom } from "~/components/ErrorSummary";
import { SettingFields } from "~/components/SettingFields";
import { getDb } from "~/db.server";
import { SettingForm } from "~/domain/setting-forms";
import { addSettingByHand } from "~/domain/settings-by-hand.server";
import { formValues, parseForm } from "~/forms";
import { refusal } from "~/http/domain-errors.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Add a setting – ${data?.partnership.name ?? "Partnership"} – Safeguarding self-assessment` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { partnership } = await requirePartnershipAccess(request, params, "partnership.admin");
  return { partnership: { name: partnership.name, slug: partnership.slug } };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, partnership } = await requirePartnershipAccess(request, params, "partnership.admin");
  const form = await request.formData();
  const parsed = parseForm(SettingForm, form);
  if (!parsed.ok) return data({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  try {
    await addSettingByHand(await getDb(), { partnershipId: partnership.id, actor: { userId: user.id, ipAddress: clientAddress(request) }, ...parsed.data });
  } catch (error) {
    return refusal(error, (refused) => ({ errors: { [refused.field ?? "name"]: refused.message }, values: formValues(form) }));
  }
  throw redirect(`/partnerships/${partnership.slug}/settings`);
}

export default function AddSetting() {
  const { partnership } = useLoaderData<typeof loader>();
  const result = useActionData<{ errors: Record<string, string>; values: Record<string, string> }>();
  return (
    <>
      <Link to={`/partnerships/${partnership.slug}/settings`} className="govuk-back-link">
        Settings register
      </Link>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <ErrorSummary errorList={errorListFrom(result?.errors)} />
          <span className="govuk-caption-l">{partnership.name}</span>
          <h1 className="govuk-heading-l">Add a setting</h1>
          <p className="govuk-body">For an agency, or a school or college GIAS does not list. Schools and colleges in GIAS come from Refresh from GIAS.</p>
          <Form method="post" noValidate>
            <SettingFields errors={result?.errors} values={result?.values} />
            <Button>Add the setting</Button>
          </Form>
        </div>
      </div>
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage error={useRouteError()} />;
}
