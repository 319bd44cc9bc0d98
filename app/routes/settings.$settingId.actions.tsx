// A setting's action plan across cycles: every action with where it came from, its history of
// updates, and (for the setting's DSL and signatory) forms to update, complete, drop or add one.
// The partnership's admins, moderators and subgroup chairs read it, coming from the outstanding
// actions list. Changes go into the setting's open return when there is one (action-plan.server.ts).
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useRouteError } from "@remix-run/react";
import { requireSettingAccess } from "~/access/setting-access.server";
import { ActionUpdateForm, actionFormErrorList, type ActionFormResult } from "~/components/ActionUpdateForm";
import { AddActionForm } from "~/components/AddActionForm";
import { BackLink } from "~/components/BackLink";
import { ErrorPage } from "~/components/ErrorPage";
import { ErrorSummary } from "~/components/ErrorSummary";
import { NotificationBanner } from "~/components/NotificationBanner";
import { SummaryList } from "~/components/SummaryList";
import { Tag, type TagColour } from "~/components/Tag";
import { getDb } from "~/db.server";
import { parseActionUpdate, parseAddAction } from "~/domain/action-forms";
import { addToPlan, loadActionPlan, returnTakingPlanChanges, revisitRating, updateOnPlan, type PlanAction } from "~/domain/action-plan.server";
import { ACTION_STATUS_LABELS, isOutstandingAction, isOverdueAction, THEME_LABELS } from "~/domain/action-themes";
import { returnPath } from "~/domain/return-context.server";
import { formatDate, formatDateTime, londonIsoDate } from "~/dates";
import { formValues } from "~/forms";
import { refusal } from "~/http/domain-errors.server";
import { isUuid } from "~/ids";
import type { ActionStatus } from "../../db/schema";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Action plan – ${data?.setting.name ?? "Your setting"} – Safeguarding self-assessment` },
];

const STATUS_COLOURS: Record<ActionStatus, TagColour> = { open: "grey", in_progress: "light-blue", done: "green", dropped: "purple" };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireSettingAccess(request, params, "actionPlan.view");
  const db = await getDb();
  const plan = await loadActionPlan(db, access);
  if (!plan) throw new Response("Not found", { status: 404 });
  const target = await returnTakingPlanChanges(db, access);
  const url = new URL(request.url);
  const saved = url.searchParams.get("saved");
  const closedId = saved === "updated" ? url.searchParams.get("closed") : null;
  const closed = closedId ? plan.actions.find((a) => a.id === closedId) : undefined;
  const today = londonIsoDate();
  const view = (a: PlanAction) => ({
    ...a,
    createdAt: a.createdAt.toISOString(),
    updates: a.updates.map((u) => ({ ...u, at: u.at.toISOString() })),
    overdue: isOverdueAction(a, today),
  });
  return {
    setting: plan.setting,
    mayEdit: access.may.edit,
    // Where a change made here goes: the open return (named), or the plan alone.
    target: target ? { cycleName: target.cycle.name, href: returnPath(target) } : null,
    outstanding: plan.actions.filter(isOutstandingAction).map(view),
    closed: plan.actions.filter((a) => !isOutstandingAction(a)).map(view),
    standards: target ? target.framework.sections.flatMap((s) => s.standards.map((st) => ({ code: st.code, title: st.title }))) : [],
    saved: saved === "added" || saved === "updated" ? saved : null,
    revisit: access.may.edit && closed && target ? revisitRating(target, closed) : null,
    back: access.may.view
      ? { href: `/settings/${access.settingId}`, text: access.may.edit ? "Back to your setting" : "Back to the setting" }
      : { href: `/partnerships/${access.partnershipSlug}/actions`, text: "Back to outstanding actions" },
  };
}

type ActionResult = ActionFormResult;

export async function action({ request, params }: ActionFunctionArgs) {
  const access = await requireSettingAccess(request, params, "return.edit");
  const form = await request.formData();
  const values = formValues(form);
  const actor = { id: access.user.id, name: access.user.name };
  const db = await getDb();
  const path = `/settings/${access.settingId}/actions`;

  if (values.intent === "add") {
    const target = await returnTakingPlanChanges(db, access);
    const codes = target ? target.framework.sections.flatMap((s) => s.standards.map((st) => st.code)) : [];
    const parsed = parseAddAction(form, codes);
    if (!parsed.ok) return data<ActionResult>({ intent: "add", errors: parsed.errors, values }, { status: 400 });
    let added: string;
    try {
      added = (await addToPlan(db, access, { ...parsed.data, actor })).actionId;
    } catch (error) {
      return refusal(error, (refused): ActionResult => ({ intent: "add", formError: refused.message, values }));
    }
    throw redirect(`${path}?saved=added#action-${added}`);
  }

  if (values.intent === "update") {
    const actionId = values.actionId ?? "";
    if (!isUuid(actionId)) throw new Response("Not found", { status: 404 });
    const parsed = parseActionUpdate(form);
    if (!parsed.ok) return data<ActionResult>({ intent: "update", actionId, errors: parsed.errors, values }, { status: 400 });
    try {
      const { revision, ...update } = parsed.data;
      await updateOnPlan(db, access, { actionId, ...update, baseRevision: revision, actor });
    } catch (error) {
      return refusal(error, (refused): ActionResult => ({ intent: "update", actionId, formError: refused.message, values }));
    }
    const closed = parsed.data.status === "done" || parsed.data.status === "dropped";
    throw redirect(`${path}?saved=updated${closed ? `&closed=${actionId}` : ""}#action-${actionId}`);
  }

  throw new Response("Bad request", { status: 400 });
}


