// A question from the moderation panel about one standard, as the setting sees it: the panel's
// message and any suggested rating, the thread, where to change the standard's evidence, and
// the answer (added evidence, or the suggested rating accepted). Then the signatory signs the
// return off and submits it again.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useRouteError } from "@remix-run/react";
import { z } from "zod";
import { requireReturnAccess } from "~/access/setting-access.server";
import { BackLink } from "~/components/BackLink";
import { Button } from "~/components/Button";
import { ErrorPage } from "~/components/ErrorPage";
import { ErrorSummary } from "~/components/ErrorSummary";
import { InsetText } from "~/components/InsetText";
import { NotificationBanner } from "~/components/NotificationBanner";
import { Radios } from "~/components/Radios";
import { SummaryList } from "~/components/SummaryList";
import { Tag } from "~/components/Tag";
import { Textarea } from "~/components/Textarea";
import { getDb } from "~/db.server";
import { isUnresolved, STAGE_FOR_SETTING } from "~/domain/moderation/challenge-rules";
import { addChallengeMessage, loadChallengeThread, respondToChallenge, standardChangePath } from "~/domain/moderation/challenges.server";
import { RATING_LABELS } from "~/domain/ratings";
import { returnPath } from "~/domain/return-context.server";
import { mayChangeStandard } from "~/domain/return-lifecycle";
import { formatDate, formatDateTime, formValues, parseForm, typedText, type FieldErrors } from "~/forms";
import { refusal } from "~/http/domain-errors.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Question about standard ${data?.standard.code ?? ""} – ${data?.settingName ?? ""} – Safeguarding self-assessment` },
];

const DONE: Record<string, string> = {
  message: "Your message has been sent to the moderation panel.",
  responded: "Your answer has been sent to the moderation panel.",
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { ctx, may } = await requireReturnAccess(request, params, "setting.view");
  const db = await getDb();
  const thread = await loadChallengeThread(db, {
    partnershipId: ctx.ret.partnershipId,
    settingId: ctx.setting.id,
    returnId: ctx.ret.id,
    challengeId: params.challengeId ?? "",
  });
  if (!thread) throw new Response("Not found", { status: 404 });
  const c = thread.challenge;
  const done = new URL(request.url).searchParams.get("done") ?? "";
  const [first, ...rest] = thread.messages;
  return {
    done: DONE[done] ?? null,
    returnPath: returnPath(ctx),
    settingId: ctx.setting.id,
    settingName: ctx.setting.name,
    cycleName: ctx.cycle.name,
    standard: thread.standard,
    stage: thread.stage,
    suggestedRating: c.suggestedRating,
    respondBy: c.respondBy,
    resolution: c.resolution,
    answer: thread.answer,
    panelMessage: first ? { ...first, createdAt: first.createdAt.toISOString() } : null,
    messages: rest.map((m) => ({ ...m, createdAt: m.createdAt.toISOString() })),
    reader: !may.edit,
    mayWrite: may.edit && isUnresolved(c.status),
    mayRespond: may.edit && thread.stage === "awaiting_answer",
    changeHref:
      may.edit && mayChangeStandard(ctx.editable, c.standardCode) ? standardChangePath(c, ctx.setting.id, thread.standard.sectionId) : null,
    awaitingResubmission: thread.stage === "awaiting_resubmission",
    maySignOff: may.signOff,
  };
}

const Intent = z.object({ intent: z.enum(["respond", "message"], { error: "Choose what to do" }) });
const RespondForm = z.object({
  response: z.enum(["evidence_added", "rating_accepted"], { error: "Select how you are answering" }),
  message: typedText("Message").trim().min(1, "Enter a message for the panel").max(5000, "Message must be 5,000 characters or fewer"),
});
const MessageForm = z.object({ body: typedText("Message").trim().min(1, "Enter a message").max(5000, "Message must be 5,000 characters or fewer") });

export async function action({ request, params }: ActionFunctionArgs) {
  const { ctx, user } = await requireReturnAccess(request, params, "return.edit");
  const form = await request.formData();
  const intent = parseForm(Intent, form);
  if (!intent.ok) return data({ intent: "", errors: intent.errors as FieldErrors, values: intent.values }, { status: 400 });
  const db = await getDb();
  const scope = { partnershipId: ctx.ret.partnershipId, settingId: ctx.setting.id, challengeId: params.challengeId ?? "", actor: user };
  // The challenge must be this return's: loadChallengeThread checks it, the domain checks the setting.
  const thread = await loadChallengeThread(db, { ...scope, returnId: ctx.ret.id });
  if (!thread) throw new Response("Not found", { status: 404 });
  const fail = (errors: FieldErrors) => data({ intent: intent.data.intent, errors, values: formValues(form) }, { status: 400 });
  try {
    if (intent.data.intent === "respond") {
      const parsed = parseForm(RespondForm, form);
      if (!parsed.ok) return fail(parsed.errors);
      await respondToChallenge(db, { ...scope, response: parsed.data.response, message: parsed.data.message });
    } else {
      const parsed = parseForm(MessageForm, form);
      if (!parsed.ok) return fail(parsed.errors);
      await addChallengeMessage(db, { ...scope, side: "setting", body: parsed.data.body });
    }
  } catch (error) {
    return refusal(error, (refused) => ({ intent: intent.data.intent, errors: { [refused.field ?? "form"]: refused.message } as FieldErrors, values: formValues(form) }));
  }
  throw redirect(`${returnPath(ctx)}/challenges/${thread.challenge.id}?done=${intent.data.intent === "respond" ? "responded" : "message"}`);
}

