// Refreshing the register from GIAS: upload an extract, or download the day's, see what it
// would create, update and deactivate, then apply exactly that (decision 023).
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useRouteError } from "@remix-run/react";
import { z } from "zod";
import { requirePartnershipAccess } from "~/access/partnership-access.server";
import { Button } from "~/components/Button";
import { ErrorMessage } from "~/components/ErrorMessage";
import { ErrorPage } from "~/components/ErrorPage";
import { ErrorSummary, errorListFrom } from "~/components/ErrorSummary";
import { FormGroup } from "~/components/FormGroup";
import { Input } from "~/components/Input";
import { getDb } from "~/db.server";
import { getConfig } from "~/env.server";
import { downloadGiasExtract } from "~/domain/gias-download.server";
import { dropPendingImport, keepPendingImport, readPendingImport } from "~/domain/settings-import-pending.server";
import { importSettings, listSettings, previewSettingsImport, type SettingsImportPreview } from "~/domain/settings-register.server";
import { DomainError } from "~/errors";
import { readUploadForm, uploadedFile } from "~/http/uploads.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Refresh the register from GIAS – ${data?.partnership.name ?? "Partnership"} – Safeguarding self-assessment` },
];

const LaCode = z.string().trim().regex(/^\d{3}$/, "Enter the local authority's three-digit GIAS code, like 876");
const Apply = z.object({ sha256: z.string().regex(/^[0-9a-f]{64}$/), laCode: LaCode, fingerprint: z.string().regex(/^[0-9a-f]{64}$/), source: z.string().max(300) });

function authorise(request: Request, slug: string | undefined) {
  return requirePartnershipAccess(request, { slug }, "partnership.admin");
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { partnership } = await authorise(request, params.slug);
  // The register's own local authority, when it has one, so the form starts with it.
  const codes = new Map<string, number>();
  for (const s of await listSettings(await getDb(), partnership.id)) if (s.laCode) codes.set(s.laCode, (codes.get(s.laCode) ?? 0) + 1);
  const laCode = [...codes].sort((a, b) => b[1] - a[1])[0]?.[0] ?? "";
  return { partnership: { name: partnership.name, slug: partnership.slug }, laCode, maxMb: Math.round(getConfig().gias.maxBytes / (1024 * 1024)) };
}

type Shown = { name: string; urn: string };
type PreviewPage = {
  preview: { establishments: number; laCode: string; created: Shown[]; updated: Shown[]; deactivated: Shown[]; unchanged: number; skipped: { urn: string; name: string; reason: string }[] };
  apply: { sha256: string; laCode: string; fingerprint: string; source: string };
};
type Failed = { errors: Record<string, string>; values?: Record<string, string> };

function previewPage(preview: SettingsImportPreview, sha256: string, source: string): PreviewPage {
  const shown = (urns: string[]) => urns.map((urn) => ({ urn, name: preview.names[urn] ?? urn }));
  return {
    preview: {
      establishments: preview.establishments,
      laCode: preview.laCode,
      created: shown(preview.result.created),
      updated: shown(preview.result.updated),
      deactivated: shown(preview.result.deactivated),
      unchanged: preview.result.unchanged.length,
      skipped: preview.result.skipped,
    },
    apply: { sha256, laCode: preview.laCode, fingerprint: preview.fingerprint, source },
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, partnership } = await authorise(request, params.slug);
  const config = getConfig();
  const upload = await readUploadForm(request, config.gias.maxBytes);
  if (!upload.ok)
    return data<Failed>(
      { errors: { file: upload.problem === "too-large" ? `The file must be smaller than ${Math.round(config.gias.maxBytes / (1024 * 1024))} MB` : "The file could not be read: choose it again" } },
      { status: 400 },
    );
  const form = upload.form;
  const intent = form.get("intent");
  const db = await getDb();
  const values = { laCode: String(form.get("laCode") ?? "") };

  if (intent === "apply") {
    const parsed = Apply.safeParse(Object.fromEntries(form));
    if (!parsed.success) return data<Failed>({ errors: { file: "Upload the extract again to see its preview" } }, { status: 400 });
    const { sha256, laCode, fingerprint, source } = parsed.data;
    const bytes = readPendingImport(config.dataDir, partnership.id, sha256);
    if (!bytes) return data<Failed>({ errors: { file: "That preview is no longer kept: upload the extract again" } }, { status: 409 });
    try {
      const result = await importSettings(db, { partnershipId: partnership.id, laCode, file: bytes, fileName: source, source: source.startsWith("http") ? "gias" : "file", expectedFingerprint: fingerprint, actorUserId: user.id });
      dropPendingImport(config.dataDir, partnership.id, sha256);
      const counts = new URLSearchParams({ created: String(result.created.length), updated: String(result.updated.length), deactivated: String(result.deactivated.length) });
      throw redirect(`/partnerships/${partnership.slug}/settings?${counts}`);
    } catch (error) {
      if (error instanceof Response || !(error instanceof DomainError)) throw error;
      // The register changed since the preview: show the new one, for the same file.
      const preview = await previewSettingsImport(db, { partnershipId: partnership.id, laCode, file: bytes }).catch(() => null);
      return data({ ...(preview ? previewPage(preview, sha256, source) : {}), errors: { file: error.message } }, { status: 409 });
    }
  }

  const laCode = LaCode.safeParse(values.laCode);
  const errors: Record<string, string> = {};
  if (!laCode.success) errors.laCode = laCode.error.issues[0].message;
  let bytes: Uint8Array;
  let source: string;
  if (intent === "download") {
    if (Object.keys(errors).length) return data<Failed>({ errors, values }, { status: 400 });
    try {
      const download = await downloadGiasExtract({ urlTemplate: config.gias.extractUrl, maxBytes: config.gias.maxBytes });
      bytes = download.bytes;
      source = download.url;
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return data<Failed>({ errors: { download: error.message }, values }, { status: 502 });
    }
  } else {
    const file = await uploadedFile(form, "file");
    if (!file) errors.file = "Select the GIAS extract (CSV) to upload";
    if (Object.keys(errors).length) return data<Failed>({ errors, values }, { status: 400 });
    bytes = file!.bytes;
    source = file!.name || "upload.csv";
  }
  try {
    const preview = await previewSettingsImport(db, { partnershipId: partnership.id, laCode: laCode.data!, file: bytes });
    const sha256 = keepPendingImport(config.dataDir, partnership.id, bytes);
    return previewPage(preview, sha256, source);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return data<Failed>({ errors: { [intent === "download" ? "download" : "file"]: error.message }, values }, { status: 400 });
  }
}

