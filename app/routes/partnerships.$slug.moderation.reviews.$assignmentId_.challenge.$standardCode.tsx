// The panel member challenges one standard of the return assigned to them: a message, an
// optional lower rating they think the evidence supports, and the date to answer by.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useRouteError } from "@remix-run/react";
import { z } from "zod";
import { requirePartnershipAccess } from "~/access/partnership-access.server";
import { BackLink } from "~/components/BackLink";
import { Button } from "~/components/Button";
import { DateInput, dateErrorTarget, datePartsFrom, datePartsOf } from "~/components/DateInput";
import { ErrorPage } from "~/components/ErrorPage";
import { ErrorSummary } from "~/components/ErrorSummary";
import { InsetText } from "~/components/InsetText";
import { Select } from "~/components/Select";
import { SummaryList } from "~/components/SummaryList";
import { Textarea } from "~/components/Textarea";
import { getDb } from "~/db.server";
import { isFutureDate } from "~/domain/moderation/challenge-rules";
import { loadChallengeForm, raiseChallenge } from "~/domain/moderation/challenges.server";
import { RATING_LABELS } from "~/domain/ratings";
import { formatDate, parseDateParts, parseForm, typedText, type FieldErrors } from "~/forms";
import { refusal } from "~/http/domain-errors.server";
import type { Rating } from "../../db/schema";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Challenge standard ${data?.standard.code ?? ""} – Moderation – Safeguarding self-assessment` },
];

async function formFor(request: Request, params: LoaderFunctionArgs["params"]) {
  const access = await requirePartnershipAccess(request, params, "moderation.judge");
  const db = await getDb();
  const view = await loadChallengeForm(db, {
    partnershipId: access.partnership.id,
    assignmentId: params.assignmentId ?? "",
    standardCode: params.standardCode ?? "",
    actor: access.user,
  });
  if (!view) throw new Response("Not found", { status: 404 });
  // Any panel member may read the sample's returns; only the one it is assigned to challenges.
  if (!view.mayRaise) throw new Response("Forbidden", { status: 403 });
  return { ...access, db, view };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { partnership, view } = await formFor(request, params);
  return {
    reviewPath: `/partnerships/${partnership.slug}/moderation/reviews/${view.assignmentId}`,
    settingName: view.settingName,
    cycleName: view.cycleName,
    standard: view.standard,
    answer: view.answer,
    lowerRatings: view.lowerRatings,
    respondBy: view.defaultRespondBy,
    unresolved: view.unresolved,
    cannotRaise: view.cannotRaise,
  };
}

const ChallengeForm = z.object({
  message: typedText("Message").trim().min(1, "Enter a message for the setting").max(5000, "Message must be 5,000 characters or fewer"),
  suggestedRating: z.string().optional(),
});

export async function action({ request, params }: ActionFunctionArgs) {
  const { partnership, user, db, view } = await formFor(request, params);
  const form = await request.formData();
  const parsed = parseForm(ChallengeForm, form);
  const errors: FieldErrors = parsed.ok ? {} : { ...parsed.errors };
  const values = parsed.ok ? Object.fromEntries([...form.entries()].map(([k, v]) => [k, String(v)])) : parsed.values;
  const date = parseDateParts(values["respondBy-day"], values["respondBy-month"], values["respondBy-year"], "The date to answer by");
  let respondBy: string | null = null;
  if (!date.ok) errors.respondBy = date.message;
  else if (!date.value) errors.respondBy = "Enter the date to answer by";
  else if (!isFutureDate(date.value, new Date())) errors.respondBy = "The date to answer by must be in the future";
  else respondBy = date.value;
  const suggested = values.suggestedRating ? (values.suggestedRating as Rating) : null;
  if (suggested && !view.lowerRatings.includes(suggested)) errors.suggestedRating = "Select a rating lower than the setting's own, or none";
  if (!parsed.ok || Object.keys(errors).length) return data({ errors, values }, { status: 400 });
  try {
    await raiseChallenge(db, {
      partnershipId: partnership.id,
      assignmentId: view.assignmentId,
      standardCode: view.standard.code,
      message: parsed.data.message,
      suggestedRating: suggested,
      respondBy,
      actor: user,
    });
  } catch (error) {
    return refusal(error, (refused) => ({ errors: { [refused.field ?? "message"]: refused.message } as FieldErrors, values }));
  }
  throw redirect(`/partnerships/${partnership.slug}/moderation/reviews/${view.assignmentId}?challenged=${encodeURIComponent(view.standard.code)}`);
}

export default function RaiseChallenge() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors: FieldErrors = result?.errors ?? {};
  const values: Record<string, string> | undefined = result?.values;
  const dateValues = values ? datePartsFrom(values, "respondBy") : datePartsOf(d.respondBy);
  const href = (field: string) => (field === "respondBy" ? `#${dateErrorTarget("respondBy", dateValues)}` : `#${field}`);
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <BackLink href={d.reviewPath} text="Back to the review" />
        <ErrorSummary errorList={Object.entries(errors).map(([k, text]) => ({ text, href: href(k) }))} />
        <span className="govuk-caption-l">
          {d.settingName} · {d.cycleName}
        </span>
        <h1 className="govuk-heading-l">
          {`Challenge standard ${d.standard.code}: ${d.standard.title}`}
        </h1>
        <SummaryList
          rows={[
            { key: "The setting's rating", value: d.answer.rating ? RATING_LABELS[d.answer.rating] : "Not rated" },
            {
              key: "Their evidence",
              value: d.answer.evidence ? <span className="app-multiline">{d.answer.evidence}</span> : "No evidence given",
            },
          ]}
        />
        {d.cannotRaise ? (
          <InsetText>{d.cannotRaise}</InsetText>
        ) : (
          <Form method="post" noValidate>
            <Textarea
              id="message"
              name="message"
              label={{ text: "Your message to the setting", classes: "govuk-label--m" }}
              hint="Say what the evidence does not show and what would show it. The setting's designated safeguarding lead and signatory will be emailed."
              errorMessage={errors.message}
              defaultValue={values?.message}
              rows={6}
            />
            {d.lowerRatings.length ? (
              <Select
                id="suggestedRating"
                name="suggestedRating"
                label={{ text: "Rating you think the evidence supports (optional)", classes: "govuk-label--s" }}
                hint="The setting can accept it instead of adding evidence."
                errorMessage={errors.suggestedRating}
                value={values?.suggestedRating ?? ""}
                items={[{ value: "", text: "No suggestion" }, ...d.lowerRatings.map((r) => ({ value: r, text: RATING_LABELS[r] }))]}
              />
            ) : null}
            <DateInput
              id="respondBy"
              fieldset={{ legend: { text: "Date to answer by", classes: "govuk-fieldset__legend--s" } }}
              hint={`15 working days from today is ${formatDate(d.respondBy)}. For example, 27 3 2027`}
              errorMessage={errors.respondBy}
              values={dateValues}
            />
            <Button>Send the challenge</Button>
          </Form>
        )}
      </div>
    </div>
  );
}

export function ErrorBoundary() {
  return <ErrorPage error={useRouteError()} />;
}
