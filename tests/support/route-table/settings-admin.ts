// Rows of the table-driven access test for the register's administration pages (issue 12):
// partnership pages, for partnership administrators only; settings-import-pages.test.ts checks the rest.
import type { RouteKind } from "./kinds";

export const ROUTES: Record<string, RouteKind> = {
  "partnerships.$slug.settings_.import.tsx": "partnership",
  "partnerships.$slug.settings_.new.tsx": "partnership",
  "partnerships.$slug.settings_.$settingId.edit.tsx": "partnership",
  "partnerships.$slug.settings_.$settingId.deactivate.tsx": "partnership",
};
