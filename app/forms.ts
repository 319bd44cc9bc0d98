// One zod schema per form: the action parses with it and the page shows its messages beside
// the fields (GOV.UK error summary pattern), with what was typed kept.
import { z } from "zod";

export type FieldErrors = Record<string, string>;

// Text may hold tabs and line breaks; any other C0 control character is invisible, never meant,
// and a NUL cannot be stored by PostgreSQL at all. Refused, so the person can see why.
// eslint-disable-next-line no-control-regex
const HIDDEN_CONTROL_CHARACTER = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/;

export function hasHiddenControlCharacters(value: string): boolean {
  return HIDDEN_CONTROL_CHARACTER.test(value);
}

export const hiddenControlCharactersMessage = (label: string) =>
  `${label} must not contain hidden control characters: remove them and try again`;

/**
 * A field people type into: a string without hidden control characters, the message naming the
 * field by `label` ("Full name", "Evidence for standard 1.1"). Chain trim, min and max as usual.
 */
export function typedText(label: string, params?: Parameters<typeof z.string>[0]) {
  return z.string(params).refine((value) => !hasHiddenControlCharacters(value), hiddenControlCharactersMessage(label));
}

export type FormResult<T> =
  | { ok: true; data: T }
  | { ok: false; errors: FieldErrors; values: Record<string, string> };

export function formValues(form: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of form.entries()) if (typeof value === "string") values[key] = value;
  return values;
}

export function parseForm<S extends z.ZodType>(schema: S, form: FormData): FormResult<z.infer<S>> {
  const values = formValues(form);
  const result = schema.safeParse(values);
  const errors: FieldErrors = {};
  for (const issue of result.error?.issues ?? []) {
    const key = issue.path.join(".") || "form";
    errors[key] ??= issue.message;
  }
  // The same rule for every field a schema does not name with `typedText` (a hidden input, say):
  // nothing with a hidden control character reaches the database.
  for (const [key, value] of Object.entries(values))
    if (hasHiddenControlCharacters(value)) errors[key] ??= hiddenControlCharactersMessage("This answer");
  if (result.success && Object.keys(errors).length === 0) return { ok: true, data: result.data };
  return { ok: false, errors, values };
}

/**
 * A GOV.UK date input's three fields as an ISO date, or a message saying what is wrong.
 * All three empty means "no date".
 */
export function parseDateParts(
  day: string | undefined,
  month: string | undefined,
  year: string | undefined,
  label: string,
): { ok: true; value: string | null } | { ok: false; message: string } {
  const d = (day ?? "").trim();
  const m = (month ?? "").trim();
  const y = (year ?? "").trim();
  if (!d && !m && !y) return { ok: true, value: null };
  const missing = [!d && "day", !m && "month", !y && "year"].filter(Boolean);
  if (missing.length) return { ok: false, message: `${label} must include a ${missing.join(" and ")}` };
  if (!/^\d{1,2}$/.test(d) || !/^\d{1,2}$/.test(m) || !/^\d{4}$/.test(y))
    return { ok: false, message: `${label} must be a real date, like 31 3 2027` };
  const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  if (date.getUTCFullYear() !== Number(y) || date.getUTCMonth() !== Number(m) - 1 || date.getUTCDate() !== Number(d))
    return { ok: false, message: `${label} must be a real date, like 31 3 2027` };
  return { ok: true, value: date.toISOString().slice(0, 10) };
}

// Dates are written in one place for pages and emails alike.
export { formatDate, formatDateTime, formatTime } from "./dates";
