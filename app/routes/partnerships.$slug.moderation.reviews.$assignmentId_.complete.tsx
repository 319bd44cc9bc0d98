import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useRouteError } from "@remix-run/react";
import { z } from "zod";
import { requirePartnershipAccess } from "~/access/partnership-access.server";
import { BackLink } from "~/components/BackLink";
import { Button } from "~/components/Button";
import { ErrorPage } from "~/components/ErrorPage";
import { ErrorSummary } from "~/components/ErrorSummary";
import { Radios } from "~/components/Radios";
import { Textarea } from "~/components/Textarea";
import { getDb } from "~/db.server";
import { OUTCOME_HINTS, OUTCOME_LABELS, OUTCOMES, type ModerationOutcome } from "~/domain/moderation/review-words";
import { completeReview, draftLetter, loadReview, MAX_SUMMARY, ReviewNotReady, unjudgedStandards } from "~/domain/moderation/reviews.server";
import { formValues, parseForm, typedText } from "~/forms";
import { refusal } from "~/http/domain-errors.server";
import { FeedbackLetter as LetterBody } from "~/components/FeedbackLetter";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Complete the review: ${data?.settingName ?? "Return"} – Safeguarding self-assessment` },
];

async function reviewFor(request: Request, params: LoaderFunctionArgs["params"]) {
  const access = await requirePartnershipAccess(request, params, "moderation.judge");
  const db = await getDb();
  const review = await loadReview(db, { partnershipId: access.partnership.id, assignmentId: params.assignmentId ?? "", viewer: { id: access.user.id } });
  if (!review) throw new Response("Not found", { status: 404 });
  // Reading is for the whole panel; completing is only for the member assigned.
  if (!review.mayJudge && review.assignment.status !== "completed") throw new Response("Forbidden", { status: 403 });
  return { ...access, db, review, path: `/partnerships/${access.partnership.slug}/moderation/reviews/${review.assignment.id}` };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, db, review, path, partnership } = await reviewFor(request, params);
  if (review.assignment.status === "completed") {
    throw redirect(review.letterId ? `/partnerships/${partnership.slug}/moderation/letters/${review.letterId}` : path);
  }
  const outcome = (new URL(request.url).searchParams.get("outcome") as ModerationOutcome | null) ?? "agreed";
  const preview = review.assignment.role === "primary"
    ? await draftLetter(db, review, { outcome: OUTCOMES.includes(outcome) ? outcome : "agreed", summary: review.assignment.summary, completedBy: user.name, completedAt: new Date() })
    : null;
  return {
    path,
    settingName: review.setting.name,
    cycleName: review.cycle.name,
    role: review.assignment.role,
    unjudged: unjudgedStandards(review),
    preview,
  };
}

// Built when the action runs: MAX_SUMMARY comes from a server module, which is not in the
// browser's bundle, so a schema at the top of the module broke the page's client-side navigation.
const completeForm = () =>
  z.object({
    outcome: z.enum(OUTCOMES as [ModerationOutcome, ...ModerationOutcome[]], { error: "Select the outcome of the review" }),
    summary: typedText("The summary")
      .trim()
      .min(1, "Write a summary for the setting's letter")
      .max(MAX_SUMMARY, `The summary must be ${MAX_SUMMARY.toLocaleString("en-GB")} characters or fewer`),
  });

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, db, review, path, partnership } = await reviewFor(request, params);
  const form = await request.formData();
  const parsed = parseForm(completeForm(), form);
  if (!parsed.ok) return data({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  let result;
  try {
    result = await completeReview(db, { partnershipId: partnership.id, assignmentId: review.assignment.id, ...parsed.data, actor: { id: user.id, name: user.name } });
  } catch (error) {
    return refusal(error, (refused) => ({
      errors: refused instanceof ReviewNotReady ? Object.fromEntries(refused.problems.map((p, i) => [`form-${i}`, p])) : { form: refused.message },
      values: formValues(form),
    }));
  }
  throw redirect(result.letterId ? `/partnerships/${partnership.slug}/moderation/letters/${result.letterId}?sent=1` : `${path}?completed=1`);
}

export default function CompleteReview() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = (result?.errors ?? {}) as Record<string, string>;
  const values = (result?.values ?? {}) as Record<string, string>;
  const errorList = Object.entries(errors).map(([id, text]) => ({ text, href: id.startsWith("form") ? "#complete" : `#${id}` }));
  const primary = d.role === "primary";
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <BackLink href={d.path} text="Back to the review" />
        <ErrorSummary errorList={errorList} />
        <span className="govuk-caption-l">
          {d.settingName} · {d.cycleName}
        </span>
        <h1 className="govuk-heading-l">Complete the review</h1>
        {d.unjudged.length ? (
          <div className="govuk-inset-text">
            <p className="govuk-body">These standards are not judged yet. Judge them on the review page first:</p>
            <ul className="govuk-list govuk-list--bullet">
              {d.unjudged.map((s) => (
                <li key={s.code}>
                  {s.code} {s.title}
                </li>
              ))}
            </ul>
            <p className="govuk-body">
              <Link className="govuk-link" to={d.path}>
                Go to the review
              </Link>
            </p>
          </div>
        ) : null}
        {!primary ? (
          <p className="govuk-body">
            This is a second review, for the panel&apos;s calibration. Completing it sends nothing to the setting; once both reviews
            are complete, each of you can see the other&apos;s judgements.
          </p>
        ) : null}
        <Form method="post" noValidate id="complete">
          <Radios
            idPrefix="outcome"
            name="outcome"
            fieldset={{ legend: { text: "Outcome", classes: "govuk-fieldset__legend--m" } }}
            errorMessage={errors.outcome}
            value={values.outcome}
            items={OUTCOMES.map((o) => ({ value: o, text: OUTCOME_LABELS[o], hint: OUTCOME_HINTS[o] }))}
          />
          <Textarea
            id="summary"
            name="summary"
            label={{ text: primary ? "Summary for the setting's letter" : "Summary", classes: "govuk-label--m" }}
            hint={primary ? "What the panel found overall. The letter also lists every rating, challenge and action." : undefined}
            errorMessage={errors.summary}
            defaultValue={values.summary}
            rows={6}
          />
          {d.preview ? (
            <>
              <h2 className="govuk-heading-m">Preview of the letter</h2>
              <p className="govuk-body">The outcome and summary are what you choose above. Once sent, the letter cannot be changed.</p>
              <div className="govuk-inset-text">
                <LetterBody letter={d.preview} />
              </div>
            </>
          ) : null}
          <Button>{primary ? "Complete the review and send the letter" : "Complete the review"}</Button>
        </Form>
      </div>
    </div>
  );
}

export function ErrorBoundary() {
  return <ErrorPage error={useRouteError()} />;
}
