// `npm run bench` (`npm run bench -- --quick` for fewer repetitions): how the embedded database
// copes with one partnership at the top of the scale in DESIGN.md, 600 settings answering a
// ~50-standard framework. It builds that partnership (db/seed/bench.ts, shared with
// `npm run bench:load`) in a throwaway PGlite database through the domain code the pages use, times the imports, writes and page queries, prints the median and
// 95th percentile of each against the targets below, and exits 1 if a target is missed.
// Not part of `npm test`: it takes a few minutes and its figures depend on the machine.
// `--queries OPERATION` (for example `--queries submit`) adds the mean time of each statement it runs.
// docs/benchmarks.md has the figures measured so far.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { count } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import { openDatabase, ping, type DatabaseHandle, type Db } from "../db/client";
import { actions, answers, auditEvents, emailOutbox, returnVersions, returns, settings } from "../db/schema";
import { createPartnership } from "../app/domain/partnerships.server";
import { importSettings, listSettings } from "../app/domain/settings-register.server";
import { listCycleReturns, listCycles } from "../app/domain/cycles.server";
import { openChallengeCount } from "../app/domain/challenges.server";
import { listVersions } from "../app/domain/return-versions.server";
import { getReturnOverview } from "../app/domain/returns.server";
import { getSettingOverview } from "../app/domain/setting-overview.server";
import { educationFramework } from "../db/seed/frameworks/education";
import {
  buildPartnership,
  contextOf,
  generateGiasExtract,
  LA_CODE,
  SETTINGS,
  SKIPPED_ROWS,
  type World,
} from "../db/seed/bench";

// ---------------------------------------------------------------------------------------------
// What is measured, and what counts as good enough
// ---------------------------------------------------------------------------------------------

/** Rows in GIAS's national all-establishments download, which the README's example imports from. */
const NATIONAL_ROWS = 50_000;

/**
 * Targets on the 95th percentile. Page queries: the part of a page's response the database
 * takes should leave most of a one-second budget to rendering and the network. Writes are one
 * person pressing a button. Imports are an administrator waiting for one command.
 */
const TARGETS_MS = {
  import: 5_000,
  reimport: 5_000,
  importNational: 15_000,
  startBlank: 250,
  startFromEarlier: 250,
  saveSection: 250,
  submit: 500,
  returnOverview: 200,
  returnsList: 300,
  settingOverview: 200,
  register: 200,
} as const;
type Operation = keyof typeof TARGETS_MS;

const LABELS: Record<Operation, string> = {
  import: `import a GIAS extract (${SETTINGS} new settings)`,
  reimport: `import the same extract again (no change)`,
  importNational: `import from a national extract (${NATIONAL_ROWS / 1000}k rows)`,
  startBlank: "start a return (blank)",
  startFromEarlier: "start a return from the earlier one",
  saveSection: "save one section's answers",
  submit: "submit a return (snapshot, receipts)",
  returnOverview: "return overview page (task list)",
  returnsList: `partnership returns list (${SETTINGS} returns)`,
  settingOverview: "setting overview page",
  register: `settings register page (${SETTINGS} settings)`,
};

const REPETITIONS = {
  full: { imports: 5, nationalImports: 3, reads: 60, saves: 60, warmUp: 5 },
  quick: { imports: 2, nationalImports: 1, reads: 15, saves: 15, warmUp: 3 },
};

// ---------------------------------------------------------------------------------------------
// Timing
// ---------------------------------------------------------------------------------------------

const samples = new Map<Operation, number[]>();

// The floor: the least a write through the domain costs on this machine in this run, a
// transaction of one statement (begin, select 1, commit through drizzle). One is timed after
// each measured operation, so the floor sees what the operations saw (the same process, heap,
// tables and load), and each operation is also reported as a multiple of it: compare those
// multiples between runs and commits, not the milliseconds, which drift on a shared machine.
const floorSamples: number[] = [];
let floorDb: Db | undefined;
async function timeFloor() {
  if (!floorDb) return;
  const started = performance.now();
  await floorDb.transaction((tx) => ping(tx));
  floorSamples.push(performance.now() - started);
}

// --queries: each statement a timed operation runs, from its start to the next one's (so it
// includes the JavaScript between them; the last runs to the operation's end, commit included).
const queryTimes = new Map<Operation, Map<string, number>>();
let marks: [number, string][] | null = null;
const queryLogger = { logQuery: (query: string) => marks?.push([performance.now(), query.replace(/\s+/g, " ").slice(0, 90)]) };

