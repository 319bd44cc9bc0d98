// The demo's evidence documents (decision 021): each return submitted this year names a
// child protection policy on its policy standard (3.1), so the setting's section page and the
// moderation review page show one and the panel can download it. Written as the submission would
// have left them (the file in the store, its record, the version's row, the return's reference).
import { randomUUID, createHash } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { and, desc, eq, inArray } from "drizzle-orm";
import type { Db } from "../client";
import { cycles, evidenceDocuments, frameworkSections, returnDocuments, returnVersions, returns, settings, standards, versionDocuments } from "../schema";
import type { DocumentStore } from "../../app/storage/document-store.server";

export const DEMO_DOCUMENT_NAME = "Child protection policy 2026.pdf";
const POLICY_STANDARD = "3.1";

/** A small, valid PDF of one page saying what it is. */
export function demoPolicyPdf(settingName: string): Buffer {
  const text = `${settingName}: child protection and safeguarding policy (demo)`.replace(/[()\\]/g, "");
  const stream = `BT /F1 14 Tf 72 720 Td (${text}) Tj ET`;
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
  ];
  let body = "%PDF-1.4\n";
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n \n`).join("")}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, "latin1");
}

export async function seedDemoDocuments(db: Db, input: { partnershipId: string; cycleName: string; store: DocumentStore; now: Date }): Promise<number> {
  const [cycle] = await db.select().from(cycles).where(and(eq(cycles.partnershipId, input.partnershipId), eq(cycles.name, input.cycleName)));
  if (!cycle) return 0;
  const submitted = await db
    .select({ ret: returns, settingName: settings.name })
    .from(returns)
    .innerJoin(settings, eq(settings.id, returns.settingId))
    .where(and(eq(returns.cycleId, cycle.id), inArray(returns.status, ["submitted", "in_moderation", "reopened", "closed"])));
  const staging = mkdtempSync(path.join(tmpdir(), "portal-demo-documents-"));
  let attached = 0;
  try {
    for (const { ret, settingName } of submitted) {
      const [standard] = await db
        .select({ id: standards.id })
        .from(standards)
        .innerJoin(frameworkSections, eq(frameworkSections.id, standards.sectionId))
        .where(and(eq(frameworkSections.frameworkId, ret.frameworkId), eq(standards.code, POLICY_STANDARD)));
      const [version] = await db.select().from(returnVersions).where(eq(returnVersions.returnId, ret.id)).orderBy(desc(returnVersions.number)).limit(1);
      if (!standard || !version) continue;
      const bytes = demoPolicyPdf(settingName);
      const storageKey = `${ret.settingId}/${randomUUID()}`;
      const staged = path.join(staging, "policy.pdf");
      writeFileSync(staged, bytes);
      await input.store.save(storageKey, staged, { sizeBytes: bytes.length, contentType: "application/pdf" });
      const sha256 = createHash("sha256").update(bytes).digest("hex");
      const description = "Approved by governors in September 2026";
      const [document] = await db
        .insert(evidenceDocuments)
        .values({
          partnershipId: ret.partnershipId,
          settingId: ret.settingId,
          storageKey,
          fileName: DEMO_DOCUMENT_NAME,
          contentType: "application/pdf",
          sizeBytes: bytes.length,
          sha256,
          uploadedAt: input.now,
        })
        .returning({ id: evidenceDocuments.id });
      await db.insert(returnDocuments).values({ partnershipId: ret.partnershipId, returnId: ret.id, documentId: document.id, standardId: standard.id, description, addedAt: input.now });
      await db.insert(versionDocuments).values({
        partnershipId: ret.partnershipId,
        versionId: version.id,
        documentId: document.id,
        returnId: ret.id,
        settingId: ret.settingId,
        standardCode: POLICY_STANDARD,
        fileName: DEMO_DOCUMENT_NAME,
        sizeBytes: bytes.length,
        sha256,
        description,
      });
      attached += 1;
    }
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  return attached;
}
