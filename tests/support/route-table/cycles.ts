// Rows of the table-driven access test for the audit cycle pages (issue 12): partnership pages,
// for partnership administrators only; tests/integration/cycle-pages.test.ts checks the rest.
import type { RouteKind } from "./kinds";

export const ROUTES: Record<string, RouteKind> = {
  "partnerships.$slug.cycles._index.tsx": "partnership",
  "partnerships.$slug.cycles.new.tsx": "partnership",
  "partnerships.$slug.cycles.$cycleId._index.tsx": "partnership",
  "partnerships.$slug.cycles.$cycleId.chase.tsx": "partnership",
  "partnerships.$slug.cycles.$cycleId.returns.$returnId.tsx": "partnership",
  "partnerships.$slug.cycles.$cycleId.import.tsx": "partnership",
  // The audit log (administrators) and a setting's people page, where its signatory names a new DSL.
  "partnerships.$slug.audit.tsx": "partnership",
  "settings.$settingId.people.tsx": "setting",
};
