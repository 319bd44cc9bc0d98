// A standard's evidence documents on a return (issue 14, decision 021): the setting's people
// attach files while the standard can change, list, download and remove them; others who may
// read the return see the list. The upload is a plain multipart form, read as it arrives.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useRouteError } from "@remix-run/react";
import { z } from "zod";
import { requireReturnAccess } from "~/access/setting-access.server";
import { BackLink } from "~/components/BackLink";
import { Button } from "~/components/Button";
import { ErrorPage } from "~/components/ErrorPage";
import { ErrorSummary } from "~/components/ErrorSummary";
import { FileUpload } from "~/components/FileUpload";
import { NotificationBanner } from "~/components/NotificationBanner";
import { Tag } from "~/components/Tag";
import { Textarea } from "~/components/Textarea";
import { WarningText } from "~/components/WarningText";
import { getDb } from "~/db.server";
import { getConfig } from "~/env.server";
import {
  allowanceFor,
  attachDocument,
  fileTooLargeMessage,
  listReturnDocuments,
  removeDocument,
  returnQuotaMessage,
  tooManyFilesMessage,
  type DocumentLimits,
} from "~/domain/evidence-documents.server";
import { ACCEPT_ATTRIBUTE, ACCEPTED_KINDS, formatBytes } from "~/domain/evidence-types";
import { NOT_EDITABLE, returnPath, type ReturnContext } from "~/domain/return-context.server";
import { isOpenForChanges, mayChangeStandard } from "~/domain/return-lifecycle";
import { discardStaged, isMultipart, receiveDocumentUpload, type UploadRefusal } from "~/http/document-upload.server";
import { refusal } from "~/http/domain-errors.server";
import { documentStoreFor } from "~/storage/document-store.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Documents for standard ${data?.standard.code ?? ""} – Safeguarding self-assessment` },
];

const MAX_DESCRIPTION = 500;

const DescriptionSchema = z
  .string()
  .trim()
  .max(MAX_DESCRIPTION, `The description must be ${MAX_DESCRIPTION} characters or fewer`);

const RemoveSchema = z.object({ intent: z.literal("remove"), attachmentId: z.string().min(1) });

function standardOrNotFound(ctx: ReturnContext, standardId: string | undefined) {
  for (const section of ctx.framework.sections) {
    const standard = section.standards.find((s) => s.id === standardId);
    if (standard) return { standard, section };
  }
  throw new Response("Not found", { status: 404 });
}

function limitsOf(): DocumentLimits {
  const { maxFileBytes, maxReturnBytes, maxFilesPerStandard } = getConfig().documents;
  return { maxFileBytes, maxReturnBytes, maxFilesPerStandard };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { ctx, may } = await requireReturnAccess(request, params, "setting.view");
  const { standard, section } = standardOrNotFound(ctx, params.standardId);
  const documents = await listReturnDocuments(await getDb(), ctx);
  const limits = limitsOf();
  const allowance = allowanceFor(documents, standard.id, limits);
  const url = new URL(request.url);
  return {
    path: returnPath(ctx),
    settingId: ctx.ret.settingId,
    cycleName: ctx.cycle.name,
    section: { id: section.id, code: section.code, title: section.title },
    standard: { id: standard.id, code: standard.code, title: standard.title },
    editable: may.edit && isOpenForChanges(ctx.editable) && mayChangeStandard(ctx.editable, standard.code),
    reader: !may.edit,
    documents: documents
      .filter((d) => d.standardId === standard.id)
      .map((d) => ({ id: d.id, documentId: d.documentId, fileName: d.fileName, size: formatBytes(d.sizeBytes), description: d.description, carriedForward: d.carriedForward })),
    limits: { file: formatBytes(limits.maxFileBytes), return: formatBytes(limits.maxReturnBytes), files: limits.maxFilesPerStandard },
    left: { files: allowance.filesLeft, bytes: formatBytes(allowance.bytesLeft) },
    scanned: Boolean(getConfig().documents.clamd),
    banner: url.searchParams.get("added") === "1" ? "added" : url.searchParams.get("removed") === "1" ? "removed" : null,
  };
}

