// Evidence documents (issue 14): a DSL attaches files to a standard of the open return, lists,
// downloads and removes them; the type is read from the content and anything else, or anything
// over a limit, is refused next to the field with nothing stored; a submitted version names its
// files and never changes; the next return carries them by reference; who may download what;
// the local store on a temporary directory (the S3 one is in evidence-storage.test.ts).
import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, rmSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as documentsPage from "../../app/routes/settings.$settingId.returns.$returnId.standards.$standardId.documents";
import * as sectionPage from "../../app/routes/settings.$settingId.returns.$returnId.sections.$sectionId";
import * as downloadRoute from "../../app/routes/settings.$settingId.documents.$documentId";
import { resetConfig } from "../../app/env.server";
import { inviteSettings } from "../../app/domain/cycles.server";
import { startReturn, submitReturn } from "../../app/domain/returns.server";
import { loadActions, updateAction } from "../../app/domain/action-plans.server";
import { findAndRemoveOrphans, listReturnDocuments, sweepEvidenceOrphans } from "../../app/domain/evidence-documents.server";
import { NOT_ACCEPTED_MESSAGE } from "../../app/domain/evidence-types";
import { LocalDocumentStore } from "../../app/storage/document-store.server";
import { auditEvents, evidenceDocuments, returnDocuments, returnVersions, versionDocuments, type User } from "../../db/schema";
import { sessionCookie } from "../support/auth";
import { useTestDatabase, type TestDatabase } from "../support/database";
import { docxBytes, executableBytes, pdfBytes, textBytes } from "../support/evidence-files";
import { makePartnership, makeUser } from "../support/factories";
import { buildScenario, completeAndSignOff, createInterimCycle, reload, returnFor } from "../support/scenario";
import { dataResult, routeArgs, thrownRedirect, thrownResponse } from "../support/routes";
import type { ReturnContext } from "../../app/domain/return-context.server";

const MB = 1024 * 1024;
const NINE_TENTHS_MB = Math.floor(0.9 * MB);
let database: TestDatabase;
let world: Awaited<ReturnType<typeof buildScenario>>;
let dataDir: string, documentsDir: string;
let ctx: ReturnContext;
let chair: User, lead: User, outsider: User;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), "portal-evidence-"));
  documentsDir = path.join(dataDir, "stored");
  // Small limits, so the tests send small files: 1 MB a file, 2 MB a return, 3 files a standard.
  resetConfig({ DATA_DIR: dataDir, DOCUMENTS_DIR: documentsDir, EVIDENCE_MAX_FILE_MB: "1", EVIDENCE_MAX_RETURN_MB: "2", EVIDENCE_MAX_FILES_PER_STANDARD: "3" });
  database = await useTestDatabase();
  world = await buildScenario(database.db);
  ctx = await returnFor(database.db, world.cycle, world.school.id);
  await startReturn(database.db, ctx, { mode: "blank", actor: world.dsl });
  ctx = await reload(database.db, ctx);
  chair = await makeUser(database.db, { roles: [{ partnershipId: world.partnership.id, role: "subgroup_chair" }] });
  lead = await makeUser(database.db, { roles: [{ partnershipId: world.partnership.id, role: "moderation_lead" }] });
  const elsewhere = await makePartnership(database.db);
  outsider = await makeUser(database.db, { roles: [{ partnershipId: elsewhere.id, role: "admin" }] });
});
afterAll(async () => {
  await database?.destroy();
  resetConfig();
  rmSync(dataDir, { recursive: true, force: true });
});

const standardAt = (c: ReturnContext, code: string) => c.framework.sections.flatMap((s) => s.standards).find((s) => s.code === code)!;
const pagePath = (c: ReturnContext, code: string) => `/settings/${c.ret.settingId}/returns/${c.ret.id}/standards/${standardAt(c, code).id}/documents`;
const pageParams = (c: ReturnContext, code: string) => ({ settingId: c.ret.settingId, returnId: c.ret.id, standardId: standardAt(c, code).id });

async function upload(user: User, c: ReturnContext, code: string, file: { name: string; bytes: Uint8Array }, description = "") {
  const form = new FormData();
  form.append("description", description);
  form.append("file", new File([file.bytes as Uint8Array<ArrayBuffer>], file.name, { type: "application/octet-stream" }));
  form.append("intent", "upload");
  const request = new Request(new URL(pagePath(c, code), "http://localhost"), { method: "POST", body: form, headers: { Cookie: await sessionCookie(user) } });
  return documentsPage.action(routeArgs(request, pageParams(c, code)));
}

