import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useRouteError } from "@remix-run/react";
import { requireReturnAccess } from "~/access/setting-access.server";
import { BackLink } from "~/components/BackLink";
import { ActionUpdateForm, actionFormErrorList, type ActionFormResult } from "~/components/ActionUpdateForm";
import { AddActionForm } from "~/components/AddActionForm";
import { ErrorPage } from "~/components/ErrorPage";
import { ErrorSummary } from "~/components/ErrorSummary";
import { InsetText } from "~/components/InsetText";
import { NotificationBanner } from "~/components/NotificationBanner";
import { SummaryList } from "~/components/SummaryList";
import { Tag, type TagColour } from "~/components/Tag";
import { getDb } from "~/db.server";
import { isUuid } from "~/ids";
import { ACTION_STATUS_LABELS, isOverdueAction, THEME_LABELS } from "~/domain/action-themes";
import { parseActionUpdate, parseAddAction } from "~/domain/action-forms";
import { londonIsoDate } from "~/dates";
import { addAction, loadActions, loadSubmittedActions, updateAction, type ActionView } from "~/domain/action-plans.server";
import { returnPath, type ReturnContext } from "~/domain/return-context.server";
import { isEditable } from "~/domain/returns.server";
import { formatDate, formValues } from "~/forms";
import type { ActionStatus } from "../../db/schema";
import { hasStarted, hasSubmittedVersion, mayChangeActionPlan } from "~/domain/return-lifecycle";
import { revisitRating } from "~/domain/action-plan.server";
import { refusal } from "~/http/domain-errors.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Action plan – ${data?.setting.name ?? "Return"} – Safeguarding self-assessment` },
];

type ActionResult = ActionFormResult;

const STATUS_COLOURS: Record<ActionStatus, TagColour> = {
  open: "grey",
  in_progress: "light-blue",
  done: "green",
  dropped: "purple",
};

function standardsOf(ctx: ReturnContext) {
  return ctx.framework.sections.flatMap((s) => s.standards.map((st) => ({ code: st.code, title: st.title })));
}

function readOnlyReason(ctx: ReturnContext, mayEdit: boolean): string | null {
  if (!mayEdit) return "You can read this action plan but not change it.";
  if (!hasStarted(ctx.ret.status)) return "Start your return to update your action plan.";
  if (hasSubmittedVersion(ctx.ret.status))
    return "This return has been submitted, so its action plan cannot be changed here.";
  if (!mayChangeActionPlan(ctx.editable)) return "This audit cycle has closed, so the action plan cannot be changed here.";
  return null;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { ctx, may } = await requireReturnAccess(request, params, "setting.view");
  const db = await getDb();
  // A submitted return's plan is the one it was submitted with, not the actions as they are now.
  const submitted = hasSubmittedVersion(ctx.ret.status) ? await loadSubmittedActions(db, ctx) : null;
  const actions = submitted?.actions ?? (await loadActions(db, ctx));
  const url = new URL(request.url);
  const standards = standardsOf(ctx);
  const requested = url.searchParams.get("standard") ?? "";
  const saved = url.searchParams.get("saved");
  // The action just added without a theme: the page says which one was suggested.
  const suggestedFor = saved === "added" ? url.searchParams.get("suggested") : null;
  const suggested = suggestedFor ? actions.find((a) => a.id === suggestedFor) : undefined;
  const closedId = saved === "updated" ? url.searchParams.get("closed") : null;
  const closed = closedId ? actions.find((a) => a.id === closedId) : undefined;
  return {
    base: returnPath(ctx),
    setting: { name: ctx.setting.name },
    cycle: { name: ctx.cycle.name, kind: ctx.cycle.kind },
    canEdit: may.edit && isEditable(ctx),
    readOnlyReason: readOnlyReason(ctx, may.edit),
    // An administrator reads the plan: the page speaks of the setting, not to it.
    reader: !may.edit,
    // A submitted plan is a record of the day it went in; an open one says what is late now.
    actions: actions.map((a) => ({ ...a, overdue: !submitted && isOverdueAction(a, londonIsoDate()) })),
    standards,
    selectedStandard: standards.some((s) => s.code === requested) ? requested : "",
    saved: saved === "added" || saved === "updated" ? saved : null,
    suggestedTheme: suggested ? THEME_LABELS[suggested.theme] : null,
    revisit: may.edit && closed ? revisitRating(ctx, closed) : null,
    submittedVersion: submitted?.version ?? null,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, ctx } = await requireReturnAccess(request, params, "return.edit");
  const form = await request.formData();
  const values = formValues(form);
  const actor = { id: user.id, name: user.name };
  const db = await getDb();
  const base = returnPath(ctx);

  if (values.intent === "add") {
    const parsed = parseAddAction(form, standardsOf(ctx).map((s) => s.code));
    if (!parsed.ok) return data<ActionResult>({ intent: "add", errors: parsed.errors, values }, { status: 400 });
    let addedId: string;
    try {
      addedId = (await addAction(db, ctx, { ...parsed.data, actor })).id;
    } catch (error) {
      return refusal(error, (refused): ActionResult => ({ intent: "add", formError: refused.message, values }));
    }
    const suggested = parsed.data.theme ? "" : `&suggested=${addedId}`;
    throw redirect(`${base}/actions?saved=added${suggested}#action-${addedId}`);
  }

  if (values.intent === "update") {
    const actionId = values.actionId ?? "";
    if (!isUuid(actionId)) throw new Response("Not found", { status: 404 });
    const parsed = parseActionUpdate(form);
    if (!parsed.ok) return data<ActionResult>({ intent: "update", actionId, errors: parsed.errors, values }, { status: 400 });
    try {
      const { revision, ...update } = parsed.data;
      await updateAction(db, ctx, { actionId, ...update, baseRevision: revision, actor });
    } catch (error) {
      return refusal(error, (refused): ActionResult => ({ intent: "update", actionId, formError: refused.message, values }));
    }
    // Closing an action about a standard: the page offers to revisit that standard's rating.
    const closed = parsed.data.status === "done" || parsed.data.status === "dropped";
    throw redirect(`${base}/actions?saved=updated${closed ? `&closed=${actionId}` : ""}#action-${actionId}`);
  }

  throw new Response("Bad request", { status: 400 });
}


