// The benchmark partnership, at the top of the scale in DESIGN.md: 600 settings answering the
// default education framework, a DSL and a signatory for each, last cycle submitted and this
// cycle under way. Built through the domain code the pages and the command-line tool use, so
// `npm run bench` (which times the building) and `npm run bench:load` (which puts the built
// server under load on it) measure the same partnership.
import fs from "node:fs";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { eq, inArray, sql } from "drizzle-orm";
import { projectRoot, type Db } from "../client";
import { actionUpdates, actions, answers, memberships, returns, settings, users, type Cycle, type Partnership, type User } from "../schema";
import { createPartnership } from "../../app/domain/partnerships.server";
import { importSettings } from "../../app/domain/settings-register.server";
import { installFramework } from "../../app/domain/frameworks.server";
import { createCycle, inviteSettings, setCycleStatus } from "../../app/domain/cycles.server";
import { loadReturn, type Actor, type ReturnContext } from "../../app/domain/return-context.server";
import { loadAnswers, saveAnswers, startReturn, submitReturn } from "../../app/domain/returns.server";
import { agencyFramework } from "./frameworks/agency";
import { educationFramework } from "./frameworks/education";
import { previousEducationFramework } from "./demo";

/** The top of DESIGN.md's range for one partnership ("50-600 settings"). */
export const SETTINGS = 600;
/** Rows in the extract that an import must skip (closed, not yet open, children's centres). */
export const SKIPPED_ROWS = 30;
export const LA_CODE = "876";
/** Columns of the real download that the fixture leaves out, added so each row is as long. */
const FILLER_COLUMNS = 95;

/** The steps of building that `npm run bench` times. */
export type BuildStep = "startBlank" | "startFromEarlier" | "saveSection" | "submit";

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

export async function contextOf(db: Db, partnershipId: string, row: { id: string; settingId: string }): Promise<ReturnContext> {
  const ctx = await loadReturn(db, { partnershipId, settingId: row.settingId, returnId: row.id });
  if (!ctx) throw new Error(`return ${row.id} could not be loaded`);
  return ctx;
}

async function returnsOf(db: Db, cycle: Cycle) {
  return db.select({ id: returns.id, settingId: returns.settingId }).from(returns).where(eq(returns.cycleId, cycle.id)).orderBy(returns.id);
}

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
  const timed = options.timed ?? (<T>(_step: BuildStep, fn: () => Promise<T>) => fn());
  const progress = options.progress ?? (() => {});
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
  const dslOfSetting = new Map<string, string>();
  for (let i = 0; i < settingIds.length; i += 200) {
    const chunk = settingIds.slice(i, i + 200);
    await db.insert(memberships).values(
      chunk.flatMap((settingId, j) => {
        const dsl = people[2 * (i + j)];
        const head = people[2 * (i + j) + 1];
        signatoryOfSetting.set(settingId, head.id);
        dslOfSetting.set(settingId, dsl.id);
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
  for (const row of started.slice(0, options.saves)) {
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
  return { partnership, admin, current, inProgress: started.filter((r) => !submittedIds.has(r.id)), settingIds, dslOfSetting };
}
