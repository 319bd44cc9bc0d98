// `npm run bench` (`npm run bench -- --quick` for fewer repetitions): how the embedded database
// copes with one partnership at the top of the scale in DESIGN.md, 600 settings answering a
// ~50-standard framework. It builds that partnership in a throwaway PGlite database through the
// domain code the pages use, times the imports, writes and page queries, prints the median and
// 95th percentile of each against the targets below, and exits 1 if a target is missed.
// Not part of `npm test`: it takes a few minutes and its figures depend on the machine.
// docs/benchmarks.md has the figures measured so far.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { parse } from "csv-parse/sync";
import { count, eq, inArray, sql } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import { openDatabase, projectRoot, type DatabaseHandle, type Db } from "../db/client";
import {
  actionUpdates,
  actions,
  answers,
  auditEvents,
  emailOutbox,
  memberships,
  returnVersions,
  returns,
  settings,
  users,
  type Cycle,
  type Partnership,
} from "../db/schema";
import { createPartnership } from "../app/domain/partnerships.server";
import { importSettings, listSettings } from "../app/domain/settings-register.server";
import { installFramework } from "../app/domain/frameworks.server";
import { createCycle, inviteSettings, listCycleReturns, listCycles, setCycleStatus } from "../app/domain/cycles.server";
import { openChallengeCount } from "../app/domain/challenges.server";
import {
  getReturnOverview,
  getSettingOverview,
  listVersions,
  loadAnswers,
  loadReturn,
  saveAnswers,
  startReturn,
  submitReturn,
  type Actor,
  type ReturnContext,
} from "../app/domain/returns.server";
import { agencyFramework } from "../db/seed/frameworks/agency";
import { educationFramework } from "../db/seed/frameworks/education";
import { previousEducationFramework } from "../db/seed/demo";

// ---------------------------------------------------------------------------------------------
// What is measured, and what counts as good enough
// ---------------------------------------------------------------------------------------------

/** The top of DESIGN.md's range for one partnership ("50-600 settings"). */
const SETTINGS = 600;
/** Rows in the extract that an import must skip (closed, not yet open, children's centres). */
const SKIPPED_ROWS = 30;
const LA_CODE = "876";
/** Rows in GIAS's national all-establishments download, which the README's example imports from. */
const NATIONAL_ROWS = 50_000;
/** Columns of the real download that the fixture leaves out, added so each row is as long. */
const FILLER_COLUMNS = 95;

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

async function timed<T>(operation: Operation, fn: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const result = await fn();
  const elapsed = performance.now() - started;
  const list = samples.get(operation) ?? [];
  list.push(elapsed);
  samples.set(operation, list);
  return result;
}

/** Nearest-rank percentile: with few samples, the 95th is the slowest, which is the honest reading. */
function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
}

