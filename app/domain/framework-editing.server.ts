// Changing a partnership's frameworks (decision 023): a new version starts as a draft copied from
// an existing one, is edited (add, edit, reorder, retire), then published, after which nothing
// about it changes. Codes are the identity of a standard across versions: a standard keeps its
// code for good, a new standard takes a code never used by any version of the same kind, and a
// code once used means one thing (an imported standard must carry a title that code has had).
// Retired sections and standards stay in the version, marked, so codes are never reused; returns
// do not ask them (loadFramework leaves them out).
import { and, asc, desc, eq, max, ne } from "drizzle-orm";
import type { Db } from "../db.server";
import { recordAudit } from "../accounts/audit.server";
import { DomainError } from "../errors";
import { frameworkSections, frameworks, standards, type Framework, type FrameworkSection, type Standard } from "../../db/schema";
import { FRAMEWORK_JSON_FORMAT, FRAMEWORK_JSON_FORMAT_VERSION, parseFrameworkJson, type FrameworkJson } from "./framework-json";

type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
export type FrameworkKind = Framework["kind"];

export interface Actor {
  userId: string | null;
  ipAddress?: string | null;
}

export interface FrameworkForEditing {
  framework: Framework;
  /** Every section and standard, retired ones included, in order. */
  sections: (FrameworkSection & { standards: Standard[] })[];
}

/** Every version of each kind, newest first. */
export async function listFrameworkVersions(db: Db, partnershipId: string): Promise<Framework[]> {
  return db
    .select()
    .from(frameworks)
    .where(eq(frameworks.partnershipId, partnershipId))
    .orderBy(asc(frameworks.kind), desc(frameworks.version));
}

export async function readFrameworkForEditing(db: Db | Tx, partnershipId: string, frameworkId: string): Promise<FrameworkForEditing | null> {
  if (!isUuid(frameworkId)) return null;
  const [framework] = await db
    .select()
    .from(frameworks)
    .where(and(eq(frameworks.id, frameworkId), eq(frameworks.partnershipId, partnershipId)))
    .limit(1);
  if (!framework) return null;
  const sectionRows = await db
    .select()
    .from(frameworkSections)
    .where(eq(frameworkSections.frameworkId, framework.id))
    .orderBy(asc(frameworkSections.position));
  const standardRows = await db.select().from(standards).where(eq(standards.frameworkId, framework.id)).orderBy(asc(standards.position));
  return { framework, sections: sectionRows.map((s) => ({ ...s, standards: standardRows.filter((st) => st.sectionId === s.id) })) };
}

/** A version named as the command line names it: `education` (the newest) or `education@3`. */
export async function findFrameworkVersion(db: Db, partnershipId: string, kind: FrameworkKind, version?: number): Promise<Framework | null> {
  const [row] = await db
    .select()
    .from(frameworks)
    .where(and(eq(frameworks.partnershipId, partnershipId), eq(frameworks.kind, kind), version === undefined ? undefined : eq(frameworks.version, version)))
    .orderBy(desc(frameworks.version))
    .limit(1);
  return row ?? null;
}

const isUuid = (value: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);

const notFound = () => new DomainError("Not found", { status: 404 });

/**
 * Every change to a framework's versions takes this lock first: all versions of the kind, so two
 * changes cannot both hand out the same new code, and the version it names, which must be a draft.
 */
async function lockKind(tx: Tx, partnershipId: string, kind: FrameworkKind) {
  return tx
    .select()
    .from(frameworks)
    .where(and(eq(frameworks.partnershipId, partnershipId), eq(frameworks.kind, kind)))
    .orderBy(asc(frameworks.version))
    .for("update");
}

async function lockDraft(tx: Tx, partnershipId: string, frameworkId: string): Promise<Framework> {
  if (!isUuid(frameworkId)) throw notFound();
  const [target] = await tx
    .select({ kind: frameworks.kind })
    .from(frameworks)
    .where(and(eq(frameworks.id, frameworkId), eq(frameworks.partnershipId, partnershipId)));
  if (!target) throw notFound();
  const versions = await lockKind(tx, partnershipId, target.kind);
  const framework = versions.find((v) => v.id === frameworkId)!;
  if (framework.status !== "draft") {
    throw new DomainError(
      `Version ${framework.version} is ${framework.status}, so it cannot be changed. Create a new version from it to make changes.`,
      { status: 409 },
    );
  }
  return framework;
}

