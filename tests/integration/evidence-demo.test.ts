// The demo's evidence documents (issue 14): every return submitted this year names a child
// protection policy on standard 3.1, a real PDF in the store; the moderation review page lists it
// under that standard and its panel member can download it.
import { eq } from "drizzle-orm";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileTypeFromBuffer } from "file-type";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as downloadRoute from "../../app/routes/settings.$settingId.documents.$documentId";
import { loadReview } from "../../app/domain/moderation/reviews.server";
import { resetConfig } from "../../app/env.server";
import { LocalDocumentStore } from "../../app/storage/document-store.server";
import { DEMO_DOCUMENT_NAME } from "../../db/seed/demo-documents";
import { seedDemo } from "../../db/seed/demo";
import { moderationAssignments, users, versionDocuments } from "../../db/schema";
import { sessionCookie } from "../support/auth";
import { useTestDatabase, type TestDatabase } from "../support/database";
import { routeArgs } from "../support/routes";

let database: TestDatabase;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "portal-demo-evidence-"));
  resetConfig({ DOCUMENTS_DIR: dir });
  database = await useTestDatabase();
  await seedDemo(database.db, { documents: new LocalDocumentStore(dir) });
});
afterAll(async () => {
  await database?.destroy();
  resetConfig();
  rmSync(dir, { recursive: true, force: true });
});

describe("the demo's documents", () => {
  it("shows the policy on the review page's standard 3.1, downloadable by the panel member as a PDF", async () => {
    const named = await database.db.select().from(versionDocuments);
    expect(named.length).toBeGreaterThan(0);
    expect(new Set(named.map((d) => `${d.standardCode} ${d.fileName}`))).toEqual(new Set([`3.1 ${DEMO_DOCUMENT_NAME}`]));
    const [assignment] = await database.db.select().from(moderationAssignments).limit(1);
    const [moderator] = await database.db.select().from(users).where(eq(users.id, assignment.moderatorUserId));
    const review = (await loadReview(database.db, { partnershipId: assignment.partnershipId, assignmentId: assignment.id, viewer: moderator }))!;
    const standard = review.sections.flatMap((s) => s.standards).find((s) => s.code === "3.1")!;
    expect(standard.documents.map((d) => d.fileName)).toEqual([DEMO_DOCUMENT_NAME]);
    const documentId = standard.documents[0].documentId;
    const request = new Request(`http://localhost/settings/${review.setting.id}/documents/${documentId}`, { headers: { Cookie: await sessionCookie(moderator) } });
    const response = (await downloadRoute.loader(routeArgs(request, { settingId: review.setting.id, documentId }))) as Response;
    expect(response.headers.get("Content-Type")).toBe("application/pdf");
    expect((await fileTypeFromBuffer(new Uint8Array(await response.arrayBuffer())))?.ext).toBe("pdf");
  });
});
