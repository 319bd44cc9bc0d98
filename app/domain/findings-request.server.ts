// The cycle and filters a findings download asks for: an unknown filter or a cycle that is not
// the partnership's is refused, never widened to "everything".
import type { Db } from "../db.server";
import { parseFindingsSearch, type FindingsFilters } from "./findings";
import { loadFindingsCycle, type FindingsCycle } from "./findings.server";

export async function findingsRequest(db: Db, partnershipId: string, request: Request): Promise<{ cycle: FindingsCycle; filters: FindingsFilters }> {
  const parsed = parseFindingsSearch(new URL(request.url).searchParams);
  if (!parsed.ok) throw new Response(parsed.problems.map((p) => p.text).join(". "), { status: 400 });
  if (!parsed.cycleId) throw new Response("Choose an audit cycle", { status: 400 });
  const cycle = await loadFindingsCycle(db, partnershipId, parsed.cycleId);
  if (!cycle) throw new Response("Not found", { status: 404 });
  return { cycle, filters: parsed.filters };
}
