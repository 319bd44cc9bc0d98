import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  classifyEstablishment,
  decodeGiasText,
  decodeWindows1252,
  establishmentState,
  GiasFormatError,
  parseGiasExtract,
  REQUIRED_GIAS_COLUMNS,
} from "./gias";

const repoRoot = path.resolve(import.meta.dirname, "../..");
// A byte-for-byte copy of ../shared/fixtures/gias-sample.csv, so the tests stand on their own.
const fixturePath = path.join(repoRoot, "tests/fixtures/gias-sample.csv");
const sharedFixturePath = path.join(repoRoot, "../shared/fixtures/gias-sample.csv");
const fixture = () => fs.readFileSync(fixturePath);

/** A quoted, CRLF, Windows-1252 CSV like a GIAS download. */
function giasFile(rows: Record<string, string>[], columns = Object.keys(rows[0])): Buffer {
  const quote = (v: string) => `"${v.replace(/"/g, '""')}"`;
  const lines = [columns.map(quote).join(","), ...rows.map((r) => columns.map((c) => quote(r[c] ?? "")).join(","))];
  const text = lines.join("\r\n") + "\r\n";
  // Windows-1252: every character here is ASCII except the typographic apostrophe (0x92).
  return Buffer.from(Array.from(text, (ch) => (ch === "\u2019" ? 0x92 : ch.charCodeAt(0))));
}

const school = (overrides: Record<string, string> = {}): Record<string, string> => ({
  URN: "123456",
  EstablishmentName: "Test School",
  "LA (code)": "876",
  "TypeOfEstablishment (name)": "Community school",
  "EstablishmentTypeGroup (name)": "Local authority maintained schools",
  "EstablishmentStatus (name)": "Open",
  "PhaseOfEducation (name)": "Primary",
  ...overrides,
});

describe("parseGiasExtract", () => {
  it("reads the sample extract: every row, Windows-1252 names, optional columns", () => {
    const rows = parseGiasExtract(fixture());
    expect(rows).toHaveLength(19);
    expect(rows.map((r) => r.urn)).toContain("900201");
    const stMarys = rows.find((r) => r.urn === "900002");
    expect(stMarys?.name).toBe("St Mary\u2019s Catholic Primary School");
    expect(rows.find((r) => r.urn === "900005")).toEqual({
      urn: "900005",
      name: "Castlefields High School",
      laCode: "876",
      typeName: "Academy converter",
      typeGroup: "Academies",
      status: "Open",
      phase: "Secondary",
      ukprn: "10090005",
      postcode: "WA7 4DE",
    });
    // Blank optional cells are null, not "".
    expect(rows.find((r) => r.urn === "900001")?.ukprn).toBeNull();
  });

  it.skipIf(!fs.existsSync(sharedFixturePath))("keeps its fixture identical to the shared one", () => {
    expect(fixture().equals(fs.readFileSync(sharedFixturePath))).toBe(true);
  });

  it("goes by the header, not by column order, and ignores unknown columns", () => {
    const columns = [
      "Postcode",
      "PhaseOfEducation (name)",
      "Unknown column",
      "EstablishmentStatus (name)",
      "EstablishmentName",
      "EstablishmentTypeGroup (name)",
      "TypeOfEstablishment (name)",
      "LA (code)",
      "URN",
    ];
    const [row] = parseGiasExtract(giasFile([{ ...school(), Postcode: "WA8 0AA", "Unknown column": "x" }], columns));
    expect(row).toMatchObject({ urn: "123456", name: "Test School", laCode: "876", postcode: "WA8 0AA", ukprn: null });
  });

  it("names every missing required column", () => {
    const { URN: _urn, "LA (code)": _la, ...rest } = school();
    const file = giasFile([rest]);
    expect(() => parseGiasExtract(file)).toThrow(GiasFormatError);
    expect(() => parseGiasExtract(file)).toThrow("The file is missing these GIAS columns: URN, LA (code)");
  });

  it("rejects an empty file and a file that is not CSV", () => {
    expect(() => parseGiasExtract(Buffer.alloc(0))).toThrow("The file is empty.");
    expect(() => parseGiasExtract(Buffer.from('"URN","Name\r\n"1'))).toThrow(GiasFormatError);
    expect(() => parseGiasExtract(Buffer.from("%PDF-1.4 binary"))).toThrow("missing these GIAS columns");
  });

  it("rejects a record with the wrong number of cells", () => {
    const file = Buffer.concat([giasFile([school()]), Buffer.from('"1","2"\r\n')]);
    expect(() => parseGiasExtract(file)).toThrow(/could not be read as CSV/);
  });

  it("reads a file re-saved as UTF-8 with a byte-order mark", () => {
    const utf8 = Buffer.from("\uFEFFURN\nSt Mary\u2019s\n", "utf-8");
    expect(decodeGiasText(utf8)).toBe("URN\nSt Mary\u2019s\n");
    expect(decodeGiasText(Buffer.from([0x53, 0x74, 0x20, 0x4d, 0x61, 0x72, 0x79, 0x92, 0x73]))).toBe("St Mary\u2019s");
  });

  it("decodes Windows-1252 as the Encoding Standard says, whatever the runtime's TextDecoder does", () => {
    const bytes = Uint8Array.of(0x41, 0x80, 0x81, 0x8a, 0x91, 0x92, 0x93, 0x94, 0x96, 0x97, 0x99, 0x9f, 0xa3, 0xe9, 0xff);
    expect(decodeWindows1252(bytes)).toBe("A\u20ac\u0081\u0160\u2018\u2019\u201c\u201d\u2013\u2014\u2122\u0178\u00a3\u00e9\u00ff");
  });

  it("lists the required columns", () => {
    expect(REQUIRED_GIAS_COLUMNS).toEqual([
      "URN",
      "EstablishmentName",
      "LA (code)",
      "TypeOfEstablishment (name)",
      "EstablishmentTypeGroup (name)",
      "EstablishmentStatus (name)",
      "PhaseOfEducation (name)",
    ]);
  });
});

