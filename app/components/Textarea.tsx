// GOV.UK textarea. Props follow the Nunjucks macro's parameters (id, name, rows, label, hint,
// errorMessage); the value typed so far is React's defaultValue.
import type { ReactNode } from "react";
import { ErrorMessage } from "./ErrorMessage";
import { FormGroup, describedBy } from "./FormGroup";
import { Hint } from "./Hint";
import { Label, type LabelProps } from "./Label";

export interface TextareaProps {
  id: string;
  name: string;
  label: LabelProps;
  hint?: ReactNode;
  errorMessage?: string;
  defaultValue?: string;
  rows?: number;
}

export function Textarea({ id, name, label, hint, errorMessage, defaultValue, rows = 5 }: TextareaProps) {
  return (
    <FormGroup errorMessage={errorMessage}>
      <Label for={id} {...label} />
      <Hint id={`${id}-hint`} text={hint} />
      <ErrorMessage id={`${id}-error`} text={errorMessage} />
      <textarea
        className={`govuk-textarea${errorMessage ? " govuk-textarea--error" : ""}`}
        id={id}
        name={name}
        rows={rows}
        defaultValue={defaultValue}
        aria-describedby={describedBy(id, hint, errorMessage)}
      />
    </FormGroup>
  );
}
