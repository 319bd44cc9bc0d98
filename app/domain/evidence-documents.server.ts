// Evidence documents (issue 14, decision 021): files a setting attaches to a standard of its open
// return. A file is stored once, under a random key, and never changed; the return refers to it
// (return_documents), a submitted version names it with its size and SHA-256 (version_documents,
// never changed), and a return started from the earlier one refers to the same file again,
// marked carried forward. A file leaves storage only once nothing refers to it.
import { randomUUID } from "node:crypto";
import { and, asc, eq, sql } from "drizzle-orm";
import type { Db } from "../db.server";
import { evidenceDocuments, returnDocuments, versionDocuments } from "../../db/schema";
import { recordAudit } from "../accounts/audit.server";
import { DomainError } from "../errors";
import { isUuid } from "../ids";
import type { DocumentStore } from "../storage/document-store.server";
import { formatBytes } from "./evidence-types";
import { lockReturnForChange, recordChange, type Actor, type ReturnContext } from "./return-context.server";

export interface DocumentLimits {
  maxFileBytes: number;
  maxReturnBytes: number;
  maxFilesPerStandard: number;
}

export interface AttachedDocument {
  /** The attachment (this return's reference to the file). */
  id: string;
  documentId: string;
  standardId: string;
  fileName: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
  description: string;
  carriedForward: boolean;
  addedAt: Date;
}

/** The return's documents, each standard's in the order they were added. */
export async function listReturnDocuments(db: Db, ctx: Pick<ReturnContext, "ret">): Promise<AttachedDocument[]> {
  const rows = await db
    .select({
      id: returnDocuments.id,
      documentId: returnDocuments.documentId,
      standardId: returnDocuments.standardId,
      fileName: evidenceDocuments.fileName,
      contentType: evidenceDocuments.contentType,
      sizeBytes: evidenceDocuments.sizeBytes,
      sha256: evidenceDocuments.sha256,
      description: returnDocuments.description,
      carriedFromReturnId: returnDocuments.carriedFromReturnId,
      addedAt: returnDocuments.addedAt,
    })
    .from(returnDocuments)
    .innerJoin(evidenceDocuments, eq(evidenceDocuments.id, returnDocuments.documentId))
    .where(and(eq(returnDocuments.returnId, ctx.ret.id), eq(returnDocuments.partnershipId, ctx.ret.partnershipId)))
    .orderBy(asc(returnDocuments.addedAt), asc(evidenceDocuments.fileName));
  return rows.map(({ carriedFromReturnId, ...r }) => ({ ...r, sizeBytes: Number(r.sizeBytes), carriedForward: carriedFromReturnId !== null }));
}

export interface DocumentAllowance {
  /** Files the standard may still take. */
  filesLeft: number;
  /** Bytes the return may still take. */
  bytesLeft: number;
  /** The most the next file may be: the smaller of the file limit and what the return has left. */
  maxNextFile: number;
}

export function allowanceFor(documents: readonly AttachedDocument[], standardId: string, limits: DocumentLimits): DocumentAllowance {
  const used = documents.reduce((sum, d) => sum + d.sizeBytes, 0);
  const bytesLeft = Math.max(0, limits.maxReturnBytes - used);
  return {
    filesLeft: Math.max(0, limits.maxFilesPerStandard - documents.filter((d) => d.standardId === standardId).length),
    bytesLeft,
    maxNextFile: Math.min(limits.maxFileBytes, bytesLeft),
  };
}

export function tooManyFilesMessage(limits: DocumentLimits) {
  return `A standard can have at most ${limits.maxFilesPerStandard} documents: remove one before adding another`;
}

export function returnQuotaMessage(limits: DocumentLimits, bytesLeft: number) {
  return `A return's documents can add up to at most ${formatBytes(limits.maxReturnBytes)}: this return has ${formatBytes(bytesLeft)} left. Remove a document or choose a smaller file`;
}

export function fileTooLargeMessage(limits: DocumentLimits) {
  return `The selected file must be smaller than ${formatBytes(limits.maxFileBytes)}`;
}

export interface NewDocument {
  stagedPath: string;
  fileName: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
}

/**
 * Keeps the checked file in the store and attaches it to the standard, as one change to the
 * return under its lock: the count and the return's quota are checked again there, so two
 * uploads at once cannot both squeeze under the limit. Stored first, recorded second: a file
 * whose record was never written (a refusal here, a crash) is removed, or found by housekeeping.
 */
