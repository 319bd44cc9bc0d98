// Changing a partnership's frameworks (issue 12, decision 023): a new version copied from an
// existing one, edited (add, edit, reorder, retire), published and from then on immutable; a
// framework's JSON exported and imported back as the same framework; import errors naming the
// path; and the retired standards a return no longer asks.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import {
  addSection,
  addStandard,
  createDraftVersion,
  discardDraft,
  editSection,
  editStandard,
  FrameworkImportError,
  frameworkToJson,
  importFrameworkJson,
  listFrameworkVersions,
  moveSection,
  moveStandard,
  publishFramework,
  readFrameworkForEditing,
  setSectionRetired,
  setStandardRetired,
  updateFrameworkDetails,
} from "../../app/domain/framework-editing.server";
import { frameworkJsonText, parseFrameworkJson } from "../../app/domain/framework-json";
import { installFramework, loadFramework } from "../../app/domain/frameworks.server";
import { DomainError } from "../../app/errors";
import { auditEvents, type Framework, type Partnership } from "../../db/schema";
import { educationFramework } from "../../db/seed/frameworks/education";
import { agencyFramework } from "../../db/seed/frameworks/agency";
import { main } from "../../scripts/portal";
import { setDatabaseHandle } from "../../app/db.server";
import { useTestDatabase, type TestDatabase } from "../support/database";
import { makePartnership } from "../support/factories";

let database: TestDatabase;
const actor = { userId: null };

beforeAll(async () => {
  database = await useTestDatabase();
});
afterAll(async () => {
  setDatabaseHandle(undefined);
  await database?.destroy();
});

async function partnershipWithFrameworks(): Promise<{ partnership: Partnership; education: Framework }> {
  const partnership = await makePartnership(database.db);
  const education = await installFramework(database.db, partnership.id, educationFramework);
  await installFramework(database.db, partnership.id, agencyFramework);
  return { partnership, education };
}

const read = async (partnershipId: string, id: string) => (await readFrameworkForEditing(database.db, partnershipId, id))!;
const codesOf = (f: Awaited<ReturnType<typeof read>>) => f.sections.map((s) => [s.code, s.standards.map((st) => st.code)]);

