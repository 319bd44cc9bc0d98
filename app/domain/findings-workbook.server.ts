// The findings as sheets (issue 13): the same tables for the .xlsx workbook, each sheet's CSV and
// `portal export`. Every figure comes from findings.server.ts; this module only lays them out.
// The workbook is written by exceljs' streaming WorkbookWriter (decision 022): rows go to the
// zip as they are made, the Returns sheet in keyset batches, so a national cycle never sits in
// memory; it also writes the frozen header row and the cell styles xlsx's community edition cannot.
import type { Writable } from "node:stream";
import ExcelJS from "exceljs";
import type { Db } from "../db.server";
import type { Rating } from "../../db/schema";
import { RATING_LABELS } from "./ratings";
import { prefetched } from "./prefetched";
import { BASIS_LABELS, SETTING_TYPE_LABELS } from "./setting-types";
import { RATING_COLUMNS, RATING_COLUMN_LABELS, SHEETS, fraction, type SheetKey } from "./findings";
import {
  computeFindings,
  headlineList,
  moderatedReturns,
  nonSubmitters,
  returnCodes,
  returnRows,
  type Findings,
  type FindingsCycle,
  type FindingsFilters,
  type StandardFindings,
} from "./findings.server";
import { RETURN_STATUS } from "./return-status";

export interface Percent {
  percent: number;
}
export type Cell = string | number | Date | null | Percent;
export interface Column {
  header: string;
  width: number;
  format?: "percent" | "date" | "datetime";
}
export interface Sheet {
  key: SheetKey;
  name: string;
  columns: Column[];
  rows: () => AsyncIterable<Cell[][]>;
}

export const isPercent = (c: Cell): c is Percent => typeof c === "object" && c !== null && !(c instanceof Date);
const pct = (numerator: number, denominator: number): Cell => (denominator === 0 ? null : { percent: fraction(numerator, denominator) });

/** Text a spreadsheet would run as a formula (= + - @, a tab or carriage return first) gets a leading apostrophe. */
export const neutralise = (text: string) => (/^[=+\-@\t\r]/.test(text) ? `'${text}` : text);

const ratingLabel = (r: Rating | null | undefined) => (r ? RATING_LABELS[r] : "");
const metOrExceeded = (c: StandardFindings["self"]) => c.met + c.exceeds;

async function* once(rows: Cell[][]): AsyncIterable<Cell[][]> {
  yield rows;
}

export interface SheetContext {
  partnership: { name: string; slug: string };
  cycle: FindingsCycle;
  filters: FindingsFilters;
  producedAt: Date;
}