/** Every standard code and the titles it has had, across every version of the kind. */
async function codeHistory(tx: Tx, partnershipId: string, kind: FrameworkKind, except?: string) {
  const rows = await tx
    .select({ code: standards.code, title: standards.title, frameworkId: standards.frameworkId })
    .from(standards)
    .innerJoin(frameworks, eq(frameworks.id, standards.frameworkId))
    .where(and(eq(frameworks.partnershipId, partnershipId), eq(frameworks.kind, kind), except ? ne(frameworks.id, except) : undefined));
  const titles = new Map<string, Set<string>>();
  for (const r of rows) {
    if (!titles.has(r.code)) titles.set(r.code, new Set());
    titles.get(r.code)!.add(r.title);
  }
  return titles;
}

async function sectionCodesUsed(tx: Tx, partnershipId: string, kind: FrameworkKind) {
  const rows = await tx
    .select({ code: frameworkSections.code })
    .from(frameworkSections)
    .innerJoin(frameworks, eq(frameworks.id, frameworkSections.frameworkId))
    .where(and(eq(frameworks.partnershipId, partnershipId), eq(frameworks.kind, kind)));
  return new Set(rows.map((r) => r.code));
}

/** The next whole number after every number-like code used, so a new code is one never used. */
function nextCode(prefix: string, used: Iterable<string>): string {
  let highest = 0;
  for (const code of used) {
    if (!code.startsWith(prefix)) continue;
    const rest = code.slice(prefix.length);
    const n = /^\d+/.exec(rest)?.[0];
    if (n) highest = Math.max(highest, Number(n));
  }
  return `${prefix}${highest + 1}`;
}

async function audit(tx: Tx, framework: Framework, actor: Actor, action: string, detail: Record<string, unknown> = {}) {
  await recordAudit(tx, {
    action,
    actorUserId: actor.userId,
    partnershipId: framework.partnershipId,
    entityType: "framework",
    entityId: framework.id,
    detail: { kind: framework.kind, version: framework.version, ...detail },
    ipAddress: actor.ipAddress ?? null,
  });
}

function refuseIfDraftExists(versions: Framework[]) {
  const draft = versions.find((v) => v.status === "draft");
  if (draft)
    throw new DomainError(`Version ${draft.version} of this framework is already a draft: publish or discard it before starting another`, {
      status: 409,
    });
}

/** A new draft version copying every section and standard (retired ones too) of `fromId`, codes kept. */
export async function createDraftVersion(db: Db, input: { partnershipId: string; fromId: string; actor: Actor }): Promise<Framework> {
  return db.transaction(async (tx) => {
    const source = await readFrameworkForEditing(tx, input.partnershipId, input.fromId);
    if (!source) throw notFound();
    const versions = await lockKind(tx, input.partnershipId, source.framework.kind);
    refuseIfDraftExists(versions);
    const draft = await insertVersion(tx, input.partnershipId, {
      kind: source.framework.kind,
      version: Math.max(...versions.map((v) => v.version)) + 1,
      title: source.framework.title,
      description: source.framework.description,
      sections: source.sections,
      publish: false,
    });
    await audit(tx, draft, input.actor, "framework.version_created", { from: source.framework.version });
    return draft;
  });
}

interface VersionContent {
  kind: FrameworkKind;
  version: number;
  title: string;
  description: string;
  publish: boolean;
  sections: {
    code: string;
    title: string;
    retired: boolean;
    standards: { code: string; title: string; guidance: string; allowsNotApplicable: boolean; retired: boolean }[];
  }[];
}

async function insertVersion(tx: Tx, partnershipId: string, content: VersionContent): Promise<Framework> {
  const [framework] = await tx
    .insert(frameworks)
    .values({
      partnershipId,
      kind: content.kind,
      version: content.version,
      title: content.title,
      description: content.description,
      status: content.publish ? "published" : "draft",
      publishedAt: content.publish ? new Date() : null,
    })
    .returning();
  if (content.sections.length === 0) return framework;
  const sectionRows = await tx
    .insert(frameworkSections)
    .values(content.sections.map((s, i) => ({ partnershipId, frameworkId: framework.id, code: s.code, title: s.title, position: i + 1, retired: s.retired })))
    .returning({ id: frameworkSections.id, code: frameworkSections.code });
  const sectionIds = new Map(sectionRows.map((r) => [r.code, r.id]));
  const standardRows = content.sections.flatMap((s) =>
    s.standards.map((st, j) => ({
      partnershipId,
      frameworkId: framework.id,
      sectionId: sectionIds.get(s.code)!,
      code: st.code,
      title: st.title,
      guidance: st.guidance,
      allowsNotApplicable: st.allowsNotApplicable,
      retired: st.retired,
      position: j + 1,
    })),
  );
  if (standardRows.length > 0) await tx.insert(standards).values(standardRows);
  return framework;
}

