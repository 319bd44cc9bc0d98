import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useRouteError } from "@remix-run/react";
import { requireFrameworksAdmin } from "~/access/framework-access.server";
import { Button } from "~/components/Button";
import { Checkboxes } from "~/components/Checkboxes";
import { ErrorMessage } from "~/components/ErrorMessage";
import { ErrorPage } from "~/components/ErrorPage";
import { ErrorSummary } from "~/components/ErrorSummary";
import { FormGroup } from "~/components/FormGroup";
import { getDb } from "~/db.server";
import { FrameworkImportError, importFrameworkJson } from "~/domain/framework-editing.server";
import { MAX_FRAMEWORK_JSON_BYTES } from "~/domain/framework-json";
import { readUploadForm, uploadedFile } from "~/http/uploads.server";
import { refusal } from "~/http/domain-errors.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Import a framework file – ${data?.partnership.name ?? "Partnership"} – Safeguarding self-assessment` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { partnership, base } = await requireFrameworksAdmin(request, params);
  return { partnership: { name: partnership.name }, base };
}

const fail = (errors: string[]) => data({ errors }, { status: 400 });

export async function action({ request, params }: ActionFunctionArgs) {
  const { partnership, actor, base } = await requireFrameworksAdmin(request, params);
  const upload = await readUploadForm(request, MAX_FRAMEWORK_JSON_BYTES);
  if (!upload.ok)
    return fail([upload.problem === "too-large" ? "The file must be smaller than 1 MB" : "The file could not be read: choose it again and upload it"]);
  const file = await uploadedFile(upload.form, "file");
  if (!file) return fail(["Select a framework file (JSON) to import"]);
  let id: string;
  try {
    ({ id } = await importFrameworkJson(await getDb(), {
      partnershipId: partnership.id,
      source: file.bytes.toString("utf8"),
      publish: upload.form.get("publish") === "yes",
      actor,
    }));
  } catch (error) {
    if (error instanceof FrameworkImportError) return fail(error.errors);
    return refusal(error, (refused) => ({ errors: [refused.message] }));
  }
  throw redirect(`${base}/${id}`);
}

export default function ImportFramework() {
  const { base } = useLoaderData<typeof loader>();
  const result = useActionData<{ errors: string[] }>();
  const errors = result?.errors ?? [];
  return (
    <>
      <Link to={base} className="govuk-back-link">
        Frameworks
      </Link>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <ErrorSummary errorList={errors.slice(0, 50).map((text) => ({ text, href: "#file" }))} />
          <h1 className="govuk-heading-l">Import a framework file</h1>
          <p className="govuk-body">
            A framework file is JSON, as the Download as JSON link of a framework version writes it. It becomes the next version of its
            kind, as a draft unless you publish it now. Nothing is imported unless the whole file is right.
          </p>
          <Form method="post" encType="multipart/form-data" noValidate>
            <FormGroup errorMessage={errors[0]}>
              <label className="govuk-label govuk-label--s" htmlFor="file">
                Framework file (JSON, up to 1 MB)
              </label>
              <ErrorMessage id="file-error" text={errors.length > 0 ? `${errors.length} problem${errors.length === 1 ? "" : "s"} in the file: see the list above` : undefined} />
              <input
                className={`govuk-file-upload${errors.length ? " govuk-file-upload--error" : ""}`}
                id="file"
                name="file"
                type="file"
                accept=".json,application/json"
                aria-describedby={errors.length ? "file-error" : undefined}
              />
            </FormGroup>
            <Checkboxes
              idPrefix="publish"
              name="publish"
              fieldset={{ legend: { text: "Publish" } }}
              items={[{ value: "yes", text: "Publish it straight away (it can then never be changed)" }]}
            />
            <Button>Import</Button>
          </Form>
        </div>
      </div>
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage error={useRouteError()} />;
}
