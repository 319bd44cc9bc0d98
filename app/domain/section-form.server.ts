// The section page's form: one schema for each standard's fields, parsed against the standards
// the server knows are in the section (never the ids the browser claims).
import { z } from "zod";
import type { Rating } from "../../db/schema";
import { formValues } from "../forms";
import { RATINGS } from "./ratings";
import { fieldId } from "./return-progress";
import type { AnswerInput } from "./returns.server";

export const MAX_EVIDENCE = 10_000;
export const MAX_NOTES = 5_000;

const Intent = z.enum(["continue", "later", "autosave"]);

export type SectionFormResult =
  | { ok: true; intent: z.infer<typeof Intent>; entries: AnswerInput[] }
  | { ok: false; errors: Record<string, string>; values: Record<string, string> };

export function parseSectionForm(
  form: FormData,
  standards: { standardId: string; code: string; allowsNotApplicable: boolean; revision: number }[],
): SectionFormResult {
  const values = formValues(form);
  const intent = Intent.safeParse(form.get("intent") ?? "continue");
  const errors: Record<string, string> = {};
  if (!intent.success) return { ok: false, errors: { form: "Choose a save button" }, values };
  const entries: AnswerInput[] = [];
  for (const s of standards) {
    const rawRating = form.get(`rating.${s.standardId}`);
    const evidence = String(form.get(`evidence.${s.standardId}`) ?? "").replace(/\r\n/g, "\n");
    const notes = String(form.get(`notes.${s.standardId}`) ?? "").replace(/\r\n/g, "\n");
    const revision = Number(form.get(`revision.${s.standardId}`));
    let rating: Rating | null = null;
    if (rawRating !== null && rawRating !== "") {
      if (!RATINGS.includes(rawRating as Rating)) errors[fieldId("rating", s.code)] = `Select a rating for standard ${s.code}`;
      else if (rawRating === "not_applicable" && !s.allowsNotApplicable)
        errors[fieldId("rating", s.code)] = `Standard ${s.code} cannot be marked not applicable`;
      else rating = rawRating as Rating;
    } else if (intent.data === "continue") {
      errors[fieldId("rating", s.code)] = `Select a rating for standard ${s.code}, or choose “Save and come back later”`;
    }
    if (evidence.length > MAX_EVIDENCE)
      errors[fieldId("evidence", s.code)] = `Evidence for standard ${s.code} must be ${MAX_EVIDENCE.toLocaleString("en-GB")} characters or fewer`;
    if (notes.length > MAX_NOTES)
      errors[fieldId("notes", s.code)] = `Notes for standard ${s.code} must be ${MAX_NOTES.toLocaleString("en-GB")} characters or fewer`;
    // A form without a revision (a very old page) is treated as stale, so nothing is overwritten blindly.
    entries.push({ standardId: s.standardId, rating, evidence, notes, baseRevision: Number.isInteger(revision) ? revision : -1 });
  }
  if (Object.keys(errors).length) return { ok: false, errors, values };
  return { ok: true, intent: intent.data, entries };
}
