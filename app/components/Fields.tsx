// GOV.UK form fields. Props follow the Nunjucks macros' parameters (id, name, label, hint,
// errorMessage, value) so the Design System's documentation reads across.
import type { ReactNode } from "react";

function ErrorMessage({ id, text }: { id: string; text?: string }) {
  if (!text) return null;
  return (
    <p id={`${id}-error`} className="govuk-error-message">
      <span className="govuk-visually-hidden">Error:</span> {text}
    </p>
  );
}

function describedBy(id: string, hint?: ReactNode, error?: string, extra?: string) {
  return [hint ? `${id}-hint` : null, error ? `${id}-error` : null, extra].filter(Boolean).join(" ") || undefined;
}

interface LabelProps {
  text: ReactNode;
  isPageHeading?: boolean;
  classes?: string;
}

function Label({ id, label }: { id: string; label: LabelProps }) {
  const el = (
    <label className={`govuk-label ${label.classes ?? ""}`.trim()} htmlFor={id}>
      {label.text}
    </label>
  );
  return label.isPageHeading ? <h1 className="govuk-label-wrapper">{el}</h1> : el;
}

export interface InputProps {
  id: string;
  name: string;
  label: LabelProps;
  hint?: ReactNode;
  errorMessage?: string;
  defaultValue?: string;
  type?: string;
  autoComplete?: string;
  spellCheck?: boolean;
  classes?: string;
  inputMode?: "text" | "email" | "numeric";
}

export function Input(props: InputProps) {
  const { id, name, label, hint, errorMessage } = props;
  return (
    <div className={`govuk-form-group${errorMessage ? " govuk-form-group--error" : ""}`}>
      <Label id={id} label={label} />
      {hint ? (
        <div id={`${id}-hint`} className="govuk-hint">
          {hint}
        </div>
      ) : null}
      <ErrorMessage id={id} text={errorMessage} />
      <input
        className={`govuk-input ${props.classes ?? ""}${errorMessage ? " govuk-input--error" : ""}`.trim()}
        id={id}
        name={name}
        type={props.type ?? "text"}
        defaultValue={props.defaultValue}
        autoComplete={props.autoComplete}
        spellCheck={props.spellCheck}
        inputMode={props.inputMode}
        aria-describedby={describedBy(id, hint, errorMessage)}
      />
    </div>
  );
}

export interface TextareaProps {
  id: string;
  name: string;
  label: LabelProps;
  hint?: ReactNode;
  errorMessage?: string;
  defaultValue?: string;
  rows?: number;
  onInput?: () => void;
}

export function Textarea(props: TextareaProps) {
  const { id, name, label, hint, errorMessage } = props;
  return (
    <div className={`govuk-form-group${errorMessage ? " govuk-form-group--error" : ""}`}>
      <Label id={id} label={label} />
      {hint ? (
        <div id={`${id}-hint`} className="govuk-hint">
          {hint}
        </div>
      ) : null}
      <ErrorMessage id={id} text={errorMessage} />
      <textarea
        className={`govuk-textarea${errorMessage ? " govuk-textarea--error" : ""}`}
        id={id}
        name={name}
        rows={props.rows ?? 5}
        defaultValue={props.defaultValue}
        onInput={props.onInput}
        aria-describedby={describedBy(id, hint, errorMessage)}
      />
    </div>
  );
}

export interface Choice {
  value: string;
  text: ReactNode;
  hint?: ReactNode;
}

export interface RadiosProps {
  idPrefix: string;
  name: string;
  legend: ReactNode;
  legendIsPageHeading?: boolean;
  legendClasses?: string;
  hint?: ReactNode;
  errorMessage?: string;
  items: Choice[];
  value?: string | null;
  classes?: string;
  onChange?: () => void;
}

