import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useRouteError, useSearchParams } from "@remix-run/react";
import { requirePartnershipAccess } from "~/access/partnership-access.server";
import { BackLink } from "~/components/BackLink";
import { Button } from "~/components/Button";
import { ErrorPage } from "~/components/ErrorPage";
import { ErrorSummary, errorListFrom } from "~/components/ErrorSummary";
import { NotificationBanner } from "~/components/NotificationBanner";
import { Select } from "~/components/Select";
import { SummaryList } from "~/components/SummaryList";
import { Table } from "~/components/Table";
import { Tag } from "~/components/Tag";
import { getDb } from "~/db.server";
import { formatDate, formatDateTime } from "~/dates";
import {
  closeCycle,
  cycleProgress,
  cycleRemindersSent,
  inviteSetting,
  openCycle,
  progressSummary,
  settingsNotInvited,
  uninviteSetting,
} from "~/domain/cycle-admin.server";
import { CYCLE_STATUS, PROGRESS_WORDS, reminderWords, TIMELINESS_WORDS } from "~/domain/cycle-words";
import { getCycle } from "~/domain/cycles.server";
import { SETTING_TYPE_LABELS } from "~/domain/setting-types";
import { refusal } from "~/http/domain-errors.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.cycle.name ?? "Audit cycle"} – ${data?.partnership.name ?? "Partnership"} – Safeguarding self-assessment` },
];

async function authorise(request: Request, params: { slug?: string; cycleId?: string }) {
  const access = await requirePartnershipAccess(request, { slug: params.slug }, "partnership.admin");
  const cycle = await getCycle(await getDb(), access.partnership.id, params.cycleId ?? "");
  if (!cycle) throw new Response("Not found", { status: 404 });
  return { ...access, cycle };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { partnership, cycle } = await authorise(request, params);
  const db = await getDb();
  const rows = await cycleProgress(db, cycle);
  const reminders = await cycleRemindersSent(db, cycle);
  const addable = cycle.status === "closed" ? [] : await settingsNotInvited(db, cycle);
  return {
    partnership: { name: partnership.name, slug: partnership.slug },
    cycle: { id: cycle.id, name: cycle.name, kind: cycle.kind, status: cycle.status, opensOn: cycle.opensOn, dueOn: cycle.dueOn, closesOn: cycle.closesOn, schedule: { daysBefore: cycle.reminderDaysBefore, every: cycle.overdueEveryDays, limit: cycle.overdueLimit, onOpening: cycle.remindOnOpening } },
    summary: progressSummary(rows),
    rows: rows.map((r) => ({ ...r, typeLabel: SETTING_TYPE_LABELS[r.type], firstSubmittedAt: r.firstSubmittedAt?.toISOString() ?? null })),
    reminders: reminders.map((r) => ({ ...r, sentAt: r.sentAt.toISOString(), what: reminderWords(r.reminder) })),
    addable: addable.map((s) => ({ value: s.id, text: s.urn ? `${s.name} (URN ${s.urn})` : s.reference ? `${s.name} (${s.reference})` : s.name })),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, partnership, cycle } = await authorise(request, params);
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  const scope = { partnershipId: partnership.id, cycleId: cycle.id, actorUserId: user.id };
  const here = `/partnerships/${partnership.slug}/cycles/${cycle.id}`;
  try {
    if (intent === "open") await openCycle(await getDb(), scope);
    else if (intent === "close") await closeCycle(await getDb(), scope);
    else if (intent === "add") await inviteSetting(await getDb(), { ...scope, settingId: String(form.get("settingId") ?? "") });
    else if (intent === "leave-out") await uninviteSetting(await getDb(), { ...scope, returnId: String(form.get("returnId") ?? "") });
    else return data({ errors: { form: "Choose what to do from the page" } }, { status: 400 });
  } catch (error) {
    return refusal(error, (refused) => ({ errors: { [refused.field ?? "form"]: refused.message } }));
  }
  throw redirect(`${here}?done=${intent}`);
}

const DONE: Record<string, string> = {
  created: "The cycle has been created. Check who it invites, then open it.",
  open: "The cycle is open: its settings can start their returns, and its reminders follow the schedule above.",
  close: "The cycle is closed: no return can be started, changed or submitted. Moderation can go on.",
  add: "The setting has been invited.",
  "leave-out": "The setting has been left out of the cycle.",
};

