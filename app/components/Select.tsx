// GOV.UK select. Props follow the Nunjucks macro's parameters (id, name, label, hint, errorMessage,
// items, value).
import type { ReactNode } from "react";
import { ErrorMessage } from "./ErrorMessage";
import { FormGroup, describedBy } from "./FormGroup";
import { Hint } from "./Hint";
import { Label, type LabelProps } from "./Label";

export interface SelectProps {
  id: string;
  name: string;
  label: LabelProps;
  items: { value: string; text: string }[];
  /** The value of the item to select. */
  value?: string;
  errorMessage?: string;
  hint?: ReactNode;
}

export function Select({ id, name, label, items, value, errorMessage, hint }: SelectProps) {
  return (
    <FormGroup errorMessage={errorMessage}>
      <Label for={id} {...label} />
      <Hint id={`${id}-hint`} text={hint} />
      <ErrorMessage id={`${id}-error`} text={errorMessage} />
      <select
        className={`govuk-select${errorMessage ? " govuk-select--error" : ""}`}
        id={id}
        name={name}
        defaultValue={value}
        aria-describedby={describedBy(id, hint, errorMessage)}
      >
        {items.map((item) => (
          <option key={item.value} value={item.value}>
            {item.text}
          </option>
        ))}
      </select>
    </FormGroup>
  );
}