export async function attachDocument(
  db: Db,
  store: DocumentStore,
  ctx: ReturnContext,
  input: { standardId: string; description: string; file: NewDocument; limits: DocumentLimits; actor: Actor; now?: Date },
): Promise<{ id: string; documentId: string }> {
  const standard = standardOf(ctx, input.standardId);
  const now = input.now ?? new Date();
  const storageKey = `${ctx.ret.settingId}/${randomUUID()}`;
  await store.save(storageKey, input.file.stagedPath, { sizeBytes: input.file.sizeBytes, contentType: input.file.contentType });
  try {
    return await db.transaction(async (tx) => {
      const locked = await lockReturnForChange(tx, ctx, { standardCodes: [standard.code] });
      const allowance = allowanceFor(await listReturnDocuments(tx, ctx), standard.id, input.limits);
      if (allowance.filesLeft < 1) throw new DomainError(tooManyFilesMessage(input.limits), { field: "file" });
      if (input.file.sizeBytes > input.limits.maxFileBytes) throw new DomainError(fileTooLargeMessage(input.limits), { field: "file" });
      if (input.file.sizeBytes > allowance.bytesLeft) throw new DomainError(returnQuotaMessage(input.limits, allowance.bytesLeft), { field: "file" });
      const [document] = await tx
        .insert(evidenceDocuments)
        .values({
          partnershipId: ctx.ret.partnershipId,
          settingId: ctx.ret.settingId,
          storageKey,
          fileName: input.file.fileName,
          contentType: input.file.contentType,
          sizeBytes: input.file.sizeBytes,
          sha256: input.file.sha256,
          uploadedByUserId: input.actor.id,
          uploadedAt: now,
        })
        .returning({ id: evidenceDocuments.id });
      const [attached] = await tx
        .insert(returnDocuments)
        .values({
          partnershipId: ctx.ret.partnershipId,
          returnId: ctx.ret.id,
          documentId: document.id,
          standardId: standard.id,
          description: input.description,
          addedByUserId: input.actor.id,
          addedAt: now,
        })
        .returning({ id: returnDocuments.id });
      await recordChange(tx, locked, input.actor, now);
      await recordAudit(tx, {
        action: "document.added",
        actorUserId: input.actor.id,
        partnershipId: ctx.ret.partnershipId,
        entityType: "return",
        entityId: ctx.ret.id,
        detail: { documentId: document.id, standardCode: standard.code, fileName: input.file.fileName, sizeBytes: input.file.sizeBytes, sha256: input.file.sha256 },
      });
      return { id: attached.id, documentId: document.id };
    });
  } catch (error) {
    await store.remove(storageKey).catch(() => undefined);
    throw error;
  }
}

/**
 * Takes a document off the open return. The file itself goes once nothing refers to it: a
 * submitted version that names it (this return's or an earlier one's) keeps it, as does another
 * return it was carried into.
 */
export async function removeDocument(
  db: Db,
  store: DocumentStore,
  ctx: ReturnContext,
  input: { attachmentId: string; actor: Actor; now?: Date },
): Promise<{ fileDeleted: boolean }> {
  if (!isUuid(input.attachmentId)) throw new DomainError("That document is not on this return.", { status: 404 });
  const now = input.now ?? new Date();
  const orphanKey = await db.transaction(async (tx) => {
    const [attached] = await tx
      .select({ id: returnDocuments.id, documentId: returnDocuments.documentId, standardId: returnDocuments.standardId, fileName: evidenceDocuments.fileName })
      .from(returnDocuments)
      .innerJoin(evidenceDocuments, eq(evidenceDocuments.id, returnDocuments.documentId))
      .where(and(eq(returnDocuments.id, input.attachmentId), eq(returnDocuments.returnId, ctx.ret.id)));
    if (!attached) throw new DomainError("That document is not on this return.", { status: 404 });
    const standard = standardOf(ctx, attached.standardId);
    const locked = await lockReturnForChange(tx, ctx, { standardCodes: [standard.code] });
    await tx.delete(returnDocuments).where(eq(returnDocuments.id, attached.id));
    const key = await deleteIfUnreferenced(tx, attached.documentId);
    await recordChange(tx, locked, input.actor, now);
    await recordAudit(tx, {
      action: "document.removed",
      actorUserId: input.actor.id,
      partnershipId: ctx.ret.partnershipId,
      entityType: "return",
      entityId: ctx.ret.id,
      detail: { documentId: attached.documentId, standardCode: standard.code, fileName: attached.fileName, fileDeleted: key !== null },
    });
    return key;
  });
  // After the commit: were the deletion lost (a crash, the store down), housekeeping finds the file.
  if (orphanKey) await store.remove(orphanKey).catch(() => undefined);
  return { fileDeleted: orphanKey !== null };
}

