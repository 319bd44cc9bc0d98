import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { formatBytes } from "~/domain/evidence-types";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useRouteError } from "@remix-run/react";
import { requirePartnershipAccess } from "~/access/partnership-access.server";
import { can } from "~/auth/permissions";
import { BackLink } from "~/components/BackLink";
import { Button } from "~/components/Button";
import { DateInput, datePartsFrom } from "~/components/DateInput";
import { ErrorPage } from "~/components/ErrorPage";
import { ErrorSummary } from "~/components/ErrorSummary";
import { Input } from "~/components/Input";
import { NotificationBanner } from "~/components/NotificationBanner";
import { Radios } from "~/components/Radios";
import { Select } from "~/components/Select";
import { Tag } from "~/components/Tag";
import { Textarea } from "~/components/Textarea";
import { WarningText } from "~/components/WarningText";
import { getDb } from "~/db.server";
import { ACTION_STATUS_LABELS, THEMES, THEME_LABELS } from "~/domain/action-themes";
import { parseAddAction, SUGGEST_THEME } from "~/domain/action-forms";
import { addModerationAction, loadReview, saveJudgements, type JudgementConflict, type Review } from "~/domain/moderation/reviews.server";
import { parseReviewForm } from "~/domain/moderation/review-form.server";
import { CHALLENGE_STATUS_LABELS, fieldIdOf, fieldName, REVIEW_STATUS } from "~/domain/moderation/review-words";
import { RATING_LABELS, RATINGS } from "~/domain/ratings";
import { formatDate, formatDateTime, formValues } from "~/forms";
import { refusal } from "~/http/domain-errors.server";
import type { Rating } from "../../db/schema";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Review: ${data?.settingName ?? "Return"} – Moderation – Safeguarding self-assessment` },
];

async function reviewFor(request: Request, params: LoaderFunctionArgs["params"], permission: "moderation.read" | "moderation.judge") {
  const access = await requirePartnershipAccess(request, params, permission);
  const db = await getDb();
  const review = await loadReview(db, { partnershipId: access.partnership.id, assignmentId: params.assignmentId ?? "", viewer: { id: access.user.id } });
  if (!review) throw new Response("Not found", { status: 404 });
  return { ...access, db, review };
}

const standardsOf = (review: Review) => review.sections.flatMap((s) => s.standards);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, partnership, review } = await reviewFor(request, params, "moderation.read");
  const url = new URL(request.url);
  const mayJudge = review.mayJudge && can(user.grants, "moderation.judge", { partnershipId: partnership.id });
  const base = `/partnerships/${partnership.slug}/moderation`;
  return {
    base,
    path: `${base}/reviews/${review.assignment.id}`,
    settingName: review.setting.name,
    settingId: review.setting.id,
    cycleName: review.cycle.name,
    versionNumber: review.version.number,
    submittedAt: review.version.submittedAt.toISOString(),
    role: review.assignment.role,
    status: review.assignment.status,
    moderatorName: review.assignment.moderatorName,
    mine: review.assignment.moderatorUserId === user.id,
    mayJudge,
    blindToViewer: review.blindToViewer,
    pairComplete: review.pairComplete,
    letterId: review.letterId,
    previousCycleName: review.previousCycleName,
    saved: url.searchParams.get("saved") === "1",
    actionAdded: url.searchParams.get("actionAdded") === "1",
    sections: review.sections.map((section) => ({
      code: section.code,
      title: section.title,
      standards: section.standards.map((s) => ({
        ...s,
        judgement: s.judgement ? { ...s.judgement, updatedAt: s.judgement.updatedAt.toISOString() } : null,
        otherJudgement: s.otherJudgement ? { ...s.otherJudgement, updatedAt: s.otherJudgement.updatedAt.toISOString() } : null,
      })),
    })),
  };
}

type ActionResult = {
  intent: "save" | "add-action";
  errors: Record<string, string>;
  values: Record<string, string>;
  conflicts: JudgementConflict[];
};

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, partnership, db, review } = await reviewFor(request, params, "moderation.judge");
  const form = await request.formData();
  const values = formValues(form);
  const actor = { id: user.id, name: user.name };
  const path = `/partnerships/${partnership.slug}/moderation/reviews/${review.assignment.id}`;
  const answer = (status: number, body: Omit<ActionResult, "conflicts"> & { conflicts?: JudgementConflict[] }) =>
    data<ActionResult>({ conflicts: [], ...body }, { status });

  if (values.intent === "add-action") {
    const parsed = parseAddAction(form, standardsOf(review).map((s) => s.code));
    if (!parsed.ok) return answer(400, { intent: "add-action", errors: parsed.errors, values });
    try {
      await addModerationAction(db, { ...parsed.data, partnershipId: partnership.id, assignmentId: review.assignment.id, actor });
    } catch (error) {
      return refusal(error, (refused): ActionResult => ({ intent: "add-action", errors: { [refused.field ?? "form"]: refused.message }, values, conflicts: [] }));
    }
    throw redirect(`${path}?actionAdded=1#add-action`);
  }

  const parsed = parseReviewForm(form, standardsOf(review));
  if (!parsed.ok) return answer(400, { intent: "save", errors: parsed.errors, values: parsed.values });
  let result;
  try {
    result = await saveJudgements(db, { partnershipId: partnership.id, assignmentId: review.assignment.id, actor, entries: parsed.entries });
  } catch (error) {
    return refusal(error, (refused): ActionResult => ({ intent: "save", errors: { form: refused.message }, values, conflicts: [] }));
  }
  if (!result.ok) {
    const errors: Record<string, string> = {};
    for (const c of result.conflicts)
      errors[fieldIdOf("verdict", c.code)] =
        `${c.stored.updatedBy ?? "Someone"} saved a judgement on standard ${c.code} while you were editing it. Compare the two below, then save again`;
    return answer(409, { intent: "save", errors, values, conflicts: result.conflicts });
  }
  throw redirect(`${path}?saved=1`);
}

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;
type StandardData = LoaderData["sections"][number]["standards"][number];

