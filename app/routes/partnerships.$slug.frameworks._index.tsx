import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useRouteError } from "@remix-run/react";
import { requireFrameworksAdmin } from "~/access/framework-access.server";
import { Button } from "~/components/Button";
import { ErrorPage } from "~/components/ErrorPage";
import { Table } from "~/components/Table";
import { Tag } from "~/components/Tag";
import { getDb } from "~/db.server";
import { listFrameworkVersions } from "~/domain/framework-editing.server";
import { STATUS_COLOURS, STATUS_LABELS } from "~/domain/framework-forms";
import { FRAMEWORK_KIND_LABELS } from "~/domain/framework-json";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Frameworks – ${data?.partnership.name ?? "Partnership"} – Safeguarding self-assessment` },
];

const KINDS = ["education", "agency"] as const;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { partnership, base } = await requireFrameworksAdmin(request, params);
  const versions = await listFrameworkVersions(await getDb(), partnership.id);
  return {
    partnership: { name: partnership.name, slug: partnership.slug },
    base,
    kinds: KINDS.map((kind) => ({
      kind,
      label: FRAMEWORK_KIND_LABELS[kind],
      versions: versions
        .filter((v) => v.kind === kind)
        .map((v) => ({ id: v.id, version: v.version, title: v.title, status: v.status, publishedAt: v.publishedAt?.toISOString() ?? null })),
    })),
  };
}

export default function Frameworks() {
  const { partnership, base, kinds } = useLoaderData<typeof loader>();
  return (
    <>
      <Link to={`/partnerships/${partnership.slug}`} className="govuk-back-link">
        {partnership.name}
      </Link>
      <span className="govuk-caption-l">{partnership.name}</span>
      <h1 className="govuk-heading-l">Frameworks</h1>
      <p className="govuk-body">
        The standards settings assess themselves against. A published version never changes: to change the standards, create
        a new version from it, edit the draft and publish it.
      </p>
      {kinds.map((k) => (
        <section key={k.kind} aria-labelledby={`kind-${k.kind}`}>
          <h2 className="govuk-heading-m" id={`kind-${k.kind}`}>
            {k.label} <span className="govuk-caption-m">key: {k.kind}</span>
          </h2>
          {k.versions.length === 0 ? (
            <p className="govuk-body">No versions yet.</p>
          ) : (
            <Table
              caption={<span className="govuk-visually-hidden">Versions of {k.label}</span>}
              head={["Version", "Title", "Status"]}
              rows={k.versions.map((v) => [
                <Link key="v" className="govuk-link" to={`${base}/${v.id}`}>
                  Version {v.version}
                </Link>,
                v.title,
                <Tag key="s" text={STATUS_LABELS[v.status]} colour={STATUS_COLOURS[v.status]} />,
              ])}
            />
          )}
        </section>
      ))}
      <Button href={`${base}/import`} classes="govuk-button--secondary">
        Import a framework file
      </Button>
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage error={useRouteError()} />;
}
