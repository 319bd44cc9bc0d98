// GOV.UK date input: day, month and year as three fields in one fieldset. Props follow the
// Nunjucks macro's parameters (id, namePrefix, fieldset, hint, errorMessage, items' values)
// so the Design System's documentation reads across. Read the three values with parseDateParts.
import type { ReactNode } from "react";
import { ErrorMessage } from "./ErrorMessage";
import { Fieldset, type FieldsetProps } from "./Fieldset";
import { FormGroup, describedBy } from "./FormGroup";
import { Hint } from "./Hint";

export type DatePart = "day" | "month" | "year";

export interface DateParts {
  day?: string;
  month?: string;
  year?: string;
}

export interface DateInputProps {
  /** The group's id; the fields are `${id}-day`, `${id}-month` and `${id}-year`. */
  id: string;
  /** The fields are named `${namePrefix}-day` and so on (defaults to the id). */
  namePrefix?: string;
  fieldset?: Omit<FieldsetProps, "children" | "describedBy" | "role">;
  hint?: ReactNode;
  errorMessage?: string;
  values?: DateParts;
}

const PARTS: { part: DatePart; label: string; width: string }[] = [
  { part: "day", label: "Day", width: "govuk-input--width-2" },
  { part: "month", label: "Month", width: "govuk-input--width-2" },
  { part: "year", label: "Year", width: "govuk-input--width-4" },
];

/**
 * The parts to highlight: only the missing ones when some were filled in (the Design System asks
 * for just the field in error), otherwise the whole date.
 */
export function datePartsInError(values: DateParts | undefined): DatePart[] {
  const missing = PARTS.map((p) => p.part).filter((part) => !(values?.[part] ?? "").trim());
  return missing.length > 0 && missing.length < PARTS.length ? missing : PARTS.map((p) => p.part);
}

/** Where an error summary link for this date should land: the first field in error. */
export function dateErrorTarget(id: string, values: DateParts | undefined): string {
  return `${id}-${datePartsInError(values)[0]}`;
}

/** The three parts of an ISO date ("2027-03-31"), as the fields show them. */
export function datePartsOf(iso: string | null | undefined): DateParts {
  if (!iso) return {};
  const [year, month, day] = iso.slice(0, 10).split("-");
  return { day: String(Number(day)), month: String(Number(month)), year };
}

/** The three parts a form sent for the date named `prefix`. */
export function datePartsFrom(values: Record<string, string> | undefined, prefix: string): DateParts {
  return { day: values?.[`${prefix}-day`], month: values?.[`${prefix}-month`], year: values?.[`${prefix}-year`] };
}

export function DateInput({ id, namePrefix = id, fieldset, hint, errorMessage, values }: DateInputProps) {
  const inError = errorMessage ? datePartsInError(values) : [];
  return (
    <FormGroup errorMessage={errorMessage}>
      <Fieldset {...fieldset} role="group" describedBy={describedBy(id, hint, errorMessage)}>
        <Hint id={`${id}-hint`} text={hint} />
        <ErrorMessage id={`${id}-error`} text={errorMessage} />
        <div className="govuk-date-input" id={id}>
          {PARTS.map(({ part, label, width }) => (
            <div className="govuk-date-input__item" key={part}>
              <div className="govuk-form-group">
                <label className="govuk-label govuk-date-input__label" htmlFor={`${id}-${part}`}>
                  {label}
                </label>
                <input
                  className={`govuk-input govuk-date-input__input ${width}${
                    inError.includes(part) ? " govuk-input--error" : ""
                  }`}
                  id={`${id}-${part}`}
                  name={`${namePrefix}-${part}`}
                  type="text"
                  inputMode="numeric"
                  defaultValue={values?.[part] ?? ""}
                />
              </div>
            </div>
          ))}
        </div>
      </Fieldset>
    </FormGroup>
  );
}
