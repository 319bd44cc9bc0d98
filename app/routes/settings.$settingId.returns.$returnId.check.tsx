import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useRouteError } from "@remix-run/react";
import { requireReturnAccess } from "~/access/setting-access.server";
import { BackLink } from "~/components/BackLink";
import { Button } from "~/components/Button";
import { ErrorPage } from "~/components/ErrorPage";
import { ErrorSummary } from "~/components/ErrorSummary";
import { SummaryList } from "~/components/SummaryList";
import { WarningText } from "~/components/WarningText";
import { getDb } from "~/db.server";
import { ACTION_STATUS_LABELS, isOverdueAction } from "~/domain/action-themes";
import { londonIsoDate } from "~/dates";
import { Tag } from "~/components/Tag";
import { evidenceWarning, MISSING_EVIDENCE_WARNING, RATING_LABELS, UNSUPPORTED_EXCEEDS_WARNING } from "~/domain/ratings";
import { standardsNeedingAnAction } from "~/domain/action-nudges";
import { returnPath } from "~/domain/return-context.server";
import { listVersions } from "~/domain/return-versions.server";
import { getReturnOverview, submitReturn } from "~/domain/returns.server";
import { fieldId, type SubmissionProblem } from "~/domain/return-progress";
import { formatDate, formatDateTime } from "~/forms";
import { hasStarted } from "~/domain/return-lifecycle";
import { refusal } from "~/http/domain-errors.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.reader ? "All the answers" : "Check your answers"} – ${data?.setting.name ?? "Return"} – Safeguarding self-assessment` },
];

const EXCERPT_LENGTH = 200;

/** The first ~200 characters of the evidence, cut at a word. */
function excerpt(text: string): string {
  const flat = text.trim().replace(/\s+/g, " ");
  if (flat.length <= EXCERPT_LENGTH) return flat;
  const cut = flat.slice(0, EXCERPT_LENGTH);
  const space = cut.lastIndexOf(" ");
  return `${(space > EXCERPT_LENGTH * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { ctx, may } = await requireReturnAccess(request, params, "setting.view");
  const base = returnPath(ctx);
  // Nothing to check until the return has been started: the task list has the start button.
  if (!hasStarted(ctx.ret.status)) throw redirect(base);
  const db = await getDb();
  const overview = await getReturnOverview(db, ctx);
  const versions = await listVersions(db, ctx);
  const sectionPath = (sectionId: string) => `${base}/sections/${sectionId}`;
  const sectionOfCode = new Map(overview.answers.map((a) => [a.code, a.sectionId]));
  return {
    base,
    setting: { name: ctx.setting.name },
    cycle: { name: ctx.cycle.name },
    sections: ctx.framework.sections.map((s) => ({
      id: s.id,
      code: s.code,
      title: s.title,
      standards: overview.answers
        .filter((a) => a.sectionId === s.id)
        .map((a) => ({
          code: a.code,
          title: a.title,
          rating: a.rating,
          evidence: excerpt(a.evidence),
          // Changed from here, the section's "Save and continue" comes back here.
          href: `${sectionPath(s.id)}?returnTo=check#${fieldId("rating", a.code)}`,
        })),
    })),
    actions: overview.actions.map((a) => ({
      id: a.id,
      description: a.description,
      status: a.status,
      dueOn: a.dueOn,
      needsReview: a.needsReview,
      overdue: overview.editable && isOverdueAction(a, londonIsoDate()),
    })),
    unsupportedExceeds: overview.unsupportedExceeds.map((code) => ({
      code,
      href: `${sectionPath(sectionOfCode.get(code) ?? "")}?returnTo=check#${fieldId("rating", code)}`,
    })),
    // Met (or Exceeds, listed above) with no evidence at all: warned about, never refused.
    missingEvidence: overview.answers
      .filter((a) => evidenceWarning(a.rating, a.evidence) === MISSING_EVIDENCE_WARNING)
      .map((a) => ({ code: a.code, href: `${sectionPath(a.sectionId)}?returnTo=check#${fieldId("evidence", a.code)}` })),
    // Rated below Met with nothing planned about it: each links to add an action for it.
    needingAnAction: standardsNeedingAnAction(overview.answers, overview.actions).map((a) => ({
      code: a.code,
      title: a.title,
      rating: a.rating,
      href: `${base}/actions?standard=${encodeURIComponent(a.code)}#add`,
    })),
    signOff: ctx.ret.signedOffAt
      ? { name: ctx.ret.signedOffName ?? "", role: ctx.ret.signedOffRole ?? "", at: ctx.ret.signedOffAt.toISOString() }
      : null,
    problems: overview.problems,
    // Changing answers and submitting are separate permissions (decision 008), held today by the
    // same people: the setting's DSL and signatory.
    mayChange: overview.editable && may.edit,
    canSubmit: overview.editable && may.submit,
    maySignOff: may.signOff && overview.editable,
    editable: overview.editable,
    // An administrator reads the answers: the page speaks of the setting, not to it.
    reader: !may.edit,
    latestVersion: versions.at(-1)?.number ?? null,
  };
}