const ms = (value: number) => (value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${value.toFixed(1)} ms`);

function progress(text: string) {
  process.stderr.write(`  ${text}\n`);
}

// ---------------------------------------------------------------------------------------------
// A GIAS extract of one local authority at partnership scale
// ---------------------------------------------------------------------------------------------

// The fixture's establishments of local authority 876, by what an import does with them
// (tests/fixtures/README: the 12 that become settings, and the closed, proposed and
// children's centre rows that are skipped).
const FIXTURE_IMPORTED = ["900001", "900002", "900003", "900004", "900005", "900006", "900007", "900008", "900009", "900010", "900014", "900015"];
const FIXTURE_SKIPPED = ["900011", "900012", "900013"];

/**
 * An extract in the real download's shape: the fixture's columns, Windows-1252 encoding,
 * quoting and line ends, with its establishments (a community primary, a voluntary aided
 * school, academies, a free school, a special school, a nursery, a PRU, colleges...) repeated
 * under new URNs and names, plus rows the import must skip.
 */
function generateGiasExtract(establishments: number, skipped: number, otherAuthorities = 0): Buffer {
  // latin1 maps each byte to one character and back, so Windows-1252 text passes through intact.
  const text = fs.readFileSync(path.join(projectRoot(), "tests", "fixtures", "gias-sample.csv")).toString("latin1");
  const [header, ...rows] = parse(text, { relax_column_count: true }) as string[][];
  const column = (name: string) => {
    const index = header.indexOf(name);
    if (index < 0) throw new Error(`the GIAS fixture has no column "${name}"`);
    return index;
  };
  const urn = column("URN");
  const la = column("LA (code)");
  const name = column("EstablishmentName");
  const ukprn = header.indexOf("UKPRN");
  const templates = (urns: string[]) => urns.map((u) => {
    const row = rows.find((r) => r[urn] === u);
    if (!row) throw new Error(`the GIAS fixture no longer has URN ${u}`);
    return row;
  });
  const imported = templates(FIXTURE_IMPORTED);
  const toSkip = templates(FIXTURE_SKIPPED);

  const quote = (cell: string) => `"${cell.replace(/"/g, '""')}"`;
  // The real download has ~140 columns to the fixture's ~45; the import must read past them all.
  const filler = Array.from({ length: FILLER_COLUMNS }, (_, i) => (i % 3 === 0 ? "Not applicable" : i % 3 === 1 ? "" : "01-09-2015"));
  const lines = [[...header, ...filler.map((_, i) => `Other column ${i + 1} (name)`)].map(quote).join(",")];
  const add = (template: string[], i: number, copy: number, laCode = LA_CODE) => {
    const row = [...template, ...filler];
    row[urn] = String(100000 + i);
    row[la] = laCode;
    row[name] = `${template[name]} ${copy}`;
    if (ukprn >= 0 && row[ukprn]) row[ukprn] = String(10000000 + i);
    lines.push(row.map(quote).join(","));
  };
  for (let i = 0; i < establishments; i++) add(imported[i % imported.length], i, Math.floor(i / imported.length) + 1);
  for (let i = 0; i < skipped; i++) add(toSkip[i % toSkip.length], establishments + i, Math.floor(i / toSkip.length) + 1);
  // The rest of England: 150 other local authorities (codes 201-350, never ours), which an
  // import for ours must read and pass over.
  for (let i = 0; i < otherAuthorities; i++) {
    add([...imported, ...toSkip][i % (imported.length + toSkip.length)], establishments + skipped + i, i, String(201 + (i % 150)));
  }
  return Buffer.from(`${lines.join("\r\n")}\r\n`, "latin1");
}

// ---------------------------------------------------------------------------------------------
// Building the partnership
// ---------------------------------------------------------------------------------------------

const EVIDENCE = [
  "Policy reviewed and approved by governors in September and published on the website. All staff signed to say they have read it; the school business manager keeps the record and checks it against the single central record each term.",
  "Training log shows all staff completed annual safeguarding training in September, with updates at briefings each half term. The DSL keeps the attendance record and follows up anyone who missed a session within two weeks.",
  "Termly report to governors from the DSL; minutes record the questions asked and the actions followed up. Safeguarding governor visit notes from March and June, including a sample of concern records and a conversation with pupils.",
];

/**
 * Answers every standard of the given returns as a person would have by the end: a rating with
 * a realistic spread, a paragraph of evidence, reviewed. One statement instead of 600 people's
 * worth of form posts: how fast saving is, is measured separately (saveSection).
 */
async function answerEverything(db: Db, returnIds: string[]) {
  const h = sql`abs(hashtext(${answers.id}::text)) % 20`;
  await db
    .update(answers)
    .set({
      rating: sql`(case when ${h} < 1 then 'not_met' when ${h} < 4 then 'partially_met' when ${h} < 17 then 'met' else 'exceeds' end)::rating`,
      evidence: sql`(array[${EVIDENCE[0]}, ${EVIDENCE[1]}, ${EVIDENCE[2]}])[1 + abs(hashtext(${answers.standardId}::text)) % 3]`,
      review: "reviewed",
      revision: sql`${answers.revision} + 1`,
      updatedAt: sql`now()`,
    })
    .where(inArray(answers.returnId, returnIds));
}

async function signOff(db: Db, returnIds: string[], signatoryIds: Map<string, string>, settingOf: Map<string, string>) {
  for (const returnId of returnIds) {
    await db
      .update(returns)
      .set({ signedOffByUserId: signatoryIds.get(settingOf.get(returnId)!), signedOffName: "Hana Hughes", signedOffRole: "Headteacher", signedOffAt: new Date() })
      .where(eq(returns.id, returnId));
  }
}

async function contextOf(db: Db, partnershipId: string, row: { id: string; settingId: string }): Promise<ReturnContext> {
  const ctx = await loadReturn(db, { partnershipId, settingId: row.settingId, returnId: row.id });
  if (!ctx) throw new Error(`return ${row.id} could not be loaded`);
  return ctx;
}

async function returnsOf(db: Db, cycle: Cycle) {
  return db.select({ id: returns.id, settingId: returns.settingId }).from(returns).where(eq(returns.cycleId, cycle.id)).orderBy(returns.id);
}