type Loaded = ReturnType<typeof useLoaderData<typeof loader>>;
type ActionItem = Loaded["outstanding"][number];

export default function SettingActionPlan() {
  const page = useLoaderData<typeof loader>();
  const result = useActionData<ActionResult>();
  return (
    <>
      <BackLink href={page.back.href} text={page.back.text} />
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <ErrorSummary errorList={actionFormErrorList(result)} />
          {page.saved && !result ? (
            <NotificationBanner type="success" titleText="Success">
              <p className="govuk-notification-banner__heading">{page.saved === "added" ? "Action added" : "Update saved"}</p>
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
          <span className="govuk-caption-l">{page.setting.name}</span>
          <h1 className="govuk-heading-l">Action plan</h1>
          {!page.mayEdit ? (
            <p className="govuk-body">
              Every action the setting has had, from its returns and from the moderation panel, with how each has progressed. You can read
              this action plan but not change it.
            </p>
          ) : page.target ? (
            <p className="govuk-body">
              Every action your setting has had, from its returns and from the moderation panel. Changes you make here are also recorded in
              your{" "}
              <Link className="govuk-link" to={page.target.href}>
                {page.target.cycleName} return
              </Link>
              , which is open, and are submitted with it.
            </p>
          ) : (
            <p className="govuk-body">
              Every action your setting has had, from its returns and from the moderation panel. You have no return open for changes, so
              what you change here is recorded on the action plan. Outstanding actions carry into your next return.
            </p>
          )}

          <h2 className="govuk-heading-m">Outstanding actions ({page.outstanding.length})</h2>
          {page.outstanding.length === 0 ? <p className="govuk-body">No actions are outstanding.</p> : null}
          {page.outstanding.map((a) => (
            <ActionCard key={a.id} action={a} canEdit={page.mayEdit} result={result?.intent === "update" && result.actionId === a.id ? result : undefined} />
          ))}

          {page.closed.length > 0 ? (
            <>
              <h2 className="govuk-heading-m">Done or no longer needed ({page.closed.length})</h2>
              {page.closed.map((a) => (
                <ActionCard key={a.id} action={a} canEdit={false} />
              ))}
            </>
          ) : null}

          {page.mayEdit ? (
            <section id="add" aria-labelledby="add-heading">
              <h2 className="govuk-heading-m" id="add-heading">
                Add an action
              </h2>
              {page.standards.length === 0 ? (
                <p className="govuk-body">With no return open, an action added here is not linked to a standard.</p>
              ) : null}
              <AddActionForm
                standards={page.standards}
                values={result?.intent === "add" ? result.values : undefined}
                errors={result?.intent === "add" ? result.errors : undefined}
              />
            </section>
          ) : null}
        </div>
      </div>
    </>
  );
}

function originText(a: ActionItem): string {
  const standard = a.standardCode ? `, standard ${a.standardCode}` : "";
  if (a.source === "moderation") return `Added by the moderation panel${a.originCycleName ? ` reviewing the ${a.originCycleName} return` : ""}${standard}`;
  if (a.originCycleName) return `Added in the ${a.originCycleName} return${standard}`;
  return `Added on the action plan on ${formatDate(a.createdAt)}${standard}`;
}

function ActionCard({ action: a, canEdit, result }: { action: ActionItem; canEdit: boolean; result?: ActionResult }) {
  const id = `action-${a.id}`;
  return (
    <div className="govuk-summary-card" id={id}>
      <div className="govuk-summary-card__title-wrapper">
        <h3 className="govuk-summary-card__title">{a.description}</h3>
        {a.overdue ? <Tag text="Overdue" colour="red" /> : null}
      </div>
      <div className="govuk-summary-card__content">
        <SummaryList
          rows={[
            { key: "Status", value: <Tag text={ACTION_STATUS_LABELS[a.status]} colour={STATUS_COLOURS[a.status]} /> },
            { key: "Theme", value: THEME_LABELS[a.theme] },
            { key: "Owner", value: a.owner },
            { key: "Due date", value: a.dueOn ? formatDate(a.dueOn) : "No due date" },
            { key: "Where it came from", value: originText(a) },
            {
              key: "Progress",
              value:
                a.updates.length === 0 ? (
                  "No updates yet"
                ) : (
                  <ol className="govuk-list">
                    {a.updates.map((u, i) => (
                      <li key={i}>
                        <strong>{formatDateTime(u.at)}</strong>: {ACTION_STATUS_LABELS[u.status]}
                        {u.cycleName ? ` (in the ${u.cycleName} return)` : " (on the action plan)"}
                        {u.byName ? `, by ${u.byName}` : ""}
                        {u.newDueOn ? `. New due date ${formatDate(u.newDueOn)}` : ""}
                        {u.progressNote ? <span className="govuk-body app-multiline govuk-!-display-block govuk-!-margin-bottom-0">{u.progressNote}</span> : null}
                      </li>
                    ))}
                  </ol>
                ),
            },
          ]}
        />
        {canEdit ? (
          <details className="govuk-details" open={Boolean(result)}>
            <summary className="govuk-details__summary">
              <span className="govuk-details__summary-text">
                Update this action<span className="govuk-visually-hidden">: {a.description}</span>
              </span>
            </summary>
            <div className="govuk-details__text">
              {result?.formError ? <p className="govuk-error-message">{result.formError}</p> : null}
              <ActionUpdateForm
                idPrefix={id}
                action={a}
                defaults={{ theme: a.theme, status: a.status, progressNote: "", newDueOn: null }}
                values={result?.values}
                errors={result?.errors}
              />
            </div>
          </details>
        ) : null}
      </div>
    </div>
  );
}

export function ErrorBoundary() {
  return <ErrorPage error={useRouteError()} />;
}
