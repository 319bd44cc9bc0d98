// What GOV.UK radios and checkboxes share: one fieldset of items, each an input with its label,
// hint and conditionally revealed content. Props follow the Nunjucks macros' parameters (idPrefix,
// name, fieldset, hint, errorMessage, items, classes); `Radios` and `Checkboxes` say which kind.
import { Fragment, type ReactNode } from "react";
import { ErrorMessage } from "./ErrorMessage";
import { Fieldset, type FieldsetProps } from "./Fieldset";
import { FormGroup, describedBy } from "./FormGroup";
import { Hint } from "./Hint";

export interface ChoiceItem {
  value: string;
  text: ReactNode;
  hint?: ReactNode;
  checked?: boolean;
  disabled?: boolean;
  /** Shown only while the item is chosen (with JavaScript; always shown without). */
  conditional?: ReactNode;
}

export interface ChoiceProps {
  /** The first item's id (so an error summary link lands on it); the rest are `${idPrefix}-2` and so on. */
  idPrefix: string;
  name: string;
  fieldset?: Omit<FieldsetProps, "children" | "describedBy">;
  hint?: ReactNode;
  errorMessage?: string;
  items: ChoiceItem[];
  classes?: string;
}

export function ChoiceFieldset({
  kind,
  isChecked,
  idPrefix,
  name,
  fieldset,
  hint,
  errorMessage,
  items,
  classes,
}: ChoiceProps & { kind: "radios" | "checkboxes"; isChecked: (item: ChoiceItem) => boolean | undefined }) {
  const type = kind === "radios" ? "radio" : "checkbox";
  return (
    <FormGroup errorMessage={errorMessage}>
      <Fieldset {...fieldset} describedBy={describedBy(idPrefix, hint, errorMessage)}>
        <Hint id={`${idPrefix}-hint`} text={hint} />
        <ErrorMessage id={`${idPrefix}-error`} text={errorMessage} />
        <div className={`govuk-${kind} ${classes ?? ""}`.trim()} data-module={`govuk-${kind}`}>
          {items.map((item, index) => {
            const id = index === 0 ? idPrefix : `${idPrefix}-${index + 1}`;
            const conditionalId = `conditional-${id}`;
            return (
              <Fragment key={item.value}>
                <div className={`govuk-${kind}__item`}>
                  <input
                    className={`govuk-${kind}__input`}
                    id={id}
                    name={name}
                    type={type}
                    value={item.value}
                    defaultChecked={isChecked(item)}
                    disabled={item.disabled}
                    aria-describedby={item.hint ? `${id}-item-hint` : undefined}
                    data-aria-controls={item.conditional ? conditionalId : undefined}
                  />
                  <label className={`govuk-label govuk-${kind}__label`} htmlFor={id}>
                    {item.text}
                  </label>
                  <Hint id={`${id}-item-hint`} text={item.hint} classes={`govuk-${kind}__hint`} />
                </div>
                {item.conditional ? (
                  // A sibling of the item, as GOV.UK Frontend's script expects.
                  <div
                    className={`govuk-${kind}__conditional${isChecked(item) ? "" : ` govuk-${kind}__conditional--hidden`}`}
                    id={conditionalId}
                  >
                    {item.conditional}
                  </div>
                ) : null}
              </Fragment>
            );
          })}
        </div>
      </Fieldset>
    </FormGroup>
  );
}