export interface FrameworkDetails {
  title: string;
  description: string;
}

export async function updateFrameworkDetails(db: Db, input: { partnershipId: string; frameworkId: string; actor: Actor } & FrameworkDetails) {
  await db.transaction(async (tx) => {
    const framework = await lockDraft(tx, input.partnershipId, input.frameworkId);
    await tx.update(frameworks).set({ title: input.title, description: input.description }).where(eq(frameworks.id, framework.id));
    await audit(tx, framework, input.actor, "framework.details_changed", { title: input.title });
  });
}

/** Adds a section at the end, with the next section code never used in the kind. */
export async function addSection(db: Db, input: { partnershipId: string; frameworkId: string; title: string; actor: Actor }): Promise<FrameworkSection> {
  return db.transaction(async (tx) => {
    const framework = await lockDraft(tx, input.partnershipId, input.frameworkId);
    const code = nextCode("", await sectionCodesUsed(tx, input.partnershipId, framework.kind));
    const [{ last }] = await tx.select({ last: max(frameworkSections.position) }).from(frameworkSections).where(eq(frameworkSections.frameworkId, framework.id));
    const [section] = await tx
      .insert(frameworkSections)
      .values({ partnershipId: input.partnershipId, frameworkId: framework.id, code, title: input.title, position: (last ?? 0) + 1 })
      .returning();
    await audit(tx, framework, input.actor, "framework.section_added", { code, title: input.title });
    return section;
  });
}

async function sectionOf(tx: Tx, framework: Framework, sectionId: string): Promise<FrameworkSection> {
  if (!isUuid(sectionId)) throw notFound();
  const [section] = await tx
    .select()
    .from(frameworkSections)
    .where(and(eq(frameworkSections.id, sectionId), eq(frameworkSections.frameworkId, framework.id)));
  if (!section) throw notFound();
  return section;
}

async function standardOf(tx: Tx, framework: Framework, standardId: string): Promise<Standard> {
  if (!isUuid(standardId)) throw notFound();
  const [standard] = await tx.select().from(standards).where(and(eq(standards.id, standardId), eq(standards.frameworkId, framework.id)));
  if (!standard) throw notFound();
  return standard;
}

export async function editSection(db: Db, input: { partnershipId: string; frameworkId: string; sectionId: string; title: string; actor: Actor }) {
  await db.transaction(async (tx) => {
    const framework = await lockDraft(tx, input.partnershipId, input.frameworkId);
    const section = await sectionOf(tx, framework, input.sectionId);
    await tx.update(frameworkSections).set({ title: input.title }).where(eq(frameworkSections.id, section.id));
    await audit(tx, framework, input.actor, "framework.section_changed", { code: section.code, title: input.title });
  });
}

export interface StandardContent {
  title: string;
  guidance: string;
  allowsNotApplicable: boolean;
}

/** Adds a standard at the end of its section, coded `<section>.<n>` with n never used in the kind. */
export async function addStandard(
  db: Db,
  input: { partnershipId: string; frameworkId: string; sectionId: string; actor: Actor } & StandardContent,
): Promise<Standard> {
  return db.transaction(async (tx) => {
    const framework = await lockDraft(tx, input.partnershipId, input.frameworkId);
    const section = await sectionOf(tx, framework, input.sectionId);
    const used = await codeHistory(tx, input.partnershipId, framework.kind);
    const code = nextCode(`${section.code}.`, used.keys());
    const [{ last }] = await tx.select({ last: max(standards.position) }).from(standards).where(eq(standards.sectionId, section.id));
    const [standard] = await tx
      .insert(standards)
      .values({
        partnershipId: input.partnershipId,
        frameworkId: framework.id,
        sectionId: section.id,
        code,
        title: input.title,
        guidance: input.guidance,
        allowsNotApplicable: input.allowsNotApplicable,
        position: (last ?? 0) + 1,
      })
      .returning();
    await audit(tx, framework, input.actor, "framework.standard_added", { code, section: section.code });
    return standard;
  });
}