export default function ActionPlan() {
  const page = useLoaderData<typeof loader>();
  const result = useActionData<ActionResult>();
  const interim = page.cycle.kind === "interim";
  const back = page.reader ? "Back to the return" : "Back to your return";
  return (
    <>
      <BackLink href={page.base} text={back} />
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <ErrorSummary errorList={actionFormErrorList(result)} />
          {page.saved && !result ? (
            <NotificationBanner type="success" titleText="Success">
              <p className="govuk-notification-banner__heading">
                {page.saved === "added" ? "Action added" : "Update saved"}
              </p>
              {page.suggestedTheme ? (
                <p className="govuk-body">
                  {page.suggestedTheme === THEME_LABELS.other
                    ? "No theme was chosen and none could be suggested from what needs to be done, so its theme is Other."
                    : `No theme was chosen, so its theme was suggested from what needs to be done: ${page.suggestedTheme}.`}{" "}
                  You can change it in the action&apos;s update below.
                </p>
              ) : null}
              {page.revisit ? (
                <p className="govuk-body">
                  This action was about standard {page.revisit.code}, {page.revisit.title}. Now that it is {page.revisit.closedAs}, check
                  whether that standard&apos;s rating should change.{" "}
                  <Link className="govuk-notification-banner__link" to={page.revisit.href}>
                    Revisit the rating of standard {page.revisit.code}
                  </Link>
                </p>
              ) : null}
            </NotificationBanner>
          ) : null}
          <span className="govuk-caption-l">
            {page.setting.name} – {page.cycle.name}
          </span>
          <h1 className="govuk-heading-l">Action plan</h1>
          {interim && page.reader ? (
            <InsetText>
              This is an interim update. This year&apos;s return is mainly about these actions: how each one has
              progressed, and any new actions. The setting can also revise a rating if something has changed.
            </InsetText>
          ) : interim ? (
            <InsetText>
              This is an interim update. This year&apos;s return is mainly about these actions: for each one, say how it
              has progressed, and add any new actions. You can also revise a rating if something has changed.
            </InsetText>
          ) : page.reader ? (
            <p className="govuk-body">
              Actions are what the setting will do about the standards it does not fully meet yet. Open actions carry
              into its next return, which says how they have progressed.
            </p>
          ) : (
            <p className="govuk-body">
              Actions are what your setting will do about the standards it does not fully meet yet. Open actions carry
              into your next return, where you will be asked how they have progressed.
            </p>
          )}
          {page.readOnlyReason ? (
            <p className="govuk-body">
              {page.readOnlyReason}{" "}
              {page.readOnlyReason.startsWith("Start") ? (
                <Link className="govuk-link" to={page.base}>
                  Go to your return
                </Link>
              ) : null}
            </p>
          ) : null}
          {page.submittedVersion ? (
            <p className="govuk-body">
              This is the action plan as it was submitted in{" "}
              <Link className="govuk-link" to={`${page.base}/versions/${page.submittedVersion}`}>
                version {page.submittedVersion}
              </Link>
              . Outstanding actions carry into {page.reader ? "its" : "your"} next return.
            </p>
          ) : null}
          {page.actions.length === 0 ? <p className="govuk-body">There are no actions in the plan yet.</p> : null}
          {page.actions.map((a) => (
            <ActionCard
              key={a.id}
              action={a}
              canEdit={page.canEdit}
              result={result?.intent === "update" && result.actionId === a.id ? result : undefined}
            />
          ))}
          {page.canEdit ? (
            <AddActionSection
              standards={page.standards}
              selectedStandard={page.selectedStandard}
              result={result?.intent === "add" ? result : undefined}
            />
          ) : null}
          <p className="govuk-body">
            <Link className="govuk-link" to={page.base}>
              {back}
            </Link>
          </p>
        </div>
      </div>
    </>
  );
}