describe("a new version from an existing one", () => {
  it("copies every section and standard, codes kept, as a draft numbered next", async () => {
    const { partnership, education } = await partnershipWithFrameworks();
    const draft = await createDraftVersion(database.db, { partnershipId: partnership.id, fromId: education.id, actor });
    expect(draft).toMatchObject({ kind: "education", version: 2, status: "draft", publishedAt: null, title: education.title });
    const original = await read(partnership.id, education.id);
    const copy = await read(partnership.id, draft.id);
    expect(codesOf(copy)).toEqual(codesOf(original));
    expect(copy.sections[0].standards[0]).toMatchObject({ title: original.sections[0].standards[0].title, guidance: original.sections[0].standards[0].guidance });
    // Another draft of the same kind waits until this one is published or discarded.
    await expect(createDraftVersion(database.db, { partnershipId: partnership.id, fromId: education.id, actor })).rejects.toThrow(/already a draft/);
    const versions = await listFrameworkVersions(database.db, partnership.id);
    expect(versions.map((v) => [v.kind, v.version, v.status])).toEqual([
      ["education", 2, "draft"],
      ["education", 1, "published"],
      ["agency", 1, "published"],
    ]);
  });

  it("is edited (add, edit, reorder, retire), then published, after which every change is refused", async () => {
    const { partnership, education } = await partnershipWithFrameworks();
    const db = database.db;
    const p = partnership.id;
    const draft = await createDraftVersion(db, { partnershipId: p, fromId: education.id, actor });
    let current = await read(p, draft.id);
    const [first, second] = current.sections;
    const sectionCount = current.sections.length;

    // Add a standard: the next code of its section, at the end.
    const added = await addStandard(db, { partnershipId: p, frameworkId: draft.id, sectionId: first.id, title: "Leaders check the online safety filter each term.", guidance: "Filter logs.", allowsNotApplicable: false, actor });
    expect(added.code).toBe(`1.${first.standards.length + 1}`);
    // Edit a standard's wording: its code stays.
    await editStandard(db, { partnershipId: p, frameworkId: draft.id, standardId: first.standards[0].id, title: "A named governor leads on safeguarding.", guidance: "Minutes.", allowsNotApplicable: false, actor });
    // Reorder: the new standard goes up one; the second section goes first.
    await moveStandard(db, { partnershipId: p, frameworkId: draft.id, standardId: added.id, move: "up", actor });
    await moveSection(db, { partnershipId: p, frameworkId: draft.id, sectionId: second.id, move: "up", actor });
    // Retire a standard and a section; add a section and edit the framework's details.
    await setStandardRetired(db, { partnershipId: p, frameworkId: draft.id, standardId: first.standards[1].id, retired: true, actor });
    await setSectionRetired(db, { partnershipId: p, frameworkId: draft.id, sectionId: current.sections[2].id, retired: true, actor });
    const newSection = await addSection(db, { partnershipId: p, frameworkId: draft.id, title: "Online safety", actor });
    expect(newSection.code).toBe(String(sectionCount + 1));
    await editSection(db, { partnershipId: p, frameworkId: draft.id, sectionId: newSection.id, title: "Online safety and filtering", actor });
    await updateFrameworkDetails(db, { partnershipId: p, frameworkId: draft.id, title: "Education standards 2027", description: "Revised.", actor });

    current = await read(p, draft.id);
    expect(current.framework).toMatchObject({ title: "Education standards 2027", description: "Revised." });
    expect(current.sections.map((s) => s.code).slice(0, 3)).toEqual(["2", "1", "3"]);
    const one = current.sections[1];
    expect(one.standards.map((s) => s.code)).toEqual(["1.1", "1.2", "1.4", "1.3"]);
    expect(one.standards.find((s) => s.code === "1.1")).toMatchObject({ title: "A named governor leads on safeguarding.", guidance: "Minutes." });
    expect(one.standards.find((s) => s.code === first.standards[1].code)?.retired).toBe(true);
    expect(current.sections.find((s) => s.code === "3")?.retired).toBe(true);
    expect(current.sections.at(-1)).toMatchObject({ code: String(sectionCount + 1), title: "Online safety and filtering" });

    // The empty new section cannot be published; once it has a standard, it can.
    await expect(publishFramework(db, { partnershipId: p, frameworkId: draft.id, actor })).rejects.toThrow(/has no standard that is not retired/);
    await addStandard(db, { partnershipId: p, frameworkId: draft.id, sectionId: newSection.id, title: "Filtering is checked.", guidance: "Logs.", allowsNotApplicable: false, actor });
    const published = await publishFramework(db, { partnershipId: p, frameworkId: draft.id, actor });
    expect(published).toMatchObject({ status: "published", version: 2 });
    expect(published.publishedAt).toBeInstanceOf(Date);

    // Returns do not ask what was retired; the version keeps it, marked.
    const asked = (await loadFramework(db, p, draft.id))!;
    expect(asked.sections.map((s) => s.code)).not.toContain("3");
    expect(asked.sections.flatMap((s) => s.standards.map((st) => st.code))).not.toContain(first.standards[1].code);
    expect(asked.sections.flatMap((s) => s.standards.map((st) => st.code))).toContain(added.code);

    // Published: immutable. Every edit refuses, and nothing changed.
    const before = await read(p, draft.id);
    const s0 = before.sections[0];
    const edits: [string, () => Promise<unknown>][] = [
      ["details", () => updateFrameworkDetails(db, { partnershipId: p, frameworkId: draft.id, title: "X", description: "", actor })],
      ["add section", () => addSection(db, { partnershipId: p, frameworkId: draft.id, title: "X", actor })],
      ["edit section", () => editSection(db, { partnershipId: p, frameworkId: draft.id, sectionId: s0.id, title: "X", actor })],
      ["move section", () => moveSection(db, { partnershipId: p, frameworkId: draft.id, sectionId: s0.id, move: "down", actor })],
      ["retire section", () => setSectionRetired(db, { partnershipId: p, frameworkId: draft.id, sectionId: s0.id, retired: true, actor })],
      ["add standard", () => addStandard(db, { partnershipId: p, frameworkId: draft.id, sectionId: s0.id, title: "X", guidance: "X", allowsNotApplicable: false, actor })],
      ["edit standard", () => editStandard(db, { partnershipId: p, frameworkId: draft.id, standardId: s0.standards[0].id, title: "X", guidance: "X", allowsNotApplicable: true, actor })],
      ["move standard", () => moveStandard(db, { partnershipId: p, frameworkId: draft.id, standardId: s0.standards[0].id, move: "down", actor })],
      ["retire standard", () => setStandardRetired(db, { partnershipId: p, frameworkId: draft.id, standardId: s0.standards[0].id, retired: true, actor })],
      ["publish", () => publishFramework(db, { partnershipId: p, frameworkId: draft.id, actor })],
      ["discard", () => discardDraft(db, { partnershipId: p, frameworkId: draft.id, actor })],
    ];
    for (const [name, edit] of edits) {
      const error = await edit().then(() => null, (e: unknown) => e);
      expect([name, error instanceof DomainError && error.message]).toEqual([name, "Version 2 is published, so it cannot be changed. Create a new version from it to make changes."]);
    }
    expect(await read(p, draft.id)).toEqual(before);
    // The version 1 it came from was never touched either.
    expect((await read(p, education.id)).sections[0].standards[0].title).toBe(educationFramework.sections[0].standards[0].title);
    const audited = await database.db.select({ action: auditEvents.action }).from(auditEvents).where(eq(auditEvents.entityId, draft.id));
    expect(audited.map((a) => a.action)).toContain("framework.published");
  });

  it("never gives a new standard a code used before in the kind, even a retired one's", async () => {
    const { partnership, education } = await partnershipWithFrameworks();
    const db = database.db;
    const p = partnership.id;
    const v2 = await createDraftVersion(db, { partnershipId: p, fromId: education.id, actor });
    const section = (await read(p, v2.id)).sections[0];
    const last = section.standards.at(-1)!;
    const n = section.standards.length;
    const first = await addStandard(db, { partnershipId: p, frameworkId: v2.id, sectionId: section.id, title: "New A", guidance: "G", allowsNotApplicable: false, actor });
    expect(first.code).toBe(`1.${n + 1}`);
    // Once v2 is published with it, the next draft skips that code too.
    await setStandardRetired(db, { partnershipId: p, frameworkId: v2.id, standardId: last.id, retired: true, actor });
    await publishFramework(db, { partnershipId: p, frameworkId: v2.id, actor });
    const v3 = await createDraftVersion(db, { partnershipId: p, fromId: v2.id, actor });
    const s3 = (await read(p, v3.id)).sections[0];
    const next = await addStandard(db, { partnershipId: p, frameworkId: v3.id, sectionId: s3.id, title: "New B", guidance: "G", allowsNotApplicable: false, actor });
    expect(next.code).toBe(`1.${n + 2}`);
    // A retired standard stays retired in the copy, its code kept.
    expect((await read(p, v3.id)).sections[0].standards.find((s) => s.code === last.code)?.retired).toBe(true);
    await discardDraft(db, { partnershipId: p, frameworkId: v3.id, actor });
    expect(await readFrameworkForEditing(db, p, v3.id)).toBeNull();
  });

  it("finds nothing of another partnership's", async () => {
    const { education } = await partnershipWithFrameworks();
    const other = await makePartnership(database.db);
    expect(await readFrameworkForEditing(database.db, other.id, education.id)).toBeNull();
    await expect(createDraftVersion(database.db, { partnershipId: other.id, fromId: education.id, actor })).rejects.toMatchObject({ status: 404 });
  });
});

