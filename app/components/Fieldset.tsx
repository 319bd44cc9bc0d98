// GOV.UK fieldset. Props follow the Nunjucks macro's parameters (describedBy, legend, role,
// classes); the radios, checkboxes and date input macros take the same object as `fieldset`.
import type { ReactNode } from "react";

export interface LegendProps {
  text: ReactNode;
  isPageHeading?: boolean;
  /** Defaults to govuk-fieldset__legend--s, the size most of our questions use. */
  classes?: string;
}

export interface FieldsetProps {
  legend?: LegendProps;
  describedBy?: string;
  role?: string;
  classes?: string;
  children: ReactNode;
}

export function Fieldset({ legend, describedBy, role, classes, children }: FieldsetProps) {
  return (
    <fieldset className={`govuk-fieldset ${classes ?? ""}`.trim()} role={role} aria-describedby={describedBy}>
      {legend ? (
        <legend className={`govuk-fieldset__legend ${legend.classes ?? "govuk-fieldset__legend--s"}`}>
          {legend.isPageHeading ? <h1 className="govuk-fieldset__heading">{legend.text}</h1> : legend.text}
        </legend>
      ) : null}
      {children}
    </fieldset>
  );
}
