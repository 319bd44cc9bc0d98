import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useRouteError } from "@remix-run/react";
import { z } from "zod";
import { requirePartnershipAccess } from "~/access/partnership-access.server";
import { BackLink } from "~/components/BackLink";
import { Button } from "~/components/Button";
import { ErrorPage } from "~/components/ErrorPage";
import { ErrorSummary, errorListFrom } from "~/components/ErrorSummary";
import { NotificationBanner } from "~/components/NotificationBanner";
import { Select } from "~/components/Select";
import { Table } from "~/components/Table";
import { Textarea } from "~/components/Textarea";
import { getDb } from "~/db.server";
import { listCalibrationPairs, recordAgreedJudgement } from "~/domain/moderation/calibration.server";
import { moderationCycle } from "~/domain/moderation/samples.server";
import { RATING_LABELS, RATINGS } from "~/domain/ratings";
import { formatDateTime, formValues, parseForm, typedText, type FieldErrors } from "~/forms";
import { refusal } from "~/http/domain-errors.server";
import type { Rating } from "../../db/schema";

export const meta: MetaFunction = () => [{ title: "Calibration – Moderation panel – Safeguarding self-assessment" }];

const AgreedForm = z.object({
  returnId: z.string().uuid(),
  standardId: z.string().uuid(),
  rating: z.enum(RATINGS as [Rating, ...Rating[]], { error: "Select the agreed rating" }),
  reason: typedText("Reason").trim().min(1, "Enter why the panel agreed this rating").max(5000, "The reason must be 5000 characters or fewer"),
});

const ratingText = (rating: Rating | null) => (rating ? RATING_LABELS[rating] : "Not rated");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { partnership } = await requirePartnershipAccess(request, params, "moderation.lead");
  const db = await getDb();
  const url = new URL(request.url);
  const cycle = await moderationCycle(db, partnership.id, url.searchParams.get("cycle"));
  const pairs = cycle ? await listCalibrationPairs(db, partnership.id, cycle.id) : [];
  return {
    partnership: { name: partnership.name, slug: partnership.slug },
    cycle: cycle ? { id: cycle.id, name: cycle.name } : null,
    saved: url.searchParams.get("saved"),
    pairs: pairs.map((p) => ({
      ...p,
      standards: p.standards.map((s) => ({
        ...s,
        agreed: s.agreed ? { ...s.agreed, recordedAt: formatDateTime(s.agreed.recordedAt) } : null,
      })),
    })),
  };
}

type ActionResult = { errors: FieldErrors; values: Record<string, string> };

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, partnership } = await requirePartnershipAccess(request, params, "moderation.lead");
  const form = await request.formData();
  const parsed = parseForm(AgreedForm, form);
  if (!parsed.ok) return data<ActionResult>({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  try {
    await recordAgreedJudgement(await getDb(), { partnershipId: partnership.id, ...parsed.data, actor: { id: user.id } });
  } catch (error) {
    return refusal(error, (refused) => ({ errors: { [refused.field ?? "rating"]: refused.message }, values: formValues(form) }) satisfies ActionResult);
  }
  const cycle = new URL(request.url).searchParams.get("cycle");
  throw redirect(`/partnerships/${partnership.slug}/moderation/calibration?saved=${parsed.data.standardId}${cycle ? `&cycle=${cycle}` : ""}#agree-${parsed.data.standardId}`);
}

export default function Calibration() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<ActionResult>();
  const errors = result?.errors ?? {};
  const failedFor = result?.values.standardId;
  return (
    <>
      <BackLink href={`/partnerships/${d.partnership.slug}/moderation`} text="Back to the moderation panel" />
      {d.saved && !result ? (
        <NotificationBanner type="success" titleText="Success">
          <p className="govuk-notification-banner__heading">The agreed judgement has been recorded.</p>
        </NotificationBanner>
      ) : null}
      <ErrorSummary errorList={errorListFrom(Object.fromEntries(Object.entries(errors).map(([field, text]) => [`${field}-${failedFor}`, text])))} />
      <span className="govuk-caption-l">{d.cycle?.name ?? d.partnership.name}</span>
      <h1 className="govuk-heading-l">Calibration</h1>
      <p className="govuk-body">
        Each calibration return was reviewed by two panel members, neither seeing the other&apos;s judgements. Where their ratings differ, record the rating the
        panel agrees, and why.
      </p>
      {d.pairs.length === 0 ? (
        <p className="govuk-body">No calibration return has both of its reviews complete yet.</p>
      ) : (
        d.pairs.map((pair) => (
          <section key={pair.returnId} aria-labelledby={`pair-${pair.returnId}`} className="govuk-!-margin-bottom-9">
            <h2 className="govuk-heading-m" id={`pair-${pair.returnId}`}>
              {pair.settingName}
            </h2>
            <p className="govuk-body">
              Reviewed by {pair.firstModerator} and {pair.secondModerator}. They agree on {pair.standards.filter((s) => !s.differ).length} of {pair.standards.length}{" "}
              standards.
            </p>
            <Table
              head={["Standard", "Setting's rating", pair.firstModerator, pair.secondModerator, "Agreed"]}
              rows={pair.standards.map((s) => [
                s.code,
                ratingText(s.selfRating),
                ratingText(s.first.rating),
                ratingText(s.second.rating),
                s.agreed ? ratingText(s.agreed.rating) : s.differ ? "To agree" : "Same",
              ])}
            />
            {pair.standards
              .filter((s) => s.differ)
              .map((s) => {
                const failed = failedFor === s.standardId;
                return (
                  <Form key={s.standardId} method="post" noValidate id={`agree-${s.standardId}`} className="govuk-!-margin-bottom-6">
                    <h3 className="govuk-heading-s">Standard {s.code}</h3>
                    <p className="govuk-body">
                      {pair.firstModerator}: {ratingText(s.first.rating)}
                      {s.first.reason ? ` (${s.first.reason})` : ""}. {pair.secondModerator}: {ratingText(s.second.rating)}
                      {s.second.reason ? ` (${s.second.reason})` : ""}.
                    </p>
                    {s.agreed ? (
                      <p className="govuk-body">
                        Agreed: {ratingText(s.agreed.rating)}, recorded by {s.agreed.recordedBy} on {s.agreed.recordedAt}. You can record it again to change it.
                      </p>
                    ) : null}
                    <input type="hidden" name="returnId" value={pair.returnId} />
                    <input type="hidden" name="standardId" value={s.standardId} />
                    <Select
                      id={`rating-${s.standardId}`}
                      name="rating"
                      label={{ text: `Agreed rating for standard ${s.code}` }}
                      items={[{ value: "", text: "Select a rating" }, ...RATINGS.map((r) => ({ value: r, text: RATING_LABELS[r] }))]}
                      value={failed ? result?.values.rating : (s.agreed?.rating ?? "")}
                      errorMessage={failed ? errors.rating : undefined}
                    />
                    <Textarea
                      id={`reason-${s.standardId}`}
                      name="reason"
                      label={{ text: "Why the panel agreed this rating" }}
                      rows={3}
                      defaultValue={failed ? result?.values.reason : undefined}
                      errorMessage={failed ? errors.reason : undefined}
                    />
                    <Button classes="govuk-button--secondary" preventDoubleClick>
                      Record the agreed judgement
                    </Button>
                  </Form>
                );
              })}
          </section>
        ))
      )}
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage error={useRouteError()} />;
}
