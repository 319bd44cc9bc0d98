// GOV.UK confirmation panel. Props follow the Nunjucks macro's parameters (titleText, and the
// body as children where the macro takes html).
import type { ReactNode } from "react";

export function Panel({ titleText, children }: { titleText: string; children?: ReactNode }) {
  return (
    <div className="govuk-panel govuk-panel--confirmation">
      <h1 className="govuk-panel__title">{titleText}</h1>
      {children ? <div className="govuk-panel__body">{children}</div> : null}
    </div>
  );
}
