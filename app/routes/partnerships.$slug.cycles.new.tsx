import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useRouteError } from "@remix-run/react";
import { z } from "zod";
import { requirePartnershipAccess } from "~/access/partnership-access.server";
import { BackLink } from "~/components/BackLink";
import { Button } from "~/components/Button";
import { Checkboxes } from "~/components/Checkboxes";
import { DateInput } from "~/components/DateInput";
import { ErrorPage } from "~/components/ErrorPage";
import { ErrorSummary, errorListFrom } from "~/components/ErrorSummary";
import { Input } from "~/components/Input";
import { Radios } from "~/components/Radios";
import { Select } from "~/components/Select";
import { getDb } from "~/db.server";
import { createCycleWithInvitations, publishedFrameworks } from "~/domain/cycle-admin.server";
import { listCycles } from "~/domain/cycles.server";
import { BASIS_LABELS, STATUTORY_BASES } from "~/domain/setting-types";
import { formValues, parseDateParts, parseForm, typedText } from "~/forms";
import { refusal } from "~/http/domain-errors.server";
import type { StatutoryBasis } from "../../db/schema";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Create a cycle – ${data?.partnership.name ?? "Partnership"} – Safeguarding self-assessment` }];

const CycleForm = z.object({
  name: typedText("Name").trim().min(1, "Enter the cycle's name, like Full audit 2027").max(120, "The name must be 120 characters or fewer"),
  kind: z.enum(["full", "interim"], { error: "Select whether this is a full audit or an interim update" }),
  educationFrameworkId: z.string().min(1, "Select the framework schools, nurseries and colleges answer"),
  agencyFrameworkId: z.string().min(1, "Select the framework agencies answer"),
  previousCycleId: z.string().optional().transform((v) => v || null),
});

type Errors = Record<string, string>;

async function authorise(request: Request, slug: string | undefined) {
  return requirePartnershipAccess(request, { slug }, "partnership.admin");
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { partnership } = await authorise(request, params.slug);
  const db = await getDb();
  const published = await publishedFrameworks(db, partnership.id);
  const cycles = await listCycles(db, partnership.id);
  const option = (f: (typeof published)[number]) => ({ value: f.id, text: `${f.title} (version ${f.version})` });
  return {
    partnership: { name: partnership.name, slug: partnership.slug },
    education: published.filter((f) => f.kind === "education").map(option),
    agency: published.filter((f) => f.kind === "agency").map(option),
    cycles: cycles.map((c) => ({ value: c.id, text: c.name })),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, partnership } = await authorise(request, params.slug);
  const form = await request.formData();
  const values = formValues(form);
  const parsed = parseForm(CycleForm, form);
  const errors: Errors = parsed.ok ? {} : { ...parsed.errors };
  const date = (field: string, label: string, optional = false) => {
    const result = parseDateParts(values[`${field}-day`], values[`${field}-month`], values[`${field}-year`], label);
    if (!result.ok) errors[field] = result.message;
    else if (!result.value && !optional) errors[field] = `Enter ${label.toLowerCase()}`;
    return result.ok ? result.value : null;
  };
  const opensOn = date("opensOn", "The day the cycle opens");
  const dueOn = date("dueOn", "The due date");
  const closesOn = date("closesOn", "The closing date", true);
  // The reminder schedule: "28, 14, 7, 1" days before, every N days overdue, at most M times.
  const daysText = (values.reminderDaysBefore ?? "").trim();
  const reminderDaysBefore = daysText === "" ? [] : daysText.split(/[\s,]+/).filter(Boolean).map(Number);
  if (reminderDaysBefore.some((d) => !Number.isInteger(d) || d < 1 || d > 365)) errors.reminderDaysBefore = "Days before the due date must be whole numbers from 1 to 365, like 28, 14, 7, 1";
  const whole = (field: string, label: string, min: number, max: number) => {
    const n = Number((values[field] ?? "").trim());
    if (!/^\d+$/.test((values[field] ?? "").trim()) || n < min || n > max) errors[field] = `${label} must be a whole number from ${min} to ${max}`;
    return n;
  };
  const overdueEveryDays = whole("overdueEveryDays", "Days between overdue reminders", 1, 90);
  const overdueLimit = whole("overdueLimit", "Overdue reminders", 0, 20);
  const bases = form.getAll("bases").filter((b): b is StatutoryBasis => typeof b === "string" && (STATUTORY_BASES as string[]).includes(b));
  if (bases.length === 0) errors.bases = "Select which settings to invite";
  const selected = { bases: bases as string[] };
  if (!parsed.ok || Object.keys(errors).length > 0 || !opensOn || !dueOn) return data({ errors, values, ...selected }, { status: 400 });
  try {
    const { cycle } = await createCycleWithInvitations(await getDb(), {
      partnershipId: partnership.id,
      ...parsed.data,
      opensOn,
      dueOn,
      closesOn,
      invite: { bases },
      schedule: { reminderDaysBefore, overdueEveryDays, overdueLimit, remindOnOpening: values.remindOnOpening !== "no" },
      actorUserId: user.id,
    });
    throw redirect(`/partnerships/${partnership.slug}/cycles/${cycle.id}?created=1`);
  } catch (error) {
    if (error instanceof Response) throw error;
    return refusal(error, (refused) => ({ errors: { [refused.field ?? "name"]: refused.message }, values, ...selected }));
  }
}

const parts = (values: Record<string, string> | undefined, field: string) => ({
  day: values?.[`${field}-day`],
  month: values?.[`${field}-month`],
  year: values?.[`${field}-year`],
});

export default function NewCycle() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<{ errors: Errors; values: Record<string, string>; bases: string[] }>();
  const errors = result?.errors;
  const values = result?.values;
  const bases = result?.bases ?? STATUTORY_BASES;
  return (
    <>
      <BackLink href={`/partnerships/${d.partnership.slug}/cycles`} text="Audit cycles" />
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <ErrorSummary errorList={errorListFrom(errors)} />
          <span className="govuk-caption-l">{d.partnership.name}</span>
          <h1 className="govuk-heading-l">Create a cycle</h1>
          <p className="govuk-body">
            The cycle is made closed to settings: check who it invites on the next page, then open it. Opening it lets them start their returns and
            sends the first reminder.
          </p>
          <Form method="post" noValidate>
            <Input id="name" name="name" label={{ text: "Name", classes: "govuk-label--s" }} hint="Settings see this, like Full audit 2027" errorMessage={errors?.name} defaultValue={values?.name} />
            <Radios
              idPrefix="kind"
              name="kind"
              fieldset={{ legend: { text: "Kind of cycle", classes: "govuk-fieldset__legend--s" } }}
              errorMessage={errors?.kind}
              value={values?.kind}
              items={[
                { value: "full", text: "Full audit", hint: "Every standard is rated afresh (every two years)" },
                { value: "interim", text: "Interim update", hint: "Settings update the actions from their last return" },
              ]}
            />
            <Select id="educationFrameworkId" name="educationFrameworkId" label={{ text: "Framework for schools, nurseries and colleges", classes: "govuk-label--s" }} items={d.education} value={values?.educationFrameworkId} errorMessage={errors?.educationFrameworkId} />
            <Select id="agencyFrameworkId" name="agencyFrameworkId" label={{ text: "Framework for agencies", classes: "govuk-label--s" }} items={d.agency} value={values?.agencyFrameworkId} errorMessage={errors?.agencyFrameworkId} />
            <DateInput id="opensOn" fieldset={{ legend: { text: "Opens on", classes: "govuk-fieldset__legend--s" } }} hint="For example, 4 1 2027" errorMessage={errors?.opensOn} values={parts(values, "opensOn")} />
            <DateInput id="dueOn" fieldset={{ legend: { text: "Due by", classes: "govuk-fieldset__legend--s" } }} hint="For example, 31 3 2027" errorMessage={errors?.dueOn} values={parts(values, "dueOn")} />
            <DateInput id="closesOn" fieldset={{ legend: { text: "Closes on (optional)", classes: "govuk-fieldset__legend--s" } }} hint="After this day no return can change; leave it empty to close the cycle yourself" errorMessage={errors?.closesOn} values={parts(values, "closesOn")} />
            <Select
              id="previousCycleId"
              name="previousCycleId"
              label={{ text: "The cycle this follows (optional)", classes: "govuk-label--s" }}
              hint="Findings compare with it year on year"
              items={[{ value: "", text: "None" }, ...d.cycles]}
              value={values?.previousCycleId}
              errorMessage={errors?.previousCycleId}
            />
            <Checkboxes
              idPrefix="bases"
              name="bases"
              fieldset={{ legend: { text: "Invite", classes: "govuk-fieldset__legend--s" } }}
              hint="Every active setting of the register on these statutory bases. You can leave settings out, or add others, before you open the cycle."
              errorMessage={errors?.bases}
              values={[...bases]}
              items={STATUTORY_BASES.map((b) => ({ value: b, text: BASIS_LABELS[b] }))}
            />
            <h2 className="govuk-heading-m">Reminders</h2>
            <p className="govuk-body">Reminders go to the settings that have not submitted: their DSL, and the signatory too while a return waits for sign-off.</p>
            <Radios
              idPrefix="remindOnOpening"
              name="remindOnOpening"
              fieldset={{ legend: { text: "Email every invited setting when the cycle opens?", classes: "govuk-fieldset__legend--s" } }}
              value={values?.remindOnOpening ?? "yes"}
              items={[
                { value: "yes", text: "Yes" },
                { value: "no", text: "No" },
              ]}
            />
            <Input id="reminderDaysBefore" name="reminderDaysBefore" label={{ text: "Days before the due date", classes: "govuk-label--s" }} hint="Separated by commas; leave empty for none" errorMessage={errors?.reminderDaysBefore} defaultValue={values?.reminderDaysBefore ?? "28, 14, 7, 1"} classes="govuk-input--width-20" />
            <Input id="overdueEveryDays" name="overdueEveryDays" inputMode="numeric" label={{ text: "Days between reminders once overdue", classes: "govuk-label--s" }} errorMessage={errors?.overdueEveryDays} defaultValue={values?.overdueEveryDays ?? "7"} classes="govuk-input--width-3" />
            <Input id="overdueLimit" name="overdueLimit" inputMode="numeric" label={{ text: "Most reminders once overdue", classes: "govuk-label--s" }} errorMessage={errors?.overdueLimit} defaultValue={values?.overdueLimit ?? "3"} classes="govuk-input--width-3" />
            <Button>Create the cycle</Button>
          </Form>
        </div>
      </div>
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage error={useRouteError()} />;
}