interface World {
  partnership: Partnership;
  current: Cycle;
  inProgress: { id: string; settingId: string }[];
  settingIds: string[];
}

async function buildPartnership(db: Db, extract: Buffer, saves: number): Promise<World> {
  const { partnership } = await createPartnership(db, { name: "Benchmark Safeguarding Children Partnership", slug: "bench" });
  const p = partnership.id;
  await importSettings(db, { partnershipId: p, laCode: LA_CODE, file: extract, fileName: "bench.csv" });
  const register = await db.select({ id: settings.id }).from(settings).where(eq(settings.partnershipId, p)).orderBy(settings.name);
  const settingIds = register.map((s) => s.id);

  // A DSL and a signatory for every setting: the receipts on submission go to them.
  const people = await db
    .insert(users)
    .values(settingIds.flatMap((_, i) => [
      { email: `dsl-${i}@bench.example.org.uk`, name: `DSL ${i}` },
      { email: `head-${i}@bench.example.org.uk`, name: `Head ${i}` },
    ]))
    .returning({ id: users.id, email: users.email });
  const [admin] = await db.insert(users).values({ email: "admin@bench.example.org.uk", name: "Bench Admin" }).returning();
  await db.insert(memberships).values({ userId: admin.id, partnershipId: p, role: "admin" });
  const signatoryOfSetting = new Map<string, string>();
  for (let i = 0; i < settingIds.length; i += 200) {
    const chunk = settingIds.slice(i, i + 200);
    await db.insert(memberships).values(
      chunk.flatMap((settingId, j) => {
        const dsl = people[2 * (i + j)];
        const head = people[2 * (i + j) + 1];
        signatoryOfSetting.set(settingId, head.id);
        return [
          { userId: dsl.id, partnershipId: p, settingId, role: "dsl" as const },
          { userId: head.id, partnershipId: p, settingId, role: "signatory" as const },
        ];
      }),
    );
  }
  const actor: Actor = { id: admin.id, name: "Bench Admin" };

  const v1 = await installFramework(db, p, previousEducationFramework(educationFramework), { now: new Date("2024-07-01") });
  const v2 = await installFramework(db, p, educationFramework, { now: new Date("2026-07-01") });
  // Every cycle names an agency framework; this partnership's settings are all schools.
  const agency = await installFramework(db, p, agencyFramework, { now: new Date("2024-07-01") });

  // Last cycle: every setting started, answered, set two actions, signed off and submitted.
  progress(`last cycle: ${settingIds.length} returns started, answered and submitted...`);
  const previous = await createCycle(db, {
    partnershipId: p,
    name: "Full audit 2024",
    kind: "full",
    status: "open",
    educationFrameworkId: v1.id,
    agencyFrameworkId: agency.id,
    opensOn: "2024-09-09",
    dueOn: "2024-12-13",
  });
  await inviteSettings(db, previous);
  const previousReturns = await returnsOf(db, previous);
  const settingOfReturn = new Map([...previousReturns].map((r) => [r.id, r.settingId]));
  for (const row of previousReturns) {
    await timed("startBlank", async () => startReturn(db, await contextOf(db, p, row), { mode: "blank", actor }));
  }
  await answerEverything(db, previousReturns.map((r) => r.id));
  await db.insert(actions).values(
    previousReturns.flatMap((r, i) => [
      { partnershipId: p, settingId: r.settingId, originReturnId: r.id, standardCode: "5.1", description: "Make sure every member of staff, including supply staff, completes annual safeguarding training", theme: "training" as const, owner: "DSL", dueOn: "2025-03-31" },
      ...(i % 2 === 0
        ? [{ partnershipId: p, settingId: r.settingId, originReturnId: r.id, standardCode: "3.1", description: "Review the child protection policy with governors and publish it", theme: "policy_procedures" as const, owner: "Headteacher", dueOn: "2025-01-31" }]
        : []),
    ]),
  );
  await signOff(db, previousReturns.map((r) => r.id), signatoryOfSetting, settingOfReturn);
  for (const row of previousReturns) {
    const result = await timed("submit", async () => submitReturn(db, await contextOf(db, p, row), { actor }));
    if (!result.ok) throw new Error(`a benchmark return did not submit: ${result.problems[0]?.text}`);
  }
  await setCycleStatus(db, previous, "closed");

  // This cycle, open: a tenth not started, the rest started from last cycle's return; of those,
  // some sections saved through the domain, then two thirds answered and a third submitted.
  progress(`this cycle: returns started from the earlier ones, saved and submitted...`);
  const current = await createCycle(db, {
    partnershipId: p,
    name: "Full audit 2026",
    kind: "full",
    status: "open",
    educationFrameworkId: v2.id,
    agencyFrameworkId: agency.id,
    opensOn: "2026-09-07",
    dueOn: "2026-12-18",
  });
  await inviteSettings(db, current);
  const currentReturns = await returnsOf(db, current);
  for (const row of currentReturns) settingOfReturn.set(row.id, row.settingId);
  const started = currentReturns.filter((_, i) => i % 10 !== 9);
  for (const row of started) {
    await timed("startFromEarlier", async () => startReturn(db, await contextOf(db, p, row), { mode: "earlier", actor }));
  }
  for (const row of started.slice(0, saves)) {
    // The section page's save: load what the page showed, post the first section back reviewed.
    const ctx = await contextOf(db, p, row);
    const shown = await loadAnswers(db, ctx);
    const section = ctx.framework.sections[0];
    const result = await timed("saveSection", () =>
      saveAnswers(db, ctx, {
        actor,
        confirmUnchanged: true,
        entries: shown
          .filter((a) => a.sectionId === section.id)
          .map((a) => ({ standardId: a.standardId, rating: a.rating ?? "met", evidence: `${a.evidence} Checked again this year.`, notes: "", baseRevision: a.revision })),
      }),
    );
    if (!result.ok) throw new Error("a benchmark section save was refused");
  }
  const answered = started.filter((_, i) => i % 3 !== 2);
  await answerEverything(db, answered.map((r) => r.id));
  const toSubmit = answered.filter((_, i) => i % 2 === 0);
  // Carried-forward actions need this year's update before submission.
  const open = await db.select({ id: actions.id, settingId: actions.settingId }).from(actions).where(eq(actions.partnershipId, p));
  const submitting = new Map(toSubmit.map((r) => [r.settingId, r.id]));
  const updates = open
    .filter((a) => submitting.has(a.settingId))
    .map((a) => ({ partnershipId: p, actionId: a.id, returnId: submitting.get(a.settingId)!, status: "done" as const, progressNote: "Completed and checked by the DSL." }));
  for (let i = 0; i < updates.length; i += 500) await db.insert(actionUpdates).values(updates.slice(i, i + 500));
  await signOff(db, toSubmit.map((r) => r.id), signatoryOfSetting, settingOfReturn);
  for (const row of toSubmit) {
    const result = await timed("submit", async () => submitReturn(db, await contextOf(db, p, row), { actor }));
    if (!result.ok) throw new Error(`a benchmark return did not submit: ${result.problems[0]?.text}`);
  }
  const submittedIds = new Set(toSubmit.map((r) => r.id));
  return { partnership, current, inProgress: started.filter((r) => !submittedIds.has(r.id)), settingIds };
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
    options: { quick: { type: "boolean", default: false }, memory: { type: "boolean", default: false } },
    strict: true,
  });
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
    handle = openDatabase({ pgliteDir: dataDir ?? "memory://" });
    await handle.migrate();
    const db = handle.db;
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

    const world = await buildPartnership(db, extract, repetitions.saves);
    const counts = await tableCounts(db);
    progress(`measuring pages, ${repetitions.reads} times each after ${repetitions.warmUp} warm-up loads...`);
    await measurePages(db, world, repetitions);
    const built = performance.now() - started;

    console.log(
      `Data: ${counts.settings} settings (of which ${SETTINGS} in the benchmark partnership), ${counts.returns} returns, ${counts.answers} answers, ${counts.versions} submitted versions, ${counts.actions} actions, ${counts.emails} receipts, ${counts.auditEvents} audit events${dataDir ? `; ${Math.round(directorySize(dataDir) / 1024 / 1024)} MiB on disk` : ""}`,
    );
    console.log("");
    const header = ["operation", "n", "median", "p95", "target p95", ""];
    const rows = (Object.keys(TARGETS_MS) as Operation[]).map((operation) => {
      const values = samples.get(operation) ?? [];
      const p95 = percentile(values, 95);
      const ok = values.length > 0 && p95 <= TARGETS_MS[operation];
      return { operation, ok, cells: [LABELS[operation], String(values.length), ms(percentile(values, 50)), ms(p95), `< ${ms(TARGETS_MS[operation])}`, ok ? "ok" : "MISSED"] };
    });
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r.cells[i].length)));
    const format = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ").trimEnd();
    console.log(format(header));
    for (const row of rows) console.log(format(row.cells));
    console.log("");
    const missed = rows.filter((r) => !r.ok);
    console.log(`Whole run ${ms(built)}.`);
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
