// Reading a GIAS ("Get Information about Schools") establishment extract, and deciding which
// establishments are settings the partnership audits. Pure: no database, so the rules can be
// unit-tested against the real GIAS vocabulary.
import { parse } from "csv-parse/sync";
import type { SettingType, StatutoryBasis } from "../../db/schema";
import { DomainError } from "../errors";

/** One establishment as the register needs it; every other GIAS column is ignored. */
export interface GiasEstablishment {
  urn: string;
  name: string;
  laCode: string;
  typeName: string;
  typeGroup: string;
  status: string;
  phase: string;
  ukprn: string | null;
  postcode: string | null;
}

export interface SettingClassification {
  type: SettingType;
  basis: StatutoryBasis;
}

/** What the register does with an establishment, from its GIAS status. */
export type EstablishmentState = "active" | "inactive" | "not_open";

export class GiasFormatError extends DomainError {
  constructor(message: string) {
    super(message, { status: 400 });
    this.name = "GiasFormatError";
  }
}

const COLUMNS = {
  urn: "URN",
  name: "EstablishmentName",
  laCode: "LA (code)",
  typeName: "TypeOfEstablishment (name)",
  typeGroup: "EstablishmentTypeGroup (name)",
  status: "EstablishmentStatus (name)",
  phase: "PhaseOfEducation (name)",
} as const;
const OPTIONAL_COLUMNS = { ukprn: "UKPRN", postcode: "Postcode" } as const;

export const REQUIRED_GIAS_COLUMNS: readonly string[] = Object.values(COLUMNS);

// Windows-1252 is Latin-1 with printable characters in 0x80-0x9F (WHATWG Encoding Standard;
// the five bytes Windows leaves undefined map to the C1 control of the same number).
// Node 20.18.3 onwards decodes `new TextDecoder("windows-1252")` as plain Latin-1, turning
// the apostrophe of "St Mary’s" (0x92) into U+0092 (nodejs/node#56542, #60888). Mapping any
// C1 control left in the decoded text gives the right answer on a broken runtime and a fixed
// one alike.
const WINDOWS_1252_HIGH = [
  0x20ac, 0x0081, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008d, 0x017d, 0x008f,
  0x0090, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x009d, 0x017e, 0x0178,
];

export function decodeWindows1252(bytes: Uint8Array): string {
  const decoded = new TextDecoder("windows-1252").decode(bytes);
  return decoded.replace(/[\u0080-\u009f]/g, (ch) => String.fromCharCode(WINDOWS_1252_HIGH[ch.charCodeAt(0) - 0x80]));
}

/**
 * GIAS downloads are Windows-1252. A file someone has opened and re-saved as "CSV UTF-8"
 * starts with a byte-order mark; decoding that as Windows-1252 would turn "St Mary’s" into
 * mojibake, so the mark decides.
 */
export function decodeGiasText(file: Uint8Array): string {
  const hasUtf8Bom = file.length >= 3 && file[0] === 0xef && file[1] === 0xbb && file[2] === 0xbf;
  if (hasUtf8Bom) return new TextDecoder("utf-8").decode(file.subarray(3));
  return decodeWindows1252(file);
}

/** Parses an extract; throws GiasFormatError for anything that is not a usable GIAS file. */
export function parseGiasExtract(file: Uint8Array): GiasEstablishment[] {
  const text = decodeGiasText(file);
  const wanted = new Set<string>([...REQUIRED_GIAS_COLUMNS, ...Object.values(OPTIONAL_COLUMNS)]);
  let records: Record<string, string>[];
  try {
    records = parse(text, {
      skip_empty_lines: true,
      // Keep only the columns the register uses: the national download has ~140 columns and
      // ~50,000 rows, and holding every cell would cost hundreds of megabytes.
      columns: (header: string[]) => {
        const names = header.map((h) => h.trim());
        const missing = REQUIRED_GIAS_COLUMNS.filter((column) => !names.includes(column));
        if (missing.length > 0) {
          throw new GiasFormatError(`The file is missing these GIAS columns: ${missing.join(", ")}`);
        }
        return names.map((name) => (wanted.has(name) ? name : false));
      },
    });
  } catch (error) {
    if (error instanceof GiasFormatError) throw error;
    const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
    throw new GiasFormatError(`The file could not be read as CSV: ${reason}`);
  }
  if (records.length === 0 && text.trim() === "") throw new GiasFormatError("The file is empty.");

  const cell = (record: Record<string, string>, column: string) => (record[column] ?? "").trim();
  return records.map((record) => ({
    urn: cell(record, COLUMNS.urn),
    name: cell(record, COLUMNS.name),
    laCode: cell(record, COLUMNS.laCode),
    typeName: cell(record, COLUMNS.typeName),
    typeGroup: cell(record, COLUMNS.typeGroup),
    status: cell(record, COLUMNS.status),
    phase: cell(record, COLUMNS.phase),
    ukprn: cell(record, OPTIONAL_COLUMNS.ukprn) || null,
    postcode: cell(record, OPTIONAL_COLUMNS.postcode) || null,
  }));
}

