import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useRouteError } from "@remix-run/react";
import { requireFrameworkAccess } from "~/access/framework-access.server";
import { Button } from "~/components/Button";
import { ErrorPage } from "~/components/ErrorPage";
import { ErrorSummary, errorListFrom } from "~/components/ErrorSummary";
import { Input } from "~/components/Input";
import { Textarea } from "~/components/Textarea";
import { getDb } from "~/db.server";
import { updateFrameworkDetails } from "~/domain/framework-editing.server";
import { DetailsForm } from "~/domain/framework-forms";
import { formValues, parseForm } from "~/forms";
import { refusal } from "~/http/domain-errors.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Change the title and description – ${data?.framework.title ?? "Framework"} – Safeguarding self-assessment` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { loaded, base } = await requireFrameworkAccess(request, params);
  const back = `${base}/${loaded.framework.id}`;
  if (loaded.framework.status !== "draft") throw redirect(back);
  const f = loaded.framework;
  return { back, framework: { title: f.title, description: f.description, version: f.version } };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { partnership, loaded, actor, base } = await requireFrameworkAccess(request, params);
  const form = await request.formData();
  const parsed = parseForm(DetailsForm, form);
  if (!parsed.ok) return data({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  try {
    await updateFrameworkDetails(await getDb(), { partnershipId: partnership.id, frameworkId: loaded.framework.id, actor, ...parsed.data });
  } catch (error) {
    return refusal(error, (refused) => ({ errors: { [refused.field ?? "title"]: refused.message }, values: formValues(form) }));
  }
  throw redirect(`${base}/${loaded.framework.id}`);
}

export default function ChangeDetails() {
  const { back, framework } = useLoaderData<typeof loader>();
  const result = useActionData<{ errors: Record<string, string>; values: Record<string, string> }>();
  return (
    <>
      <Link to={back} className="govuk-back-link">
        Back
      </Link>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <ErrorSummary errorList={errorListFrom(result?.errors)} />
          <span className="govuk-caption-l">Version {framework.version}</span>
          <h1 className="govuk-heading-l">Change the title and description</h1>
          <Form method="post" noValidate>
            <Input id="title" name="title" label={{ text: "Title", classes: "govuk-label--s" }} errorMessage={result?.errors.title} defaultValue={result?.values.title ?? framework.title} />
            <Textarea
              id="description"
              name="description"
              label={{ text: "Description", classes: "govuk-label--s" }}
              errorMessage={result?.errors.description}
              defaultValue={result?.values.description ?? framework.description}
            />
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
