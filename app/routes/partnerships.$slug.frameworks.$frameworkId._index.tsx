import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useRouteError } from "@remix-run/react";
import { z } from "zod";
import { requireFrameworkAccess } from "~/access/framework-access.server";
import { Button } from "~/components/Button";
import { ErrorPage } from "~/components/ErrorPage";
import { ErrorSummary } from "~/components/ErrorSummary";
import { SummaryList } from "~/components/SummaryList";
import { Tag } from "~/components/Tag";
import { getDb } from "~/db.server";
import { discardDraft, moveSection, moveStandard, setSectionRetired, setStandardRetired } from "~/domain/framework-editing.server";
import { STATUS_COLOURS, STATUS_LABELS } from "~/domain/framework-forms";
import { FRAMEWORK_KIND_LABELS } from "~/domain/framework-json";
import { refusal } from "~/http/domain-errors.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data ? `${data.framework.title}, version ${data.framework.version}` : "Framework"} – Safeguarding self-assessment` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { partnership, loaded, base } = await requireFrameworkAccess(request, params);
  const f = loaded.framework;
  return {
    partnership: { name: partnership.name, slug: partnership.slug },
    base,
    framework: { id: f.id, kind: f.kind, version: f.version, title: f.title, description: f.description, status: f.status, editable: f.status === "draft" },
    sections: loaded.sections.map((s) => ({
      id: s.id,
      code: s.code,
      title: s.title,
      retired: s.retired,
      standards: s.standards.map((st) => ({ id: st.id, code: st.code, title: st.title, allowsNotApplicable: st.allowsNotApplicable, retired: st.retired })),
    })),
  };
}

const Intent = z.discriminatedUnion("intent", [
  z.object({ intent: z.enum(["section-up", "section-down", "section-retire", "section-reinstate"]), sectionId: z.string() }),
  z.object({ intent: z.enum(["standard-up", "standard-down", "standard-retire", "standard-reinstate"]), standardId: z.string() }),
  z.object({ intent: z.literal("discard") }),
]);

export async function action({ request, params }: ActionFunctionArgs) {
  const { partnership, loaded, actor, base } = await requireFrameworkAccess(request, params);
  const parsed = Intent.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return data({ error: "Choose one of the buttons on the page" }, { status: 400 });
  const db = await getDb();
  const at = { partnershipId: partnership.id, frameworkId: loaded.framework.id, actor };
  const form = parsed.data;
  try {
    switch (form.intent) {
      case "section-up":
      case "section-down":
        await moveSection(db, { ...at, sectionId: form.sectionId, move: form.intent === "section-up" ? "up" : "down" });
        break;
      case "section-retire":
      case "section-reinstate":
        await setSectionRetired(db, { ...at, sectionId: form.sectionId, retired: form.intent === "section-retire" });
        break;
      case "standard-up":
      case "standard-down":
        await moveStandard(db, { ...at, standardId: form.standardId, move: form.intent === "standard-up" ? "up" : "down" });
        break;
      case "standard-retire":
      case "standard-reinstate":
        await setStandardRetired(db, { ...at, standardId: form.standardId, retired: form.intent === "standard-retire" });
        break;
      case "discard":
        await discardDraft(db, at);
        throw redirect(`${base}?discarded=${loaded.framework.version}`);
    }
  } catch (error) {
    if (error instanceof Response) throw error;
    return refusal(error, (refused) => ({ error: refused.message }));
  }
  throw redirect(`${base}/${loaded.framework.id}`);
}

