import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useRouteError } from "@remix-run/react";
import type { Params } from "@remix-run/react";
import { requireFrameworkAccess } from "~/access/framework-access.server";
import { Button } from "~/components/Button";
import { ErrorPage } from "~/components/ErrorPage";
import { ErrorSummary, errorListFrom } from "~/components/ErrorSummary";
import { Input } from "~/components/Input";
import { getDb } from "~/db.server";
import { editSection } from "~/domain/framework-editing.server";
import { SectionForm } from "~/domain/framework-forms";
import { formValues, parseForm } from "~/forms";
import { refusal } from "~/http/domain-errors.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Change section ${data?.section.code ?? ""} – Safeguarding self-assessment` },
];

async function authorise(request: Request, params: Params) {
  const access = await requireFrameworkAccess(request, params);
  const section = access.loaded.sections.find((s) => s.id === params.sectionId);
  if (!section) throw new Response("Not found", { status: 404 });
  const back = `${access.base}/${access.loaded.framework.id}`;
  if (access.loaded.framework.status !== "draft") throw redirect(back);
  return { ...access, section, back };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { loaded, section, back } = await authorise(request, params);
  return { back, framework: { title: loaded.framework.title, version: loaded.framework.version }, section: { code: section.code, title: section.title } };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { partnership, loaded, actor, section, back } = await authorise(request, params);
  const form = await request.formData();
  const parsed = parseForm(SectionForm, form);
  if (!parsed.ok) return data({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  try {
    await editSection(await getDb(), { partnershipId: partnership.id, frameworkId: loaded.framework.id, sectionId: section.id, actor, title: parsed.data.title });
  } catch (error) {
    return refusal(error, (refused) => ({ errors: { [refused.field ?? "title"]: refused.message }, values: formValues(form) }));
  }
  throw redirect(back);
}

export default function ChangeSection() {
  const { back, framework, section } = useLoaderData<typeof loader>();
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
          <h1 className="govuk-heading-l">Change section {section.code}</h1>
          <Form method="post" noValidate>
            <Input
              id="title"
              name="title"
              label={{ text: "Section title", classes: "govuk-label--s" }}
              errorMessage={result?.errors.title}
              defaultValue={result?.values.title ?? section.title}
            />
            <Button>Save the section</Button>
          </Form>
        </div>
      </div>
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage error={useRouteError()} />;
}
