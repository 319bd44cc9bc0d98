// Reading a documented CSV the business unit prepares (agencies, last cycle's returns): UTF-8
// with or without a byte-order mark, a header row naming the columns in any order and case, one
// record per row. Each problem names its row as a spreadsheet shows it (the header is row 1), so
// the person can find it; nothing is applied unless every row is right.
import { parse } from "csv-parse/sync";
import { DomainError } from "../errors";

export interface CsvRow {
  /** The row's number in a spreadsheet (the header is row 1). */
  line: number;
  get(column: string): string;
}

export interface RowProblem {
  line: number | null;
  message: string;
}

/** The file, or some of its rows, cannot be imported; nothing was changed. */
export class CsvImportError extends DomainError {
  constructor(readonly problems: RowProblem[]) {
    super(
      problems.length === 1
        ? problemText(problems[0])
        : `${problems.length} problems, nothing imported: ${problems.slice(0, 5).map(problemText).join("; ")}${problems.length > 5 ? "; …" : ""}`,
      { status: 400, field: "file" },
    );
    this.name = "CsvImportError";
  }
}

export const problemText = (p: RowProblem) => (p.line === null ? p.message : `row ${p.line}: ${p.message}`);

const normalise = (header: string) => header.trim().toLowerCase().replace(/[\s-]+/g, "_");

/** The rows of a CSV file with the columns named; a missing required column or unreadable file is refused. */
export function readCsvRows(file: Uint8Array, required: readonly string[], optional: readonly string[] = []): CsvRow[] {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(file);
  } catch {
    throw new CsvImportError([{ line: null, message: "The file is not UTF-8 text: save it from your spreadsheet as \"CSV UTF-8\"" }]);
  }
  if (text.startsWith("\uFEFF")) text = text.slice(1);
  if (text.trim() === "") throw new CsvImportError([{ line: null, message: "The file is empty" }]);
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, { skip_empty_lines: true, relax_column_count: true, trim: true, info: true }) as unknown as typeof records;
  } catch (error) {
    throw new CsvImportError([{ line: null, message: `The file could not be read as CSV: ${(error instanceof Error ? error.message : String(error)).split("\n")[0]}` }]);
  }
  const [header, ...body] = records;
  const names = header.record.map(normalise);
  const missing = required.filter((c) => !names.includes(c));
  if (missing.length) throw new CsvImportError([{ line: null, message: `The file has no column ${missing.map((m) => `"${m}"`).join(", ")} (the header row names: ${[...required, ...optional].join(", ")})` }]);
  const index = new Map(names.map((n, i) => [n, i]));
  // The line a record starts on is its row in the spreadsheet: csv-parse gives the line it ends
  // on, and a cell with a line break in it spans lines in the file but is one row.
  return body
    .filter(({ record }) => record.some((c) => c !== ""))
    .map(({ record, info }, i) => ({ line: (info.lines ?? i + 2) - record.join("").split("\n").length + 1, get: (column: string) => record[index.get(column) ?? -1] ?? "" }));
}
