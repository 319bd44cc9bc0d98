import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useRouteError } from "@remix-run/react";
import type { Params } from "@remix-run/react";
import { requireFrameworkAccess } from "~/access/framework-access.server";
import { Button } from "~/components/Button";
import { ErrorPage } from "~/components/ErrorPage";
import { ErrorSummary, errorListFrom } from "~/components/ErrorSummary";
import { StandardFields } from "~/components/StandardFields";
import { getDb } from "~/db.server";
import { editStandard } from "~/domain/framework-editing.server";
import { StandardForm } from "~/domain/framework-forms";
import { formValues, parseForm } from "~/forms";
import { refusal } from "~/http/domain-errors.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Change standard ${data?.standard.code ?? ""} – Safeguarding self-assessment` },
];

async function authorise(request: Request, params: Params) {
  const access = await requireFrameworkAccess(request, params);
  const standard = access.loaded.sections.flatMap((s) => s.standards).find((s) => s.id === params.standardId);
  if (!standard) throw new Response("Not found", { status: 404 });
  const back = `${access.base}/${access.loaded.framework.id}`;
  if (access.loaded.framework.status !== "draft") throw redirect(back);
  return { ...access, standard, back };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { loaded, standard, back } = await authorise(request, params);
  return {
    back,
    framework: { title: loaded.framework.title, version: loaded.framework.version },
    standard: { code: standard.code, title: standard.title, guidance: standard.guidance, allowsNotApplicable: standard.allowsNotApplicable },
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { partnership, loaded, actor, standard, back } = await authorise(request, params);
  const form = await request.formData();
  const parsed = parseForm(StandardForm, form);
  if (!parsed.ok) return data({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  try {
    await editStandard(await getDb(), { partnershipId: partnership.id, frameworkId: loaded.framework.id, standardId: standard.id, actor, ...parsed.data });
  } catch (error) {
    return refusal(error, (refused) => ({ errors: { [refused.field ?? "title"]: refused.message }, values: formValues(form) }));
  }
  throw redirect(back);
}

export default function ChangeStandard() {
  const { back, framework, standard } = useLoaderData<typeof loader>();
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
          <h1 className="govuk-heading-l">Change standard {standard.code}</h1>
          <p className="govuk-body">
            Its code stays {standard.code}. Change the wording to say the same thing better; if it is to mean something else, retire it
            and add a new standard instead.
          </p>
          <Form method="post" noValidate>
            <StandardFields
              errors={result?.errors}
              values={result ? { ...result.values, allowsNotApplicable: result.values.allowsNotApplicable === "yes" } : standard}
            />
            <Button>Save the standard</Button>
          </Form>
        </div>
      </div>
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage error={useRouteError()} />;
}