/** GIAS spells a few names inconsistently across downloads ("Children's Centres"). */
const normalise = (value: string) => value.trim().toLowerCase().replace(/[\u2018\u2019]/g, "'").replace(/\s+/g, " ");

// Establishments that are not schools or colleges the partnership audits under s175/s157:
// children's centres, higher education, Welsh schools, online providers, and the "Other
// types" group (secure units, service children's education, British schools overseas, ...).
const NOT_SETTING_GROUPS = new Set(
  ["Children's centres", "Universities", "Welsh schools", "Other types", "Online provider"].map(normalise),
);
const NOT_SETTING_TYPES = new Set(
  [
    "Children's centre",
    "Children's centre linked site",
    "Higher education institutions",
    "Welsh establishment",
    "Online provider",
    "Secure units",
    "Offshore schools",
    "Service children's education",
    "British schools overseas",
    "Institution funded by other government department",
    "Miscellaneous",
  ].map(normalise),
);

const maintainedByPhase: Record<string, SettingType> = {
  nursery: "nursery",
  primary: "primary",
  "middle deemed primary": "primary",
  secondary: "secondary",
  "middle deemed secondary": "secondary",
  "16 plus": "secondary",
  "all-through": "all_through",
};

/**
 * The setting type and statutory basis of an establishment, or null when it is not a setting
 * (or is of a kind this portal cannot place with confidence: better skipped and reported than
 * audited under the wrong framework).
 *
 * s175: local-authority-maintained schools (including maintained special and nursery schools
 * and pupil referral units) and institutions in the further education sector (FE and sixth
 * form colleges). s157: academies, free schools and independent schools. Non-maintained
 * special schools and special post-16 institutions are run by their proprietors, not the local
 * authority, so they sit with s157.
 */
export function classifyEstablishment(
  row: Pick<GiasEstablishment, "typeName" | "typeGroup" | "phase">,
): SettingClassification | null {
  const group = normalise(row.typeGroup);
  const type = normalise(row.typeName);
  const phase = normalise(row.phase);
  if (NOT_SETTING_GROUPS.has(group) || NOT_SETTING_TYPES.has(type)) return null;

  const isSpecial = type.includes("special");
  const isAlternativeProvision = type.includes("alternative provision") || type === "pupil referral unit";

  if (group === "academies" || group === "free schools" || type.startsWith("academy") || type.startsWith("free school")) {
    if (isSpecial) return { type: "special", basis: "s157" };
    if (isAlternativeProvision) return { type: "alternative_provision", basis: "s157" };
    // Studio schools, university technical colleges and 16-19 academies are academies too.
    return { type: "academy", basis: "s157" };
  }

  if (group === "independent schools") {
    // City technology colleges are independent schools in law.
    return { type: isSpecial ? "special" : "independent", basis: "s157" };
  }

  if (group === "colleges") {
    if (type === "further education") return { type: "fe_college", basis: "s175" };
    if (type === "sixth form centres") return { type: "sixth_form_college", basis: "s175" };
    if (type === "special post 16 institution") return { type: "special", basis: "s157" };
    return null;
  }

  if (group === "special schools") {
    if (type === "non-maintained special school") return { type: "special", basis: "s157" };
    if (type === "other independent special school") return { type: "special", basis: "s157" };
    return { type: "special", basis: "s175" };
  }

  if (group === "local authority maintained schools") {
    if (type === "pupil referral unit") return { type: "alternative_provision", basis: "s175" };
    if (type === "local authority nursery school") return { type: "nursery", basis: "s175" };
    if (isSpecial) return { type: "special", basis: "s175" };
    const byPhase = maintainedByPhase[phase];
    return byPhase ? { type: byPhase, basis: "s175" } : null;
  }

  return null;
}

/**
 * "Open" and "Open, but proposed to close" are active; "Closed" deactivates a setting already
 * in the register; "Proposed to open" (and anything unknown) is left out until it opens.
 */
export function establishmentState(status: string): EstablishmentState {
  const s = normalise(status);
  if (s === "open" || s === "open, but proposed to close") return "active";
  if (s === "closed") return "inactive";
  return "not_open";
}
