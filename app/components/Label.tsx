// GOV.UK label. Props follow the Nunjucks macro's parameters (text, isPageHeading, classes).
import type { ReactNode } from "react";

export interface LabelProps {
  text: ReactNode;
  isPageHeading?: boolean;
  classes?: string;
}

export function Label({ for: htmlFor, text, isPageHeading, classes }: LabelProps & { for: string }) {
  const label = (
    <label className={`govuk-label ${classes ?? ""}`.trim()} htmlFor={htmlFor}>
      {text}
    </label>
  );
  return isPageHeading ? <h1 className="govuk-label-wrapper">{label}</h1> : label;
}
