// GOV.UK text input. Props follow the Nunjucks macro's parameters (id, name, type, label, hint,
// errorMessage, classes, autocomplete, spellcheck, inputmode); the value typed so far is React's
// defaultValue.
import type { ReactNode } from "react";
import { ErrorMessage } from "./ErrorMessage";
import { FormGroup, describedBy } from "./FormGroup";
import { Hint } from "./Hint";
import { Label, type LabelProps } from "./Label";

export interface InputProps {
  id: string;
  name: string;
  label: LabelProps;
  hint?: ReactNode;
  errorMessage?: string;
  defaultValue?: string;
  type?: string;
  autoComplete?: string;
  spellCheck?: boolean;
  classes?: string;
  inputMode?: "text" | "email" | "numeric";
}

export function Input({ id, name, label, hint, errorMessage, ...props }: InputProps) {
  return (
    <FormGroup errorMessage={errorMessage}>
      <Label for={id} {...label} />
      <Hint id={`${id}-hint`} text={hint} />
      <ErrorMessage id={`${id}-error`} text={errorMessage} />
      <input
        className={`govuk-input ${props.classes ?? ""}${errorMessage ? " govuk-input--error" : ""}`.trim()}
        id={id}
        name={name}
        type={props.type ?? "text"}
        defaultValue={props.defaultValue}
        autoComplete={props.autoComplete}
        spellCheck={props.spellCheck}
        inputMode={props.inputMode}
        aria-describedby={describedBy(id, hint, errorMessage)}
      />
    </FormGroup>
  );
}