export default function ReviewPage() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionResult | undefined;
  const saveResult = result?.intent === "save" ? result : undefined;
  const actionResult = result?.intent === "add-action" ? result : undefined;
  const errors = saveResult?.errors ?? {};
  const values = saveResult?.values ?? {};
  const conflicts = new Map((saveResult?.conflicts ?? []).map((c) => [c.standardId, c]));
  const standards = d.sections.flatMap((s) => s.standards);
  const errorList = [
    ...Object.entries(errors).map(([id, text]) => ({ text, href: `#${id === "form" ? "judgements" : id}` })),
    ...Object.entries(actionResult?.errors ?? {}).map(([id, text]) => ({ text, href: `#${id === "form" ? "add-action" : id}` })),
  ];
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <BackLink href={d.base} text="Back to moderation" />
        <ErrorSummary errorList={errorList} />
        {d.saved ? (
          <NotificationBanner type="success" titleText="Success">
            <p className="govuk-notification-banner__heading">Your judgements are saved</p>
          </NotificationBanner>
        ) : null}
        {d.actionAdded ? (
          <NotificationBanner type="success" titleText="Success">
            <p className="govuk-notification-banner__heading">The action is added to the setting&apos;s plan</p>
          </NotificationBanner>
        ) : null}
        <span className="govuk-caption-l">
          {d.cycleName} · version {d.versionNumber}, submitted {formatDate(d.submittedAt)}
        </span>
        <h1 className="govuk-heading-l">Review: {d.settingName}</h1>
        <dl className="govuk-summary-list">
          <div className="govuk-summary-list__row govuk-summary-list__row--no-actions">
            <dt className="govuk-summary-list__key">Panel member</dt>
            <dd className="govuk-summary-list__value">
              {d.moderatorName}
              {d.role === "second" ? " (second review, for calibration)" : ""}
            </dd>
          </div>
          <div className="govuk-summary-list__row govuk-summary-list__row--no-actions">
            <dt className="govuk-summary-list__key">Status</dt>
            <dd className="govuk-summary-list__value">
              <Tag {...REVIEW_STATUS[d.status]} />
            </dd>
          </div>
        </dl>
        {!d.mayJudge ? (
          <div className="govuk-inset-text">
            {d.status === "completed"
              ? "This review is complete, so its judgements can no longer be changed."
              : d.mine
                ? "You can read this review but your role does not let you judge it."
                : `This review is assigned to ${d.moderatorName}. You can read it to help, but only they can record judgements, add actions, raise challenges or complete it.`}
            {d.blindToViewer
              ? " You are the other member of this return's calibration pair, so its judgements are hidden until you have both completed your reviews."
              : ""}
          </div>
        ) : null}
        {d.letterId ? (
          <p className="govuk-body">
            <Link className="govuk-link" to={`${d.base}/letters/${d.letterId}`}>
              Read the feedback letter
            </Link>
          </p>
        ) : null}
        <Form method="post" noValidate id="judgements">
          <input type="hidden" name="intent" value="save" />
          {d.sections.map((section) => (
            <div key={section.code}>
              <h2 className="govuk-heading-l">
                {section.code}. {section.title}
              </h2>
              {section.standards.map((s) => (
                <StandardReview
                  key={s.standardId}
                  s={s}
                  d={d}
                  values={values}
                  errors={errors}
                  conflict={conflicts.get(s.standardId)}
                />
              ))}
            </div>
          ))}
          {d.mayJudge ? (
            <div className="govuk-button-group">
              <Button>Save and come back later</Button>
            </div>
          ) : null}
        </Form>
        {d.mayJudge ? (
          <>
            <AddAction path={d.path} standards={standards} result={actionResult} />
            <h2 className="govuk-heading-m">Complete the review</h2>
            <p className="govuk-body">
              When every standard is judged{d.role === "primary" ? " and every challenge is resolved" : ""}, record the outcome
              {d.role === "primary" ? " and send the setting its feedback letter" : ""}.
            </p>
            <p className="govuk-body">
              <Link className="govuk-link govuk-!-font-weight-bold" to={`${d.path}/complete`}>
                Complete the review
              </Link>
            </p>
          </>
        ) : null}
      </div>
    </div>
  );
}

