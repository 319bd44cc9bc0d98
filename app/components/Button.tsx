// GOV.UK button. Props follow the Nunjucks macro's parameters (text or children for html, href,
// type, name, value, classes, isStartButton, preventDoubleClick, disabled, attributes, id): with
// an href it is a link styled as a button, a Remix <Link> so the page loads as any link does.
import { Link } from "@remix-run/react";
import type { MouseEventHandler, ReactNode } from "react";

export interface ButtonProps {
  text?: string;
  /** The button's content where the macro takes html (such as a visually hidden part of the name). */
  children?: ReactNode;
  /** Makes it a link that looks like a button, for going somewhere rather than doing something. */
  href?: string;
  /** Defaults to submit, as in the macro. */
  type?: "submit" | "button" | "reset";
  name?: string;
  value?: string;
  classes?: string;
  isStartButton?: boolean;
  /** Stops a second click within a second submitting the form again (GOV.UK Frontend's script). */
  preventDoubleClick?: boolean;
  disabled?: boolean;
  /** Extra attributes; unlike the macro's, they win over the component's own (such as role). */
  attributes?: Record<string, string>;
  id?: string;
  onClick?: MouseEventHandler<HTMLButtonElement>;
}

function StartIcon() {
  return (
    <svg
      className="govuk-button__start-icon"
      xmlns="http://www.w3.org/2000/svg"
      width="17.5"
      height="19"
      viewBox="0 0 33 40"
      aria-hidden="true"
      focusable="false"
    >
      <path fill="currentColor" d="M0 0h13l20 20-20 20H0l20-20z" />
    </svg>
  );
}

export function Button({
  text,
  children,
  href,
  type = "submit",
  name,
  value,
  classes,
  isStartButton,
  preventDoubleClick,
  disabled,
  attributes,
  id,
  onClick,
}: ButtonProps) {
  const className = ["govuk-button", classes, isStartButton ? "govuk-button--start" : null].filter(Boolean).join(" ");
  const content = (
    <>
      {children ?? text}
      {isStartButton ? <StartIcon /> : null}
    </>
  );
  if (href) {
    return (
      <Link to={href} role="button" draggable="false" className={className} data-module="govuk-button" {...attributes} id={id}>
        {content}
      </Link>
    );
  }
  return (
    <button
      type={type}
      value={value}
      name={name}
      disabled={disabled}
      aria-disabled={disabled ? "true" : undefined}
      data-prevent-double-click={preventDoubleClick === undefined ? undefined : String(preventDoubleClick)}
      className={className}
      data-module="govuk-button"
      {...attributes}
      id={id}
      onClick={onClick}
    >
      {content}
    </button>
  );
}
