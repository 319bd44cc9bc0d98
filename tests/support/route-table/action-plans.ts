// Rows of the table-driven access test (tests/integration/access-control.test.ts) for one
// feature's route files: "setting" or "partnership" pages are refused to a DSL of another
// setting and to anyone of another partnership. The feature's own tests check the rest.
import type { RouteKind } from "./kinds";

export const ROUTES: Record<string, RouteKind> = {
  "partnerships.$slug.actions.tsx": "partnership",
  "partnerships.$slug.actions[.]csv.tsx": "partnership",
  "settings.$settingId.actions.tsx": "setting",
};
