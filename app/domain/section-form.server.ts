// The section page's form: one zod schema, built for the standards the server knows are in the
// section (never the ids the browser claims), used by the action to parse and by the page for
// field errors.
import { z } from "zod";
import type { Rating } from "../../db/schema";
import { formValues, typedText } from "../forms";
import { RATINGS } from "./ratings";
import { fieldId } from "./return-progress";
import type { AnswerInput } from "./returns.server";

export const MAX_EVIDENCE = 10_000;
export const MAX_NOTES = 5_000;

const Intent = z.enum(["continue", "later", "autosave"]);
export type SectionIntent = z.infer<typeof Intent>;

export type SectionFormResult =
  | { ok: true; intent: SectionIntent; entries: AnswerInput[] }
  | { ok: false; errors: Record<string, string>; values: Record<string, string> };

interface SectionStandard {
  standardId: string;
  code: string;
  allowsNotApplicable: boolean;
}

/** Browsers send textarea line breaks as CRLF; answers are stored with LF. */
const text = (label: string, max: number) =>
  z
    .string()
    .optional()
    .transform((v) => (v ?? "").replace(/\r\n/g, "\n"))
    .pipe(typedText(label).max(max, `${label} must be ${max.toLocaleString("en-GB")} characters or fewer`));

function standardSchema(s: SectionStandard, intent: SectionIntent) {
  return z.object({
    rating: z
      .string()
      .optional()
      .superRefine((value, issue) => {
        if (!value) {
          // "Save and continue" means the section is done; the other saves keep a half-finished one.
          if (intent === "continue")
            issue.addIssue({ code: "custom", message: `Select a rating for standard ${s.code}, or choose “Save and come back later”` });
        } else if (!RATINGS.includes(value as Rating)) {
          issue.addIssue({ code: "custom", message: `Select a rating for standard ${s.code}` });
        } else if (value === "not_applicable" && !s.allowsNotApplicable) {
          issue.addIssue({ code: "custom", message: `Standard ${s.code} cannot be marked not applicable` });
        }
      })
      .transform((value) => (value ? (value as Rating) : null)),
    evidence: text(`Evidence for standard ${s.code}`, MAX_EVIDENCE),
    notes: text(`Notes for standard ${s.code}`, MAX_NOTES),
    // A form without a revision (a very old page) is treated as stale, so nothing is overwritten blindly.
    revision: z.coerce.number().int().min(0).catch(-1),
    fingerprint: z.string().max(64).optional().catch(undefined),
  });
}

export function parseSectionForm(form: FormData, standards: SectionStandard[]): SectionFormResult {
  const values = formValues(form);
  const intent = Intent.safeParse(form.get("intent") ?? "continue");
  if (!intent.success) return { ok: false, errors: { form: "Choose a save button" }, values };
  const errors: Record<string, string> = {};
  const entries: AnswerInput[] = [];
  for (const s of standards) {
    const parsed = standardSchema(s, intent.data).safeParse({
      rating: values[`rating.${s.standardId}`],
      evidence: values[`evidence.${s.standardId}`],
      notes: values[`notes.${s.standardId}`],
      revision: values[`revision.${s.standardId}`],
      fingerprint: values[`fingerprint.${s.standardId}`],
    });
    if (!parsed.success) {
      for (const issue of parsed.error.issues) errors[fieldId(String(issue.path[0]), s.code)] ??= issue.message;
      continue;
    }
    const { rating, evidence, notes, revision, fingerprint } = parsed.data;
    entries.push({ standardId: s.standardId, rating, evidence, notes, baseRevision: revision, baseFingerprint: fingerprint });
  }
  if (Object.keys(errors).length) return { ok: false, errors, values };
  return { ok: true, intent: intent.data, entries };
}