/**
 * Changes a standard's wording in a draft. It keeps its code: this is for saying the same thing
 * better. A standard that comes to mean something else is retired and a new one added.
 */
export async function editStandard(
  db: Db,
  input: { partnershipId: string; frameworkId: string; standardId: string; actor: Actor } & StandardContent,
) {
  await db.transaction(async (tx) => {
    const framework = await lockDraft(tx, input.partnershipId, input.frameworkId);
    const standard = await standardOf(tx, framework, input.standardId);
    await tx
      .update(standards)
      .set({ title: input.title, guidance: input.guidance, allowsNotApplicable: input.allowsNotApplicable })
      .where(eq(standards.id, standard.id));
    await audit(tx, framework, input.actor, "framework.standard_changed", { code: standard.code });
  });
}

export type Move = "up" | "down";

/** Swaps a section with its neighbour. */
export async function moveSection(db: Db, input: { partnershipId: string; frameworkId: string; sectionId: string; move: Move; actor: Actor }) {
  await db.transaction(async (tx) => {
    const framework = await lockDraft(tx, input.partnershipId, input.frameworkId);
    const section = await sectionOf(tx, framework, input.sectionId);
    const all = await tx.select().from(frameworkSections).where(eq(frameworkSections.frameworkId, framework.id)).orderBy(asc(frameworkSections.position));
    await swap(all, section.id, input.move, (id, position) => tx.update(frameworkSections).set({ position }).where(eq(frameworkSections.id, id)));
    await audit(tx, framework, input.actor, "framework.section_moved", { code: section.code, move: input.move });
  });
}

/** Swaps a standard with its neighbour in its section. */
export async function moveStandard(db: Db, input: { partnershipId: string; frameworkId: string; standardId: string; move: Move; actor: Actor }) {
  await db.transaction(async (tx) => {
    const framework = await lockDraft(tx, input.partnershipId, input.frameworkId);
    const standard = await standardOf(tx, framework, input.standardId);
    const all = await tx.select().from(standards).where(eq(standards.sectionId, standard.sectionId)).orderBy(asc(standards.position));
    await swap(all, standard.id, input.move, (id, position) => tx.update(standards).set({ position }).where(eq(standards.id, id)));
    await audit(tx, framework, input.actor, "framework.standard_moved", { code: standard.code, move: input.move });
  });
}

async function swap(rows: { id: string }[], id: string, move: Move, setPosition: (id: string, position: number) => Promise<unknown>) {
  const i = rows.findIndex((r) => r.id === id);
  const j = move === "up" ? i - 1 : i + 1;
  if (j < 0 || j >= rows.length) throw new DomainError(`It is already ${move === "up" ? "first" : "last"}`, { status: 409 });
  const order = rows.map((r) => r.id);
  [order[i], order[j]] = [order[j], order[i]];
  // Positions are renumbered 1, 2, 3… so gaps left by earlier versions do not matter.
  for (const [k, rowId] of order.entries()) await setPosition(rowId, k + 1);
}

/** Retires (or, in the same draft, brings back) a section: neither it nor its standards are asked. */
export async function setSectionRetired(
  db: Db,
  input: { partnershipId: string; frameworkId: string; sectionId: string; retired: boolean; actor: Actor },
) {
  await db.transaction(async (tx) => {
    const framework = await lockDraft(tx, input.partnershipId, input.frameworkId);
    const section = await sectionOf(tx, framework, input.sectionId);
    await tx.update(frameworkSections).set({ retired: input.retired }).where(eq(frameworkSections.id, section.id));
    await audit(tx, framework, input.actor, input.retired ? "framework.section_retired" : "framework.section_reinstated", { code: section.code });
  });
}

export async function setStandardRetired(
  db: Db,
  input: { partnershipId: string; frameworkId: string; standardId: string; retired: boolean; actor: Actor },
) {
  await db.transaction(async (tx) => {
    const framework = await lockDraft(tx, input.partnershipId, input.frameworkId);
    const standard = await standardOf(tx, framework, input.standardId);
    await tx.update(standards).set({ retired: input.retired }).where(eq(standards.id, standard.id));
    await audit(tx, framework, input.actor, input.retired ? "framework.standard_retired" : "framework.standard_reinstated", { code: standard.code });
  });
}

/** What stops a draft being published: a return must have something to ask. */
export function publishProblems(framework: FrameworkForEditing): string[] {
  const asked = framework.sections.filter((s) => !s.retired);
  if (asked.length === 0) return ["Every section is retired: at least one section must be asked"];
  return asked
    .filter((s) => s.standards.every((st) => st.retired))
    .map((s) => `Section ${s.code} (${s.title}) has no standard that is not retired: add one or retire the section`);
}

