// The group around one question. The Nunjucks macros take it as `formGroup`; here each field
// component draws it, turning red when the question has an error.
import type { ReactNode } from "react";

export interface FormGroupProps {
  errorMessage?: string;
  classes?: string;
  children: ReactNode;
}

export function FormGroup({ errorMessage, classes, children }: FormGroupProps) {
  const className = ["govuk-form-group", errorMessage ? "govuk-form-group--error" : null, classes].filter(Boolean).join(" ");
  return <div className={className}>{children}</div>;
}

/** The ids a field's aria-describedby lists: its hint, then its error message, then anything else. */
export function describedBy(id: string, hint?: ReactNode, errorMessage?: string, extra?: string): string | undefined {
  return [hint ? `${id}-hint` : null, errorMessage ? `${id}-error` : null, extra].filter(Boolean).join(" ") || undefined;
}
