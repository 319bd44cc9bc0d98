// The review page's judgement form: one zod schema per standard, built for the standards the
// server knows are in the return (never the ids the browser claims), used by the action to parse
// and by the page for field errors. A standard with no choice yet is left out: "Save and come
// back later" keeps a half-finished review.
import { z } from "zod";
import type { Rating } from "../../../db/schema";
import { formValues, typedText } from "../../forms";
import { RATINGS } from "../ratings";
import { MAX_REASON, type JudgementInput } from "./reviews.server";
import { fieldIdOf, fieldName } from "./review-words";


interface FormStandard {
  standardId: string;
  code: string;
  allowsNotApplicable: boolean;
}

export type ReviewFormResult =
  | { ok: true; entries: JudgementInput[] }
  | { ok: false; errors: Record<string, string>; values: Record<string, string> };

function standardSchema(s: FormStandard) {
  return z
    .object({
      verdict: z.enum(["agree", "revised"], { error: `Choose whether you agree with the rating of standard ${s.code}` }),
      moderatedRating: z
        .string()
        .optional()
        .transform((v) => (v ? (v as Rating) : null)),
      reason: z
        .string()
        .optional()
        .transform((v) => (v ?? "").replace(/\r\n/g, "\n").trim())
        .pipe(typedText(`The reason for standard ${s.code}`).max(MAX_REASON, `The reason for standard ${s.code} must be ${MAX_REASON.toLocaleString("en-GB")} characters or fewer`)),
      // A form without a revision is treated as stale, so nothing is overwritten blindly.
      revision: z.coerce.number().int().min(0).catch(-1),
    })
    .superRefine((v, issue) => {
      if (v.verdict !== "revised") return;
      if (!v.moderatedRating || !RATINGS.includes(v.moderatedRating) || (v.moderatedRating === "not_applicable" && !s.allowsNotApplicable))
        issue.addIssue({ code: "custom", path: ["moderatedRating"], message: `Select the moderated rating for standard ${s.code}` });
      if (!v.reason) issue.addIssue({ code: "custom", path: ["reason"], message: `Give the reason for the moderated rating of standard ${s.code}` });
    });
}

export function parseReviewForm(form: FormData, standards: FormStandard[]): ReviewFormResult {
  const values = formValues(form);
  const errors: Record<string, string> = {};
  const entries: JudgementInput[] = [];
  for (const s of standards) {
    const verdict = values[fieldName("verdict", s.standardId)];
    if (!verdict) continue;
    const parsed = standardSchema(s).safeParse({
      verdict,
      moderatedRating: values[fieldName("moderatedRating", s.standardId)],
      reason: values[fieldName("reason", s.standardId)],
      revision: values[fieldName("revision", s.standardId)],
    });
    if (!parsed.success) {
      for (const issue of parsed.error.issues) errors[fieldIdOf(String(issue.path[0] ?? "verdict"), s.code)] ??= issue.message;
      continue;
    }
    const { revision, ...rest } = parsed.data;
    entries.push({
      standardId: s.standardId,
      verdict: rest.verdict,
      moderatedRating: rest.verdict === "revised" ? rest.moderatedRating : null,
      reason: rest.verdict === "revised" ? rest.reason : "",
      baseRevision: revision,
    });
  }
  if (Object.keys(errors).length) return { ok: false, errors, values };
  return { ok: true, entries };
}