export function Radios(props: RadiosProps) {
  const { idPrefix, name, legend, hint, errorMessage, items } = props;
  return (
    <div className={`govuk-form-group${errorMessage ? " govuk-form-group--error" : ""}`}>
      <fieldset className="govuk-fieldset" aria-describedby={describedBy(idPrefix, hint, errorMessage)}>
        <legend className={`govuk-fieldset__legend ${props.legendClasses ?? "govuk-fieldset__legend--s"}`}>
          {props.legendIsPageHeading ? <h1 className="govuk-fieldset__heading">{legend}</h1> : legend}
        </legend>
        {hint ? (
          <div id={`${idPrefix}-hint`} className="govuk-hint">
            {hint}
          </div>
        ) : null}
        <ErrorMessage id={idPrefix} text={errorMessage} />
        <div className={`govuk-radios ${props.classes ?? ""}`.trim()} data-module="govuk-radios">
          {items.map((item, index) => {
            // The first radio carries the group's id so the error summary link lands on it.
            const id = index === 0 ? idPrefix : `${idPrefix}-${index + 1}`;
            return (
              <div className="govuk-radios__item" key={item.value}>
                <input
                  className="govuk-radios__input"
                  id={id}
                  name={name}
                  type="radio"
                  value={item.value}
                  defaultChecked={props.value === item.value}
                  onChange={props.onChange}
                  aria-describedby={item.hint ? `${id}-item-hint` : undefined}
                />
                <label className="govuk-label govuk-radios__label" htmlFor={id}>
                  {item.text}
                </label>
                {item.hint ? (
                  <div id={`${id}-item-hint`} className="govuk-hint govuk-radios__hint">
                    {item.hint}
                  </div>
                ) : null}
              </div>
            );
          })}
        </div>
      </fieldset>
    </div>
  );
}

export interface SelectProps {
  id: string;
  name: string;
  label: LabelProps;
  items: { value: string; text: string }[];
  value?: string;
  errorMessage?: string;
  hint?: ReactNode;
}

export function Select(props: SelectProps) {
  const { id, name, label, items, errorMessage, hint } = props;
  return (
    <div className={`govuk-form-group${errorMessage ? " govuk-form-group--error" : ""}`}>
      <Label id={id} label={label} />
      {hint ? (
        <div id={`${id}-hint`} className="govuk-hint">
          {hint}
        </div>
      ) : null}
      <ErrorMessage id={id} text={errorMessage} />
      <select
        className={`govuk-select${errorMessage ? " govuk-select--error" : ""}`}
        id={id}
        name={name}
        defaultValue={props.value}
        aria-describedby={describedBy(id, hint, errorMessage)}
      >
        {items.map((i) => (
          <option key={i.value} value={i.value}>
            {i.text}
          </option>
        ))}
      </select>
    </div>
  );
}

export interface CheckboxProps {
  id: string;
  name: string;
  value: string;
  label: ReactNode;
  checked?: boolean;
  errorMessage?: string;
  legend?: ReactNode;
}

/** A single required confirmation box (for declarations). */
export function ConfirmCheckbox(props: CheckboxProps) {
  const { id, name, value, label, errorMessage, legend } = props;
  return (
    <div className={`govuk-form-group${errorMessage ? " govuk-form-group--error" : ""}`}>
      <fieldset className="govuk-fieldset" aria-describedby={errorMessage ? `${id}-error` : undefined}>
        {legend ? <legend className="govuk-fieldset__legend govuk-fieldset__legend--m">{legend}</legend> : null}
        <ErrorMessage id={id} text={errorMessage} />
        <div className="govuk-checkboxes" data-module="govuk-checkboxes">
          <div className="govuk-checkboxes__item">
            <input className="govuk-checkboxes__input" id={id} name={name} type="checkbox" value={value} defaultChecked={props.checked} />
            <label className="govuk-label govuk-checkboxes__label" htmlFor={id}>
              {label}
            </label>
          </div>
        </div>
      </fieldset>
    </div>
  );
}
