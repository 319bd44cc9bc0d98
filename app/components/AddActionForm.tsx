// The form that adds an action: on a return's action plan and on the setting's. A theme left as
// "not sure" is suggested from what needs to be done.
import { Form } from "@remix-run/react";
import { SUGGEST_THEME } from "~/domain/action-forms";
import { THEMES, THEME_LABELS } from "~/domain/action-themes";
import { Button } from "./Button";
import { DateInput, datePartsFrom } from "./DateInput";
import { Input } from "./Input";
import { Radios } from "./Radios";
import { Select } from "./Select";
import { Textarea } from "./Textarea";

const truncate = (text: string, length: number) => (text.length <= length ? text : `${text.slice(0, length - 1)}…`);

export function AddActionForm({
  standards,
  selectedStandard = "",
  values,
  errors,
  formAction,
}: {
  standards: { code: string; title: string }[];
  selectedStandard?: string;
  values?: Record<string, string>;
  errors?: Record<string, string>;
  formAction?: string;
}) {
  return (
    <Form method="post" action={formAction} noValidate>
      <input type="hidden" name="intent" value="add" />
      <Textarea
        id="description"
        name="description"
        rows={3}
        label={{ text: "What needs to be done", classes: "govuk-label--s" }}
        hint="Say what will change, so you can tell when it is done."
        errorMessage={errors?.description}
        defaultValue={values?.description}
      />
      <Radios
        idPrefix="theme"
        name="theme"
        fieldset={{ legend: { text: "Theme" } }}
        hint="If you are not sure, a theme will be suggested from what needs to be done. You can change it afterwards."
        classes="govuk-radios--small"
        errorMessage={errors?.theme}
        value={values?.theme}
        items={[
          ...THEMES.map((t) => ({ value: t, text: THEME_LABELS[t] })),
          { value: SUGGEST_THEME, text: "Not sure – suggest one from what needs to be done" },
        ]}
      />
      <Input
        id="owner"
        name="owner"
        classes="govuk-!-width-two-thirds"
        label={{ text: "Who owns this action", classes: "govuk-label--s" }}
        hint="For example, DSL, headteacher or a person's name."
        errorMessage={errors?.owner}
        defaultValue={values?.owner}
      />
      <DateInput
        id="dueOn"
        fieldset={{ legend: { text: "Due date (optional)" } }}
        hint="For example, 31 3 2027"
        errorMessage={errors?.dueOn}
        values={datePartsFrom(values, "dueOn")}
      />
      <Select
        id="standardCode"
        name="standardCode"
        label={{ text: "Standard it relates to (optional)", classes: "govuk-label--s" }}
        errorMessage={errors?.standardCode}
        value={values ? values.standardCode : selectedStandard}
        items={[
          { value: "", text: "Not linked to a standard" },
          ...standards.map((s) => ({ value: s.code, text: `${s.code} ${truncate(s.title, 70)}` })),
        ]}
      />
      <Button>Add action</Button>
    </Form>
  );
}
