// GOV.UK summary list. Props follow the Nunjucks macro's parameters (rows of key, value and an
// action, classes), with the key and value given directly rather than as { text }.
import { Link } from "@remix-run/react";
import type { ReactNode } from "react";

export interface SummaryRow {
  key: ReactNode;
  value: ReactNode;
  action?: { href: string; text: string; visuallyHiddenText: string };
}

export function SummaryList({ rows, classes }: { rows: SummaryRow[]; classes?: string }) {
  return (
    <dl className={`govuk-summary-list ${classes ?? ""}`.trim()}>
      {rows.map((row, i) => (
        <div className={`govuk-summary-list__row${row.action ? "" : " govuk-summary-list__row--no-actions"}`} key={i}>
          <dt className="govuk-summary-list__key">{row.key}</dt>
          <dd className="govuk-summary-list__value">{row.value}</dd>
          {row.action ? (
            <dd className="govuk-summary-list__actions">
              <Link className="govuk-link" to={row.action.href}>
                {row.action.text}
                <span className="govuk-visually-hidden"> {row.action.visuallyHiddenText}</span>
              </Link>
            </dd>
          ) : null}
        </div>
      ))}
    </dl>
  );
}
