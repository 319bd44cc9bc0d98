// Downloads one evidence document (decision 021): the setting's own people and its partnership's
// administrators any of the setting's documents; the moderation panel those named in a submitted
// version. Always as an attachment with the content type found in the file and nosniff, so the
// browser never renders it from the portal's origin. Every download is in the audit log.
import { Readable } from "node:stream";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { READ_SUBMITTED, requireSettingAccess } from "~/access/setting-access.server";
import { getDb } from "~/db.server";
import { getConfig } from "~/env.server";
import { findDownloadableDocument, recordDownload } from "~/domain/evidence-documents.server";
import { documentStoreFor } from "~/storage/document-store.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireSettingAccess(request, params, READ_SUBMITTED);
  const db = await getDb();
  const document = await findDownloadableDocument(db, {
    partnershipId: access.partnershipId,
    settingId: access.settingId,
    documentId: params.documentId ?? "",
    submittedOnly: !access.may.view,
  });
  if (!document) throw new Response("Not found", { status: 404 });
  const body = await documentStoreFor(getConfig().documents.storage).open(document.storageKey);
  if (!body) {
    console.warn(`Evidence document ${document.id} has no stored file (${document.storageKey}): housekeeping reports it as missing`);
    throw new Response("Not found", { status: 404 });
  }
  await recordDownload(db, {
    partnershipId: access.partnershipId,
    settingId: access.settingId,
    documentId: document.id,
    fileName: document.fileName,
    actorUserId: access.user.id,
    ipAddress: request.headers.get("x-portal-client-address"),
  });
  return new Response(Readable.toWeb(body) as ReadableStream<Uint8Array>, {
    headers: {
      "Content-Type": document.contentType,
      "Content-Length": String(document.sizeBytes),
      "Content-Disposition": contentDisposition(document.fileName),
      "X-Content-Type-Options": "nosniff",
      // Were it ever opened in place, it could run nothing and reach nothing.
      "Content-Security-Policy": "default-src 'none'; sandbox",
      "Cache-Control": "private, no-store",
    },
  });
}

/** attachment, with a plain ASCII name for old clients and the real one encoded (RFC 6266, RFC 8187). */
function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`;
}
