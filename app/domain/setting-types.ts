// The register's closed vocabularies in the partnership's own words. A plain module (types only
// from the schema) so pages, emails and exports can all share it, in the browser too.
import type { SettingType, StatutoryBasis } from "../../db/schema";

export const SETTING_TYPE_LABELS: Record<SettingType, string> = {
  nursery: "Nursery or early years setting",
  primary: "Primary school",
  secondary: "Secondary school",
  all_through: "All-through school",
  special: "Special school",
  alternative_provision: "Alternative provision or pupil referral unit",
  fe_college: "Further education college",
  sixth_form_college: "Sixth-form college",
  independent: "Independent school",
  academy: "Academy or free school",
  police: "Police",
  health: "Health provider",
  council_service: "Council service",
  voluntary: "Voluntary or community organisation",
  faith: "Faith organisation",
  sport_leisure: "Sport or leisure organisation",
};

/** The law each setting audits against, as the short code partnerships use and in full. */
export const BASIS_LABELS: Record<StatutoryBasis, string> = {
  s175: "s175 – Education Act 2002, section 175 (maintained schools and further education colleges)",
  s157: "s157 – Education Act 2002, section 157 (independent schools, academies and free schools)",
  s11: "s11 – Children Act 2004, section 11 (agencies)",
};

export const SETTING_TYPES = Object.keys(SETTING_TYPE_LABELS) as SettingType[];
export const STATUTORY_BASES = Object.keys(BASIS_LABELS) as StatutoryBasis[];

export function isSettingType(value: unknown): value is SettingType {
  return typeof value === "string" && Object.hasOwn(SETTING_TYPE_LABELS, value);
}

export function isStatutoryBasis(value: unknown): value is StatutoryBasis {
  return typeof value === "string" && Object.hasOwn(BASIS_LABELS, value);
}