async function remove(user: User, c: ReturnContext, code: string, attachmentId: string) {
  const request = new Request(new URL(pagePath(c, code), "http://localhost"), {
    method: "POST",
    body: new URLSearchParams({ intent: "remove", attachmentId }),
    headers: { Cookie: await sessionCookie(user) },
  });
  return documentsPage.action(routeArgs(request, pageParams(c, code)));
}

async function listed(user: User, c: ReturnContext, code: string) {
  const request = new Request(new URL(pagePath(c, code), "http://localhost"), { headers: { Cookie: await sessionCookie(user) } });
  return documentsPage.loader(routeArgs(request, pageParams(c, code)));
}

async function download(user: User, documentId: string, settingId = world.school.id) {
  const request = new Request(new URL(`/settings/${settingId}/documents/${documentId}`, "http://localhost"), { headers: { Cookie: await sessionCookie(user) } });
  return downloadRoute.loader(routeArgs(request, { settingId, documentId })) as Promise<Response>;
}

/** Every file the store holds, and every upload still being staged. */
function storedFiles(): string[] {
  const under = (dir: string): string[] =>
    existsSync(dir) ? readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? under(path.join(dir, e.name)) : [path.join(dir, e.name)])) : [];
  return [...under(documentsDir), ...under(path.join(dataDir, "uploads"))];
}

const rowCount = async () => (await database.db.select({ n: sql<number>`count(*)::int` }).from(evidenceDocuments))[0].n;

