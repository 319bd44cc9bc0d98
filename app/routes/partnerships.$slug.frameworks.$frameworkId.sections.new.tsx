import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useRouteError } from "@remix-run/react";
import { requireFrameworkAccess } from "~/access/framework-access.server";
import { Button } from "~/components/Button";
import { ErrorPage } from "~/components/ErrorPage";
import { ErrorSummary, errorListFrom } from "~/components/ErrorSummary";
import { Input } from "~/components/Input";
import { getDb } from "~/db.server";
import { addSection } from "~/domain/framework-editing.server";
import { SectionForm } from "~/domain/framework-forms";
import { formValues, parseForm } from "~/forms";
import { refusal } from "~/http/domain-errors.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Add a section – ${data?.framework.title ?? "Framework"} – Safeguarding self-assessment` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { loaded, base } = await requireFrameworkAccess(request, params);
  const back = `${base}/${loaded.framework.id}`;
  if (loaded.framework.status !== "draft") throw redirect(back);
  return { back, framework: { title: loaded.framework.title, version: loaded.framework.version } };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { partnership, loaded, actor, base } = await requireFrameworkAccess(request, params);
  const form = await request.formData();
  const parsed = parseForm(SectionForm, form);
  if (!parsed.ok) return data({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  let sectionId: string;
  try {
    ({ id: sectionId } = await addSection(await getDb(), { partnershipId: partnership.id, frameworkId: loaded.framework.id, actor, title: parsed.data.title }));
  } catch (error) {
    return refusal(error, (refused) => ({ errors: { [refused.field ?? "title"]: refused.message }, values: formValues(form) }));
  }
  // A section is published only with a standard in it: the next step is adding one.
  throw redirect(`${base}/${loaded.framework.id}/standards/new?section=${sectionId}`);
}

export default function AddSection() {
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
          <span className="govuk-caption-l">
            {framework.title}, version {framework.version}
          </span>
          <h1 className="govuk-heading-l">Add a section</h1>
          <p className="govuk-body">It goes at the end, with the next section number never used before by any version.</p>
          <Form method="post" noValidate>
            <Input id="title" name="title" label={{ text: "Section title", classes: "govuk-label--s" }} errorMessage={result?.errors.title} defaultValue={result?.values.title} />
            <Button>Add the section</Button>
          </Form>
        </div>
      </div>
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage error={useRouteError()} />;
}
