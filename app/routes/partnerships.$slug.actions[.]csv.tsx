// The outstanding actions page's list as a CSV file: exactly the rows its filters select.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requirePartnershipAccess } from "~/access/partnership-access.server";
import { londonIsoDate } from "~/dates";
import { getDb } from "~/db.server";
import { filtersFromSearch, listOutstandingActions, outstandingActionsToCsv } from "~/domain/outstanding-actions.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { partnership } = await requirePartnershipAccess(request, params, "actions.viewOutstanding");
  const db = await getDb();
  const today = londonIsoDate();
  const filters = filtersFromSearch(new URL(request.url).searchParams);
  const rows = await listOutstandingActions(db, { partnershipId: partnership.id, filters, today });
  return new Response(outstandingActionsToCsv(rows), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="outstanding-actions-${partnership.slug}-${today}.csv"`,
      "Cache-Control": "private, no-store",
    },
  });
}