/** Deletes the document's record when nothing refers to it; returns its storage key if so. */
async function deleteIfUnreferenced(tx: Db, documentId: string): Promise<string | null> {
  const [document] = await tx.select().from(evidenceDocuments).where(eq(evidenceDocuments.id, documentId)).for("update");
  if (!document) return null;
  const [inReturn] = await tx.select({ id: returnDocuments.id }).from(returnDocuments).where(eq(returnDocuments.documentId, documentId)).limit(1);
  const [inVersion] = await tx
    .select({ id: versionDocuments.versionId })
    .from(versionDocuments)
    .where(eq(versionDocuments.documentId, documentId))
    .limit(1);
  if (inReturn || inVersion) return null;
  await tx.delete(evidenceDocuments).where(eq(evidenceDocuments.id, documentId));
  return document.storageKey;
}

function standardOf(ctx: ReturnContext, standardId: string) {
  const standard = ctx.framework.sections.flatMap((s) => s.standards).find((s) => s.id === standardId);
  if (!standard) throw new DomainError("That standard is not in this return.", { status: 404 });
  return standard;
}

// A version names the return's documents as they are at submission: writeVersion (return-versions.server.ts)
// copies them into its snapshot and version_documents in the statement that writes it.

/**
 * A return started from the earlier one refers to each document its version named, on the
 * standard of the same code (one the new framework no longer has is not carried).
 */
export async function carryDocumentsForward(
  tx: Db,
  ctx: ReturnContext,
  input: { fromVersionId: string; fromReturnId: string; actor: Actor; now: Date },
): Promise<number> {
  const named = await tx.select().from(versionDocuments).where(eq(versionDocuments.versionId, input.fromVersionId));
  const standardByCode = new Map(ctx.framework.sections.flatMap((s) => s.standards).map((s) => [s.code, s.id]));
  const rows = named
    .filter((d) => standardByCode.has(d.standardCode))
    .map((d) => ({
      partnershipId: ctx.ret.partnershipId,
      returnId: ctx.ret.id,
      documentId: d.documentId,
      standardId: standardByCode.get(d.standardCode)!,
      description: d.description,
      carriedFromReturnId: input.fromReturnId,
      addedByUserId: input.actor.id,
      addedAt: input.now,
    }));
  if (rows.length) await tx.insert(returnDocuments).values(rows);
  return rows.length;
}

export interface VersionDocument {
  documentId: string;
  standardCode: string;
  fileName: string;
  sizeBytes: number;
  sha256: string;
  description: string;
}

/** The documents a submitted version names, by standard code. */
export async function listVersionDocuments(db: Db, scope: { partnershipId: string; versionId: string }): Promise<VersionDocument[]> {
  const rows = await db
    .select()
    .from(versionDocuments)
    .where(and(eq(versionDocuments.versionId, scope.versionId), eq(versionDocuments.partnershipId, scope.partnershipId)))
    .orderBy(asc(versionDocuments.standardCode), asc(versionDocuments.fileName));
  return rows.map((r) => ({
    documentId: r.documentId,
    standardCode: r.standardCode,
    fileName: r.fileName,
    sizeBytes: Number(r.sizeBytes),
    sha256: r.sha256,
    description: r.description,
  }));
}

/**
 * A document for download, only if it belongs to the setting and partnership that were
 * authorised. `submittedOnly`: for readers from outside the setting (the panel), who read what
 * was submitted: the document must be named in one of the setting's submitted versions.
 */
export async function findDownloadableDocument(
  db: Db,
  scope: { partnershipId: string; settingId: string; documentId: string; submittedOnly: boolean },
) {
  if (!isUuid(scope.documentId)) return null;
  const [document] = await db
    .select()
    .from(evidenceDocuments)
    .where(
      and(
        eq(evidenceDocuments.id, scope.documentId),
        eq(evidenceDocuments.settingId, scope.settingId),
        eq(evidenceDocuments.partnershipId, scope.partnershipId),
        scope.submittedOnly
          ? sql`exists (select 1 from ${versionDocuments} where ${versionDocuments.documentId} = ${evidenceDocuments.id} and ${versionDocuments.settingId} = ${scope.settingId}::uuid)`
          : undefined,
      ),
    );
  return document ? { ...document, sizeBytes: Number(document.sizeBytes) } : null;
}

