// Rows of the table-driven access test (tests/integration/access-control.test.ts) for one
// feature's route files: "setting" or "partnership" pages are refused to a DSL of another
// setting and to anyone of another partnership. The feature's own tests check the rest
// (tests/integration/evidence-documents.test.ts: every role, the panel on submitted files only).
import type { RouteKind } from "./kinds";

export const ROUTES: Record<string, RouteKind> = {
  "settings.$settingId.returns.$returnId.standards.$standardId.documents.tsx": "setting",
  "settings.$settingId.documents.$documentId.tsx": "setting",
};
