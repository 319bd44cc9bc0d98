// GOV.UK character count: a textarea that says its limit. Props follow the Nunjucks macro's
// parameters (id, name, rows, maxlength, label, hint, errorMessage). The limit is written into the
// page as a plain hint, so it is said without JavaScript; with it, GOV.UK Frontend counts down
// as the person types.
import { useEffect, useRef, type ReactNode } from "react";

// Served by the portal (scripts/build-assets.ts); a variable, so the bundler leaves it to the browser.
const GOVUK_FRONTEND_URL = "/assets/govuk-frontend.min.js";
import { ErrorMessage } from "./ErrorMessage";
import { Hint } from "./Hint";
import { Label, type LabelProps } from "./Label";

export interface CharacterCountProps {
  id: string;
  name: string;
  label: LabelProps;
  maxlength: number;
  hint?: ReactNode;
  errorMessage?: string;
  defaultValue?: string;
  rows?: number;
}

export function CharacterCount({ id, name, label, maxlength, hint, errorMessage, defaultValue, rows = 5 }: CharacterCountProps) {
  const root = useRef<HTMLDivElement>(null);
  // GOV.UK Frontend's script adds the live count beside the textarea. It is started here, once
  // React has the page: the page-wide initAll runs before hydration, and elements added then would
  // not match the server's HTML, so React would throw the page away and draw it again. This is
  // also what starts it on a page reached by a link, which initAll never sees. data-module is set
  // as it starts, for the same reason.
  useEffect(() => {
    const element = root.current;
    if (!element) return;
    let cancelled = false;
    import(/* @vite-ignore */ GOVUK_FRONTEND_URL)
      .then(({ CharacterCount: GovukCharacterCount }) => {
        if (cancelled || element.hasAttribute("data-govuk-character-count-init")) return;
        element.setAttribute("data-module", "govuk-character-count");
        new GovukCharacterCount(element);
      })
      // Without the script the limit is still said, as the plain hint.
      .catch(() => undefined);
    return () => {
      cancelled = true;
    };
  }, []);
  const describedBy = [`${id}-info`, hint ? `${id}-hint` : null, errorMessage ? `${id}-error` : null].filter(Boolean).join(" ");
  return (
    <div
      ref={root}
      className={`govuk-form-group govuk-character-count${errorMessage ? " govuk-form-group--error" : ""}`}
      data-maxlength={maxlength}
    >
      <Label for={id} {...label} />
      <Hint id={`${id}-hint`} text={hint} />
      <ErrorMessage id={`${id}-error`} text={errorMessage} />
      <textarea
        className={`govuk-textarea govuk-js-character-count${errorMessage ? " govuk-textarea--error" : ""}`}
        id={id}
        name={name}
        rows={rows}
        defaultValue={defaultValue}
        aria-describedby={describedBy}
      />
      <div id={`${id}-info`} className="govuk-hint govuk-character-count__message">
        {`You can enter up to ${maxlength.toLocaleString("en-GB")} characters`}
      </div>
    </div>
  );
}