export default function SettingChallenge() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors: FieldErrors = result?.errors ?? {};
  const values: Record<string, string> = result?.values ?? {};
  const mine = (intent: string) => result?.intent === intent;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <BackLink href={d.returnPath} text="Back to the return" />
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
          {`The moderation panel's question about standard ${d.standard.code}: ${d.standard.title}`}
        </h1>
        <p className="govuk-body">
          <Tag {...STAGE_FOR_SETTING[d.stage]} />
        </p>
        {d.panelMessage ? (
          <div className="govuk-inset-text">
            <p className="govuk-body app-multiline">{d.panelMessage.body}</p>
            <p className="govuk-body-s govuk-!-margin-bottom-0">
              {d.panelMessage.author}, moderation panel, {formatDateTime(d.panelMessage.createdAt)}
            </p>
          </div>
        ) : null}
        <SummaryList
          rows={[
            { key: "Rating the panel suggests", value: d.suggestedRating ? RATING_LABELS[d.suggestedRating] : "None" },
            { key: "Please answer by", value: d.respondBy ? formatDate(d.respondBy) : "No date" },
            { key: d.reader ? "The setting's rating" : "Your rating", value: d.answer?.rating ? RATING_LABELS[d.answer.rating] : "Not rated" },
            {
              key: d.reader ? "The setting's evidence" : "Your evidence",
              value: d.answer?.evidence ? <span className="app-multiline">{d.answer.evidence}</span> : "No evidence given",
              action: d.changeHref ? { href: d.changeHref, text: "Change the evidence", visuallyHiddenText: ` for standard ${d.standard.code}` } : undefined,
            },
            ...(d.resolution ? [{ key: d.stage === "withdrawn" ? "Why the panel withdrew it" : "The panel's resolution", value: <span className="app-multiline">{d.resolution}</span> }] : []),
          ]}
        />

        {d.awaitingResubmission && !d.reader ? (
          <InsetText>
            <p className="govuk-body">
              <strong>What happens next:</strong> {d.maySignOff ? "sign the return off" : "your signatory signs the return off"} and submit it
              again. The panel sees your answer in the new version.
            </p>
            <p className="govuk-body govuk-!-margin-bottom-0">
              <Link className="govuk-link" to={`${d.returnPath}/check`}>
                Check your answers and submit
              </Link>
            </p>
          </InsetText>
        ) : null}

        {d.mayRespond ? (
          <>
            <h2 className="govuk-heading-m">Answer the panel</h2>
            <p className="govuk-body">
              To add evidence,{" "}
              {d.changeHref ? (
                <Link className="govuk-link" to={d.changeHref}>
                  change the evidence for standard {d.standard.code}
                </Link>
              ) : (
                `change the evidence for standard ${d.standard.code}`
              )}{" "}
              first, then come back here. Only this standard can be changed.
            </p>
            <Form method="post" noValidate>
              <input type="hidden" name="intent" value="respond" />
              <Radios
                idPrefix="response"
                name="response"
                fieldset={{ legend: { text: "How are you answering?", classes: "govuk-fieldset__legend--s" } }}
                errorMessage={errors.response}
                value={mine("respond") ? values.response : undefined}
                items={[
                  { value: "evidence_added", text: "We have added evidence" },
                  ...(d.suggestedRating
                    ? [{ value: "rating_accepted", text: `We accept the suggested rating (${RATING_LABELS[d.suggestedRating]})`, hint: "Your rating for this standard will be changed to it." }]
                    : []),
                ]}
              />
              <Textarea
                id="message"
                name="message"
                label={{ text: "Your message to the panel", classes: "govuk-label--s" }}
                errorMessage={errors.message}
                defaultValue={mine("respond") ? values.message : undefined}
              />
              <Button>Send your answer</Button>
            </Form>
          </>
        ) : null}

        <h2 className="govuk-heading-m" id="thread">
          Messages
        </h2>
        {d.messages.length === 0 ? <p className="govuk-body">No other messages yet.</p> : null}
        {d.messages.map((m) => (
          <div key={m.id} className="govuk-!-margin-bottom-6">
            <p className="govuk-body-s govuk-!-margin-bottom-1">
              <strong>{m.author}</strong>
              {m.side === "panel" ? ", moderation panel" : ""}, {formatDateTime(m.createdAt)}
            </p>
            <p className="govuk-body app-multiline">{m.body}</p>
          </div>
        ))}
        {d.mayWrite ? (
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="message" />
            <Textarea id="body" name="body" label={{ text: "Add a message", classes: "govuk-label--s" }} errorMessage={errors.body} defaultValue={mine("message") ? values.body : undefined} />
            <Button classes="govuk-button--secondary">Send the message</Button>
          </Form>
        ) : null}
      </div>
    </div>
  );
}

export function ErrorBoundary() {
  return <ErrorPage error={useRouteError()} />;
}
