// GOV.UK checkboxes. Props follow the Nunjucks macro's parameters (idPrefix, name, fieldset
// legend, items) so the Design System's documentation reads across.
import type { ReactNode } from "react";

export interface CheckboxItem {
  value: string;
  text: ReactNode;
  hint?: ReactNode;
  checked?: boolean;
}

export interface CheckboxesProps {
  idPrefix: string;
  name: string;
  legend: ReactNode;
  legendClasses?: string;
  hint?: ReactNode;
  items: CheckboxItem[];
  classes?: string;
}

export function Checkboxes({ idPrefix, name, legend, legendClasses, hint, items, classes }: CheckboxesProps) {
  return (
    <div className="govuk-form-group">
      <fieldset className="govuk-fieldset" aria-describedby={hint ? `${idPrefix}-hint` : undefined}>
        <legend className={`govuk-fieldset__legend ${legendClasses ?? "govuk-fieldset__legend--s"}`}>{legend}</legend>
        {hint ? (
          <div id={`${idPrefix}-hint`} className="govuk-hint">
            {hint}
          </div>
        ) : null}
        <div className={`govuk-checkboxes ${classes ?? ""}`.trim()} data-module="govuk-checkboxes">
          {items.map((item, index) => {
            const id = index === 0 ? idPrefix : `${idPrefix}-${index + 1}`;
            return (
              <div className="govuk-checkboxes__item" key={item.value}>
                <input
                  className="govuk-checkboxes__input"
                  id={id}
                  name={name}
                  type="checkbox"
                  value={item.value}
                  defaultChecked={item.checked}
                  aria-describedby={item.hint ? `${id}-item-hint` : undefined}
                />
                <label className="govuk-label govuk-checkboxes__label" htmlFor={id}>
                  {item.text}
                </label>
                {item.hint ? (
                  <div id={`${id}-item-hint`} className="govuk-hint govuk-checkboxes__hint">
                    {item.hint}
                  </div>
                ) : null}
              </div>
            );
          })}
        </div>
      </fieldset>
    </div>
  );
}