describe("attaching documents to a standard", () => {
  it("uploads a PDF with a description, lists it, downloads it as an attachment and audits the download, then removes it and its file", async () => {
    const policy = pdfBytes();
    expect(await thrownRedirect(upload(world.dsl, ctx, "1.1", { name: "Child protection policy.pdf", bytes: policy }, "Approved by governors, May"))).toBe(
      `${pagePath(ctx, "1.1")}?added=1`,
    );
    const page = await listed(world.dsl, ctx, "1.1");
    expect(page.editable).toBe(true);
    expect(page.documents).toMatchObject([{ fileName: "Child protection policy.pdf", description: "Approved by governors, May", carriedForward: false }]);
    expect(page.limits).toEqual({ file: "1 MB", return: "2 MB", files: 3 });
    expect(storedFiles()).toHaveLength(1);

    const response = await download(world.dsl, page.documents[0].documentId);
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("application/pdf");
    expect(response.headers.get("Content-Disposition")).toBe(
      `attachment; filename="Child protection policy.pdf"; filename*=UTF-8''Child%20protection%20policy.pdf`,
    );
    expect(response.headers.get("X-Content-Type-Options")).toBe("nosniff");
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(policy);
    const [row] = await database.db.select().from(evidenceDocuments).where(eq(evidenceDocuments.id, page.documents[0].documentId));
    expect(row).toMatchObject({ sizeBytes: policy.length, sha256: createHash("sha256").update(policy).digest("hex"), contentType: "application/pdf" });
    const downloads = await database.db.select().from(auditEvents).where(and(eq(auditEvents.action, "document.downloaded"), eq(auditEvents.entityId, row.id)));
    expect(downloads).toHaveLength(1);
    expect(downloads[0].actorUserId).toBe(world.dsl.id);

    expect(await thrownRedirect(remove(world.dsl, ctx, "1.1", page.documents[0].id))).toBe(`${pagePath(ctx, "1.1")}?removed=1`);
    expect((await listed(world.dsl, ctx, "1.1")).documents).toEqual([]);
    // Nothing else referred to it: the record and the file are gone.
    expect(await rowCount()).toBe(0);
    expect(storedFiles()).toEqual([]);
  });

  it("knows a Word document by its content", async () => {
    await thrownRedirect(upload(world.dsl, ctx, "1.2", { name: "Training matrix.docx", bytes: docxBytes() }));
    const [doc] = (await listed(world.dsl, ctx, "1.2")).documents;
    const [row] = await database.db.select().from(evidenceDocuments).where(eq(evidenceDocuments.id, doc.documentId));
    expect(row.contentType).toBe("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
    await thrownRedirect(remove(world.dsl, ctx, "1.2", doc.id));
  });

  it("refuses a renamed executable, and a file over the limit, next to the field, storing nothing", async () => {
    const renamed = dataResult<{ errors: Record<string, string> }>(await upload(world.dsl, ctx, "1.1", { name: "policy.pdf", bytes: executableBytes() }));
    expect(renamed.status).toBe(400);
    expect(renamed.data.errors).toEqual({ file: NOT_ACCEPTED_MESSAGE });

    const tooBig = dataResult<{ errors: Record<string, string>; values: { description: string } }>(
      await upload(world.dsl, ctx, "1.1", { name: "minutes.txt", bytes: textBytes(MB + 1) }, "Kept description"),
    );
    expect(tooBig.status).toBe(400);
    expect(tooBig.data.errors).toEqual({ file: "The selected file must be smaller than 1 MB" });
    expect(tooBig.data.values.description).toBe("Kept description");

    const none = dataResult<{ errors: Record<string, string> }>(await upload(world.dsl, ctx, "1.1", { name: "", bytes: new Uint8Array() }));
    expect(none.data.errors).toEqual({ file: "Select a file" });
    expect(await rowCount()).toBe(0);
    expect(storedFiles()).toEqual([]);
  });

  it("allows 3 files a standard and 2 MB a return, refusing the next with nothing stored", async () => {
    for (const n of [1, 2, 3]) await thrownRedirect(upload(world.dsl, ctx, "2.1", { name: `register-${n}.csv`, bytes: textBytes(1000) }));
    const fourth = dataResult<{ errors: Record<string, string> }>(await upload(world.dsl, ctx, "2.1", { name: "register-4.csv", bytes: textBytes(1000) }));
    expect(fourth.data.errors).toEqual({ file: "A standard can have at most 3 documents: remove one before adding another" });

    // 0.9 MB on each of two more standards, and the return is 1.8 MB: another 0.9 MB would pass it.
    await thrownRedirect(upload(world.dsl, ctx, "1.1", { name: "audit.txt", bytes: textBytes(NINE_TENTHS_MB) }));
    await thrownRedirect(upload(world.dsl, ctx, "1.2", { name: "audit2.txt", bytes: textBytes(NINE_TENTHS_MB) }));
    const before = storedFiles().length;
    const over = dataResult<{ errors: Record<string, string> }>(await upload(world.dsl, ctx, "2.3", { name: "audit3.txt", bytes: textBytes(NINE_TENTHS_MB) }));
    expect(over.status).toBe(400);
    expect(over.data.errors.file).toBe("A return's documents can add up to at most 2 MB: this return has 202 KB left. Remove a document or choose a smaller file");
    expect(storedFiles()).toHaveLength(before);
    expect(await rowCount()).toBe(5);
    const page = await listed(world.dsl, ctx, "2.3");
    expect(page.left).toEqual({ files: 3, bytes: "202 KB" });
    // Back to one document, for what follows.
    for (const d of (await listReturnDocuments(database.db, ctx)).filter((d) => d.fileName !== "audit.txt"))
      await thrownRedirect(remove(world.dsl, ctx, d.standardId === standardAt(ctx, "2.1").id ? "2.1" : "1.2", d.id));
    expect((await listReturnDocuments(database.db, ctx)).map((d) => d.fileName)).toEqual(["audit.txt"]);
  });
});

describe("submitted, carried forward", () => {
  let documentId: string;
  let attachmentId: string;

  it("names each file in the submitted version (name, size, SHA-256), and nothing about them changes after", async () => {
    await thrownRedirect(upload(world.dsl, ctx, "1.1", { name: "Safer recruitment policy.pdf", bytes: pdfBytes("safer recruitment") }, "Current policy"));
    // The earlier return's open action asks for an update before the return can be submitted.
    for (const action of await loadActions(database.db, ctx))
      await updateAction(database.db, ctx, { actionId: action.id, status: "done", progressNote: "Done.", newDueOn: null, actor: world.dsl });
    ctx = await completeAndSignOff(database.db, await reload(database.db, ctx), world.signatory);
    const submitted = await submitReturn(database.db, ctx, { actor: world.signatory });
    expect(submitted).toMatchObject({ ok: true });
    ctx = await reload(database.db, ctx);
    const [version] = await database.db.select().from(returnVersions).where(eq(returnVersions.returnId, ctx.ret.id));
    const named = await database.db.select().from(versionDocuments).where(eq(versionDocuments.versionId, version.id));
    const policy = pdfBytes("safer recruitment");
    expect(named.map((d) => [d.standardCode, d.fileName, d.sizeBytes, d.sha256]).sort()).toEqual(
      [
        ["1.1", "Safer recruitment policy.pdf", policy.length, createHash("sha256").update(policy).digest("hex")],
        ["1.1", "audit.txt", NINE_TENTHS_MB, createHash("sha256").update(textBytes(NINE_TENTHS_MB)).digest("hex")],
      ].sort(),
    );
    const snapshot = version.snapshot as { documents: { fileName: string; sha256: string }[] };
    expect(snapshot.documents.map((d) => d.fileName).sort()).toEqual(["Safer recruitment policy.pdf", "audit.txt"]);
    // Every field the printable version and the next return read, in the order the return lists them.
    const codeOf = new Map(ctx.framework.sections.flatMap((section) => section.standards).map((standard) => [standard.id, standard.code]));
    expect(snapshot.documents).toEqual(
      (await listReturnDocuments(database.db, ctx)).map((d) => ({
        documentId: d.documentId,
        standardCode: codeOf.get(d.standardId),
        fileName: d.fileName,
        sizeBytes: d.sizeBytes,
        sha256: d.sha256,
        description: d.description,
        carriedForward: d.carriedForward,
      })),
    );
    documentId = named.find((d) => d.fileName === "audit.txt")!.documentId;
    attachmentId = (await listReturnDocuments(database.db, ctx)).find((d) => d.documentId === documentId)!.id;

    // The page no longer offers changes, and the actions refuse them, changing nothing.
    expect((await listed(world.dsl, ctx, "1.1")).editable).toBe(false);
    const late = dataResult<{ errors: Record<string, string> }>(await upload(world.dsl, ctx, "1.1", { name: "late.pdf", bytes: pdfBytes() }));
    expect(late.status).toBe(409);
    const removal = dataResult<{ errors: Record<string, string> }>(await remove(world.dsl, ctx, "1.1", attachmentId));
    expect(removal.status).toBe(409);
    expect(await rowCount()).toBe(2);
    // The database refuses to change what a version names, or a stored file's record.
    await expect(database.db.update(versionDocuments).set({ fileName: "other.pdf" }).where(eq(versionDocuments.documentId, documentId))).rejects.toThrow();
    await expect(database.db.delete(versionDocuments).where(eq(versionDocuments.documentId, documentId))).rejects.toThrow();
    await expect(database.db.update(evidenceDocuments).set({ sha256: "x" }).where(eq(evidenceDocuments.id, documentId))).rejects.toThrow();
  });

  it("carries the files into the next return by reference, marked carried forward; removing one there keeps the file the version names", async () => {
    const interim = await createInterimCycle(database.db, world);
    await inviteSettings(database.db, interim, [world.school.id]);
    let next = await returnFor(database.db, interim, world.school.id);
    await startReturn(database.db, next, { mode: "earlier", actor: world.dsl });
    next = await reload(database.db, next);
    const carried = await database.db.select().from(returnDocuments).where(eq(returnDocuments.returnId, next.ret.id));
    expect(carried).toHaveLength(2);
    expect(carried.every((d) => d.carriedFromReturnId === ctx.ret.id)).toBe(true);
    expect(carried.map((d) => d.documentId)).toContain(documentId);
    // The same file, not a copy.
    expect(await rowCount()).toBe(2);
    const page = await listed(world.dsl, next, "1.1");
    expect(page.documents.map((d) => [d.fileName, d.carriedForward, d.description]).sort()).toEqual(
      [
        ["Safer recruitment policy.pdf", true, "Current policy"],
        ["audit.txt", true, ""],
      ].sort(),
    );
    // The section page lists them under their standard, linking each to its download.
    const sectionRequest = new Request(new URL(`/settings/${world.school.id}/returns/${next.ret.id}/sections/${next.framework.sections[0].id}`, "http://localhost"), {
      headers: { Cookie: await sessionCookie(world.dsl) },
    });
    const section = await sectionPage.loader(routeArgs(sectionRequest, { settingId: world.school.id, returnId: next.ret.id, sectionId: next.framework.sections[0].id }));
    expect(section.standards.find((st) => st.code === "1.1")!.documents.map((d) => [d.fileName, d.carriedForward]).sort()).toEqual([
      ["Safer recruitment policy.pdf", true],
      ["audit.txt", true],
    ]);
    const stored = storedFiles().length;
    await thrownRedirect(remove(world.dsl, next, "1.1", page.documents.find((d) => d.fileName === "audit.txt")!.id));
    expect((await listed(world.dsl, next, "1.1")).documents.map((d) => d.fileName)).toEqual(["Safer recruitment policy.pdf"]);
    expect(await rowCount()).toBe(2);
    expect(storedFiles()).toHaveLength(stored);
    expect((await download(world.dsl, documentId)).status).toBe(200);
  });

  it("lets the setting's people, admins and the panel download a submitted file; nobody else", async () => {
    for (const user of [world.dsl, world.signatory, world.admin, world.moderator, lead]) {
      const response = await download(user, documentId);
      expect([user.name, response.status]).toEqual([user.name, 200]);
      await response.arrayBuffer();
    }
    for (const user of [chair, world.otherDsl, outsider]) expect([user.name, (await thrownResponse(download(user, documentId))).status]).toEqual([user.name, 404]);
    // Another setting's address for the same document: not found.
    expect((await thrownResponse(download(world.dsl, documentId, world.otherSchool.id))).status).toBe(404);
    const audited = await database.db.select().from(auditEvents).where(and(eq(auditEvents.action, "document.downloaded"), eq(auditEvents.entityId, documentId)));
    expect(new Set(audited.map((e) => e.actorUserId))).toEqual(new Set([world.dsl.id, world.signatory.id, world.admin.id, world.moderator.id, lead.id]));
  });

  it("keeps a file not yet submitted from the panel, and the pages and uploads from everyone but the setting's people", async () => {
    const next = (await reload(database.db, await returnFor(database.db, (await createdInterim())!, world.school.id)))!;
    await thrownRedirect(upload(world.signatory, next, "2.1", { name: "draft.pdf", bytes: pdfBytes("draft") }));
    const draft = (await listReturnDocuments(database.db, next)).find((d) => d.fileName === "draft.pdf")!;
    expect((await download(world.admin, draft.documentId)).status).toBe(200);
    for (const user of [world.moderator, lead, chair]) expect((await thrownResponse(download(user, draft.documentId))).status).toBe(404);
    // The documents page is the setting's: admins read it, the panel and outsiders find nothing.
    expect((await listed(world.admin, next, "2.1")).reader).toBe(true);
    for (const user of [world.moderator, chair, world.otherDsl, outsider]) expect((await thrownResponse(listed(user, next, "2.1"))).status).toBe(404);
    for (const user of [world.admin, world.moderator, world.otherDsl, outsider])
      expect((await thrownResponse(upload(user, next, "2.1", { name: "x.pdf", bytes: pdfBytes() }))).status).toBe(404);
  });
});

async function createdInterim() {
  const { cycles } = await import("../../db/schema");
  const [row] = await database.db.select().from(cycles).where(and(eq(cycles.partnershipId, world.partnership.id), eq(cycles.name, "Interim update 2027")));
  return row;
}

describe("housekeeping", () => {
  it("reports and removes a stored file no record names once it is old enough, and reports a record whose file is missing", async () => {
    const store = new LocalDocumentStore(documentsDir);
    const stray = `${world.school.id}/00000000-0000-4000-8000-000000000001`;
    const staged = path.join(dataDir, "stray");
    const { writeFileSync } = await import("node:fs");
    writeFileSync(staged, "left behind");
    await store.save(stray, staged);
    const [victim] = await database.db.select().from(evidenceDocuments).limit(1);
    const soon = await findAndRemoveOrphans(database.db, store, { graceMinutes: 60 });
    expect(soon.unrecordedFiles).toEqual([stray]);
    expect(soon.removed).toBe(0);
    await store.remove(victim.storageKey);
    const later = await findAndRemoveOrphans(database.db, store, { now: new Date(Date.now() + 2 * 3_600_000) });
    expect(later.unrecordedFiles).toEqual([stray]);
    expect(later.missingFiles).toEqual([victim.id]);
    expect(later.removed).toBe(1);
    expect((await findAndRemoveOrphans(database.db, store)).unrecordedFiles).toEqual([]);
    // The worker's chore says what it found.
    const said: string[] = [];
    await sweepEvidenceOrphans(database.db, store, (line) => said.push(line));
    expect(said).toEqual([`Evidence documents: 0 stored file(s) with no record, 0 record(s) nothing refers to, 1 record(s) whose file is missing (${victim.id}); removed 0`]);
  });
});