const ratingText = (r: Rating | null | undefined) => (r ? RATING_LABELS[r] : "No rating");

function StandardReview({
  s,
  d,
  values,
  errors,
  conflict,
}: {
  s: StandardData;
  d: LoaderData;
  values: Record<string, string>;
  errors: Record<string, string>;
  conflict?: JudgementConflict;
}) {
  const verdictName = fieldName("verdict", s.standardId);
  const ratingName = fieldName("moderatedRating", s.standardId);
  const reasonName = fieldName("reason", s.standardId);
  const typed = verdictName in values;
  const verdict = typed ? values[verdictName] : (s.judgement?.verdict ?? "");
  const moderatedRating = typed ? values[ratingName] : (s.judgement?.moderatedRating ?? "");
  const reason = typed ? values[reasonName] : (s.judgement?.reason ?? "");
  // After a conflict the form is based on the judgement shown beside it, so saving again is a
  // deliberate replacement.
  const revision = conflict ? conflict.stored.revision : (s.judgement?.revision ?? 0);
  const headingId = fieldIdOf("standard", s.code);
  const challengeHref = `${d.path}/challenge/${encodeURIComponent(s.code)}`;
  return (
    <section className="govuk-!-margin-bottom-9" aria-labelledby={headingId}>
      <h3 className="govuk-heading-m" id={headingId}>
        <span className="govuk-caption-m">Standard {s.code}</span>
        {s.title}
      </h3>
      {s.flags.unsupportedExceeds ? (
        <WarningText>
          <Tag text="Unsupported Exceeds" colour="red" /> Rated Exceeds without the evidence to show it.
        </WarningText>
      ) : null}
      {s.flags.raisedWithSameEvidence ? (
        <WarningText>
          <Tag text="Raised, same evidence" colour="orange" /> Rated higher than in {d.previousCycleName ?? "the last full cycle"} with the same evidence.
        </WarningText>
      ) : null}
      <dl className="govuk-summary-list">
        <div className="govuk-summary-list__row govuk-summary-list__row--no-actions">
          <dt className="govuk-summary-list__key">Setting&apos;s rating</dt>
          <dd className="govuk-summary-list__value">{ratingText(s.rating)}</dd>
        </div>
        <div className="govuk-summary-list__row govuk-summary-list__row--no-actions">
          <dt className="govuk-summary-list__key">Evidence</dt>
          <dd className="govuk-summary-list__value app-pre-line">{s.evidence || "None given"}</dd>
        </div>
        <div className="govuk-summary-list__row govuk-summary-list__row--no-actions">
          <dt className="govuk-summary-list__key">Documents</dt>
          <dd className="govuk-summary-list__value">
            {s.documents.length ? (
              <ul className="govuk-list">
                {s.documents.map((doc) => (
                  <li key={doc.documentId}>
                    <a className="govuk-link" href={`/settings/${d.settingId}/documents/${doc.documentId}`} download>
                      {doc.fileName}
                    </a>{" "}
                    ({formatBytes(doc.sizeBytes)}){doc.description ? `: ${doc.description}` : ""}
                  </li>
                ))}
              </ul>
            ) : (
              "None attached"
            )}
          </dd>
        </div>
        <div className="govuk-summary-list__row govuk-summary-list__row--no-actions">
          <dt className="govuk-summary-list__key">{d.previousCycleName ? `Rating in ${d.previousCycleName}` : "Last full cycle"}</dt>
          <dd className="govuk-summary-list__value">{s.previous ? ratingText(s.previous.rating) : "Not answered"}</dd>
        </div>
        <div className="govuk-summary-list__row govuk-summary-list__row--no-actions">
          <dt className="govuk-summary-list__key">Actions</dt>
          <dd className="govuk-summary-list__value">
            {s.actions.length ? (
              <ul className="govuk-list">
                {s.actions.map((a) => (
                  <li key={a.id}>
                    {a.description} ({THEME_LABELS[a.theme]}, {a.owner}
                    {a.dueOn ? `, due ${formatDate(a.dueOn)}` : ""}, {ACTION_STATUS_LABELS[a.status].toLowerCase()})
                    {a.source === "moderation" ? (
                      <>
                        {" "}
                        <Tag text="Added by the panel" colour="purple" />
                      </>
                    ) : null}
                  </li>
                ))}
              </ul>
            ) : (
              "None for this standard"
            )}
          </dd>
        </div>
      </dl>
      {s.challenges.length ? (
        <>
          <h4 className="govuk-heading-s">Challenges on this standard</h4>
          <ul className="govuk-list">
            {s.challenges.map((c) => (
              <li key={c.id}>
                <Link className="govuk-link" to={`${d.base}/challenges/${c.id}`}>
                  {CHALLENGE_STATUS_LABELS[c.status] ?? c.status}
                  <span className="govuk-visually-hidden"> (standard {s.code})</span>
                </Link>
                {c.suggestedRating ? `, suggested rating ${RATING_LABELS[c.suggestedRating]}` : ""}
                {c.respondBy && (c.status === "open" || c.status === "responded") ? `, answer by ${formatDate(c.respondBy)}` : ""}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {s.otherJudgement ? (
        <div className="govuk-inset-text">
          <p className="govuk-body-s govuk-!-margin-bottom-1">
            <strong>
              {s.otherJudgement.moderator}&apos;s {s.otherJudgement.role === "second" ? "second" : "primary"} review:
            </strong>{" "}
            {s.otherJudgement.verdict === "agree" ? "Agreed" : `Moderated rating ${ratingText(s.otherJudgement.moderatedRating)}`}
          </p>
          {s.otherJudgement.reason ? <p className="govuk-body-s app-pre-line">{s.otherJudgement.reason}</p> : null}
        </div>
      ) : null}
      {d.mayJudge ? (
        <>
          <input type="hidden" name={fieldName("revision", s.standardId)} value={revision} />
          {conflict ? (
            <div className="govuk-inset-text" id={fieldIdOf("conflict", s.code)}>
              <h4 className="govuk-heading-s">
                Saved by {conflict.stored.updatedBy ?? "someone else"} on {formatDateTime(conflict.stored.updatedAt)}
              </h4>
              <p className="govuk-body-s">
                {conflict.stored.verdict === "agree" ? "Agreed with the setting's rating" : `Moderated rating: ${ratingText(conflict.stored.moderatedRating)}`}
              </p>
              {conflict.stored.reason ? <p className="govuk-body-s app-pre-line">{conflict.stored.reason}</p> : null}
              <p className="govuk-body-s">What you chose is in the form below. Saving again replaces the judgement above.</p>
            </div>
          ) : null}
          <Radios
            idPrefix={fieldIdOf("verdict", s.code)}
            name={verdictName}
            fieldset={{ legend: { text: `Your judgement on standard ${s.code}`, classes: "govuk-fieldset__legend--s" } }}
            errorMessage={errors[fieldIdOf("verdict", s.code)]}
            value={verdict}
            classes="govuk-radios--small"
            items={[
              { value: "agree", text: "Agree with the setting's rating" },
              {
                value: "revised",
                text: "Give a moderated rating",
                conditional: (
                  <>
                    <Select
                      id={fieldIdOf("moderatedRating", s.code)}
                      name={ratingName}
                      label={{ text: "Moderated rating" }}
                      errorMessage={errors[fieldIdOf("moderatedRating", s.code)]}
                      value={moderatedRating}
                      items={[
                        { value: "", text: "Choose a rating" },
                        ...RATINGS.filter((r) => r !== "not_applicable" || s.allowsNotApplicable).map((r) => ({ value: r, text: RATING_LABELS[r] })),
                      ]}
                    />
                    <Textarea
                      id={fieldIdOf("reason", s.code)}
                      name={reasonName}
                      label={{ text: "Reason (the setting reads this in its letter)" }}
                      errorMessage={errors[fieldIdOf("reason", s.code)]}
                      defaultValue={reason}
                      rows={4}
                    />
                  </>
                ),
              },
            ]}
          />
          <p className="govuk-body">
            <Link className="govuk-link" to={challengeHref}>
              Challenge this rating<span className="govuk-visually-hidden"> (standard {s.code})</span>
            </Link>
          </p>
        </>
      ) : s.judgement ? (
        <p className="govuk-body">
          <strong>Judgement:</strong>{" "}
          {s.judgement.verdict === "agree" ? "Agreed with the setting's rating" : `Moderated rating ${ratingText(s.judgement.moderatedRating)}: ${s.judgement.reason}`}
        </p>
      ) : !d.blindToViewer ? (
        <p className="govuk-body">Not judged yet.</p>
      ) : null}
    </section>
  );
}

function AddAction({
  path,
  standards,
  result,
}: {
  path: string;
  standards: { code: string; title: string }[];
  result?: ActionResult;
}) {
  const errors = result?.errors ?? {};
  const values = result?.values;
  return (
    <section id="add-action" aria-labelledby="add-action-heading">
      <h2 className="govuk-heading-m" id="add-action-heading">
        Add an action to the setting&apos;s plan
      </h2>
      <p className="govuk-body">The setting sees it in its action plan, marked as added by the moderation panel, and it is listed in the letter.</p>
      {errors.form ? <p className="govuk-error-message">{errors.form}</p> : null}
      <Form method="post" action={path} noValidate>
        <input type="hidden" name="intent" value="add-action" />
        <Textarea
          id="description"
          name="description"
          label={{ text: "What needs to be done", classes: "govuk-label--s" }}
          errorMessage={errors.description}
          defaultValue={values?.description}
          rows={3}
        />
        <Select
          id="theme"
          name="theme"
          label={{ text: "Theme", classes: "govuk-label--s" }}
          errorMessage={errors.theme}
          value={values?.theme ?? SUGGEST_THEME}
          hint="If you are not sure, a theme is suggested from what needs to be done; the setting can change it."
          items={[
            { value: SUGGEST_THEME, text: "Not sure – suggest one from what needs to be done" },
            ...THEMES.map((t) => ({ value: t, text: THEME_LABELS[t] })),
          ]}
        />
        <Input
          id="owner"
          name="owner"
          classes="govuk-!-width-two-thirds"
          label={{ text: "Who owns this action", classes: "govuk-label--s" }}
          hint="For example, DSL, headteacher or a person's name."
          errorMessage={errors.owner}
          defaultValue={values?.owner}
        />
        <DateInput id="dueOn" fieldset={{ legend: { text: "Due date (optional)" } }} hint="For example, 31 3 2027" errorMessage={errors.dueOn} values={datePartsFrom(values, "dueOn")} />
        <Select
          id="standardCode"
          name="standardCode"
          label={{ text: "Standard it relates to (optional)", classes: "govuk-label--s" }}
          errorMessage={errors.standardCode}
          value={values?.standardCode ?? ""}
          items={[{ value: "", text: "Not linked to a standard" }, ...standards.map((s) => ({ value: s.code, text: `${s.code} ${s.title}` }))]}
        />
        <Button classes="govuk-button--secondary">Add action</Button>
      </Form>
    </section>
  );
}

export function ErrorBoundary() {
  return <ErrorPage error={useRouteError()} />;
}