describe("a framework as JSON", () => {
  it("exports and imports back as the same framework, as the next version", async () => {
    const { partnership, education } = await partnershipWithFrameworks();
    const db = database.db;
    const draft = await createDraftVersion(db, { partnershipId: partnership.id, fromId: education.id, actor });
    const d = await read(partnership.id, draft.id);
    await setStandardRetired(db, { partnershipId: partnership.id, frameworkId: draft.id, standardId: d.sections[0].standards[0].id, retired: true, actor });
    await publishFramework(db, { partnershipId: partnership.id, frameworkId: draft.id, actor });
    const exported = frameworkToJson(await read(partnership.id, draft.id));
    const text = frameworkJsonText(exported);

    const imported = await importFrameworkJson(db, { partnershipId: partnership.id, source: text, actor });
    expect(imported).toMatchObject({ kind: "education", version: 3, status: "draft" });
    const again = frameworkToJson(await read(partnership.id, imported.id));
    expect({ ...again, version: 2 }).toEqual(exported);
    expect(again.sections[0].standards[0].retired).toBe(true);

    // Published with the flag, into another partnership (no history there).
    const other = await makePartnership(db);
    const there = await importFrameworkJson(db, { partnershipId: other.id, source: text, publish: true, actor });
    expect(there).toMatchObject({ version: 1, status: "published" });
    expect({ ...frameworkToJson(await read(other.id, there.id)), version: 2 }).toEqual(exported);
  });

  it("names the path of each problem and changes nothing", async () => {
    const { partnership, education } = await partnershipWithFrameworks();
    const good = frameworkToJson(await read(partnership.id, education.id));
    const bad = structuredClone(good) as unknown as { sections: { code: string; title: string; standards: Record<string, unknown>[] }[]; kind: string };
    bad.sections[1].standards[0].code = "";
    bad.sections[0].standards[1].title = 42;
    bad.sections[2].standards[0].colour = "red";
    bad.sections[3].standards[1].code = bad.sections[3].standards[0].code;
    const parsed = parseFrameworkJson(JSON.stringify(bad));
    expect(parsed.ok).toBe(false);
    const errors = parsed.ok ? [] : parsed.errors;
    expect(errors).toContain("sections[1].standards[0].code: Enter the standard's code");
    expect(errors).toContain("sections[0].standards[1].title: Enter the standard's title");
    expect(errors).toContain("sections[2].standards[0]: unknown field colour");
    expect(errors).toContain(`sections[3].standards[1].code: Standard code ${good.sections[3].standards[0].code} is used by sections[3].standards[0] too`);
    expect(parseFrameworkJson("{ nope")).toMatchObject({ ok: false, errors: [expect.stringMatching(/^The file is not JSON/)] });
    expect(parseFrameworkJson(JSON.stringify({ ...good, kind: "hospital" }))).toEqual({ ok: false, errors: ['kind: kind must be "education" or "agency"'] });

    const before = await listFrameworkVersions(database.db, partnership.id);
    const error = await importFrameworkJson(database.db, { partnershipId: partnership.id, source: JSON.stringify(bad), actor }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FrameworkImportError);
    expect((error as FrameworkImportError).errors).toEqual(errors);

    // A code used before in the kind for a different title is a different meaning: refused.
    const reused = structuredClone(good);
    reused.sections[0].standards[0].title = "Something else entirely.";
    const refused = await importFrameworkJson(database.db, { partnershipId: partnership.id, source: JSON.stringify(reused), actor }).catch((e: unknown) => e);
    expect((refused as FrameworkImportError).errors).toEqual([
      expect.stringMatching(/^sections\[0\]\.standards\[0\]\.code: 1\.1 was used for ".+"; a standard with a different title needs a code never used before$/),
    ]);
    expect(await listFrameworkVersions(database.db, partnership.id)).toEqual(before);
  });
});

