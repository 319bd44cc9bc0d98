// A challenge as the panel sees it: the thread, and for the panel member holding it, adding a
// message, resolving it (upheld, or revised with the moderated rating) once the setting has
// answered and resubmitted, or withdrawing it with a reason.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useRouteError } from "@remix-run/react";
import { z } from "zod";
import { requirePartnershipAccess } from "~/access/partnership-access.server";
import { can } from "~/auth/permissions";
import { BackLink } from "~/components/BackLink";
import { Button } from "~/components/Button";
import { ErrorPage } from "~/components/ErrorPage";
import { ErrorSummary } from "~/components/ErrorSummary";
import { InsetText } from "~/components/InsetText";
import { NotificationBanner } from "~/components/NotificationBanner";
import { Radios } from "~/components/Radios";
import { Select } from "~/components/Select";
import { SummaryList } from "~/components/SummaryList";
import { Tag } from "~/components/Tag";
import { Textarea } from "~/components/Textarea";
import { getDb } from "~/db.server";
import { isUnresolved, STAGE_FOR_PANEL } from "~/domain/moderation/challenge-rules";
import { addChallengeMessage, loadChallengeThread, resolveChallenge, withdrawChallenge } from "~/domain/moderation/challenges.server";
import { RATING_LABELS, RATINGS } from "~/domain/ratings";
import { formatDate, formatDateTime, formValues, parseForm, typedText, type FieldErrors } from "~/forms";
import { refusal } from "~/http/domain-errors.server";
import type { Rating } from "../../db/schema";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Challenge on standard ${data?.standard.code ?? ""}: ${data?.settingName ?? ""} – Moderation – Safeguarding self-assessment` },
];

const DONE: Record<string, string> = {
  message: "Your message has been sent to the setting.",
  resolved: "The challenge is resolved and the setting has been told.",
  withdrawn: "The challenge is withdrawn and the setting has been told.",
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, partnership } = await requirePartnershipAccess(request, params, "moderation.read");
  const thread = await loadChallengeThread(await getDb(), { partnershipId: partnership.id, challengeId: params.challengeId ?? "" });
  if (!thread) throw new Response("Not found", { status: 404 });
  const c = thread.challenge;
  const mayAct = thread.panelMember?.id === user.id && can(user.grants, "moderation.judge", { partnershipId: partnership.id });
  const done = new URL(request.url).searchParams.get("done") ?? "";
  return {
    done: DONE[done] ?? null,
    reviewPath: c.assignmentId ? `/partnerships/${partnership.slug}/moderation/reviews/${c.assignmentId}` : `/partnerships/${partnership.slug}`,
    versionsPath: `/settings/${thread.settingId}/returns/${c.returnId}/versions`,
    settingName: thread.settingName,
    cycleName: thread.cycleName,
    standard: thread.standard,
    stage: thread.stage,
    suggestedRating: c.suggestedRating,
    respondBy: c.respondBy,
    versionNumber: c.versionNumber,
    respondedVersionNumber: c.respondedVersionNumber,
    response: c.response,
    resolution: c.resolution,
    answer: thread.answer,
    panelMember: thread.panelMember?.name ?? thread.raisedBy,
    messages: thread.messages.map((m) => ({ ...m, createdAt: m.createdAt.toISOString() })),
    mayAct,
    unresolved: isUnresolved(c.status),
    mayResolve: mayAct && thread.stage === "awaiting_panel",
  };
}

const Intent = z.object({ intent: z.enum(["message", "resolve", "withdraw"], { error: "Choose what to do" }) });
const MessageForm = z.object({ body: typedText("Message").trim().min(1, "Enter a message").max(5000, "Message must be 5,000 characters or fewer") });
const ResolveForm = z
  .object({
    outcome: z.enum(["upheld", "revised"], { error: "Select whether the setting's rating stands" }),
    moderatedRating: z.string().optional(),
    resolution: typedText("Resolution").trim().min(1, "Enter the resolution: what the panel decided and why").max(5000, "Resolution must be 5,000 characters or fewer"),
  })
  .refine((v) => v.outcome !== "revised" || (RATINGS as readonly string[]).includes(v.moderatedRating ?? ""), {
    path: ["moderatedRating"],
    message: "Select the moderated rating",
  });
const WithdrawForm = z.object({ reason: typedText("Reason").trim().min(1, "Enter the reason for withdrawing the challenge").max(2000, "Reason must be 2,000 characters or fewer") });

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, partnership } = await requirePartnershipAccess(request, params, "moderation.judge");
  const form = await request.formData();
  const intent = parseForm(Intent, form);
  if (!intent.ok) return data({ intent: "", errors: intent.errors as FieldErrors, values: intent.values }, { status: 400 });
  const db = await getDb();
  const base = { partnershipId: partnership.id, challengeId: params.challengeId ?? "", actor: user };
  const fail = (errors: FieldErrors, values: Record<string, string>) => data({ intent: intent.data.intent, errors, values }, { status: 400 });
  try {
    if (intent.data.intent === "message") {
      const parsed = parseForm(MessageForm, form);
      if (!parsed.ok) return fail(parsed.errors, parsed.values);
      await addChallengeMessage(db, { ...base, side: "panel", body: parsed.data.body });
    } else if (intent.data.intent === "resolve") {
      const parsed = parseForm(ResolveForm, form);
      if (!parsed.ok) return fail(parsed.errors, parsed.values);
      await resolveChallenge(db, {
        ...base,
        outcome: parsed.data.outcome,
        moderatedRating: parsed.data.outcome === "revised" ? (parsed.data.moderatedRating as Rating) : null,
        resolution: parsed.data.resolution,
      });
    } else {
      const parsed = parseForm(WithdrawForm, form);
      if (!parsed.ok) return fail(parsed.errors, parsed.values);
      await withdrawChallenge(db, { ...base, reason: parsed.data.reason });
    }
  } catch (error) {
    return refusal(error, (refused) => ({
      intent: intent.data.intent,
      errors: { [refused.field ?? "form"]: refused.message } as FieldErrors,
      values: formValues(form),
    }));
  }
  const done = intent.data.intent === "message" ? "message" : intent.data.intent === "resolve" ? "resolved" : "withdrawn";
  throw redirect(`/partnerships/${partnership.slug}/moderation/challenges/${params.challengeId}?done=${done}`);
}

export default function PanelChallenge() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors: FieldErrors = result?.errors ?? {};
  const values: Record<string, string> = result?.values ?? {};
  const mine = (intent: string) => result?.intent === intent;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <BackLink href={d.reviewPath} text="Back to the review" />
        <ErrorSummary errorList={Object.entries(errors).map(([k, text]) => ({ text, href: k === "form" ? "#thread" : `#${k}` }))} />
        {d.done ? (
          <NotificationBanner type="success" titleText="Success">
            <p className="govuk-notification-banner__heading">{d.done}</p>
          </NotificationBanner>
        ) : null}
        <span className="govuk-caption-l">
          {d.settingName} · {d.cycleName}
        </span>
        <h1 className="govuk-heading-l">
          {`Challenge on standard ${d.standard.code}: ${d.standard.title}`}
        </h1>
        <p className="govuk-body">
          <Tag {...STAGE_FOR_PANEL[d.stage]} />
        </p>
        <SummaryList
          rows={[
            { key: "Raised by", value: d.panelMember },
            { key: "Version challenged", value: d.versionNumber ? <Link className="govuk-link" to={`${d.versionsPath}/${d.versionNumber}`}>Version {d.versionNumber}</Link> : "None" },
            { key: "Suggested rating", value: d.suggestedRating ? RATING_LABELS[d.suggestedRating] : "None" },
            { key: "Answer by", value: d.respondBy ? formatDate(d.respondBy) : "No date" },
            {
              key: "The setting's answer",
              value: d.response === "rating_accepted" ? "Accepted the suggested rating" : d.response === "evidence_added" ? "Added evidence" : d.respondedVersionNumber ? "Resubmitted without a written answer" : "Not answered yet",
            },
            ...(d.respondedVersionNumber
              ? [{ key: "Resubmitted as", value: <Link className="govuk-link" to={`${d.versionsPath}/${d.respondedVersionNumber}`}>Version {d.respondedVersionNumber}</Link> }]
              : []),
            { key: "Rating now", value: d.answer?.rating ? RATING_LABELS[d.answer.rating] : "Not rated" },
            { key: "Evidence now", value: d.answer?.evidence ? <span className="app-multiline">{d.answer.evidence}</span> : "No evidence given" },
            ...(d.resolution ? [{ key: d.stage === "withdrawn" ? "Reason for withdrawing" : "Resolution", value: <span className="app-multiline">{d.resolution}</span> }] : []),
          ]}
        />

        <h2 className="govuk-heading-m" id="thread">
          Messages
        </h2>
        {d.messages.map((m) => (
          <div key={m.id} className="govuk-!-margin-bottom-6">
            <p className="govuk-body-s govuk-!-margin-bottom-1">
              <strong>{m.author}</strong> ({m.side === "panel" ? "moderation panel" : d.settingName}), {formatDateTime(m.createdAt)}
            </p>
            <p className="govuk-body app-multiline">{m.body}</p>
          </div>
        ))}

        {d.mayAct && d.unresolved ? (
          <>
            <Form method="post" noValidate>
              <input type="hidden" name="intent" value="message" />
              <Textarea id="body" name="body" label={{ text: "Add a message", classes: "govuk-label--s" }} errorMessage={errors.body} defaultValue={mine("message") ? values.body : undefined} />
              <Button classes="govuk-button--secondary">Send the message</Button>
            </Form>

            <h2 className="govuk-heading-m">Resolve the challenge</h2>
            {d.mayResolve ? (
              <Form method="post" noValidate>
                <input type="hidden" name="intent" value="resolve" />
                <Radios
                  idPrefix="outcome"
                  name="outcome"
                  fieldset={{ legend: { text: "Does the setting's rating stand?", classes: "govuk-fieldset__legend--s" } }}
                  errorMessage={errors.outcome}
                  value={mine("resolve") ? values.outcome : undefined}
                  items={[
                    { value: "upheld", text: `Yes, uphold the setting's rating${d.answer?.rating ? ` (${RATING_LABELS[d.answer.rating]})` : ""}` },
                    {
                      value: "revised",
                      text: "No, record a moderated rating",
                      conditional: (
                        <Select
                          id="moderatedRating"
                          name="moderatedRating"
                          label={{ text: "Moderated rating" }}
                          errorMessage={errors.moderatedRating}
                          value={mine("resolve") ? values.moderatedRating : (d.suggestedRating ?? "")}
                          items={[{ value: "", text: "Select a rating" }, ...RATINGS.map((r) => ({ value: r, text: RATING_LABELS[r] }))]}
                        />
                      ),
                    },
                  ]}
                />
                <Textarea
                  id="resolution"
                  name="resolution"
                  label={{ text: "Resolution", classes: "govuk-label--s" }}
                  hint="What the panel decided and why. The setting will read this."
                  errorMessage={errors.resolution}
                  defaultValue={mine("resolve") ? values.resolution : undefined}
                />
                <Button>Resolve the challenge</Button>
              </Form>
            ) : (
              <InsetText>
                You can resolve the challenge once the setting has answered and its signatory has signed the return off and submitted it again.
              </InsetText>
            )}

            <h2 className="govuk-heading-m">Withdraw the challenge</h2>
            <Form method="post" noValidate>
              <input type="hidden" name="intent" value="withdraw" />
              <Textarea
                id="reason"
                name="reason"
                label={{ text: "Why are you withdrawing it?", classes: "govuk-label--s" }}
                hint="The setting will be told and will not need to answer."
                errorMessage={errors.reason}
                defaultValue={mine("withdraw") ? values.reason : undefined}
                rows={3}
              />
              <Button classes="govuk-button--warning">Withdraw the challenge</Button>
            </Form>
          </>
        ) : null}
      </div>
    </div>
  );
}

export function ErrorBoundary() {
  return <ErrorPage error={useRouteError()} />;
}
