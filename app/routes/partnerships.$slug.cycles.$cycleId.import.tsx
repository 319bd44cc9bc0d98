import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useRouteError, useSearchParams } from "@remix-run/react";
import { requirePartnershipAccess } from "~/access/partnership-access.server";
import { BackLink } from "~/components/BackLink";
import { Button } from "~/components/Button";
import { ErrorPage } from "~/components/ErrorPage";
import { ErrorSummary } from "~/components/ErrorSummary";
import { NotificationBanner } from "~/components/NotificationBanner";
import { getDb } from "~/db.server";
import { CsvImportError, problemText } from "~/domain/csv-rows";
import { getCycle } from "~/domain/cycles.server";
import { importLegacyReturns, MAX_LEGACY_FILE_BYTES } from "~/domain/legacy-import.server";
import { refusal } from "~/http/domain-errors.server";
import { readUploadForm, uploadedFile } from "~/http/uploads.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Import returns – ${data?.cycle.name ?? "Audit cycle"} – Safeguarding self-assessment` }];

async function authorise(request: Request, params: { slug?: string; cycleId?: string }) {
  const access = await requirePartnershipAccess(request, { slug: params.slug }, "partnership.admin");
  const cycle = await getCycle(await getDb(), access.partnership.id, params.cycleId ?? "");
  if (!cycle) throw new Response("Not found", { status: 404 });
  return { ...access, cycle };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { partnership, cycle } = await authorise(request, params);
  return { partnership: { slug: partnership.slug }, cycle: { id: cycle.id, name: cycle.name, status: cycle.status }, maxMegabytes: MAX_LEGACY_FILE_BYTES / 1024 / 1024 };
}

interface ImportProblems {
  field: "returnsFile" | "actionsFile";
  problems: string[];
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, partnership, cycle } = await authorise(request, params);
  const read = await readUploadForm(request, MAX_LEGACY_FILE_BYTES);
  const refuse = (problems: string[], field: ImportProblems["field"] = "returnsFile") => data<ImportProblems>({ field, problems }, { status: 400 });
  if (!read.ok) return refuse([read.problem === "too-large" ? `Each file must be ${MAX_LEGACY_FILE_BYTES / 1024 / 1024} MB or smaller` : "The files could not be read: try again"]);
  const returnsFile = await uploadedFile(read.form, "returnsFile");
  const actionsFile = await uploadedFile(read.form, "actionsFile");
  if (!returnsFile) return refuse(["Select the CSV file of answers"]);
  try {
    const result = await importLegacyReturns(await getDb(), {
      partnershipId: partnership.id,
      cycleId: cycle.id,
      returnsFile: returnsFile.bytes,
      actionsFile: actionsFile?.bytes,
      actorUserId: user.id,
    });
    throw redirect(`/partnerships/${partnership.slug}/cycles/${cycle.id}/import?imported=${result.returns}`);
  } catch (error) {
    if (error instanceof Response) throw error;
    if (error instanceof CsvImportError) return refuse(error.problems.map(problemText));
    return refusal(error, (refused): ImportProblems => ({ field: "returnsFile", problems: [refused.message] }));
  }
}

export default function ImportReturns() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<ImportProblems>();
  const [search] = useSearchParams();
  const imported = search.get("imported");
  const problems = result?.problems ?? [];
  return (
    <>
      <BackLink href={`/partnerships/${d.partnership.slug}/cycles/${d.cycle.id}`} text={d.cycle.name} />
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <ErrorSummary
            titleText={problems.length > 1 ? `There are ${problems.length} problems: nothing was imported` : "There is a problem: nothing was imported"}
            errorList={problems.map((text) => ({ text, href: `#${result!.field}` }))}
          />
          {imported ? (
            <NotificationBanner type="success" titleText="Imported">
              <p className="govuk-notification-banner__heading">
                {imported} {imported === "1" ? "return was" : "returns were"} imported as submitted. Each setting&apos;s next return can start from it.
              </p>
            </NotificationBanner>
          ) : null}
          <span className="govuk-caption-l">{d.cycle.name}</span>
          <h1 className="govuk-heading-l">Import returns from spreadsheets</h1>
          <p className="govuk-body">
            Bring in the returns settings made before the partnership used this service, so their next return can start from them. Each becomes a
            submitted return of {d.cycle.name}. Every row is checked first: if any row is wrong, nothing is imported and each problem is listed with its
            row number.
          </p>
          <p className="govuk-body">
            The files are CSV (UTF-8): answers with the columns setting (URN or reference), standard, rating, evidence; and, if you have them, actions
            with setting, standard, description, theme, owner, due_date, status. Each file can be up to {d.maxMegabytes} MB.
          </p>
          {d.cycle.status !== "closed" ? (
            <p className="govuk-body">Close the cycle first: returns from spreadsheets go into an earlier cycle that is closed.</p>
          ) : (
            <Form method="post" encType="multipart/form-data" noValidate>
              <div className={`govuk-form-group${problems.length && result?.field === "returnsFile" ? " govuk-form-group--error" : ""}`}>
                <label className="govuk-label govuk-label--s" htmlFor="returnsFile">
                  Answers (CSV)
                </label>
                {problems.length && result?.field === "returnsFile" ? (
                  <p id="returnsFile-error" className="govuk-error-message">
                    <span className="govuk-visually-hidden">Error:</span> {problems.length === 1 ? problems[0] : `${problems.length} problems: see the list above`}
                  </p>
                ) : null}
                <input className="govuk-file-upload" id="returnsFile" name="returnsFile" type="file" accept=".csv,text/csv" aria-describedby={problems.length ? "returnsFile-error" : undefined} />
              </div>
              <div className="govuk-form-group">
                <label className="govuk-label govuk-label--s" htmlFor="actionsFile">
                  Actions (CSV, optional)
                </label>
                <input className="govuk-file-upload" id="actionsFile" name="actionsFile" type="file" accept=".csv,text/csv" />
              </div>
              <Button>Check and import</Button>
            </Form>
          )}
        </div>
      </div>
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage error={useRouteError()} />;
}