export async function recordDownload(
  db: Db,
  input: { partnershipId: string; settingId: string; documentId: string; fileName: string; actorUserId: string; ipAddress?: string | null },
) {
  await recordAudit(db, {
    action: "document.downloaded",
    actorUserId: input.actorUserId,
    partnershipId: input.partnershipId,
    entityType: "evidence_document",
    entityId: input.documentId,
    detail: { settingId: input.settingId, fileName: input.fileName },
    ipAddress: input.ipAddress ?? null,
  });
}

export interface OrphanReport {
  /** Stored files no document record names (an upload that crashed, a removal that did not finish). */
  unrecordedFiles: string[];
  /** Records nothing refers to any more. */
  unreferencedDocuments: string[];
  /** Records whose file is not in the store: reported only, as nothing can put it back. */
  missingFiles: string[];
  /** What was removed: unrecorded files older than the grace period, and unreferenced documents. */
  removed: number;
}

/**
 * Housekeeping's look for orphans either way round, between the store and the database. A
 * stored file younger than `graceMinutes` may be an upload whose record is being written now.
 */
export async function findAndRemoveOrphans(db: Db, store: DocumentStore, options: { now?: Date; graceMinutes?: number; remove?: boolean } = {}): Promise<OrphanReport> {
  const now = options.now ?? new Date();
  const grace = (options.graceMinutes ?? 60) * 60_000;
  const remove = options.remove ?? true;
  const records = await db.select({ id: evidenceDocuments.id, storageKey: evidenceDocuments.storageKey }).from(evidenceDocuments);
  const byKey = new Map(records.map((r) => [r.storageKey, r.id]));
  const stored = new Set<string>();
  const report: OrphanReport = { unrecordedFiles: [], unreferencedDocuments: [], missingFiles: [], removed: 0 };
  for await (const object of store.list()) {
    stored.add(object.key);
    if (byKey.has(object.key)) continue;
    report.unrecordedFiles.push(object.key);
    if (remove && now.getTime() - object.modifiedAt.getTime() > grace) {
      await store.remove(object.key);
      report.removed += 1;
    }
  }
  for (const r of records) if (!stored.has(r.storageKey)) report.missingFiles.push(r.id);
  const unreferenced = await db
    .select({ id: evidenceDocuments.id })
    .from(evidenceDocuments)
    .where(
      sql`not exists (select 1 from ${returnDocuments} where ${returnDocuments.documentId} = ${evidenceDocuments.id})
        and not exists (select 1 from ${versionDocuments} where ${versionDocuments.documentId} = ${evidenceDocuments.id})`,
    );
  report.unreferencedDocuments = unreferenced.map((r) => r.id);
  if (remove)
    for (const { id } of unreferenced) {
      const key = await db.transaction((tx) => deleteIfUnreferenced(tx, id));
      if (key) {
        await store.remove(key).catch(() => undefined);
        report.removed += 1;
      }
    }
  return report;
}

/** For the standards list on a section page: documents per standard id. */
export function documentsByStandard(documents: readonly AttachedDocument[]): Map<string, AttachedDocument[]> {
  const map = new Map<string, AttachedDocument[]>();
  for (const d of documents) map.set(d.standardId, [...(map.get(d.standardId) ?? []), d]);
  return map;
}


/** Housekeeping's chore: finds orphans both ways, removes what is safe to, and says what it found. */
export async function sweepEvidenceOrphans(db: Db, store: DocumentStore, log: (line: string) => void = console.warn): Promise<OrphanReport> {
  const report = await findAndRemoveOrphans(db, store);
  if (report.unrecordedFiles.length || report.unreferencedDocuments.length || report.missingFiles.length)
    log(
      `Evidence documents: ${report.unrecordedFiles.length} stored file(s) with no record, ${report.unreferencedDocuments.length} record(s) nothing refers to, ` +
        `${report.missingFiles.length} record(s) whose file is missing (${report.missingFiles.join(", ") || "none"}); removed ${report.removed}`,
    );
  return report;
}
