// The findings' vocabulary and arithmetic, safe for the browser bundle: the page's component, the
// workbook and the command all format a figure the same way from its numerator and denominator.
import type { Rating, SettingType, StatutoryBasis } from "../../db/schema";
import { isSettingType, isStatutoryBasis } from "./setting-types";

export interface Figure {
  key: string;
  label: string;
  numerator: number;
  denominator: number;
  /** One line saying exactly what was counted. */
  definition: string;
}

export interface FindingsFilters {
  settingType?: SettingType;
  basis?: StatutoryBasis;
}

/** The rating scale in order, lowest first, and the answers with no rating. */
export const RATING_COLUMNS = ["not_met", "partially_met", "met", "exceeds", "not_applicable", "none"] as const;
export type RatingColumn = (typeof RATING_COLUMNS)[number];
export const RATING_COLUMN_LABELS: Record<RatingColumn, string> = {
  not_met: "Not met",
  partially_met: "Partially met",
  met: "Met",
  exceeds: "Exceeds",
  not_applicable: "Not applicable",
  none: "No rating",
};
export type RatingCounts = Record<RatingColumn, number>;

export const ratingColumnOf = (rating: Rating | null): RatingColumn => rating ?? "none";

/** The share as a fraction, 0 when there is nothing to share. */
export const fraction = (numerator: number, denominator: number) => (denominator === 0 ? 0 : numerator / denominator);

/** "66.7%", or "–" when the denominator is 0: one decimal place, as the workbook's format shows it. */
export function percentText(numerator: number, denominator: number): string {
  if (denominator === 0) return "–";
  return `${(Math.round((numerator / denominator) * 1000) / 10).toFixed(1)}%`;
}

/** "12 of 15 (80.0%)". */
export const figureText = (f: Pick<Figure, "numerator" | "denominator">) =>
  `${f.numerator.toLocaleString("en-GB")} of ${f.denominator.toLocaleString("en-GB")} (${percentText(f.numerator, f.denominator)})`;

export type FilterProblem = { field: "type" | "basis" | "cycle"; text: string };

/**
 * The filters a query string asks for. Unlike a list's filters, an unknown value is an error, not
 * "no filter": a figure quoted in a report must never quietly cover more than was asked.
 */
export function parseFindingsSearch(search: URLSearchParams): { ok: true; filters: FindingsFilters; cycleId: string | null } | { ok: false; problems: FilterProblem[] } {
  const problems: FilterProblem[] = [];
  const type = search.get("type") ?? "";
  const basis = search.get("basis") ?? "";
  const cycle = search.get("cycle") ?? "";
  if (type && !isSettingType(type)) problems.push({ field: "type", text: "Choose a type of setting from the list" });
  if (basis && !isStatutoryBasis(basis)) problems.push({ field: "basis", text: "Choose a statutory basis from the list" });
  if (cycle && !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(cycle)) problems.push({ field: "cycle", text: "Choose an audit cycle from the list" });
  if (problems.length) return { ok: false, problems };
  return {
    ok: true,
    cycleId: cycle || null,
    filters: { settingType: isSettingType(type) ? type : undefined, basis: isStatutoryBasis(basis) ? basis : undefined },
  };
}

export function searchOfFindings(cycleId: string, filters: FindingsFilters): string {
  const search = new URLSearchParams({ cycle: cycleId });
  if (filters.settingType) search.set("type", filters.settingType);
  if (filters.basis) search.set("basis", filters.basis);
  return `?${search}`;
}

/** The workbook's sheets, in order, with the CSV file each becomes. */
export const SHEETS = [
  { key: "summary", name: "Summary" },
  { key: "by-standard", name: "By standard" },
  { key: "by-setting-type", name: "By setting type" },
  { key: "moderation", name: "Moderation" },
  { key: "inflation", name: "Inflation" },
  { key: "outstanding-actions", name: "Outstanding actions" },
  { key: "non-submitters", name: "Non-submitters" },
  { key: "returns", name: "Returns" },
] as const;
export type SheetKey = (typeof SHEETS)[number]["key"];
export const isSheetKey = (value: unknown): value is SheetKey => SHEETS.some((s) => s.key === value);

/** A file name's part: lower case letters, digits and hyphens. */
export const slugPart = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60) || "cycle";

/** findings-<partnership>-<cycle>-<date>[-<sheet>].<ext> */
export const findingsFileName = (partnershipSlug: string, cycleName: string, date: string, ext: "xlsx" | "csv", sheet?: SheetKey) =>
  `findings-${slugPart(partnershipSlug)}-${slugPart(cycleName)}-${date}${sheet ? `-${sheet}` : ""}.${ext}`;