function ActionCard({ action: a, canEdit, result }: { action: ActionView & { overdue: boolean }; canEdit: boolean; result?: ActionResult }) {
  const id = `action-${a.id}`;
  const values = result?.values;
  const errors = result?.errors;
  return (
    <div className="govuk-summary-card" id={id}>
      <div className="govuk-summary-card__title-wrapper">
        <h2 className="govuk-summary-card__title">{a.description}</h2>
        {a.overdue ? <Tag text="Overdue" colour="red" /> : null}
        {a.needsReview ? <Tag text="Carried forward – review" colour="orange" /> : null}
      </div>
      <div className="govuk-summary-card__content">
        <SummaryList
          rows={[
            { key: "Theme", value: THEME_LABELS[a.theme] },
            { key: "Owner", value: a.owner },
            { key: "Due date", value: a.dueOn ? formatDate(a.dueOn) : "No due date" },
            { key: "Status", value: <Tag text={ACTION_STATUS_LABELS[a.status]} colour={STATUS_COLOURS[a.status]} /> },
            ...(a.standardCode ? [{ key: "Standard", value: a.standardCode }] : []),
            {
              key: "Update in this return",
              value: a.update ? (
                <>
                  <p className="govuk-body govuk-!-margin-bottom-1">{ACTION_STATUS_LABELS[a.update.status]}</p>
                  {a.update.progressNote ? (
                    <p className="govuk-body app-multiline govuk-!-margin-bottom-1">{a.update.progressNote}</p>
                  ) : null}
                  {a.update.newDueOn ? (
                    <p className="govuk-body govuk-!-margin-bottom-0">New due date: {formatDate(a.update.newDueOn)}</p>
                  ) : null}
                </>
              ) : (
                "No update yet"
              ),
            },
          ]}
        />
        {canEdit ? (
          <ActionUpdateForm
            idPrefix={id}
            action={a}
            defaults={{ theme: a.theme, status: a.update?.status ?? a.status, progressNote: a.update?.progressNote ?? "", newDueOn: a.update?.newDueOn ?? null }}
            values={values}
            errors={errors}
          />
        ) : null}
      </div>
    </div>
  );
}

function AddActionSection({
  standards,
  selectedStandard,
  result,
}: {
  standards: { code: string; title: string }[];
  selectedStandard: string;
  result?: ActionResult;
}) {
  const errors = result?.errors;
  const values = result?.values;
  return (
    <section id="add" aria-labelledby="add-heading">
      <h2 className="govuk-heading-m" id="add-heading">
        Add an action
      </h2>
      <AddActionForm standards={standards} selectedStandard={selectedStandard} values={values} errors={errors} />
    </section>
  );
}

export function ErrorBoundary() {
  return <ErrorPage error={useRouteError()} />;
}
