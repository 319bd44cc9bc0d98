// The findings workbook: every sheet of findings-workbook.server.ts for the cycle and filters the
// page shows, streamed as it is written.
import { PassThrough, Readable } from "node:stream";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requirePartnershipAccess } from "~/access/partnership-access.server";
import { londonIsoDate } from "~/dates";
import { getDb } from "~/db.server";
import { findingsFileName } from "~/domain/findings";
import { findingsSheets, writeWorkbook } from "~/domain/findings-workbook.server";
import { findingsRequest } from "~/domain/findings-request.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { partnership } = await requirePartnershipAccess(request, params, "findings.view");
  const db = await getDb();
  const { cycle, filters } = await findingsRequest(db, partnership.id, request);
  const producedAt = new Date();
  const sheets = await findingsSheets(db, { partnership, cycle, filters, producedAt });
  const out = new PassThrough();
  writeWorkbook(sheets, out).catch((error: unknown) => out.destroy(error instanceof Error ? error : new Error(String(error))));
  return new Response(Readable.toWeb(out) as ReadableStream, {
    headers: {
      "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "Content-Disposition": `attachment; filename="${findingsFileName(partnership.slug, cycle.name, londonIsoDate(producedAt), "xlsx")}"`,
      "Cache-Control": "private, no-store",
    },
  });
}