export default function FrameworkVersion() {
  const { partnership, base, framework, sections } = useLoaderData<typeof loader>();
  const result = useActionData<{ error: string }>();
  const here = `${base}/${framework.id}`;
  const small = "govuk-button--secondary govuk-!-margin-bottom-0 govuk-!-margin-right-1";
  return (
    <>
      <Link to={base} className="govuk-back-link">
        Frameworks
      </Link>
      <ErrorSummary errorList={result?.error ? [{ text: result.error, href: "#framework" }] : []} />
      <span className="govuk-caption-l">
        {FRAMEWORK_KIND_LABELS[framework.kind]}, version {framework.version}
      </span>
      <h1 className="govuk-heading-l" id="framework">
        {framework.title} <Tag text={STATUS_LABELS[framework.status]} colour={STATUS_COLOURS[framework.status]} />
      </h1>
      <SummaryList
        rows={[
          { key: "Key", value: framework.kind },
          { key: "Version", value: framework.version },
          {
            key: "Description",
            value: framework.description || "None",
            action: framework.editable ? { href: `${here}/details`, text: "Change", visuallyHiddenText: "title and description" } : undefined,
          },
        ]}
      />
      <div className="govuk-button-group">
        {framework.editable ? (
          <>
            <Button href={`${here}/publish`}>Publish this version</Button>
            <Button href={`${here}/sections/new`} classes="govuk-button--secondary">
              Add a section
            </Button>
          </>
        ) : (
          <Button href={`${here}/new-version`}>Create a new version from this one</Button>
        )}
        <a className="govuk-link" href={`${here}/export.json`} download>
          Download as JSON
        </a>
      </div>
      {framework.editable ? null : (
        <p className="govuk-body">{`This version is ${framework.status}: it cannot be changed.`}</p>
      )}
      {sections.map((section) => (
        <section key={section.id} className="govuk-!-margin-bottom-8" aria-labelledby={`section-${section.id}`}>
          <h2 className="govuk-heading-m" id={`section-${section.id}`}>
            {section.code}. {section.title} {section.retired ? <Tag text="Retired" colour="grey" /> : null}
          </h2>
          {framework.editable ? (
            <Form method="post" className="govuk-button-group">
              <input type="hidden" name="sectionId" value={section.id} />
              <Button href={`${here}/sections/${section.id}`} classes={small}>
                Change title<span className="govuk-visually-hidden"> of section {section.code}</span>
              </Button>
              <Button href={`${here}/standards/new?section=${section.id}`} classes={small}>
                Add a standard<span className="govuk-visually-hidden"> to section {section.code}</span>
              </Button>
              <Button name="intent" value="section-up" classes={small}>
                Move up<span className="govuk-visually-hidden"> section {section.code}</span>
              </Button>
              <Button name="intent" value="section-down" classes={small}>
                Move down<span className="govuk-visually-hidden"> section {section.code}</span>
              </Button>
              <Button name="intent" value={section.retired ? "section-reinstate" : "section-retire"} classes={small}>
                {section.retired ? "Reinstate" : "Retire"}
                <span className="govuk-visually-hidden"> section {section.code}</span>
              </Button>
            </Form>
          ) : null}
          <ul className="govuk-list">
            {section.standards.map((st) => (
              <li key={st.id} className="govuk-!-margin-bottom-4">
                <p className="govuk-body govuk-!-margin-bottom-1">
                  <strong>{st.code}</strong> {st.title} {st.retired ? <Tag text="Retired" colour="grey" /> : null}
                  {st.allowsNotApplicable ? <span className="govuk-body-s"> (may be answered not applicable)</span> : null}
                </p>
                {framework.editable ? (
                  <Form method="post" className="govuk-button-group">
                    <input type="hidden" name="standardId" value={st.id} />
                    <Button href={`${here}/standards/${st.id}`} classes={small}>
                      Change<span className="govuk-visually-hidden"> standard {st.code}</span>
                    </Button>
                    <Button name="intent" value="standard-up" classes={small}>
                      Move up<span className="govuk-visually-hidden"> standard {st.code}</span>
                    </Button>
                    <Button name="intent" value="standard-down" classes={small}>
                      Move down<span className="govuk-visually-hidden"> standard {st.code}</span>
                    </Button>
                    <Button name="intent" value={st.retired ? "standard-reinstate" : "standard-retire"} classes={small}>
                      {st.retired ? "Reinstate" : "Retire"}
                      <span className="govuk-visually-hidden"> standard {st.code}</span>
                    </Button>
                  </Form>
                ) : null}
              </li>
            ))}
          </ul>
        </section>
      ))}
      {framework.editable ? (
        <Form method="post">
          <Button name="intent" value="discard" classes="govuk-button--warning">
            Discard this draft
          </Button>
        </Form>
      ) : null}
      <p className="govuk-body">
        <Link className="govuk-link" to={`/partnerships/${partnership.slug}`}>
          Back to {partnership.name}
        </Link>
      </p>
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage error={useRouteError()} />;
}