/** Publishes a draft. From now on every change to it is refused. */
export async function publishFramework(db: Db, input: { partnershipId: string; frameworkId: string; actor: Actor }): Promise<Framework> {
  return db.transaction(async (tx) => {
    const framework = await lockDraft(tx, input.partnershipId, input.frameworkId);
    const problems = publishProblems((await readFrameworkForEditing(tx, input.partnershipId, framework.id))!);
    if (problems.length > 0) throw new DomainError(problems[0], { status: 409 });
    const [published] = await tx
      .update(frameworks)
      .set({ status: "published", publishedAt: new Date() })
      .where(eq(frameworks.id, framework.id))
      .returning();
    await audit(tx, framework, input.actor, "framework.published");
    return published;
  });
}

/** Throws a draft away (nothing can use a draft: a cycle takes published versions). */
export async function discardDraft(db: Db, input: { partnershipId: string; frameworkId: string; actor: Actor }) {
  await db.transaction(async (tx) => {
    const framework = await lockDraft(tx, input.partnershipId, input.frameworkId);
    await tx.delete(frameworks).where(eq(frameworks.id, framework.id));
    await audit(tx, framework, input.actor, "framework.draft_discarded");
  });
}

/** The version as a framework file (docs/framework-json.md). */
export function frameworkToJson(loaded: FrameworkForEditing): FrameworkJson {
  return {
    format: FRAMEWORK_JSON_FORMAT,
    formatVersion: FRAMEWORK_JSON_FORMAT_VERSION,
    kind: loaded.framework.kind,
    version: loaded.framework.version,
    title: loaded.framework.title,
    description: loaded.framework.description,
    sections: loaded.sections.map((s) => ({
      code: s.code,
      title: s.title,
      retired: s.retired,
      standards: s.standards.map((st) => ({
        code: st.code,
        title: st.title,
        guidance: st.guidance,
        allowsNotApplicable: st.allowsNotApplicable,
        retired: st.retired,
      })),
    })),
  };
}

export class FrameworkImportError extends Error {
  constructor(readonly errors: string[]) {
    super(errors[0]);
    this.name = "FrameworkImportError";
  }
}

/**
 * Reads a framework file and installs it as the kind's next version: a draft, or published with
 * `publish`. Nothing is written unless the whole file is right, including the code rule: a code
 * used before in the kind must carry a title it has had (otherwise it would mean something new).
 */
export async function importFrameworkJson(
  db: Db,
  input: { partnershipId: string; source: string; publish?: boolean; actor: Actor },
): Promise<Framework> {
  const parsed = parseFrameworkJson(input.source);
  if (!parsed.ok) throw new FrameworkImportError(parsed.errors);
  const file = parsed.framework;
  return db.transaction(async (tx) => {
    const versions = await lockKind(tx, input.partnershipId, file.kind);
    refuseIfDraftExists(versions);
    const history = await codeHistory(tx, input.partnershipId, file.kind);
    const errors: string[] = [];
    file.sections.forEach((section, i) =>
      section.standards.forEach((standard, j) => {
        const titles = history.get(standard.code);
        if (titles && !titles.has(standard.title)) {
          const earlier = [...titles][0];
          errors.push(
            `sections[${i}].standards[${j}].code: ${standard.code} was used for "${truncate(earlier)}"; a standard with a different title needs a code never used before`,
          );
        }
      }),
    );
    if (input.publish)
      file.sections.forEach((section, i) => {
        if (!section.retired && section.standards.every((st) => st.retired))
          errors.push(`sections[${i}].standards: section ${section.code} has no standard that is not retired, so it cannot be published: add one or retire the section`);
      });
    if (errors.length > 0) throw new FrameworkImportError(errors);
    const framework = await insertVersion(tx, input.partnershipId, {
      kind: file.kind,
      version: Math.max(0, ...versions.map((v) => v.version)) + 1,
      title: file.title,
      description: file.description,
      publish: input.publish === true,
      sections: file.sections,
    });
    await audit(tx, framework, input.actor, "framework.imported", { published: input.publish === true, fromVersion: file.version ?? null });
    return framework;
  });
}

const truncate = (text: string) => (text.length > 60 ? `${text.slice(0, 57)}...` : text);
