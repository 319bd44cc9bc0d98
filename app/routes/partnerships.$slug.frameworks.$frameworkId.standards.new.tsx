import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useRouteError } from "@remix-run/react";
import { requireFrameworkAccess } from "~/access/framework-access.server";
import { Button } from "~/components/Button";
import { ErrorPage } from "~/components/ErrorPage";
import { ErrorSummary, errorListFrom } from "~/components/ErrorSummary";
import { Select } from "~/components/Select";
import { StandardFields } from "~/components/StandardFields";
import { getDb } from "~/db.server";
import { addStandard } from "~/domain/framework-editing.server";
import { StandardForm } from "~/domain/framework-forms";
import { formValues, parseForm } from "~/forms";
import { refusal } from "~/http/domain-errors.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Add a standard – ${data?.framework.title ?? "Framework"} – Safeguarding self-assessment` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { loaded, base } = await requireFrameworkAccess(request, params);
  if (loaded.framework.status !== "draft") throw redirect(`${base}/${loaded.framework.id}`);
  return {
    back: `${base}/${loaded.framework.id}`,
    framework: { title: loaded.framework.title, version: loaded.framework.version },
    chosen: new URL(request.url).searchParams.get("section") ?? "",
    sections: loaded.sections.map((s) => ({ value: s.id, text: `${s.code}. ${s.title}` })),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { partnership, loaded, actor, base } = await requireFrameworkAccess(request, params);
  const form = await request.formData();
  const parsed = parseForm(StandardForm, form);
  const sectionId = String(form.get("sectionId") ?? "");
  if (!parsed.ok) return data({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  if (!loaded.sections.some((s) => s.id === sectionId))
    return data({ errors: { sectionId: "Select the section the standard belongs to" }, values: formValues(form) }, { status: 400 });
  try {
    await addStandard(await getDb(), { partnershipId: partnership.id, frameworkId: loaded.framework.id, sectionId, actor, ...parsed.data });
  } catch (error) {
    return refusal(error, (refused) => ({ errors: { [refused.field ?? "title"]: refused.message }, values: formValues(form) }));
  }
  throw redirect(`${base}/${loaded.framework.id}#section-${sectionId}`);
}

export default function AddStandard() {
  const { back, framework, chosen, sections } = useLoaderData<typeof loader>();
  const result = useActionData<{ errors: Record<string, string>; values: Record<string, string> }>();
  return (
    <>
      <Link to={back} className="govuk-back-link">
        Back
      </Link>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <ErrorSummary errorList={errorListFrom(result?.errors)} />
          <span className="govuk-caption-l">
            {framework.title}, version {framework.version}
          </span>
          <h1 className="govuk-heading-l">Add a standard</h1>
          <p className="govuk-body">It gets the next code of its section, one never used before by any version.</p>
          <Form method="post" noValidate>
            <Select
              id="sectionId"
              name="sectionId"
              label={{ text: "Section", classes: "govuk-label--s" }}
              errorMessage={result?.errors.sectionId}
              value={result?.values.sectionId ?? chosen}
              items={sections}
            />
            <StandardFields
              errors={result?.errors}
              values={result ? { ...result.values, allowsNotApplicable: result.values.allowsNotApplicable === "yes" } : undefined}
            />
            <Button>Add the standard</Button>
          </Form>
        </div>
      </div>
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage error={useRouteError()} />;
}
