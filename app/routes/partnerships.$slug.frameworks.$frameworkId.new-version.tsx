import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useRouteError } from "@remix-run/react";
import { requireFrameworkAccess } from "~/access/framework-access.server";
import { Button } from "~/components/Button";
import { ErrorPage } from "~/components/ErrorPage";
import { ErrorSummary } from "~/components/ErrorSummary";
import { getDb } from "~/db.server";
import { createDraftVersion } from "~/domain/framework-editing.server";
import { refusal } from "~/http/domain-errors.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Create a new version – ${data?.framework.title ?? "Framework"} – Safeguarding self-assessment` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { loaded, base } = await requireFrameworkAccess(request, params);
  const f = loaded.framework;
  return { back: `${base}/${f.id}`, framework: { title: f.title, version: f.version } };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { partnership, loaded, actor, base } = await requireFrameworkAccess(request, params);
  let id: string;
  try {
    ({ id } = await createDraftVersion(await getDb(), { partnershipId: partnership.id, fromId: loaded.framework.id, actor }));
  } catch (error) {
    return refusal(error, (refused) => ({ error: refused.message }));
  }
  throw redirect(`${base}/${id}`);
}

export default function NewVersion() {
  const { back, framework } = useLoaderData<typeof loader>();
  const result = useActionData<{ error: string }>();
  return (
    <>
      <Link to={back} className="govuk-back-link">
        Back
      </Link>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <ErrorSummary errorList={result?.error ? [{ text: result.error, href: "#create" }] : []} />
          <h1 className="govuk-heading-l">Create a new version from version {framework.version}</h1>
          <p className="govuk-body">
            The new version starts as a draft with every section and standard of version {framework.version}, codes kept. You can then add,
            change, reorder and retire standards and sections, and publish it. Version {framework.version} stays as it is, and so do the
            returns made against it.
          </p>
          <Form method="post">
            <Button id="create">Create the draft</Button>
          </Form>
        </div>
      </div>
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage error={useRouteError()} />;
}