function Names({ title, rows }: { title: string; rows: Shown[] }) {
  return (
    <>
      <h3 className="govuk-heading-s">
        {title}: {rows.length}
      </h3>
      {rows.length > 0 ? (
        <ul className="govuk-list govuk-list--bullet">
          {rows.map((r) => (
            <li key={r.urn}>
              {r.name} (URN {r.urn})
            </li>
          ))}
        </ul>
      ) : null}
    </>
  );
}

export default function RefreshFromGias() {
  const { partnership, laCode, maxMb } = useLoaderData<typeof loader>();
  const result = useActionData<Partial<PreviewPage> & Partial<Failed>>();
  const errors = result?.errors;
  const preview = result?.preview;
  return (
    <>
      <Link to={`/partnerships/${partnership.slug}/settings`} className="govuk-back-link">
        Settings register
      </Link>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <ErrorSummary errorList={errorListFrom(errors)} />
          <span className="govuk-caption-l">{partnership.name}</span>
          <h1 className="govuk-heading-l">Refresh the register from GIAS</h1>
          {preview && result?.apply ? (
            <section aria-labelledby="preview">
              <h2 className="govuk-heading-m" id="preview">
                What the import would do
              </h2>
              <p className="govuk-body">
                {preview.establishments} establishments of local authority {preview.laCode} in {result.apply.source}. {preview.unchanged} already match the
                register. Nothing has changed yet.
              </p>
              <Names title="Created" rows={preview.created} />
              <Names title="Updated" rows={preview.updated} />
              <Names title="Deactivated (their returns are kept)" rows={preview.deactivated} />
              {preview.skipped.length > 0 ? (
                <details className="govuk-details">
                  <summary className="govuk-details__summary">
                    <span className="govuk-details__summary-text">Skipped: {preview.skipped.length}</span>
                  </summary>
                  <div className="govuk-details__text">
                    <ul className="govuk-list">
                      {preview.skipped.map((s, i) => (
                        <li key={`${s.urn}-${i}`}>
                          {s.name || "(no name)"} {s.urn ? `(URN ${s.urn})` : ""}: {s.reason}
                        </li>
                      ))}
                    </ul>
                  </div>
                </details>
              ) : null}
              <Form method="post">
                {Object.entries(result.apply).map(([name, value]) => (
                  <input key={name} type="hidden" name={name} value={value} />
                ))}
                <div className="govuk-button-group">
                  <Button name="intent" value="apply">
                    Apply these changes
                  </Button>
                  <Link className="govuk-link" to={`/partnerships/${partnership.slug}/settings`}>
                    Cancel
                  </Link>
                </div>
              </Form>
            </section>
          ) : null}
          <h2 className="govuk-heading-m">{preview ? "Or start again" : "Upload an extract, or download today's"}</h2>
          <p className="govuk-body">
            Upload a GIAS establishment extract, or download today&apos;s from GIAS. Either way you see what would change before anything does.
          </p>
          <Form method="post" encType="multipart/form-data" noValidate>
            <Input
              id="laCode"
              name="laCode"
              classes="govuk-input--width-3"
              inputMode="numeric"
              label={{ text: "Local authority code", classes: "govuk-label--s" }}
              hint="GIAS's three-digit code for the local authority, like 876"
              errorMessage={errors?.laCode}
              defaultValue={result?.values?.laCode ?? laCode}
            />
            <FormGroup errorMessage={errors?.file}>
              <label className="govuk-label govuk-label--s" htmlFor="file">
                GIAS establishment extract (CSV, up to {maxMb} MB)
              </label>
              <ErrorMessage id="file-error" text={errors?.file} />
              <input
                className={`govuk-file-upload${errors?.file ? " govuk-file-upload--error" : ""}`}
                id="file"
                name="file"
                type="file"
                accept=".csv,text/csv"
                aria-describedby={errors?.file ? "file-error" : undefined}
              />
            </FormGroup>
            <div className="govuk-button-group" id="download">
              <Button name="intent" value="upload">
                Upload and preview
              </Button>
              <Button name="intent" value="download" classes="govuk-button--secondary">
                Refresh from GIAS
              </Button>
            </div>
            <ErrorMessage id="download-error" text={errors?.download} />
          </Form>
        </div>
      </div>
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage error={useRouteError()} />;
}
