// GOV.UK display components: tags, panels, banners, summary lists, task lists, tables.
import type { ReactNode } from "react";
import { Link } from "@remix-run/react";

export type TagColour = "grey" | "green" | "turquoise" | "blue" | "light-blue" | "purple" | "pink" | "red" | "orange" | "yellow";

export function Tag({ text, colour }: { text: string; colour?: TagColour }) {
  return <strong className={`govuk-tag${colour ? ` govuk-tag--${colour}` : ""}`}>{text}</strong>;
}

export function Panel({ titleText, children }: { titleText: string; children?: ReactNode }) {
  return (
    <div className="govuk-panel govuk-panel--confirmation">
      <h1 className="govuk-panel__title">{titleText}</h1>
      {children ? <div className="govuk-panel__body">{children}</div> : null}
    </div>
  );
}

export function NotificationBanner({
  titleText = "Important",
  type,
  children,
}: {
  titleText?: string;
  type?: "success";
  children: ReactNode;
}) {
  return (
    <div
      className={`govuk-notification-banner${type === "success" ? " govuk-notification-banner--success" : ""}`}
      role={type === "success" ? "alert" : "region"}
      aria-labelledby="govuk-notification-banner-title"
      data-module="govuk-notification-banner"
    >
      <div className="govuk-notification-banner__header">
        <h2 className="govuk-notification-banner__title" id="govuk-notification-banner-title">
          {titleText}
        </h2>
      </div>
      <div className="govuk-notification-banner__content">{children}</div>
    </div>
  );
}

export function WarningText({ children }: { children: ReactNode }) {
  return (
    <div className="govuk-warning-text">
      <span className="govuk-warning-text__icon" aria-hidden="true">
        !
      </span>
      <strong className="govuk-warning-text__text">
        <span className="govuk-visually-hidden">Warning</span>
        {children}
      </strong>
    </div>
  );
}

export function InsetText({ children }: { children: ReactNode }) {
  return <div className="govuk-inset-text">{children}</div>;
}

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

export interface TaskListItem {
  title: string;
  href?: string;
  hint?: string;
  status: { text: string; colour?: TagColour };
}

export function TaskList({ idPrefix, items }: { idPrefix: string; items: TaskListItem[] }) {
  return (
    <ul className="govuk-task-list">
      {items.map((item, i) => {
        const id = `${idPrefix}-${i + 1}`;
        const plain = item.status.colour === undefined;
        return (
          <li className={`govuk-task-list__item${item.href ? " govuk-task-list__item--with-link" : ""}`} key={id}>
            <div className="govuk-task-list__name-and-hint">
              {item.href ? (
                <Link
                  className="govuk-link govuk-task-list__link"
                  to={item.href}
                  aria-describedby={`${item.hint ? `${id}-hint ` : ""}${id}-status`}
                >
                  {item.title}
                </Link>
              ) : (
                <div>{item.title}</div>
              )}
              {item.hint ? (
                <div id={`${id}-hint`} className="govuk-task-list__hint">
                  {item.hint}
                </div>
              ) : null}
            </div>
            <div className="govuk-task-list__status" id={`${id}-status`}>
              {plain ? item.status.text : <Tag text={item.status.text} colour={item.status.colour} />}
            </div>
          </li>
        );
      })}
    </ul>
  );
}

export function Table({
  caption,
  head,
  rows,
  captionClasses = "govuk-table__caption--m",
}: {
  caption?: ReactNode;
  head: ReactNode[];
  rows: ReactNode[][];
  captionClasses?: string;
}) {
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

export function BackLink({ to, text = "Back" }: { to: string; text?: string }) {
  return (
    <Link to={to} className="govuk-back-link">
      {text}
    </Link>
  );
}