/** Every sheet of the workbook, in order, from one computation of the figures. */
export async function findingsSheets(db: Db, ctx: SheetContext, findings?: Findings): Promise<Sheet[]> {
  const f = findings ?? (await computeFindings(db, ctx.cycle, ctx.filters));
  const { cycle, filters } = ctx;
  const prevStandards = new Map((f.previous?.standards ?? []).map((s) => [`${s.framework} ${s.code}`, s]));
  const sheet = (key: SheetKey, columns: Column[], rows: () => AsyncIterable<Cell[][]>): Sheet => ({ key, name: SHEETS.find((s) => s.key === key)!.name, columns, rows });

  const summary = sheet(
    "summary",
    [
      { header: "Item", width: 44 },
      { header: "Value", width: 36 },
      { header: "Numerator", width: 12 },
      { header: "Denominator", width: 12 },
      { header: "Percentage", width: 12, format: "percent" },
      { header: "Previous cycle numerator", width: 14 },
      { header: "Previous cycle denominator", width: 14 },
      { header: "Previous cycle percentage", width: 14, format: "percent" },
      { header: "Definition", width: 90 },
    ],
    () => {
      const prev = f.previous ? new Map(headlineList(f.previous.headline).map((x) => [x.key, x])) : null;
      return once([
        ["Title", "Aggregate findings", null, null, null, null, null, null, ""],
        ["Partnership", ctx.partnership.name, null, null, null, null, null, null, ""],
        ["Cycle", cycle.name, null, null, null, null, null, null, ""],
        ["Date produced", ctx.producedAt, null, null, null, null, null, null, ""],
        ["Type of setting", filters.settingType ? SETTING_TYPE_LABELS[filters.settingType] : "All", null, null, null, null, null, null, ""],
        ["Statutory basis", filters.basis ? BASIS_LABELS[filters.basis] : "All", null, null, null, null, null, null, ""],
        ["Previous cycle of the same kind", f.previous?.cycle.name ?? "None", null, null, null, null, null, null, ""],
        ...headlineList(f.headline).map((x): Cell[] => {
          const p = prev?.get(x.key);
          return [x.label, null, x.numerator, x.denominator, pct(x.numerator, x.denominator), p?.numerator ?? null, p?.denominator ?? null, p ? pct(p.numerator, p.denominator) : null, x.definition];
        }),
        ...f.themes.map((t): Cell[] => [
          `Outstanding actions: ${t.label}`,
          null,
          t.actions,
          f.headline.outstandingActions,
          pct(t.actions, f.headline.outstandingActions),
          null,
          null,
          null,
          "Outstanding (not started or in progress) actions of this theme, of all outstanding actions of the invited settings.",
        ]),
      ]);
    },
  );

  const ratingHeads = (prefix: string): Column[] => RATING_COLUMNS.map((c) => ({ header: `${prefix}: ${RATING_COLUMN_LABELS[c]}`, width: 12 }));
  const byStandard = sheet(
    "by-standard",
    [
      { header: "Framework", width: 12 },
      { header: "Code", width: 8 },
      { header: "Standard", width: 60 },
      ...ratingHeads("Self-assessed"),
      { header: "Self-assessed: answers", width: 12 },
      { header: "Self-assessed: met or exceeded", width: 14, format: "percent" },
      ...ratingHeads("Moderated"),
      { header: "Moderated: answers", width: 12 },
      { header: "Moderated: met or exceeded", width: 14, format: "percent" },
      { header: "Previous cycle self-assessed: met or exceeded", width: 16, format: "percent" },
    ],
    () =>
      once(
        f.standards.map((s) => {
          const p = prevStandards.get(`${s.framework} ${s.code}`);
          return [
            s.framework === "education" ? "Education" : "Agency",
            s.code,
            s.title,
            ...RATING_COLUMNS.map((c) => s.self[c]),
            s.selfTotal,
            pct(metOrExceeded(s.self), s.selfTotal),
            ...RATING_COLUMNS.map((c) => s.moderated[c]),
            s.moderatedTotal,
            pct(metOrExceeded(s.moderated), s.moderatedTotal),
            p ? pct(metOrExceeded(p.self), p.selfTotal) : null,
          ];
        }),
      ),
  );

  const bySettingType = sheet(
    "by-setting-type",
    [
      { header: "Grouped by", width: 18 },
      { header: "Group", width: 44 },
      { header: "Invited", width: 10 },
      { header: "Submitted", width: 10 },
      { header: "Participation", width: 14, format: "percent" },
    ],
    () =>
      once([
        ...f.participation.byType.map((r): Cell[] => ["Type of setting", r.label, r.invited, r.submitted, pct(r.submitted, r.invited)]),
        ...f.participation.byBasis.map((r): Cell[] => ["Statutory basis", r.label, r.invited, r.submitted, pct(r.submitted, r.invited)]),
      ]),
  );

  const moderation = sheet(
    "moderation",
    [
      { header: "Setting", width: 40 },
      { header: "URN or reference", width: 16 },
      { header: "Type of setting", width: 28 },
      { header: "Outcome", width: 22 },
      { header: "Review completed", width: 18, format: "datetime" },
      { header: "Standards judged", width: 12 },
      { header: "Lowered", width: 10 },
      { header: "Raised", width: 10 },
      { header: "Challenges", width: 12 },
      { header: "Challenges revised or accepted", width: 16 },
    ],
    async function* () {
      const rows = await moderatedReturns(db, cycle, filters);
      yield rows.map((r) => [r.settingName, r.urnOrReference, SETTING_TYPE_LABELS[r.type], OUTCOME_LABELS[r.outcome] ?? r.outcome, r.completedAt, r.judged, r.lowered, r.raised, r.challenges, r.challengesRevised]);
    },
  );

  const inflation = sheet(
    "inflation",
    [
      { header: "Rank", width: 8 },
      { header: "Framework", width: 12 },
      { header: "Code", width: 8 },
      { header: "Standard", width: 60 },
      { header: "Moderated self-ratings", width: 14 },
      { header: "Lowered", width: 10 },
      { header: "Lowered share", width: 12, format: "percent" },
      { header: "Raised", width: 10 },
      { header: "Raised share", width: 12, format: "percent" },
    ],
    () =>
      once(
        f.inflation.map((s, i) => [
          i + 1,
          s.framework === "education" ? "Education" : "Agency",
          s.code,
          s.title,
          s.judged,
          s.lowered,
          pct(s.lowered, s.judged),
          s.raised,
          pct(s.raised, s.judged),
        ]),
      ),
  );

  const outstanding = sheet(
    "outstanding-actions",
    [
      { header: "Theme", width: 40 },
      { header: "Outstanding actions", width: 14 },
      { header: "Settings", width: 10 },
      { header: "Share of outstanding actions", width: 16, format: "percent" },
    ],
    () => once(f.themes.map((t) => [t.label, t.actions, t.settings, pct(t.actions, f.headline.outstandingActions)])),
  );

  const nonSubmitting = sheet(
    "non-submitters",
    [
      { header: "Setting", width: 40 },
      { header: "URN or reference", width: 16 },
      { header: "Type of setting", width: 28 },
      { header: "Statutory basis", width: 10 },
      { header: "Status", width: 14 },
      { header: "Due date", width: 12, format: "date" },
      { header: "DSL", width: 30 },
      { header: "DSL email", width: 36 },
      { header: "Cycle reminders sent", width: 12 },
      { header: "Last cycle reminder", width: 18, format: "datetime" },
      { header: "Overdue-action reminders sent", width: 14 },
    ],
    async function* () {
      const { rows } = await nonSubmitters(db, cycle, filters);
      yield rows.map((r) => [
        r.settingName,
        r.urnOrReference,
        SETTING_TYPE_LABELS[r.type],
        r.basis,
        RETURN_STATUS[r.status as keyof typeof RETURN_STATUS]?.text ?? r.status,
        new Date(`${r.dueOn}T00:00:00Z`),
        r.dsls.map((d) => d.name).join("; "),
        r.dsls.map((d) => d.email).join("; "),
        r.cycleReminders ? r.cycleReminders.count : "Not recorded",
        r.cycleReminders?.lastSentAt ?? null,
        r.actionReminders,
      ]);
    },
  );

  const codes = await returnCodes(db, cycle, filters);
  const returnsSheet = sheet(
    "returns",
    [
      { header: "Setting", width: 40 },
      { header: "URN or reference", width: 16 },
      { header: "Type of setting", width: 28 },
      { header: "Statutory basis", width: 10 },
      { header: "Status", width: 14 },
      { header: "Submitted at", width: 18, format: "datetime" },
      { header: "Version", width: 8 },
      ...codes.flatMap((c): Column[] => [
        { header: `${c} self-assessed`, width: 14 },
        { header: `${c} moderated`, width: 14 },
      ]),
    ],
    async function* () {
      for await (const batch of returnRows(db, cycle, filters)) {
        yield batch.map((r) => [
          r.settingName,
          r.urnOrReference,
          SETTING_TYPE_LABELS[r.type],
          r.basis,
          RETURN_STATUS[r.status as keyof typeof RETURN_STATUS]?.text ?? r.status,
          r.submittedAt,
          r.version,
          ...codes.flatMap((c) => [ratingLabel(r.self[c]), ratingLabel(r.moderated[c])]),
        ]);
      }
    },
  );

  return [summary, byStandard, bySettingType, moderation, inflation, outstanding, nonSubmitting, returnsSheet];
}

