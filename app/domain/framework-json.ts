// A framework as a JSON file (docs/framework-json.md): what export writes and import reads. Pure,
// so the import page, the command line and the tests share one schema and one way of naming a
// problem by its path ("sections[1].standards[0].code: Enter the standard's code").
import { z } from "zod";

export const FRAMEWORK_JSON_FORMAT = "safeguarding-self-assessment-framework";
export const FRAMEWORK_JSON_FORMAT_VERSION = 1;

// The largest framework file accepted: the seeded frameworks are about 40 KB.
export const MAX_FRAMEWORK_JSON_BYTES = 1024 * 1024;

const CODE = /^[0-9A-Za-z]+(\.[0-9A-Za-z]+)*$/;
// eslint-disable-next-line no-control-regex
const HIDDEN_CONTROL_CHARACTER = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/;

const text = (what: string, max: number) =>
  z
    .string({ error: `Enter the ${what}` })
    .trim()
    .min(1, `Enter the ${what}`)
    .max(max, `The ${what} must be ${max} characters or fewer`)
    .refine((v) => !HIDDEN_CONTROL_CHARACTER.test(v), `The ${what} must not contain hidden control characters`);

const code = (what: string) =>
  z
    .string({ error: `Enter the ${what}'s code` })
    .trim()
    .min(1, `Enter the ${what}'s code`)
    .max(20, `The ${what}'s code must be 20 characters or fewer`)
    .regex(CODE, `The ${what}'s code must be numbers or letters separated by full stops, like 3.2`);

export const StandardJson = z.strictObject({
  code: code("standard"),
  title: text("standard's title", 1000),
  guidance: text("standard's guidance", 5000),
  allowsNotApplicable: z.boolean({ error: "allowsNotApplicable must be true or false" }).default(false),
  retired: z.boolean({ error: "retired must be true or false" }).default(false),
});

export const SectionJson = z.strictObject({
  code: code("section"),
  title: text("section's title", 300),
  retired: z.boolean({ error: "retired must be true or false" }).default(false),
  // A retired section may have none left; publishing asks every section that is not retired to have one.
  standards: z.array(StandardJson, { error: "standards must be a list" }),
});

export const FrameworkJson = z
  .strictObject({
    format: z.literal(FRAMEWORK_JSON_FORMAT, { error: `format must be "${FRAMEWORK_JSON_FORMAT}"` }),
    formatVersion: z.literal(FRAMEWORK_JSON_FORMAT_VERSION, { error: `formatVersion must be ${FRAMEWORK_JSON_FORMAT_VERSION}` }),
    kind: z.enum(["education", "agency"], { error: 'kind must be "education" or "agency"' }),
    // Where the file came from; import always makes the next version, whatever this says.
    version: z.number().int().positive().optional(),
    title: text("framework's title", 300),
    description: z.string({ error: "description must be text" }).trim().max(5000, "The description must be 5000 characters or fewer").default(""),
    sections: z.array(SectionJson, { error: "sections must be a list" }).min(1, "A framework needs at least one section"),
  })
  .superRefine((framework, ctx) => {
    for (const problem of codeProblems(framework)) ctx.addIssue({ code: "custom", path: problem.path, message: problem.message });
  });

/**
 * Codes unique in the file, and something left to ask. Read from the raw value too, so a file
 * with other mistakes hears about these at the same time (zod skips refinements of a failed parse).
 */
function codeProblems(raw: unknown): { path: (string | number)[]; message: string }[] {
  const problems: { path: (string | number)[]; message: string }[] = [];
  const sections = (raw as { sections?: unknown } | null)?.sections;
  if (!Array.isArray(sections)) return problems;
  const sectionCodes = new Map<string, number>();
  const standardCodes = new Map<string, string>();
  let asked = false;
  sections.forEach((section: { code?: unknown; retired?: unknown; standards?: unknown }, i) => {
    if (!section || typeof section !== "object") return;
    const code = typeof section.code === "string" ? section.code.trim() : "";
    const earlier = sectionCodes.get(code);
    if (code && earlier !== undefined) problems.push({ path: ["sections", i, "code"], message: `Section code ${code} is used by sections[${earlier}] too` });
    else if (code) sectionCodes.set(code, i);
    if (!Array.isArray(section.standards)) return;
    section.standards.forEach((standard: { code?: unknown; retired?: unknown }, j) => {
      if (!standard || typeof standard !== "object") return;
      if (section.retired !== true && standard.retired !== true) asked = true;
      const c = typeof standard.code === "string" ? standard.code.trim() : "";
      const at = standardCodes.get(c);
      if (c && at !== undefined) problems.push({ path: ["sections", i, "standards", j, "code"], message: `Standard code ${c} is used by ${at} too` });
      else if (c) standardCodes.set(c, `sections[${i}].standards[${j}]`);
    });
  });
  if (!asked && sections.length > 0) problems.push({ path: ["sections"], message: "At least one standard must not be retired" });
  return problems;
}

export type FrameworkJson = z.infer<typeof FrameworkJson>;

/** `sections[1].standards[0].code`, the way the file's reader finds the place. */
export function pathOf(path: readonly PropertyKey[]): string {
  let out = "";
  for (const part of path) out += typeof part === "number" ? `[${part}]` : out ? `.${String(part)}` : String(part);
  return out;
}

export type FrameworkJsonResult = { ok: true; framework: FrameworkJson } | { ok: false; errors: string[] };

/** Reads a framework file's text: every problem, each as "path: message", or the framework. */
export function parseFrameworkJson(source: string): FrameworkJsonResult {
  let value: unknown;
  try {
    value = JSON.parse(source.replace(/^\uFEFF/, ""));
  } catch (error) {
    return { ok: false, errors: [`The file is not JSON: ${error instanceof Error ? error.message : String(error)}`] };
  }
  const result = FrameworkJson.safeParse(value);
  if (result.success) return { ok: true, framework: result.data };
  const issues: { path: readonly PropertyKey[]; code?: string; keys?: string[]; message: string }[] = [...result.error.issues];
  for (const problem of codeProblems(value))
    if (!issues.some((i) => pathOf(i.path) === pathOf(problem.path) && i.message === problem.message)) issues.push(problem);
  // One problem a place: an empty code need not also be told its pattern.
  const seen = new Set<string>();
  const firstEach = issues.filter((issue) => {
    const key = issue.code === "unrecognized_keys" ? `${pathOf(issue.path)} keys` : pathOf(issue.path);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return {
    ok: false,
    errors: firstEach.map((issue) => {
      const where = pathOf(issue.path);
      // An unknown key's path is its object; name the key itself.
      const keys = issue.code === "unrecognized_keys" ? (issue.keys ?? []) : [];
      const message = keys.length > 0 ? `unknown field${keys.length === 1 ? "" : "s"} ${keys.join(", ")}` : issue.message;
      return where ? `${where}: ${message}` : message;
    }),
  };
}

/** The file's text for a framework, stable so that an export of an import of it reads the same. */
export function frameworkJsonText(framework: FrameworkJson): string {
  return `${JSON.stringify(framework, null, 2)}\n`;
}

/** The two kinds, as pages name them (here, not in a .server module, so components can read it). */
export const FRAMEWORK_KIND_LABELS: Record<FrameworkJson["kind"], string> = {
  education: "Education (s175 and s157)",
  agency: "Agencies (s11)",
};