export default function CyclePage() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<{ errors: Record<string, string> }>();
  const [search] = useSearchParams();
  const done = DONE[search.get("done") ?? (search.get("created") ? "created" : "")];
  const chased = search.get("chased");
  const base = `/partnerships/${d.partnership.slug}/cycles/${d.cycle.id}`;
  const s = d.summary;
  return (
    <>
      <BackLink href={`/partnerships/${d.partnership.slug}/cycles`} text="Audit cycles" />
      <ErrorSummary errorList={errorListFrom(result?.errors).map((e) => (e.href === "#form" ? { ...e, href: "#cycle-actions" } : e))} />
      {done ? (
        <NotificationBanner type="success" titleText="Done">
          <p className="govuk-notification-banner__heading">{done}</p>
        </NotificationBanner>
      ) : null}
      {chased !== null ? (
        <NotificationBanner type="success" titleText="Reminders sent">
          <p className="govuk-notification-banner__heading">
            {chased === "0" ? "Nobody was reminded: every setting was chased today already or has nobody to email." : `Reminders queued for ${chased} ${chased === "1" ? "setting" : "settings"}.`}
          </p>
        </NotificationBanner>
      ) : null}
      <span className="govuk-caption-l">{d.partnership.name}</span>
      <h1 className="govuk-heading-l">{d.cycle.name}</h1>
      <SummaryList
        rows={[
          { key: "Status", value: <Tag {...CYCLE_STATUS[d.cycle.status]} /> },
          { key: "Kind", value: d.cycle.kind === "full" ? "Full audit" : "Interim update" },
          { key: "Opens", value: formatDate(d.cycle.opensOn) },
          { key: "Due", value: formatDate(d.cycle.dueOn) },
          { key: "Closes", value: d.cycle.closesOn ? formatDate(d.cycle.closesOn) : "When you close it" },
          {
            key: "Reminders",
            value: `${d.cycle.schedule.onOpening ? "On opening, then " : ""}${d.cycle.schedule.daysBefore.join(", ")} days before the due date, then every ${d.cycle.schedule.every} days while overdue (at most ${d.cycle.schedule.limit} times), to settings that have not submitted`,
          },
        ]}
      />
      <div id="cycle-actions" className="govuk-button-group">
        {d.cycle.status === "draft" ? (
          <Form method="post">
            <input type="hidden" name="intent" value="open" />
            <Button>Open the cycle</Button>
          </Form>
        ) : null}
        {d.cycle.status === "open" ? (
          <>
            <Button href={`${base}/chase`}>Chase non-submitters</Button>
            <Form method="post">
              <input type="hidden" name="intent" value="close" />
              <Button classes="govuk-button--warning">Close the cycle</Button>
            </Form>
          </>
        ) : null}
        {d.cycle.status === "closed" ? (
          <Link className="govuk-link" to={`${base}/import`}>
            Import returns from spreadsheets
          </Link>
        ) : null}
      </div>

      <h2 className="govuk-heading-m">Progress</h2>
      <p className="govuk-body">
        {s.submitted} of {s.invited} settings have submitted ({s.onTime} on time, {s.late} late). {s.notStarted} not started, {s.inProgress} in
        progress, {s.awaitingSignOff} awaiting sign-off; {s.overdue} overdue.
      </p>
      {s.withoutDsl || s.withoutSignatory ? (
        <div className="govuk-warning-text">
          <span className="govuk-warning-text__icon" aria-hidden="true">
            !
          </span>
          <strong className="govuk-warning-text__text">
            <span className="govuk-visually-hidden">Warning</span>
            {s.withoutDsl} {s.withoutDsl === 1 ? "setting has" : "settings have"} no DSL who can sign in and {s.withoutSignatory} no signatory: invite them
            from People and roles, or their reminders cannot reach anyone.
          </strong>
        </div>
      ) : null}
      {d.rows.length === 0 ? (
        <p className="govuk-body">The cycle invites no settings yet.</p>
      ) : (
        <Table
          caption="Invited settings"
          captionClasses="govuk-visually-hidden"
          head={["Setting", "Status", "Due", "Reminders", d.cycle.status === "draft" ? "" : "Changes"]}
          rows={d.rows.map((r) => [
            <span key="n">
              {r.settingName}
              <br />
              <span className="govuk-body-s">
                {r.typeLabel} ({r.basis})
                {!r.hasDsl ? <Tag text="No DSL" colour="red" /> : null} {!r.hasSignatory ? <Tag text="No signatory" colour="orange" /> : null}
              </span>
            </span>,
            <span key="s">
              <Tag {...PROGRESS_WORDS[r.progress]} />
              <br />
              <span className="govuk-body-s">{TIMELINESS_WORDS[r.timeliness]}{r.firstSubmittedAt ? `, ${formatDate(r.firstSubmittedAt)}` : ""}</span>
            </span>,
            <span key="d">
              {formatDate(r.dueOn)}
              {r.extensionReason ? <span className="govuk-body-s"> (extended: {r.extensionReason})</span> : null}
            </span>,
            String(r.remindersSent),
            d.cycle.status === "draft" ? (
              <Form key="x" method="post">
                <input type="hidden" name="intent" value="leave-out" />
                <input type="hidden" name="returnId" value={r.returnId} />
                <button type="submit" className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0">
                  Leave out<span className="govuk-visually-hidden"> {r.settingName}</span>
                </button>
              </Form>
            ) : d.cycle.status === "open" ? (
              <Link key="x" className="govuk-link" to={`${base}/returns/${r.returnId}`}>
                {r.progress === "submitted" ? "Reopen" : "Extend the due date"}
                <span className="govuk-visually-hidden"> for {r.settingName}</span>
              </Link>
            ) : (
              ""
            ),
          ])}
        />
      )}
      {d.cycle.status !== "closed" && d.addable.length > 0 ? (
        <Form method="post">
          <input type="hidden" name="intent" value="add" />
          <Select id="settingId" name="settingId" label={{ text: "Invite another setting", classes: "govuk-label--s" }} items={d.addable} errorMessage={result?.errors.settingId} />
          <Button classes="govuk-button--secondary">Invite the setting</Button>
        </Form>
      ) : null}

      <h2 className="govuk-heading-m">Reminders sent</h2>
      {d.reminders.length === 0 ? (
        <p className="govuk-body">No reminders have been sent in this cycle yet.</p>
      ) : (
        <Table
          caption="Reminders sent, newest first"
          captionClasses="govuk-visually-hidden"
          head={["Sent", "Setting", "Reminder", "To"]}
          rows={d.reminders.map((r) => [formatDateTime(r.sentAt), r.settingName, `${r.what}${r.sentBy ? ` (${r.sentBy})` : ""}`, r.recipients.join(", ")])}
        />
      )}
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage error={useRouteError()} />;
}
