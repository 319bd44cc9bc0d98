// The form that records an update on an action: on a return's action plan and on the setting's.
import { Form } from "@remix-run/react";
import type { ActionStatus, ActionTheme } from "../../db/schema";
import { ACTION_STATUSES, ACTION_STATUS_LABELS, THEMES, THEME_LABELS } from "~/domain/action-themes";
import { Button } from "./Button";
import { DateInput, dateErrorTarget, datePartsFrom, datePartsOf } from "./DateInput";
import { Radios } from "./Radios";
import { Select } from "./Select";
import { Textarea } from "./Textarea";

const truncate = (text: string, length: number) => (text.length <= length ? text : `${text.slice(0, length - 1)}…`);

export function ActionUpdateForm({
  idPrefix,
  action,
  defaults,
  values,
  errors,
  formAction,
}: {
  /** The action card's id: each field's id starts with it, as the error summary's links expect. */
  idPrefix: string;
  action: { id: string; revision: number; description: string };
  /** What the fields show before anything is typed (the update already made, or the action as it is). */
  defaults: { theme: ActionTheme; status: ActionStatus; progressNote: string; newDueOn: string | null };
  /** What was typed, when the form came back with errors. */
  values?: Record<string, string>;
  errors?: Record<string, string>;
  formAction?: string;
}) {
  return (
    <Form method="post" action={formAction} noValidate>
      <input type="hidden" name="intent" value="update" />
      <input type="hidden" name="actionId" value={action.id} />
      <input type="hidden" name="revision" value={action.revision} />
      <Select
        id={`${idPrefix}-theme`}
        name="theme"
        label={{ text: "Theme", classes: "govuk-label--s" }}
        errorMessage={errors?.theme}
        value={values ? values.theme : defaults.theme}
        items={THEMES.map((t) => ({ value: t, text: THEME_LABELS[t] }))}
      />
      <Radios
        idPrefix={`${idPrefix}-status`}
        name="status"
        fieldset={{ legend: { text: "Status now" } }}
        classes="govuk-radios--small"
        errorMessage={errors?.status}
        value={values ? values.status : defaults.status}
        items={ACTION_STATUSES.map((s) => ({ value: s, text: ACTION_STATUS_LABELS[s] }))}
      />
      <Textarea
        id={`${idPrefix}-progressNote`}
        name="progressNote"
        rows={3}
        label={{ text: "Progress", classes: "govuk-label--s" }}
        hint="What has been done, and what is left to do. If the action is no longer needed, say why."
        errorMessage={errors?.progressNote}
        defaultValue={values ? values.progressNote : defaults.progressNote}
      />
      <DateInput
        id={`${idPrefix}-newDueOn`}
        namePrefix="newDueOn"
        fieldset={{ legend: { text: "New due date (optional)" } }}
        hint="Only if the due date has changed. For example, 31 3 2027"
        errorMessage={errors?.newDueOn}
        values={values ? datePartsFrom(values, "newDueOn") : datePartsOf(defaults.newDueOn)}
      />
      <Button classes="govuk-button--secondary">
        Save update<span className="govuk-visually-hidden"> for “{truncate(action.description, 60)}”</span>
      </Button>
    </Form>
  );
}

/** What an action plan page's failed post sends back: the form it came from, its problems and what was typed. */
export interface ActionFormResult {
  intent: "add" | "update";
  actionId?: string;
  errors?: Record<string, string>;
  /** A refusal from the domain (a colleague's update meanwhile, say), not about one field. */
  formError?: string;
  values: Record<string, string>;
}

/** The error summary's links: each to the field of the form that was sent (an update's start with its card's id). */
export function actionFormErrorList(result: ActionFormResult | undefined) {
  if (!result) return [];
  const prefix = result.intent === "update" ? `action-${result.actionId}-` : "";
  if (result.formError) return [{ text: result.formError, href: result.intent === "update" ? `#action-${result.actionId}` : "#add" }];
  return Object.entries(result.errors ?? {}).map(([field, text]) => {
    const isDate = field === "dueOn" || field === "newDueOn";
    const id = `${prefix}${field}`;
    return { text, href: `#${isDate ? dateErrorTarget(id, datePartsFrom(result.values, field)) : id}` };
  });
}
