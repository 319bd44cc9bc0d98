import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireReturnAccess } from "~/access/setting-access.server";
import { BackLink } from "~/components/BackLink";
import { Button } from "~/components/Button";
import { ErrorSummary } from "~/components/ErrorSummary";
import { InsetText } from "~/components/InsetText";
import { Radios } from "~/components/Radios";
import { Tag } from "~/components/Tag";
import { TaskList, type TaskListItem } from "~/components/TaskList";
import { WarningText } from "~/components/WarningText";
import { getDb } from "~/db.server";
import { RATING_LABELS, UNSUPPORTED_EXCEEDS_WARNING } from "~/domain/ratings";
import { SECTION_STATUS_LABELS, type SectionStatus } from "~/domain/return-progress";
import { returnPath } from "~/domain/return-context.server";
import { findEarlierVersion, listVersions } from "~/domain/return-versions.server";
import { getReturnOverview, startReturn } from "~/domain/returns.server";
import { RETURN_STATUS } from "~/domain/return-status";
import { formatDate, formatDateTime, parseForm } from "~/forms";
import { hasStarted, mayStart } from "~/domain/return-lifecycle";
import { isSectionComplete } from "~/domain/return-progress";
import { refusal } from "~/http/domain-errors.server";
import { listChallengesForSetting, settingChallengePath } from "~/domain/moderation/challenges.server";
import { STAGE_FOR_SETTING } from "~/domain/moderation/challenge-rules";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.cycle.name ?? "Return"} – ${data?.setting.name ?? ""} – Safeguarding self-assessment` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { ctx, may } = await requireReturnAccess(request, params, "setting.view");
  const db = await getDb();
  const overview = await getReturnOverview(db, ctx);
  const started = hasStarted(ctx.ret.status);
  const earlier = started ? null : await findEarlierVersion(db, ctx);
  return {
    path: returnPath(ctx),
    settingId: ctx.setting.id,
    setting: { name: ctx.setting.name },
    // The setting's own due date when the business unit gave it longer.
    cycle: { name: ctx.cycle.name, kind: ctx.cycle.kind, dueOn: ctx.ret.dueOn ?? ctx.cycle.dueOn, status: ctx.cycle.status },
    status: ctx.ret.status,
    started,
    openForChanges: overview.editable,
    startedFromEarlier: Boolean(ctx.ret.startedFromReturnId),
    earlier: earlier ? { cycleName: earlier.snapshot.cycleName, number: earlier.number } : overview.earlier,
    sections: overview.sections,
    carriedForward: overview.answers.filter((a) => a.review === "carried_forward").length,
    actionsNeedingReview: overview.actions.filter((a) => a.needsReview).length,
    actionCount: overview.actions.length,
    unsupportedExceeds: overview.unsupportedExceeds,
    retiredStandards: overview.retiredStandards,
    problems: overview.problems.length,
    signedOff: Boolean(ctx.ret.signedOffAt),
    signedOffName: ctx.ret.signedOffAt ? ctx.ret.signedOffName : null,
    editable: overview.editable && may.edit,
    // An administrator reads the return: the page speaks of the setting, not to it.
    reader: !may.edit,
    mayStart: may.edit && mayStart(ctx.ret.status, ctx.cycle),
    versions: (await listVersions(db, ctx)).map((v) => ({ number: v.number, submittedAt: v.submittedAt.toISOString() })),
    // The panel's questions that reopened the return, until it is submitted again.
    challenges: (await listChallengesForSetting(db, { partnershipId: ctx.ret.partnershipId, settingId: ctx.setting.id, returnId: ctx.ret.id }))
      .filter((c) => c.stage === "awaiting_answer" || c.stage === "awaiting_resubmission")
      .map((c) => ({
        title: `Standard ${c.standardCode}: ${c.standardTitle}`,
        href: settingChallengePath(c, ctx.setting.id),
        hint: c.stage === "awaiting_answer" && c.respondBy ? `Answer by ${formatDate(c.respondBy)}` : undefined,
        status: STAGE_FOR_SETTING[c.stage],
      })),
  };
}

const StartForm = z.object({
  intent: z.literal("start"),
  mode: z.enum(["earlier", "blank"], { error: "Select how to start your return" }),
});

export async function action({ request, params }: ActionFunctionArgs) {
  const { ctx, user } = await requireReturnAccess(request, params, "return.edit");
  const form = await request.formData();
  const db = await getDb();
  // No choice is offered when there is nothing earlier, nor in an interim update (which always
  // carries the earlier return forward when there is one: startReturn sees to that). Where it is
  // offered, neither option is chosen for them (GOV.UK: no pre-selected radios).
  const choiceOffered = ctx.cycle.kind !== "interim" && (await findEarlierVersion(db, ctx)) !== null;
  if (!choiceOffered && !form.has("mode")) form.set("mode", "blank");
  const parsed = parseForm(StartForm, form);
  if (!parsed.ok) return data({ errors: parsed.errors }, { status: 400 });
  try {
    await startReturn(db, ctx, { mode: parsed.data.mode, actor: { id: user.id, name: user.name } });
  } catch (error) {
    return refusal(error, (refused) => ({ errors: { mode: refused.message } }));
  }
  throw redirect(returnPath(ctx));
}

const SECTION_COLOURS: Record<SectionStatus, TaskListItem["status"]["colour"]> = {
  not_started: "blue",
  in_progress: "light-blue",
  needs_review: "yellow",
  completed: undefined,
};

export default function ReturnTaskList() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = result?.errors ?? {};
  const completed = d.sections.filter(isSectionComplete).length;
  // Once a version is in, the due date is history: say when it was submitted instead.
  const lastSubmitted = d.versions.at(-1);
  const back = d.reader ? (
    <BackLink href={`/settings/${d.settingId}`} text={`Back to ${d.setting.name}`} />
  ) : (
    <BackLink href={`/settings/${d.settingId}`} text="Back to your setting" />
  );

  if (!d.started) {
    return (
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          {back}
          <ErrorSummary errorList={Object.entries(errors).map(([k, text]) => ({ text: String(text), href: `#${k}` }))} />
          <span className="govuk-caption-l">{d.setting.name}</span>
          <h1 className="govuk-heading-l">{d.cycle.name}</h1>
          <p className="govuk-body">
            {d.reader ? "The" : "Your"} return is due by {formatDate(d.cycle.dueOn)}.
          </p>
          {!d.mayStart ? (
            <p className="govuk-body">This return has not been started yet.</p>
          ) : (
            <Form method="post" action={d.path} noValidate>
              <input type="hidden" name="intent" value="start" />
              {d.cycle.kind === "interim" && d.earlier ? (
                <p className="govuk-body">
                  This is the interim update between full audits. We will copy your last return ({d.earlier.cycleName}), so you
                  only need to update your outstanding actions and change any rating that has moved.
                </p>
              ) : d.cycle.kind === "interim" ? (
                <p className="govuk-body">
                  This is the interim update between full audits. You have no earlier return in this service, so every standard
                  starts empty: rate each one and add the actions you are working on.
                </p>
              ) : d.earlier ? (
                <Radios
                  idPrefix="mode"
                  name="mode"
                  fieldset={{ legend: { text: "How do you want to start?", classes: "govuk-fieldset__legend--m" } }}
                  errorMessage={errors.mode}
                  items={[
                    {
                      value: "earlier",
                      text: `Start from your last return (${d.earlier.cycleName}, version ${d.earlier.number})`,
                      hint: "Recommended. Your ratings, evidence and open actions are copied in. You review each one and change what has moved on.",
                    },
                    { value: "blank", text: "Start with a blank return", hint: "Every standard starts empty." },
                  ]}
                />
              ) : (
                <p className="govuk-body">This is your first return in this service, so every standard starts empty.</p>
              )}
              <Button>
                Start your return
              </Button>
            </Form>
          )}
        </div>
      </div>
    );
  }

  const items: TaskListItem[] = d.sections.map((s) => ({
    title: `${s.code}. ${s.title}`,
    href: `${d.path}/sections/${s.id}`,
    hint: `${s.answered} of ${s.total} standards rated`,
    status: { text: SECTION_STATUS_LABELS[s.status], colour: SECTION_COLOURS[s.status] },
  }));
  const actionTask: TaskListItem = {
    title: d.cycle.kind !== "interim" ? "Action plan" : d.reader ? "Outstanding actions" : "Update your outstanding actions",
    href: `${d.path}/actions`,
    hint: `${d.actionCount} ${d.actionCount === 1 ? "action" : "actions"}`,
    status:
      d.actionsNeedingReview > 0
        ? { text: `${d.actionsNeedingReview} to review`, colour: "yellow" }
        : { text: d.actionCount ? "Reviewed" : "No actions yet" },
  };
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        {back}
        <ErrorSummary errorList={Object.entries(errors).map(([k, text]) => ({ text: String(text), href: `#${k}` }))} />
        <span className="govuk-caption-l">{d.setting.name}</span>
        <h1 className="govuk-heading-l">{d.cycle.name}</h1>
        <p className="govuk-body">
          <Tag {...RETURN_STATUS[d.status]} />{" "}
          {lastSubmitted
            ? `Version ${lastSubmitted.number} submitted on ${formatDateTime(lastSubmitted.submittedAt)}.`
            : `Due by ${formatDate(d.cycle.dueOn)}.`}
        </p>
        {d.editable ? (
          <p className="govuk-body">
            You have completed {completed} of {d.sections.length} sections.{" "}
            {/* Autosave needs JavaScript: each sentence is shown only where it is true. */}
            <span className="app-js-only">Your answers are saved as you type.</span>
            <span className="app-no-js">Your answers are saved when you press “Save and continue” or “Save and come back later”.</span>
          </p>
        ) : null}
        {d.carriedForward > 0 && d.editable ? (
          <InsetText>
            {d.carriedForward} {d.carriedForward === 1 ? "answer was" : "answers were"} carried forward from your last return
            {d.earlier ? ` (${d.earlier.cycleName})` : ""}. Review each one: confirm it or change it.
          </InsetText>
        ) : null}
        {d.unsupportedExceeds.length && d.reader ? (
          <p className="govuk-body">Rated Exceeds with little or no evidence: standards {d.unsupportedExceeds.join(", ")}.</p>
        ) : d.unsupportedExceeds.length ? (
          <WarningText>
            {UNSUPPORTED_EXCEEDS_WARNING} Standards: {d.unsupportedExceeds.join(", ")}.
          </WarningText>
        ) : null}
        {d.retiredStandards.length ? (
          <details className="govuk-details">
            <summary className="govuk-details__summary">
              <span className="govuk-details__summary-text">
                {d.retiredStandards.length} {d.retiredStandards.length === 1 ? "standard" : "standards"} from{" "}
                {d.reader ? "the" : "your"} last return no longer in the framework
              </span>
            </summary>
            <div className="govuk-details__text">
              <ul className="govuk-list">
                {d.retiredStandards.map((s) => (
                  <li key={s.code}>
                    <Tag text="Retired" colour="grey" /> {s.code} {s.title}
                    {s.rating ? ` (${d.reader ? "rated" : "you rated it"} ${RATING_LABELS[s.rating]})` : ""}
                  </li>
                ))}
              </ul>
            </div>
          </details>
        ) : null}

        {d.challenges.length ? (
          <>
            <h2 className="govuk-heading-m">Questions from the moderation panel</h2>
            <p className="govuk-body">
              Only the standards the panel asked about can be changed. Answer each question, then{" "}
              {d.reader ? "the setting's" : "your"} signatory signs the return off and submits it again.
            </p>
            <TaskList idPrefix="challenges" items={d.challenges} />
          </>
        ) : null}
        {d.cycle.kind === "interim" ? (
          <>
            <h2 className="govuk-heading-m">1. {d.reader ? "Actions" : "Your actions"}</h2>
            <TaskList idPrefix="actions" items={[actionTask]} />
            <h2 className="govuk-heading-m">2. {d.reader ? "Ratings" : "Review your ratings"}</h2>
            <p className="govuk-body">
              {d.reader
                ? "Last year's ratings stand unless the setting changes them."
                : "Your ratings from last year stand unless you change them."}
            </p>
            <TaskList idPrefix="sections" items={items} />
          </>
        ) : (
          <>
            <h2 className="govuk-heading-m">Standards</h2>
            <TaskList idPrefix="sections" items={items} />
            <h2 className="govuk-heading-m">Action plan</h2>
            <TaskList idPrefix="actions" items={[actionTask]} />
          </>
        )}
        <h2 className="govuk-heading-m">{d.reader ? "Sign-off and submission" : "Sign off and submit"}</h2>
        <TaskList
          idPrefix="submit"
          items={[
            {
              title: `Sign-off by ${d.reader ? "the" : "your"} headteacher, chair of governors or agency lead`,
              href: `${d.path}/sign-off`,
              hint: d.signedOffName
                ? `Signed off by ${d.signedOffName}`
                : d.reader
                  ? "Only the setting's signatory can sign the return off"
                  : "Only they can sign the return off",
              status: d.signedOff ? { text: "Signed off" } : { text: "Not signed off", colour: "blue" },
            },
            {
              title: d.reader ? "All the answers" : "Check your answers and submit",
              // GOV.UK task list: a task that cannot be started yet has no link. The answers can
              // still be read before sign-off from the sign-off page.
              href: d.editable && d.problems > 0 ? undefined : `${d.path}/check`,
              hint: !d.reader
                ? "Once the return is signed off, your designated safeguarding lead or the signatory can submit it"
                : d.openForChanges
                  ? "Once the return is signed off, the setting's designated safeguarding lead or signatory can submit it"
                  : undefined,
              status:
                d.openForChanges
                  ? d.problems === 0
                    ? { text: "Ready to submit", colour: "green" }
                    : { text: d.reader ? "Not ready to submit" : "Cannot submit yet", colour: "grey" }
                  : { text: RETURN_STATUS[d.status].text },
            },
          ]}
        />
        {d.versions.length ? (
          <>
            <h2 className="govuk-heading-m">Submitted versions</h2>
            <ul className="govuk-list">
              {d.versions.map((v) => (
                <li key={v.number}>
                  <Link className="govuk-link" to={`${d.path}/versions/${v.number}`}>
                    Version {v.number}
                  </Link>{" "}
                  submitted {formatDate(v.submittedAt)}
                </li>
              ))}
            </ul>
            <p className="govuk-body">
              <Link className="govuk-link" to={`${d.path}/compare`}>
                Compare versions
              </Link>
            </p>
          </>
        ) : null}
      </div>
    </div>
  );
}
