// GOV.UK table. Props follow the Nunjucks macro's parameters (caption, captionClasses, head,
// rows), with cells given directly rather than as { text }; the first cell of each row is its
// header (the macro's firstCellIsHeader).
import type { ReactNode } from "react";

export interface TableProps {
  caption?: ReactNode;
  captionClasses?: string;
  head: ReactNode[];
  rows: ReactNode[][];
}

export function Table({ caption, captionClasses = "govuk-table__caption--m", head, rows }: TableProps) {
  return (
    <table className="govuk-table">
      {caption ? <caption className={`govuk-table__caption ${captionClasses}`}>{caption}</caption> : null}
      <thead className="govuk-table__head">
        <tr className="govuk-table__row">
          {head.map((h, i) => (
            <th scope="col" className="govuk-table__header" key={i}>
              {h}
            </th>
          ))}
        </tr>
      </thead>
      <tbody className="govuk-table__body">
        {rows.map((r, i) => (
          <tr className="govuk-table__row" key={i}>
            {r.map((c, j) =>
              j === 0 ? (
                <th scope="row" className="govuk-table__header" key={j}>
                  {c}
                </th>
              ) : (
                <td className="govuk-table__cell" key={j}>
                  {c}
                </td>
              ),
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
