// GOV.UK inset text: the text as children (the macro's text or html).
import type { ReactNode } from "react";

export function InsetText({ children }: { children: ReactNode }) {
  return <div className="govuk-inset-text">{children}</div>;
}