interface SubmitResult {
  problems?: SubmissionProblem[];
  formError?: string;
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, ctx } = await requireReturnAccess(request, params, "return.submit");
  const form = await request.formData();
  if (form.get("intent") !== "submit") throw new Response("Bad request", { status: 400 });
  let result;
  try {
    result = await submitReturn(await getDb(), ctx, { actor: { id: user.id, name: user.name } });
  } catch (error) {
    return refusal(error, (refused): SubmitResult => ({ formError: refused.message }));
  }
  if (!result.ok) return data<SubmitResult>({ problems: result.problems }, { status: 400 });
  throw redirect(`${returnPath(ctx)}/confirmation?version=${result.version}`);
}

export default function CheckAnswers() {
  const page = useLoaderData<typeof loader>();
  const result = useActionData<SubmitResult>();
  const ratingText = (rating: keyof typeof RATING_LABELS | null) => (rating ? RATING_LABELS[rating] : "Not rated");
  return (
    <>
      <BackLink href={page.base} text={page.reader ? "Back to the return" : "Back to your return"} />
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          {result?.problems ? <ErrorSummary titleText="You cannot submit yet" errorList={result.problems} /> : null}
          {result?.formError ? <ErrorSummary errorList={[{ text: result.formError, href: "#submit" }]} /> : null}
          <span className="govuk-caption-l">
            {page.setting.name} – {page.cycle.name}
          </span>
          <h1 className="govuk-heading-l">
            {page.reader ? "All the answers" : "Check your answers before submitting your return"}
          </h1>

          {page.canSubmit && page.problems.length > 0 && !result ? (
            <div className="govuk-!-margin-bottom-8">
              <h2 className="govuk-heading-m">You cannot submit yet</h2>
              <ul className="govuk-list govuk-list--bullet">
                {page.problems.map((p) => (
                  <li key={p.href + p.text}>
                    <Link className="govuk-link" to={p.href}>
                      {p.text}
                    </Link>
                  </li>
                ))}
              </ul>
            </div>
          ) : null}

          {page.unsupportedExceeds.length > 0 ? (
            <>
              {page.reader ? null : <WarningText>{UNSUPPORTED_EXCEEDS_WARNING}</WarningText>}
              <p className="govuk-body">
                These standards are rated Exceeds with little or no evidence.
                {page.canSubmit ? " You can still submit." : ""}
              </p>
              <ul className="govuk-list govuk-list--bullet">
                {page.unsupportedExceeds.map((u) => (
                  <li key={u.code}>
                    {page.mayChange ? (
                      <Link className="govuk-link" to={u.href}>
                        Standard {u.code}
                      </Link>
                    ) : (
                      `Standard ${u.code}`
                    )}
                  </li>
                ))}
              </ul>
            </>
          ) : null}

          {page.missingEvidence.length > 0 && page.mayChange ? (
            <>
              <WarningText>{MISSING_EVIDENCE_WARNING}</WarningText>
              <p className="govuk-body">
                These standards are rated Met with no evidence.{page.canSubmit ? " You can still submit." : ""}
              </p>
              <ul className="govuk-list govuk-list--bullet">
                {page.missingEvidence.map((m) => (
                  <li key={m.code}>
                    <Link className="govuk-link" to={m.href}>
                      {`Standard ${m.code}`}
                    </Link>
                  </li>
                ))}
              </ul>
            </>
          ) : null}

          {page.needingAnAction.length > 0 && page.mayChange ? (
            <div id="needs-an-action">
              <WarningText>These standards are rated below Met and there is no action for them in the action plan.</WarningText>
              <ul className="govuk-list govuk-list--bullet">
                {page.needingAnAction.map((n) => (
                  <li key={n.code}>
                    <Link className="govuk-link" to={n.href}>
                      {`Add an action for standard ${n.code}, ${n.title}`}
                    </Link>{" "}
                    {n.rating ? `(${RATING_LABELS[n.rating]})` : null}
                  </li>
                ))}
              </ul>
            </div>
          ) : null}

          {page.sections.map((section) => (
            <section key={section.id} aria-labelledby={`section-${section.id}`}>
              <h2 className="govuk-heading-m" id={`section-${section.id}`}>
                {section.code}. {section.title}
              </h2>
              <SummaryList
                classes="govuk-!-margin-bottom-9"
                rows={section.standards.map((s) => ({
                  key: `${s.code} ${s.title}`,
                  value: (
                    <>
                      <p className="govuk-body govuk-!-font-weight-bold govuk-!-margin-bottom-1">
                        {ratingText(s.rating)}
                      </p>
                      <p className="govuk-body govuk-!-margin-bottom-0">{s.evidence || "No evidence given"}</p>
                    </>
                  ),
                  action: page.mayChange
                    ? { href: s.href, text: "Change", visuallyHiddenText: `rating and evidence for standard ${s.code}` }
                    : undefined,
                }))}
              />
            </section>
          ))}

          <h2 className="govuk-heading-m">Action plan</h2>
          {page.actions.length === 0 ? (
            <p className="govuk-body">There are no actions in the plan.</p>
          ) : (
            <SummaryList
              rows={page.actions.map((a) => ({
                key: a.description.length > 160 ? `${a.description.slice(0, 159)}…` : a.description,
                value: (
                  <>
                    {ACTION_STATUS_LABELS[a.status]}
                    {a.dueOn ? `, due ${formatDate(a.dueOn)}` : ""}
                    {a.overdue ? (
                      <>
                        {" "}
                        <Tag text="Overdue" colour="red" />
                      </>
                    ) : null}
                    {a.needsReview ? (
                      <>
                        <br />
                        <strong>Needs an update in this return</strong>
                      </>
                    ) : null}
                  </>
                ),
                action: page.mayChange
                  ? { href: `${page.base}/actions#action-${a.id}`, text: "Change", visuallyHiddenText: "this action" }
                  : undefined,
              }))}
            />
          )}
          <p className="govuk-body govuk-!-margin-bottom-9">
            <Link className="govuk-link" to={`${page.base}/actions`}>
              Go to the action plan
            </Link>
          </p>

          <h2 className="govuk-heading-m">Sign-off</h2>
          {page.signOff ? (
            <SummaryList
              rows={[
                { key: "Signed off by", value: page.signOff.name },
                { key: "Role", value: page.signOff.role },
                { key: "Date", value: formatDateTime(page.signOff.at) },
              ]}
            />
          ) : (
            <p className="govuk-body">
              The return has not been signed off yet.{" "}
              <Link className="govuk-link" to={`${page.base}/sign-off`}>
                {page.maySignOff ? "Sign off the return" : page.mayChange ? "Ask for sign-off" : "Find out who signs off the return"}
              </Link>
            </p>
          )}

          {page.canSubmit ? (
            <div id="submit">
              <h2 className="govuk-heading-m">Now submit your return</h2>
              {page.signOff ? null : page.maySignOff ? (
                <p className="govuk-body">
                  Once you have signed the return off, you or your designated safeguarding lead can submit it.
                </p>
              ) : (
                <p className="govuk-body">
                  Once your headteacher, chair of governors or agency lead has signed the return off, you or they can
                  submit it.
                </p>
              )}
              {page.problems.length === 0 ? (
                <>
                  <p className="govuk-body">
                    When you submit, this version of the return is saved and cannot be changed. The partnership&apos;s
                    administrators and moderation panel can read it.
                  </p>
                  <Form method="post" noValidate>
                    <input type="hidden" name="intent" value="submit" />
                    <Button preventDoubleClick>
                      Submit return
                    </Button>
                  </Form>
                </>
              ) : (
                <p className="govuk-body">
                  You can submit when everything listed under “You cannot submit yet” is done.
                </p>
              )}
            </div>
          ) : page.editable ? (
            <p className="govuk-body" id="submit">
              The setting&apos;s designated safeguarding lead or signatory submits the return, once it is signed off.
            </p>
          ) : page.latestVersion ? (
            <p className="govuk-body">
              This return has been submitted.{" "}
              <Link className="govuk-link" to={`${page.base}/versions/${page.latestVersion}`}>
                View version {page.latestVersion}
              </Link>
            </p>
          ) : null}
        </div>
      </div>
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage error={useRouteError()} />;
}