describe("classifyEstablishment", () => {
  const cases: [group: string, type: string, phase: string, expected: ReturnType<typeof classifyEstablishment>][] = [
    // Local authority maintained: s175, typed by phase.
    ["Local authority maintained schools", "Community school", "Primary", { type: "primary", basis: "s175" }],
    ["Local authority maintained schools", "Voluntary aided school", "Middle deemed primary", { type: "primary", basis: "s175" }],
    ["Local authority maintained schools", "Voluntary controlled school", "Secondary", { type: "secondary", basis: "s175" }],
    ["Local authority maintained schools", "Foundation school", "Middle deemed secondary", { type: "secondary", basis: "s175" }],
    ["Local authority maintained schools", "Community school", "All-through", { type: "all_through", basis: "s175" }],
    ["Local authority maintained schools", "Foundation school", "16 plus", { type: "secondary", basis: "s175" }],
    ["Local authority maintained schools", "Local authority nursery school", "Nursery", { type: "nursery", basis: "s175" }],
    ["Local authority maintained schools", "Pupil referral unit", "Not applicable", { type: "alternative_provision", basis: "s175" }],
    ["Local authority maintained schools", "Community school", "Not applicable", null],
    // Special schools.
    ["Special schools", "Community special school", "Not applicable", { type: "special", basis: "s175" }],
    ["Special schools", "Foundation special school", "Not applicable", { type: "special", basis: "s175" }],
    ["Special schools", "Non-maintained special school", "Not applicable", { type: "special", basis: "s157" }],
    // Academies and free schools: s157.
    ["Academies", "Academy converter", "Secondary", { type: "academy", basis: "s157" }],
    ["Academies", "Academy sponsor led", "Primary", { type: "academy", basis: "s157" }],
    ["Academies", "Academy special converter", "Not applicable", { type: "special", basis: "s157" }],
    ["Academies", "Academy special sponsor led", "Not applicable", { type: "special", basis: "s157" }],
    ["Academies", "Academy alternative provision converter", "Not applicable", { type: "alternative_provision", basis: "s157" }],
    ["Academies", "Academy alternative provision sponsor led", "Not applicable", { type: "alternative_provision", basis: "s157" }],
    ["Academies", "Academy 16-19 converter", "16 plus", { type: "academy", basis: "s157" }],
    ["Academies", "Academy 16 to 19 sponsor led", "16 plus", { type: "academy", basis: "s157" }],
    ["Free Schools", "Free schools", "Primary", { type: "academy", basis: "s157" }],
    ["Free Schools", "Free schools special", "Not applicable", { type: "special", basis: "s157" }],
    ["Free Schools", "Free schools alternative provision", "Not applicable", { type: "alternative_provision", basis: "s157" }],
    ["Free Schools", "Free schools 16 to 19", "16 plus", { type: "academy", basis: "s157" }],
    ["Free Schools", "Studio schools", "Secondary", { type: "academy", basis: "s157" }],
    ["Free Schools", "University technical college", "Secondary", { type: "academy", basis: "s157" }],
    // Independent schools: s157.
    ["Independent schools", "Other independent school", "All-through", { type: "independent", basis: "s157" }],
    ["Independent schools", "Other independent special school", "Not applicable", { type: "special", basis: "s157" }],
    ["Independent schools", "City technology college", "Secondary", { type: "independent", basis: "s157" }],
    // Colleges: further education sector, s175.
    ["Colleges", "Further education", "16 plus", { type: "fe_college", basis: "s175" }],
    ["Colleges", "Sixth form centres", "16 plus", { type: "sixth_form_college", basis: "s175" }],
    ["Colleges", "Special post 16 institution", "16 plus", { type: "special", basis: "s157" }],
    // Not settings.
    ["Children's centres", "Children's centre", "Not applicable", null],
    ["Children's Centres", "Children's centre linked site", "Not applicable", null],
    ["Universities", "Higher education institutions", "Not applicable", null],
    ["Welsh schools", "Welsh establishment", "Not applicable", null],
    ["Other types", "Secure units", "Not applicable", null],
    ["Other types", "Service children's education", "Not applicable", null],
    ["Other types", "British schools overseas", "Not applicable", null],
    ["Online provider", "Online provider", "Not applicable", null],
    ["Something new", "Something new", "Primary", null],
  ];

  it.each(cases)("%s / %s / %s", (typeGroup, typeName, phase, expected) => {
    expect(classifyEstablishment({ typeGroup, typeName, phase })).toEqual(expected);
  });

  it("accepts the typographic apostrophe and stray spaces in names", () => {
    expect(classifyEstablishment({ typeGroup: " Children\u2019s  centres ", typeName: "Children\u2019s centre", phase: "" })).toBeNull();
    expect(classifyEstablishment({ typeGroup: "academies", typeName: "ACADEMY CONVERTER", phase: "Primary" })).toEqual({
      type: "academy",
      basis: "s157",
    });
  });

  it("places every establishment of the sample extract as the fixture README says", () => {
    const inLa = parseGiasExtract(fixture()).filter((r) => r.laCode === "876");
    const placed = inLa
      .filter((r) => establishmentState(r.status) === "active")
      .map((r) => ({ urn: r.urn, c: classifyEstablishment(r) }))
      .filter((r) => r.c !== null);
    const urnsFor = (basis: string) => placed.filter((r) => r.c?.basis === basis).map((r) => r.urn);
    expect(urnsFor("s175")).toEqual(["900001", "900002", "900003", "900004", "900007", "900008", "900009", "900014"]);
    expect(urnsFor("s157")).toEqual(["900005", "900006", "900010", "900015"]);
  });
});

describe("establishmentState", () => {
  it.each([
    ["Open", "active"],
    ["Open, but proposed to close", "active"],
    ["Closed", "inactive"],
    ["Proposed to open", "not_open"],
    ["", "not_open"],
  ] as const)("%s is %s", (status, state) => {
    expect(establishmentState(status)).toBe(state);
  });
});
