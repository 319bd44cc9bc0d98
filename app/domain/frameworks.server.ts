// Frameworks: versioned sets of standards grouped in sections. A published version is never
// edited; a change makes a new version, and standards keep their codes across versions.
import { and, asc, desc, eq, max } from "drizzle-orm";
import type { Db } from "../db.server";
import { frameworkSections, frameworks, standards, type Framework, type FrameworkSection, type Standard } from "../../db/schema";
import type { FrameworkDefinition } from "../../db/seed/frameworks/types";

export interface LoadedFramework {
  framework: Framework;
  sections: (FrameworkSection & { standards: Standard[] })[];
}

/** Installs a definition as the next version of its kind for the partnership. */
export async function installFramework(
  db: Db,
  partnershipId: string,
  definition: FrameworkDefinition,
  options: { publish?: boolean; now?: Date } = {},
): Promise<Framework> {
  return db.transaction(async (tx) => {
    const [{ latest }] = await tx
      .select({ latest: max(frameworks.version) })
      .from(frameworks)
      .where(and(eq(frameworks.partnershipId, partnershipId), eq(frameworks.kind, definition.kind)));
    const publish = options.publish ?? true;
    const [framework] = await tx
      .insert(frameworks)
      .values({
        partnershipId,
        kind: definition.kind,
        version: (latest ?? 0) + 1,
        title: definition.title,
        description: definition.description,
        status: publish ? "published" : "draft",
        publishedAt: publish ? (options.now ?? new Date()) : null,
      })
      .returning();
    // Two statements for the whole framework, not two per section: every partnership, the demo
    // and each test file installs several, and PGlite pays a few milliseconds a statement.
    if (definition.sections.length === 0) return framework;
    const sectionRows = await tx
      .insert(frameworkSections)
      .values(definition.sections.map((section, i) => ({ partnershipId, frameworkId: framework.id, code: section.code, title: section.title, position: i + 1 })))
      .returning({ id: frameworkSections.id, code: frameworkSections.code });
    // A section's code is unique within its framework.
    const sectionIds = new Map(sectionRows.map((row) => [row.code, row.id]));
    const standardRows = definition.sections.flatMap((section) =>
      section.standards.map((s, i) => ({
        partnershipId,
        frameworkId: framework.id,
        sectionId: sectionIds.get(section.code)!,
        code: s.code,
        title: s.title,
        guidance: s.guidance,
        allowsNotApplicable: s.allowsNotApplicable,
        position: i + 1,
      })),
    );
    if (standardRows.length > 0) await tx.insert(standards).values(standardRows);
    return framework;
  });
}

// A published framework never changes (an edit makes a new version), so every page of every
// return need not read its three tables again: published ones are kept in this process, keyed
// by id. A draft is never kept. The number kept is bounded; the oldest read goes first.
const PUBLISHED_KEPT = 64;
const publishedFrameworks = new Map<string, LoadedFramework>();

export async function loadFramework(db: Db, partnershipId: string, frameworkId: string): Promise<LoadedFramework | null> {
  const kept = publishedFrameworks.get(frameworkId);
  if (kept) return kept.framework.partnershipId === partnershipId ? kept : null;
  const loaded = await readFramework(db, partnershipId, frameworkId);
  if (loaded?.framework.status === "published") {
    if (publishedFrameworks.size >= PUBLISHED_KEPT) publishedFrameworks.delete(publishedFrameworks.keys().next().value!);
    publishedFrameworks.set(frameworkId, deepFreeze(loaded));
  }
  return loaded;
}

/** Kept objects are shared by every request: freezing them makes a caller's mutation fail loudly. */
function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object" && !Object.isFrozen(value) && !(value instanceof Date)) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

async function readFramework(db: Db, partnershipId: string, frameworkId: string): Promise<LoadedFramework | null> {
  const [framework] = await db
    .select()
    .from(frameworks)
    .where(and(eq(frameworks.id, frameworkId), eq(frameworks.partnershipId, partnershipId)))
    .limit(1);
  if (!framework) return null;
  const sectionRows = await db
    .select()
    .from(frameworkSections)
    .where(eq(frameworkSections.frameworkId, frameworkId))
    .orderBy(asc(frameworkSections.position));
  const standardRows = await db
    .select()
    .from(standards)
    .where(eq(standards.frameworkId, frameworkId))
    .orderBy(asc(standards.position));
  // Returns, moderation and action plans ask what this gives them: a retired section or standard
  // stays in its version (its code is never reused) but is not asked, so it is left out here. The
  // framework pages read every row (framework-editing.server.ts).
  return {
    framework,
    sections: sectionRows
      .filter((s) => !s.retired)
      .map((s) => ({ ...s, standards: standardRows.filter((st) => st.sectionId === s.id && !st.retired) })),
  };
}

export async function latestPublishedFramework(db: Db, partnershipId: string, kind: "education" | "agency") {
  const [row] = await db
    .select()
    .from(frameworks)
    .where(and(eq(frameworks.partnershipId, partnershipId), eq(frameworks.kind, kind), eq(frameworks.status, "published")))
    .orderBy(desc(frameworks.version))
    .limit(1);
  return row;
}
