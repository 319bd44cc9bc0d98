// One sheet of the findings workbook as CSV (?sheet=summary, by-standard, ...): UTF-8 with a
// byte-order mark so Excel reads it as UTF-8.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requirePartnershipAccess } from "~/access/partnership-access.server";
import { londonIsoDate } from "~/dates";
import { getDb } from "~/db.server";
import { findingsFileName, isSheetKey } from "~/domain/findings";
import { csvOf, findingsSheets } from "~/domain/findings-workbook.server";
import { findingsRequest } from "~/domain/findings-request.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { partnership } = await requirePartnershipAccess(request, params, "findings.view");
  const db = await getDb();
  const key = new URL(request.url).searchParams.get("sheet");
  if (!isSheetKey(key)) throw new Response("Choose a sheet: summary, by-standard, by-setting-type, moderation, inflation, outstanding-actions, non-submitters or returns", { status: 400 });
  const { cycle, filters } = await findingsRequest(db, partnership.id, request);
  const producedAt = new Date();
  const sheet = (await findingsSheets(db, { partnership, cycle, filters, producedAt })).find((s) => s.key === key)!;
  return new Response(await csvOf(sheet), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${findingsFileName(partnership.slug, cycle.name, londonIsoDate(producedAt), "csv", key)}"`,
      "Cache-Control": "private, no-store",
    },
  });
}
