import { useEffect, useRef } from "react";

export interface ErrorSummaryProps {
  titleText?: string;
  errorList: { text: string; href: string }[];
}

/** GOV.UK error summary: focused on render so screen reader users hear the problems first. */
export function ErrorSummary({ titleText = "There is a problem", errorList }: ErrorSummaryProps) {
  const ref = useRef<HTMLDivElement>(null);
  // Focus moves to the summary when its problems change, not on every render: a page that
  // re-renders as the person types would otherwise pull focus out of the field they are in.
  const problems = errorList.map((e) => `${e.href}\n${e.text}`).join("\n");
  useEffect(() => {
    if (problems) ref.current?.focus();
  }, [problems]);
  if (errorList.length === 0) return null;
  return (
    <div className="govuk-error-summary" data-module="govuk-error-summary" ref={ref} tabIndex={-1}>
      <div role="alert">
        <h2 className="govuk-error-summary__title">{titleText}</h2>
        <div className="govuk-error-summary__body">
          <ul className="govuk-list govuk-error-summary__list">
            {errorList.map((e) => (
              <li key={e.href + e.text}>
                <a href={e.href}>{e.text}</a>
              </li>
            ))}
          </ul>
        </div>
      </div>
    </div>
  );
}

/** Turns field errors keyed by field id into the summary's list, in the order given. */
export function errorListFrom(errors: Record<string, string | undefined> | undefined) {
  return Object.entries(errors ?? {})
    .filter((e): e is [string, string] => Boolean(e[1]))
    .map(([id, text]) => ({ text, href: `#${id}` }));
}
