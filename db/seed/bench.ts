// The benchmark partnership, at the top of the scale in DESIGN.md: 600 settings answering the
// default education framework, a DSL and a signatory for each, last cycle submitted and this
// cycle under way. Built by the scenario builder (scenario.ts) through the domain code the pages
// and the command-line tool use, so `npm run bench` (which times the building) and
// `npm run bench:load` (which puts the built server under load on it) measure the same
// partnership.
import fs from "node:fs";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { projectRoot, type Db } from "../client";
import type { Cycle, Partnership, User } from "../schema";
import { buildScenario, spreadRating, type BuildStep, type ScenarioSetting } from "./scenario";

export { contextOf } from "./scenario";
export type { BuildStep };

/** The top of DESIGN.md's range for one partnership ("50-600 settings"). */
export const SETTINGS = 600;
/** Rows in the extract that an import must skip (closed, not yet open, children's centres). */
export const SKIPPED_ROWS = 30;
export const LA_CODE = "876";
/** Columns of the real download that the fixture leaves out, added so each row is as long. */
const FILLER_COLUMNS = 95;

export interface BuildOptions {
  /** How many returns of this cycle get their first section saved as the section page saves it. */
  saves: number;
  /** Runs each timed step; by default just runs it. */
  timed?: <T>(step: BuildStep, fn: () => Promise<T>) => Promise<T>;
  progress?: (text: string) => void;
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
export function generateGiasExtract(establishments: number, skipped: number, otherAuthorities = 0): Buffer {
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

/** Every standard answered as a person would have by the end: a realistic spread of ratings (a little different each cycle), a paragraph of evidence. */
const answers = (cycle: number) => (s: ScenarioSetting, standard: { index: number }) => ({
  rating: spreadRating(s.index + cycle, standard.index),
  evidence: EVIDENCE[standard.index % EVIDENCE.length],
});

export interface World {
  partnership: Partnership;
  /** The partnership's admin. */
  admin: User;
  current: Cycle;
  inProgress: { id: string; settingId: string }[];
  settingIds: string[];
  /** The DSL (user id) of each setting, by setting id. */
  dslOfSetting: Map<string, string>;
}

export async function buildPartnership(db: Db, extract: Buffer, options: BuildOptions): Promise<World> {
  const admin = { person: "admin" } as const;
  const world = await buildScenario(db, {
    partnership: { name: "Benchmark Safeguarding Children Partnership", slug: "bench" },
    register: { extract: { file: extract, fileName: "bench.csv", laCode: LA_CODE } },
    people: { admin: { email: "admin@bench.example.org.uk", name: "Bench Admin", roles: [{ role: "admin" }] } },
    // A DSL and a signatory for every setting: the receipts on submission go to them.
    perSetting: { dsl: 1, signatory: 1 },
    frameworks: { publishedOn: { earlier: new Date("2024-07-01"), current: new Date("2026-07-01") } },
    hands: { start: admin, answer: admin, actions: admin, submit: admin },
    signOffAs: { name: "Hana Hughes", roleTitle: "Headteacher" },
    // One statement instead of 600 people's worth of form posts: how fast saving is, is
    // measured separately (saveSection).
    writes: "bulk",
    // Last cycle: every setting started, answered, set one or two actions, signed off and submitted.
    earlier: {
      started: "all",
      answer: answers(0),
      actions: ({ index }) => [
        { standardCode: "5.1", description: "Make sure every member of staff, including supply staff, completes annual safeguarding training", theme: "training", owner: "DSL", dueOn: "2025-03-31" },
        ...(index % 2 === 0
          ? [{ standardCode: "3.1", description: "Review the child protection policy with governors and publish it", theme: "policy_procedures" as const, owner: "Headteacher", dueOn: "2025-01-31" }]
          : []),
      ],
    },
    // This cycle, open: a tenth not started, the rest started from last cycle's return; of
    // those, some sections saved through the domain, then two thirds answered and a third submitted.
    current: { started: (SETTINGS / 10) * 9, sectionSaves: options.saves, answered: (SETTINGS / 10) * 6, submitted: (SETTINGS / 10) * 3, answer: answers(1) },
    timed: options.timed,
    progress: options.progress,
  });
  const submitted = new Set(world.current.submitted.map((r) => r.id));
  return {
    partnership: world.partnership,
    admin: world.people.admin,
    current: world.current.cycle,
    inProgress: world.current.started.filter((r) => !submitted.has(r.id)),
    settingIds: world.settings.map((s) => s.id),
    dslOfSetting: new Map([...world.staff].map(([settingId, staff]) => [settingId, staff.dsl[0].id])),
  };
}
