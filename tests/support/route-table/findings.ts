// Rows of the table-driven access test for the findings (issue 13): partnership pages, refused
// (403) to a DSL of the partnership and to anyone without findings.view, and not found (404) to
// someone of another partnership. tests/integration/findings.test.ts checks chairs, admins,
// moderators and panel leads.
import type { RouteKind } from "./kinds";

export const ROUTES: Record<string, RouteKind> = {
  "partnerships.$slug.findings.tsx": "partnership",
  "partnerships.$slug.findings[.]xlsx.tsx": "partnership",
  "partnerships.$slug.findings[.]csv.tsx": "partnership",
};
