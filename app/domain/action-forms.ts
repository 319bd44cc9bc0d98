// The two action forms, as every page that has them reads them: adding an action (a return's
// plan, the setting's plan, a moderation review) and updating one (a return's plan, the
// setting's plan). Errors come back in the order of the form, so the summary reads top to bottom.
import { z } from "zod";
import type { ActionStatus, ActionTheme } from "../../db/schema";
import { formValues, parseDateParts, parseForm, typedText, type FieldErrors } from "../forms";
import { ACTION_STATUSES, THEMES } from "./action-themes";

/** The add form's "not sure" choice: the theme is suggested from the description. */
export const SUGGEST_THEME = "suggest";

export const DROPPED_NEEDS_REASON = "Say why this action is no longer needed";

const AddActionSchema = z.object({
  description: typedText("The action", { error: "Enter what needs to be done" })
    .trim()
    .min(1, "Enter what needs to be done")
    .max(1000, "The action must be 1,000 characters or fewer"),
  // Left unchosen ("suggest", or nothing), the domain suggests one from the description.
  theme: z.preprocess(
    (v) => (v === "" || v === SUGGEST_THEME ? undefined : v),
    z.enum(THEMES as [ActionTheme, ...ActionTheme[]], { error: "Select the theme of the action" }).optional(),
  ),
  owner: typedText("The owner", { error: "Enter who owns the action, for example DSL or their name" })
    .trim()
    .min(1, "Enter who owns the action, for example DSL or their name")
    .max(200, "The owner must be 200 characters or fewer"),
});

const ActionUpdateSchema = z
  .object({
    theme: z.enum(THEMES as [ActionTheme, ...ActionTheme[]], { error: "Select the theme of the action" }).optional(),
    // The action's revision when the form was loaded, so a colleague's update is never overwritten
    // unseen. A form without one is treated as stale, as the section page treats answers.
    revision: z.coerce.number().int().min(0).catch(-1),
    status: z.enum(ACTION_STATUSES as [ActionStatus, ...ActionStatus[]], { error: "Select the status of the action" }),
    progressNote: z
      .string()
      .optional()
      .transform((v) => v?.trim() ?? "")
      .pipe(typedText("The progress note").max(2000, "The progress note must be 2,000 characters or fewer")),
  })
  // Dropping an action is a decision the panel may ask about: the reason is kept with it.
  .refine((u) => u.status !== "dropped" || u.progressNote !== "", { path: ["progressNote"], message: DROPPED_NEEDS_REASON });

export interface NewActionFields {
  description: string;
  theme?: ActionTheme;
  owner: string;
  dueOn: string | null;
  standardCode: string | null;
}

export interface ActionUpdateFields {
  theme?: ActionTheme;
  revision: number;
  status: ActionStatus;
  progressNote: string;
  newDueOn: string | null;
}

export type Parsed<T> = { ok: true; data: T } | { ok: false; errors: FieldErrors; values: Record<string, string> };

function compact(errors: Record<string, string | undefined>): FieldErrors {
  return Object.fromEntries(Object.entries(errors).filter((e): e is [string, string] => Boolean(e[1])));
}

/** The add form; `standardCodes` are those the action may be linked to (a code not among them is refused). */
export function parseAddAction(form: FormData, standardCodes: readonly string[]): Parsed<NewActionFields> {
  const values = formValues(form);
  const parsed = parseForm(AddActionSchema, form);
  const due = parseDateParts(values["dueOn-day"], values["dueOn-month"], values["dueOn-year"], "The due date");
  const standardCode = values.standardCode?.trim() ?? "";
  const unknownStandard = standardCode !== "" && !standardCodes.includes(standardCode);
  if (!parsed.ok || !due.ok || unknownStandard) {
    const fieldErrors = parsed.ok ? {} : parsed.errors;
    const errors = compact({
      description: fieldErrors.description,
      theme: fieldErrors.theme,
      owner: fieldErrors.owner,
      dueOn: due.ok ? undefined : due.message,
      standardCode: unknownStandard ? "Select a standard from the list, or none" : undefined,
    });
    return { ok: false, errors, values };
  }
  return { ok: true, data: { ...parsed.data, dueOn: due.value, standardCode: standardCode || null } };
}

export function parseActionUpdate(form: FormData): Parsed<ActionUpdateFields> {
  const values = formValues(form);
  const parsed = parseForm(ActionUpdateSchema, form);
  const due = parseDateParts(values["newDueOn-day"], values["newDueOn-month"], values["newDueOn-year"], "The new due date");
  if (!parsed.ok || !due.ok) {
    const fieldErrors = parsed.ok ? {} : parsed.errors;
    const errors = compact({
      theme: fieldErrors.theme,
      status: fieldErrors.status,
      progressNote: fieldErrors.progressNote,
      newDueOn: due.ok ? undefined : due.message,
    });
    return { ok: false, errors, values };
  }
  return { ok: true, data: { ...parsed.data, newDueOn: due.value } };
}