type ActionResult = { errors: Record<string, string>; values: { description: string } };

const failed = (errors: Record<string, string>, description = "", status = 400) =>
  data<ActionResult>({ errors, values: { description } }, { status });

function uploadMessage(refused: UploadRefusal, limits: DocumentLimits, bytesLeft: number): string {
  switch (refused.reason) {
    case "no_file":
    case "not_multipart":
      return "Select a file";
    case "empty":
      return "The selected file is empty";
    case "too_large":
      return bytesLeft < limits.maxFileBytes ? returnQuotaMessage(limits, bytesLeft) : fileTooLargeMessage(limits);
    case "type":
      return refused.message;
    case "infected":
      return "The selected file contains a virus";
    case "unscannable":
      return "The selected file could not be checked for viruses, so it was not added. Try again later";
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { ctx, user } = await requireReturnAccess(request, params, "return.edit");
  const { standard } = standardOrNotFound(ctx, params.standardId);
  const db = await getDb();
  const config = getConfig().documents;
  const store = documentStoreFor(config.storage);
  const limits = limitsOf();
  const actor = { id: user.id, name: user.name };
  const here = `${returnPath(ctx)}/standards/${standard.id}/documents`;

  if (!isMultipart(request)) {
    const parsed = RemoveSchema.safeParse(Object.fromEntries(await request.formData()));
    if (!parsed.success) return failed({ form: "Choose a document to remove" });
    try {
      await removeDocument(db, store, ctx, { attachmentId: parsed.data.attachmentId, actor });
    } catch (error) {
      return refusal(error, (refused): ActionResult => ({ errors: { form: refused.message }, values: { description: "" } }));
    }
    throw redirect(`${here}?removed=1`);
  }

  // Refused before a byte of the file is read: the return cannot change, or the standard is full.
  if (!(isOpenForChanges(ctx.editable) && mayChangeStandard(ctx.editable, standard.code))) return failed({ file: NOT_EDITABLE }, "", 409);
  const allowance = allowanceFor(await listReturnDocuments(db, ctx), standard.id, limits);
  if (allowance.filesLeft < 1) return failed({ file: tooManyFilesMessage(limits) });
  if (allowance.bytesLeft < 1) return failed({ file: returnQuotaMessage(limits, 0) });

  const received = await receiveDocumentUpload(request, { maxBytes: allowance.maxNextFile, stagingDir: config.stagingDir, clamd: config.clamd });
  const description = DescriptionSchema.safeParse(received.fields.description ?? "");
  const typed = (received.fields.description ?? "").slice(0, MAX_DESCRIPTION * 2);
  if (!received.ok) {
    const errors: Record<string, string> = { file: uploadMessage(received, limits, allowance.bytesLeft) };
    if (!description.success) errors.description = description.error.issues[0].message;
    return failed(errors, typed);
  }
  try {
    if (!description.success) return failed({ description: description.error.issues[0].message }, typed);
    await attachDocument(db, store, ctx, {
      standardId: standard.id,
      description: description.data,
      file: {
        stagedPath: received.file.path,
        fileName: received.file.fileName,
        contentType: received.file.type.contentType,
        sizeBytes: received.file.sizeBytes,
        sha256: received.file.sha256,
      },
      limits,
      actor,
    });
  } catch (error) {
    return refusal(error, (refused): ActionResult => ({ errors: { [refused.field ?? "file"]: refused.message }, values: { description: typed } }));
  } finally {
    await discardStaged(received.file);
  }
  throw redirect(`${here}?added=1`);
}

export default function StandardDocumentsPage() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors: Record<string, string> = result?.errors ?? {};
  const errorList = Object.entries(errors).map(([id, text]) => ({ text, href: `#${id === "form" ? "documents" : id}` }));
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <BackLink href={`${d.path}/sections/${d.section.id}`} text={`Back to ${d.section.code}. ${d.section.title}`} />
        <ErrorSummary errorList={errorList} />
        {d.banner ? (
          <NotificationBanner type="success" titleText="Success">
            <p className="govuk-notification-banner__heading">{d.banner === "added" ? "The document was added" : "The document was removed"}</p>
          </NotificationBanner>
        ) : null}
        <span className="govuk-caption-l">
          {d.cycleName}: standard {d.standard.code}
        </span>
        <h1 className="govuk-heading-l">Documents for {d.standard.title}</h1>
        <h2 className="govuk-heading-m" id="documents">
          {d.reader ? "Documents the setting attached" : "Documents attached"}
        </h2>
        {d.documents.length ? (
          <dl className="govuk-summary-list">
            {d.documents.map((doc) => (
              <div className="govuk-summary-list__row" key={doc.id}>
                <dt className="govuk-summary-list__key">
                  <a className="govuk-link" href={`/settings/${d.settingId}/documents/${doc.documentId}`} download>
                    {doc.fileName}
                  </a>
                </dt>
                <dd className="govuk-summary-list__value">
                  <p className="govuk-body-s govuk-!-margin-bottom-1">{doc.size}</p>
                  {doc.description ? <p className="govuk-body-s govuk-!-margin-bottom-1">{doc.description}</p> : null}
                  {doc.carriedForward ? <Tag text="Carried forward" colour="yellow" /> : null}
                </dd>
                <dd className="govuk-summary-list__actions">
                  {d.editable ? (
                    <Form method="post">
                      <input type="hidden" name="attachmentId" value={doc.id} />
                      <Button name="intent" value="remove" classes="govuk-button--warning govuk-!-margin-bottom-0">
                        Remove<span className="govuk-visually-hidden"> {doc.fileName}</span>
                      </Button>
                    </Form>
                  ) : null}
                </dd>
              </div>
            ))}
          </dl>
        ) : (
          <p className="govuk-body">No documents have been attached to this standard.</p>
        )}
        {d.editable ? (
          <>
            <h2 className="govuk-heading-m">Add a document</h2>
            <p className="govuk-body">
              {`You can attach up to ${d.limits.files} documents to a standard, each smaller than ${d.limits.file}, and up to ${d.limits.return} for the whole return. This standard can take ${d.left.files} more; the return has ${d.left.bytes} left.`}
            </p>
            {d.scanned ? null : (
              <WarningText>Files are not checked for viruses by this installation. Only attach documents you trust.</WarningText>
            )}
            {d.left.files > 0 ? (
              <Form method="post" encType="multipart/form-data" noValidate>
                {/* The description comes before the file, so it has been read by the time the file arrives. */}
                <Textarea
                  id="description"
                  name="description"
                  label={{ text: "Describe the document (optional)", classes: "govuk-label--s" }}
                  hint="For example, the date governors approved it."
                  errorMessage={errors.description}
                  defaultValue={result?.values.description ?? ""}
                  rows={2}
                />
                <FileUpload
                  id="file"
                  name="file"
                  label={{ text: "Upload a file", classes: "govuk-label--s" }}
                  hint={`The file must be a ${ACCEPTED_KINDS} file, smaller than ${d.limits.file}.`}
                  errorMessage={errors.file}
                  accept={ACCEPT_ATTRIBUTE}
                />
                <Button name="intent" value="upload">
                  Add document
                </Button>
              </Form>
            ) : null}
          </>
        ) : null}
        <p className="govuk-body">
          <Link className="govuk-link" to={`${d.path}/sections/${d.section.id}`}>
            Back to {d.section.code}. {d.section.title}
          </Link>
        </p>
      </div>
    </div>
  );
}

export function ErrorBoundary() {
  return <ErrorPage error={useRouteError()} />;
}
