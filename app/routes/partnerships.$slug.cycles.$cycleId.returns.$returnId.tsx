import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useRouteError } from "@remix-run/react";
import { requirePartnershipAccess } from "~/access/partnership-access.server";
import { BackLink } from "~/components/BackLink";
import { Button } from "~/components/Button";
import { DateInput } from "~/components/DateInput";
import { ErrorPage } from "~/components/ErrorPage";
import { ErrorSummary, errorListFrom } from "~/components/ErrorSummary";
import { SummaryList } from "~/components/SummaryList";
import { Tag } from "~/components/Tag";
import { Textarea } from "~/components/Textarea";
import { getDb } from "~/db.server";
import { formatDate } from "~/dates";
import { cycleProgress, extendDueDate, reopenReturn } from "~/domain/cycle-admin.server";
import { PROGRESS_WORDS, TIMELINESS_WORDS } from "~/domain/cycle-words";
import { getCycle } from "~/domain/cycles.server";
import { formValues, hasHiddenControlCharacters, hiddenControlCharactersMessage, parseDateParts } from "~/forms";
import { refusal } from "~/http/domain-errors.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.row.settingName ?? "Return"} – ${data?.cycle.name ?? "Audit cycle"} – Safeguarding self-assessment` }];

async function authorise(request: Request, params: { slug?: string; cycleId?: string; returnId?: string }) {
  const access = await requirePartnershipAccess(request, { slug: params.slug }, "partnership.admin");
  const db = await getDb();
  const cycle = await getCycle(db, access.partnership.id, params.cycleId ?? "");
  const row = cycle ? (await cycleProgress(db, cycle)).find((r) => r.returnId === params.returnId) : undefined;
  if (!cycle || !row) throw new Response("Not found", { status: 404 });
  return { ...access, cycle, row };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { partnership, cycle, row } = await authorise(request, params);
  return {
    partnership: { slug: partnership.slug },
    cycle: { id: cycle.id, name: cycle.name, status: cycle.status },
    row: { ...row, firstSubmittedAt: row.firstSubmittedAt?.toISOString() ?? null },
  };
}

type Errors = Record<string, string>;

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, partnership, cycle, row } = await authorise(request, params);
  const form = await request.formData();
  const values = formValues(form);
  const reason = (values.reason ?? "").trim();
  const errors: Errors = {};
  if (!reason) errors.reason = values.intent === "reopen" ? "Enter why the return is reopened" : "Enter why the setting has longer";
  else if (reason.length > 500) errors.reason = "The reason must be 500 characters or fewer";
  else if (hasHiddenControlCharacters(reason)) errors.reason = hiddenControlCharactersMessage("The reason");
  const scope = { partnershipId: partnership.id, cycleId: cycle.id, returnId: row.returnId, actorUserId: user.id, reason };
  try {
    if (values.intent === "extend") {
      const due = parseDateParts(values["dueOn-day"], values["dueOn-month"], values["dueOn-year"], "The new due date");
      if (!due.ok) errors.dueOn = due.message;
      else if (!due.value) errors.dueOn = "Enter the new due date";
      if (Object.keys(errors).length || !due.ok || !due.value) return data({ errors, values }, { status: 400 });
      await extendDueDate(await getDb(), { ...scope, dueOn: due.value });
    } else if (values.intent === "reopen") {
      if (Object.keys(errors).length) return data({ errors, values }, { status: 400 });
      await reopenReturn(await getDb(), scope);
    } else return data({ errors: { reason: "Choose what to do from the page" }, values }, { status: 400 });
  } catch (error) {
    return refusal(error, (refused) => ({ errors: { [refused.field ?? "reason"]: refused.message }, values }));
  }
  throw redirect(`/partnerships/${partnership.slug}/cycles/${cycle.id}`);
}

export default function CycleReturn() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<{ errors: Errors; values: Record<string, string> }>();
  const errors = result?.errors;
  const values = result?.values;
  const submitted = d.row.progress === "submitted";
  return (
    <>
      <BackLink href={`/partnerships/${d.partnership.slug}/cycles/${d.cycle.id}`} text={d.cycle.name} />
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <ErrorSummary errorList={errorListFrom(errors)} />
          <span className="govuk-caption-l">{d.cycle.name}</span>
          <h1 className="govuk-heading-l">{d.row.settingName}</h1>
          <SummaryList
            rows={[
              { key: "Return", value: <Tag {...PROGRESS_WORDS[d.row.progress]} /> },
              { key: "Due", value: `${formatDate(d.row.dueOn)}${d.row.extensionReason ? ` (extended: ${d.row.extensionReason})` : ""}` },
              { key: "Submitted", value: d.row.firstSubmittedAt ? `${formatDate(d.row.firstSubmittedAt)} (${TIMELINESS_WORDS[d.row.timeliness].toLowerCase()}), version ${d.row.latestVersion}` : TIMELINESS_WORDS[d.row.timeliness] },
            ]}
          />
          {d.cycle.status !== "open" ? (
            <p className="govuk-body">The cycle is {d.cycle.status === "closed" ? "closed" : "not open yet"}: nothing about this return can change here.</p>
          ) : submitted ? (
            <Form method="post" noValidate>
              <input type="hidden" name="intent" value="reopen" />
              <h2 className="govuk-heading-m">Reopen the return</h2>
              <p className="govuk-body">
                The setting can change every standard again. Its sign-off is withdrawn, and submitting it again makes version {(d.row.latestVersion ?? 0) + 1}; the versions
                already submitted stay as they are.
              </p>
              <Textarea id="reason" name="reason" label={{ text: "Why is it reopened?", classes: "govuk-label--s" }} hint="Recorded in the audit log" errorMessage={errors?.reason} defaultValue={values?.reason} rows={3} />
              <Button classes="govuk-button--warning">Reopen the return</Button>
            </Form>
          ) : (
            <Form method="post" noValidate>
              <input type="hidden" name="intent" value="extend" />
              <h2 className="govuk-heading-m">Extend the due date</h2>
              <p className="govuk-body">For this setting alone. Its reminders count from the new date.</p>
              <DateInput
                id="dueOn"
                fieldset={{ legend: { text: "New due date", classes: "govuk-fieldset__legend--s" } }}
                hint="For example, 30 4 2027"
                errorMessage={errors?.dueOn}
                values={{ day: values?.["dueOn-day"], month: values?.["dueOn-month"], year: values?.["dueOn-year"] }}
              />
              <Textarea id="reason" name="reason" label={{ text: "Why does the setting have longer?", classes: "govuk-label--s" }} hint="Recorded in the audit log and shown on the cycle page" errorMessage={errors?.reason} defaultValue={values?.reason} rows={3} />
              <Button>Extend the due date</Button>
            </Form>
          )}
        </div>
      </div>
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage error={useRouteError()} />;
}
