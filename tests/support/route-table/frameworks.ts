// Rows of the table-driven access test for the framework pages (issue 12): partnership pages,
// for partnership administrators only; tests/integration/frameworks-pages.test.ts checks the rest.
import type { RouteKind } from "./kinds";

export const ROUTES: Record<string, RouteKind> = {
  "partnerships.$slug.frameworks._index.tsx": "partnership",
  "partnerships.$slug.frameworks.import.tsx": "partnership",
  "partnerships.$slug.frameworks.$frameworkId._index.tsx": "partnership",
  "partnerships.$slug.frameworks.$frameworkId.details.tsx": "partnership",
  "partnerships.$slug.frameworks.$frameworkId.new-version.tsx": "partnership",
  "partnerships.$slug.frameworks.$frameworkId.publish.tsx": "partnership",
  "partnerships.$slug.frameworks.$frameworkId.export[.]json.tsx": "partnership",
  "partnerships.$slug.frameworks.$frameworkId.sections.new.tsx": "partnership",
  "partnerships.$slug.frameworks.$frameworkId.sections.$sectionId.tsx": "partnership",
  "partnerships.$slug.frameworks.$frameworkId.standards.new.tsx": "partnership",
  "partnerships.$slug.frameworks.$frameworkId.standards.$standardId.tsx": "partnership",
};
