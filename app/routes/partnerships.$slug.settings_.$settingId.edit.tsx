import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useRouteError } from "@remix-run/react";
import type { Params } from "@remix-run/react";
import { clientAddress } from "~/auth/guards.server";
import { requirePartnershipAccess } from "~/access/partnership-access.server";
import { Button } from "~/components/Button";
import { ErrorPage } from "~/components/ErrorPage";
import { ErrorSummary, errorListFrom } from "~/components/ErrorSummary";
import { SettingFields } from "~/components/SettingFields";
import { getDb } from "~/db.server";
import { SettingForm } from "~/domain/setting-forms";
import { editSettingByHand, findSetting } from "~/domain/settings-by-hand.server";
import { formValues, parseForm } from "~/forms";
import { refusal } from "~/http/domain-errors.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Change ${data?.setting.name ?? "a setting"} – Safeguarding self-assessment` }];

async function authorise(request: Request, params: Params) {
  const access = await requirePartnershipAccess(request, params, "partnership.admin");
  const setting = await findSetting(await getDb(), access.partnership.id, params.settingId ?? "");
  if (!setting) throw new Response("Not found", { status: 404 });
  // A GIAS setting's details are GIAS's: there is nothing to change here.
  if (setting.urn) throw redirect(`/partnerships/${access.partnership.slug}/settings`);
  return { ...access, setting };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { partnership, setting } = await authorise(request, params);
  return { partnership: { name: partnership.name, slug: partnership.slug }, setting: { name: setting.name, reference: setting.reference, type: setting.type, basis: setting.basis } };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, partnership, setting } = await authorise(request, params);
  const form = await request.formData();
  const parsed = parseForm(SettingForm, form);
  if (!parsed.ok) return data({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  try {
    await editSettingByHand(await getDb(), { partnershipId: partnership.id, settingId: setting.id, actor: { userId: user.id, ipAddress: clientAddress(request) }, ...parsed.data });
  } catch (error) {
    return refusal(error, (refused) => ({ errors: { [refused.field ?? "name"]: refused.message }, values: formValues(form) }));
  }
  throw redirect(`/partnerships/${partnership.slug}/settings`);
}

export default function ChangeSetting() {
  const { partnership, setting } = useLoaderData<typeof loader>();
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
          <h1 className="govuk-heading-l">Change {setting.name}</h1>
          <Form method="post" noValidate>
            <SettingFields errors={result?.errors} values={result?.values ?? setting} />
            <Button>Save</Button>
          </Form>
        </div>
      </div>
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage error={useRouteError()} />;
}
