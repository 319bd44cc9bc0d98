import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useRouteError } from "@remix-run/react";
import type { Params } from "@remix-run/react";
import { clientAddress } from "~/auth/guards.server";
import { requirePartnershipAccess } from "~/access/partnership-access.server";
import { Button } from "~/components/Button";
import { ErrorPage } from "~/components/ErrorPage";
import { ErrorSummary, errorListFrom } from "~/components/ErrorSummary";
import { Textarea } from "~/components/Textarea";
import { getDb } from "~/db.server";
import { DeactivateForm } from "~/domain/setting-forms";
import { deactivateSetting, findSetting } from "~/domain/settings-by-hand.server";
import { formValues, parseForm } from "~/forms";
import { refusal } from "~/http/domain-errors.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Deactivate ${data?.setting.name ?? "a setting"} – Safeguarding self-assessment` }];

async function authorise(request: Request, params: Params) {
  const access = await requirePartnershipAccess(request, params, "partnership.admin");
  const setting = await findSetting(await getDb(), access.partnership.id, params.settingId ?? "");
  if (!setting) throw new Response("Not found", { status: 404 });
  return { ...access, setting };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { partnership, setting } = await authorise(request, params);
  return { partnership: { name: partnership.name, slug: partnership.slug }, setting: { name: setting.name, active: setting.active } };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, partnership, setting } = await authorise(request, params);
  const form = await request.formData();
  const parsed = parseForm(DeactivateForm, form);
  if (!parsed.ok) return data({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  try {
    await deactivateSetting(await getDb(), { partnershipId: partnership.id, settingId: setting.id, reason: parsed.data.reason, actor: { userId: user.id, ipAddress: clientAddress(request) } });
  } catch (error) {
    return refusal(error, (refused) => ({ errors: { [refused.field ?? "reason"]: refused.message }, values: formValues(form) }));
  }
  throw redirect(`/partnerships/${partnership.slug}/settings`);
}

export default function DeactivateSetting() {
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
          <h1 className="govuk-heading-l">Deactivate {setting.name}</h1>
          {setting.active ? (
            <>
              <p className="govuk-body">It will no longer be invited to audit cycles. Its returns, action plan and history are kept.</p>
              <Form method="post" noValidate>
                <Textarea id="reason" name="reason" rows={3} label={{ text: "Why is it being deactivated?", classes: "govuk-label--s" }} errorMessage={result?.errors.reason} defaultValue={result?.values.reason} />
                <Button classes="govuk-button--warning">Deactivate</Button>
              </Form>
            </>
          ) : (
            <p className="govuk-body">It is already inactive.</p>
          )}
        </div>
      </div>
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage error={useRouteError()} />;
}