const OUTCOME_LABELS: Record<string, string> = {
  agreed: "Agreed",
  agreed_with_changes: "Agreed with changes",
  not_agreed: "Not agreed",
};

const NUMBER_FORMATS = { percent: "0.0%", date: "yyyy-mm-dd", datetime: "yyyy-mm-dd hh:mm" } as const;

/** The workbook, streamed to `out`; resolves when the zip is complete. */
export async function writeWorkbook(sheets: Sheet[], out: Writable): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  workbook.creator = "Safeguarding self-assessment portal";
  for (const s of sheets) {
    const ws = workbook.addWorksheet(s.name, { views: [{ state: "frozen", ySplit: 1, xSplit: 0 }] });
    ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: s.columns.length } };
    // One style object per column, shared by its cells: exceljs finds a style it has seen by
    // identity, and otherwise renders each cell's style to XML to look it up (a tenth of a
    // national export's time). A date in an unformatted column keeps its own, dated style.
    const styles = s.columns.map((c) => (c.format ? { numFmt: NUMBER_FORMATS[c.format] } : {}));
    ws.columns = s.columns.map((c, i) => ({ width: c.width, style: styles[i] }));
    const head = ws.addRow(s.columns.map((c) => neutralise(c.header)));
    head.font = { bold: true };
    head.commit();
    for await (const batch of prefetched(s.rows())) {
      for (const cells of batch) {
        const row = ws.addRow(cells.map((c) => (typeof c === "string" ? neutralise(c) : isPercent(c) ? c.percent : c)));
        row.eachCell({ includeEmpty: true }, (cell, column) => {
          if (!(cell.value instanceof Date)) cell.style = styles[column - 1];
        });
        row.commit();
      }
    }
    ws.commit();
  }
  await workbook.commit();
}

function csvText(c: Cell, column: Column | undefined): string {
  if (c === null) return "";
  if (isPercent(c)) return `${(Math.round(c.percent * 1000) / 10).toFixed(1)}%`;
  if (c instanceof Date) return column?.format === "date" ? c.toISOString().slice(0, 10) : c.toISOString().replace("T", " ").slice(0, 16);
  if (typeof c === "number") return String(c);
  const safe = neutralise(c);
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** One sheet as CSV (UTF-8 with a byte-order mark, so Excel reads it as UTF-8; CRLF), written as it is made. */
export async function writeCsv(s: Sheet, write: (chunk: string) => void | Promise<void>): Promise<void> {
  await write("\uFEFF" + s.columns.map((c) => csvText(c.header, undefined)).join(",") + "\r\n");
  for await (const batch of s.rows()) {
    await write(batch.map((cells) => cells.map((c, i) => csvText(c, s.columns[i])).join(",") + "\r\n").join(""));
  }
}

export async function csvOf(s: Sheet): Promise<string> {
  let text = "";
  await writeCsv(s, (chunk) => {
    text += chunk;
  });
  return text;
}