async function timed<T>(operation: Operation, fn: () => Promise<T>): Promise<T> {
  const started = performance.now();
  marks = [];
  const result = await fn();
  const elapsed = performance.now() - started;
  const byQuery = queryTimes.get(operation) ?? new Map<string, number>();
  marks.forEach(([at, query], i) => byQuery.set(query, (byQuery.get(query) ?? 0) + (marks![i + 1]?.[0] ?? started + elapsed) - at));
  queryTimes.set(operation, byQuery);
  marks = null;
  const list = samples.get(operation) ?? [];
  list.push(elapsed);
  samples.set(operation, list);
  await timeFloor();
  return result;
}

/** Nearest-rank percentile: with few samples, the 95th is the slowest, which is the honest reading. */
function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
}

const ms = (value: number) => (value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${value.toFixed(1)} ms`);
const times = (ratio: number) => (Number.isFinite(ratio) ? `${ratio.toFixed(1)}×` : "");

function progress(text: string) {
  process.stderr.write(`  ${text}\n`);
}

// ---------------------------------------------------------------------------------------------
// Page queries: what each page's loader asks of the domain (the guards' session lookup aside)
// ---------------------------------------------------------------------------------------------

async function measurePages(db: Db, world: World, repetitions: { reads: number; warmUp: number }) {
  const p = world.partnership.id;
  const pick = <T>(list: T[], i: number) => list[(i * 37) % list.length];
  const pages: [Operation, (i: number) => Promise<unknown>][] = [
    [
      "returnOverview",
      async (i) => {
        const ctx = await contextOf(db, p, pick(world.inProgress, i));
        return Promise.all([getReturnOverview(db, ctx), listVersions(db, ctx)]);
      },
    ],
    [
      "returnsList",
      async () => {
        const cycles = await listCycles(db, p);
        const cycle = cycles.find((c) => c.status === "open")!;
        const rows = await listCycleReturns(db, p, cycle.id);
        if (rows.length !== world.settingIds.length) throw new Error(`returns list has ${rows.length} rows`);
      },
    ],
    [
      "settingOverview",
      (i) => {
        const scope = { partnershipId: p, settingId: pick(world.settingIds, i) };
        return Promise.all([getSettingOverview(db, scope), openChallengeCount(db, scope)]);
      },
    ],
    ["register", () => listSettings(db, p)],
  ];
  for (const [operation, load] of pages) {
    for (let i = 0; i < repetitions.warmUp; i++) await load(repetitions.reads + i);
    for (let i = 0; i < repetitions.reads; i++) await timed(operation, () => load(i));
  }
}

// ---------------------------------------------------------------------------------------------
// Running it
// ---------------------------------------------------------------------------------------------

async function tableCounts(db: Db) {
  const tally = async (table: PgTable) => (await db.select({ n: count() }).from(table))[0].n;
  return {
    settings: await tally(settings),
    returns: await tally(returns),
    answers: await tally(answers),
    versions: await tally(returnVersions),
    actions: await tally(actions),
    emails: await tally(emailOutbox),
    auditEvents: await tally(auditEvents),
  };
}

function directorySize(dir: string): number {
  let total = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    total += entry.isDirectory() ? directorySize(full) : fs.statSync(full).size;
  }
  return total;
}

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { quick: { type: "boolean", default: false }, memory: { type: "boolean", default: false }, queries: { type: "string" } },
    strict: true,
  });
  if (values.queries && !(values.queries in TARGETS_MS)) {
    console.error(`bench: --queries takes one of ${Object.keys(TARGETS_MS).join(", ")}`);
    return 2;
  }
  const repetitions = values.quick ? REPETITIONS.quick : REPETITIONS.full;
  const dataDir = values.memory ? undefined : fs.mkdtempSync(path.join(os.tmpdir(), "portal-bench-"));
  const removeDataDir = () => dataDir && fs.rmSync(dataDir, { recursive: true, force: true });
  process.once("SIGINT", () => {
    removeDataDir();
    process.exit(130);
  });

  const cpu = os.cpus();
  console.log(
    `Benchmark${values.quick ? " (quick)" : ""}: one partnership of ${SETTINGS} settings, ${educationFramework.sections.reduce((n, s) => n + s.standards.length, 0)} standards per return`,
  );
  console.log(
    `PGlite ${dataDir ? "on disk (a temporary directory)" : "in memory"}; Node ${process.version}; ${cpu.length} × ${cpu[0]?.model.trim() ?? "unknown CPU"}`,
  );

  let handle: DatabaseHandle | undefined;
  const started = performance.now();
  try {
    handle = openDatabase({ pgliteDir: dataDir ?? "memory://", logger: values.queries ? queryLogger : undefined });
    await handle.migrate();
    const db = handle.db;
    floorDb = db;
    const extract = generateGiasExtract(SETTINGS, SKIPPED_ROWS);

    progress(`importing a ${Math.round(extract.length / 1024)} KiB extract ${repetitions.imports} times...`);
    for (let i = 0; i < repetitions.imports; i++) {
      const { partnership } = await createPartnership(db, { name: `Import ${i}`, slug: `import-${i}` });
      const first = await timed("import", () => importSettings(db, { partnershipId: partnership.id, laCode: LA_CODE, file: extract }));
      if (first.created.length !== SETTINGS || first.skipped.length !== SKIPPED_ROWS) {
        throw new Error(`the import created ${first.created.length} and skipped ${first.skipped.length}`);
      }
      const again = await timed("reimport", () => importSettings(db, { partnershipId: partnership.id, laCode: LA_CODE, file: extract }));
      if (again.unchanged.length !== SETTINGS) throw new Error(`the second import left ${again.unchanged.length} unchanged`);
    }

    const national = generateGiasExtract(SETTINGS, SKIPPED_ROWS, NATIONAL_ROWS - SETTINGS - SKIPPED_ROWS);
    progress(`importing from a ${Math.round(national.length / 1024 / 1024)} MiB national extract ${repetitions.nationalImports} times...`);
    for (let i = 0; i < repetitions.nationalImports; i++) {
      const { partnership } = await createPartnership(db, { name: `National import ${i}`, slug: `national-${i}` });
      const result = await timed("importNational", () => importSettings(db, { partnershipId: partnership.id, laCode: LA_CODE, file: national }));
      if (result.created.length !== SETTINGS) throw new Error(`the national import created ${result.created.length}`);
    }

    const world = await buildPartnership(db, extract, { saves: repetitions.saves, timed, progress });
    const counts = await tableCounts(db);
    progress(`measuring pages, ${repetitions.reads} times each after ${repetitions.warmUp} warm-up loads...`);
    await measurePages(db, world, repetitions);
    const built = performance.now() - started;

    console.log(
      `Data: ${counts.settings} settings (of which ${SETTINGS} in the benchmark partnership), ${counts.returns} returns, ${counts.answers} answers, ${counts.versions} submitted versions, ${counts.actions} actions, ${counts.emails} receipts, ${counts.auditEvents} audit events${dataDir ? `; ${Math.round(directorySize(dataDir) / 1024 / 1024)} MiB on disk` : ""}`,
    );
    console.log("");
    const floor = percentile(floorSamples, 50);
    const header = ["operation", "n", "median", "× floor", "p95", "target p95", ""];
    const rows = (Object.keys(TARGETS_MS) as Operation[]).map((operation) => {
      const values = samples.get(operation) ?? [];
      const p95 = percentile(values, 95);
      const ok = values.length > 0 && p95 <= TARGETS_MS[operation];
      return { operation, ok, cells: [LABELS[operation], String(values.length), ms(percentile(values, 50)), times(percentile(values, 50) / floor), ms(p95), `< ${ms(TARGETS_MS[operation])}`, ok ? "ok" : "MISSED"] };
    });
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r.cells[i].length)));
    const format = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ").trimEnd();
    console.log(format(header));
    for (const row of rows) console.log(format(row.cells));
    console.log("");
    const missed = rows.filter((r) => !r.ok);
    console.log(`Floor (a transaction of one statement, timed after each operation): median ${floor.toFixed(2)} ms of ${floorSamples.length}.`);
    console.log(`Whole run ${ms(built)}.`);
    const profiled = values.queries as Operation | undefined;
    if (profiled) {
      const n = samples.get(profiled)?.length ?? 1;
      console.log(`\n${LABELS[profiled]}: mean ms per operation by statement (--queries)`);
      for (const [query, total] of [...(queryTimes.get(profiled) ?? [])].sort((a, b) => b[1] - a[1])) console.log(`${(total / n).toFixed(2).padStart(7)}  ${query}`);
    }
    if (missed.length > 0) {
      console.error(`bench: ${missed.length} target${missed.length === 1 ? "" : "s"} missed: ${missed.map((r) => r.operation).join(", ")}`);
      return 1;
    }
    console.log(`All ${rows.length} targets met.`);
    return 0;
  } finally {
    await handle?.close();
    removeDataDir();
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    console.error(`bench: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
