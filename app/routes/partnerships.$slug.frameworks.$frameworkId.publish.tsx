import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useRouteError } from "@remix-run/react";
import { requireFrameworkAccess } from "~/access/framework-access.server";
import { Button } from "~/components/Button";
import { Checkboxes } from "~/components/Checkboxes";
import { ErrorPage } from "~/components/ErrorPage";
import { ErrorSummary } from "~/components/ErrorSummary";
import { WarningText } from "~/components/WarningText";
import { getDb } from "~/db.server";
import { publishFramework, publishProblems } from "~/domain/framework-editing.server";
import { refusal } from "~/http/domain-errors.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Publish version ${data?.framework.version ?? ""} – Safeguarding self-assessment` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { loaded, base } = await requireFrameworkAccess(request, params);
  const f = loaded.framework;
  const back = `${base}/${f.id}`;
  if (f.status !== "draft") throw redirect(back);
  const all = loaded.sections.flatMap((s) => s.standards.map((st) => ({ ...st, asked: !s.retired && !st.retired })));
  return {
    back,
    framework: { title: f.title, version: f.version },
    asked: all.filter((s) => s.asked).length,
    retired: all.filter((s) => !s.asked).length,
    problems: publishProblems(loaded),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { partnership, loaded, actor, base } = await requireFrameworkAccess(request, params);
  const form = await request.formData();
  if (form.get("confirm") !== "yes")
    return data({ errors: { confirm: "Confirm that the version is ready: once published it cannot be changed" } }, { status: 400 });
  try {
    await publishFramework(await getDb(), { partnershipId: partnership.id, frameworkId: loaded.framework.id, actor });
  } catch (error) {
    return refusal(error, (refused) => ({ errors: { confirm: refused.message } }));
  }
  throw redirect(`${base}/${loaded.framework.id}`);
}

export default function PublishVersion() {
  const { back, framework, asked, retired, problems } = useLoaderData<typeof loader>();
  const result = useActionData<{ errors: Record<string, string> }>();
  const summary = [...problems.map((text) => ({ text, href: "#confirm" })), ...(result?.errors.confirm && !problems.includes(result.errors.confirm) ? [{ text: result.errors.confirm, href: "#confirm" }] : [])];
  return (
    <>
      <Link to={back} className="govuk-back-link">
        Back
      </Link>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <ErrorSummary errorList={summary} />
          <span className="govuk-caption-l">{framework.title}</span>
          <h1 className="govuk-heading-l">Publish version {framework.version}</h1>
          <p className="govuk-body">
            It asks {asked} standard{asked === 1 ? "" : "s"}
            {retired > 0 ? `; ${retired} retired standard${retired === 1 ? " is" : "s are"} kept in it but not asked` : ""}.
          </p>
          <WarningText>Once published, this version can never be changed. To change it later, create a new version from it.</WarningText>
          <Form method="post" noValidate>
            <Checkboxes
              idPrefix="confirm"
              name="confirm"
              fieldset={{ legend: { text: "Confirm", classes: "govuk-fieldset__legend--s" } }}
              errorMessage={result?.errors.confirm}
              items={[{ value: "yes", text: `Version ${framework.version} is ready to publish` }]}
            />
            <Button>Publish</Button>
          </Form>
        </div>
      </div>
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage error={useRouteError()} />;
}
