// `portal export` (issue 13): a cycle's findings workbook, or each of its sheets as CSV, for
// scheduled use. The same sheets as the findings page's downloads (findings-workbook.server.ts),
// so the figures are the page's. scripts/portal.ts gives it its argument and database helpers.
import fs from "node:fs";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { PassThrough } from "node:stream";
import type { ParseArgsConfig } from "node:util";
import { eq } from "drizzle-orm";
import type { Db } from "../app/db.server";
import { londonIsoDate } from "../app/dates";
import { SHEETS, figureText, findingsFileName, parseFindingsSearch } from "../app/domain/findings";
import { computeFindings, headlineList, loadFindingsCycle } from "../app/domain/findings.server";
import { findingsSheets, writeCsv, writeWorkbook } from "../app/domain/findings-workbook.server";
import { cycles, partnerships } from "../db/schema";

type Options = NonNullable<ParseArgsConfig["options"]>;

export interface ExportKit {
  parse<T extends Options>(command: string, args: string[], options: T): { values: Record<string, string | boolean | (string | boolean)[] | undefined> };
  required(command: string, value: unknown, option: string, placeholder: string): string;
  usage(message: string): Error;
  database(): Promise<Db>;
  resolvePath(file: string): string;
  fileProblem(error: unknown): string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function exportCommand(kit: ExportKit) {
  return {
    name: "export",
    summary: "Write a cycle's findings as a workbook (.xlsx), or each sheet as CSV into a directory",
    usage: "export --cycle ID --out FILE.xlsx | --format csv --out DIR [--type TYPE] [--basis s175|s157|s11]",
    async run(args: string[], io: { stdout: { write(text: string): unknown } }) {
      const { values } = kit.parse("export", args, {
        cycle: { type: "string" },
        out: { type: "string" },
        format: { type: "string" },
        type: { type: "string" },
        basis: { type: "string" },
      });
      const cycleId = kit.required("export", values.cycle, "cycle", "ID");
      const out = kit.required("export", values.out, "out", "FILE");
      const format = typeof values.format === "string" ? values.format : "xlsx";
      if (format !== "xlsx" && format !== "csv") throw kit.usage(`export --format takes xlsx or csv (got "${format}")`);
      if (!UUID.test(cycleId)) throw kit.usage(`there is no audit cycle with the id "${cycleId}"`);
      const search = new URLSearchParams({ cycle: cycleId });
      if (typeof values.type === "string") search.set("type", values.type);
      if (typeof values.basis === "string") search.set("basis", values.basis);
      const parsed = parseFindingsSearch(search);
      if (!parsed.ok) throw kit.usage(`export: ${parsed.problems.map((p) => p.text.toLowerCase()).join("; ")} (--type takes a type such as primary; --basis s175, s157 or s11)`);
      const db = await kit.database();
      const [row] = await db
        .select({ partnershipId: cycles.partnershipId, name: partnerships.name, slug: partnerships.slug })
        .from(cycles)
        .innerJoin(partnerships, eq(partnerships.id, cycles.partnershipId))
        .where(eq(cycles.id, cycleId));
      if (!row) throw kit.usage(`there is no audit cycle with the id "${cycleId}"`);
      const cycle = (await loadFindingsCycle(db, row.partnershipId, cycleId))!;
      const producedAt = new Date();
      const findings = await computeFindings(db, cycle, parsed.filters);
      const sheets = await findingsSheets(db, { partnership: { name: row.name, slug: row.slug }, cycle, filters: parsed.filters, producedAt }, findings);
      const target = kit.resolvePath(out);
      try {
        if (format === "xlsx") {
          const pass = new PassThrough();
          await Promise.all([writeWorkbook(sheets, pass), pipeline(pass, fs.createWriteStream(target))]);
          io.stdout.write(`Wrote ${target}\n`);
        } else {
          fs.mkdirSync(target, { recursive: true });
          for (const sheet of sheets) {
            const file = path.join(target, findingsFileName(row.slug, cycle.name, londonIsoDate(producedAt), "csv", sheet.key));
            const fd = fs.openSync(file, "w");
            try {
              await writeCsv(sheet, (chunk) => {
                fs.writeSync(fd, chunk);
              });
            } finally {
              fs.closeSync(fd);
            }
            io.stdout.write(`Wrote ${file} (${SHEETS.find((s) => s.key === sheet.key)!.name})\n`);
          }
        }
      } catch (error) {
        throw kit.usage(`could not write ${target}: ${kit.fileProblem(error)}`);
      }
      io.stdout.write(`${row.name}, ${cycle.name}:\n`);
      for (const f of headlineList(findings.headline)) io.stdout.write(`  ${f.label}: ${figureText(f)}\n`);
      io.stdout.write(`  Outstanding actions: ${findings.headline.outstandingActions.toLocaleString("en-GB")}\n`);
    },
  };
}