describe("the command line", () => {
  /** Runs the tool in-process, as `npm run portal -- ...argv` would. */
  async function portal(...argv: string[]) {
    let stdout = "";
    let stderr = "";
    const code = await main(argv, { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) } });
    return { code, stdout, stderr };
  }

  it("exports a version to a file and imports it back, as a draft or published", async () => {
    const { partnership } = await partnershipWithFrameworks();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "frameworks-"));
    const out = path.join(dir, "education.json");
    const exported = await portal("export-framework", "--partnership", partnership.slug, "--framework", "education@1", "--out", out);
    expect(exported.stderr).toBe("");
    expect(exported.code).toBe(0);
    expect(exported.stdout).toMatch(new RegExp(`^Wrote education version 1 \\(published, ${educationFramework.sections.length} sections, \\d+ standards\\) of ".+" to ${out.replace(/[.]/g, "\\.")}\\.\\n$`));
    const file = JSON.parse(fs.readFileSync(out, "utf8"));
    expect(file).toMatchObject({ format: "safeguarding-self-assessment-framework", kind: "education", version: 1 });

    const imported = await portal("import-framework", out, "--partnership", partnership.slug);
    expect(imported).toMatchObject({ code: 0, stderr: "" });
    expect(imported.stdout).toMatch(/as education version 2 \(draft\)\.\n$/);
    // Newest by default: the draft just imported, the same framework.
    const again = path.join(dir, "again.json");
    expect((await portal("export-framework", "--partnership", partnership.slug, "--framework", "education", "--out", again)).code).toBe(0);
    expect({ ...JSON.parse(fs.readFileSync(again, "utf8")), version: 1 }).toEqual(file);
    // A second draft of the kind waits for the first.
    const refused = await portal("import-framework", out, "--partnership", partnership.slug, "--publish");
    expect(refused).toEqual({ code: 1, stdout: "", stderr: "portal: Version 2 of this framework is already a draft: publish or discard it before starting another\n" });
    const other = await makePartnership(database.db);
    const published = await portal("import-framework", out, "--partnership", other.slug, "--publish");
    expect(published.stdout).toMatch(/as education version 1 \(published\)\.\n$/);
  });

  it("fails with a one-line reason and changes nothing", async () => {
    const { partnership } = await partnershipWithFrameworks();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "frameworks-"));
    const bad = path.join(dir, "bad.json");
    const file = frameworkToJson((await readFrameworkForEditing(database.db, partnership.id, (await listFrameworkVersions(database.db, partnership.id))[0].id))!);
    (file.sections[1].standards[0] as { code: string }).code = "";
    (file.sections[2] as { title: string }).title = "";
    fs.writeFileSync(bad, JSON.stringify(file));
    const before = await listFrameworkVersions(database.db, partnership.id);
    const cases: [string[], string][] = [
      [["import-framework", bad, "--partnership", partnership.slug], "portal: bad.json: sections[1].standards[0].code: Enter the standard's code (and 1 more problem); nothing was imported\n"],
      [["import-framework", path.join(dir, "missing.json"), "--partnership", partnership.slug], `portal: cannot read ${path.join(dir, "missing.json")}: no such file or directory\n`],
      [["import-framework", bad], "portal: import-framework needs --partnership SLUG\n"],
      [["import-framework", bad, "--partnership", "nowhere"], 'portal: there is no partnership with the slug "nowhere"; create it with create-partnership\n'],
      [["export-framework", "--partnership", partnership.slug, "--framework", "hospital", "--out", path.join(dir, "x.json")], 'portal: export-framework --framework takes education or agency, with @VERSION for a version, like education@2 (got "hospital")\n'],
      [["export-framework", "--partnership", partnership.slug, "--framework", "agency@7", "--out", path.join(dir, "x.json")], expect.stringMatching(/^portal: ".+" has no agency framework version 7\n$/) as unknown as string],
      [["export-framework", "--partnership", partnership.slug, "--framework", "agency", "--out", path.join(dir, "no-such-dir", "x.json")], `portal: cannot write ${path.join(dir, "no-such-dir", "x.json")}: no such file or directory\n`],
    ];
    for (const [argv, stderr] of cases) expect(await portal(...argv)).toEqual({ code: 1, stdout: "", stderr });
    expect(await listFrameworkVersions(database.db, partnership.id)).toEqual(before);
    expect(fs.readdirSync(dir)).toEqual(["bad.json"]);
  });
});
