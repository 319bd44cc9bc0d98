// GOV.UK hint, given the id of the field it describes (the macros' `hint` parameter).
import type { ReactNode } from "react";

export function Hint({ id, text, classes }: { id: string; text?: ReactNode; classes?: string }) {
  if (!text) return null;
  return (
    <div id={id} className={`govuk-hint ${classes ?? ""}`.trim()}>
      {text}
    </div>
  );
}
