// `npm run bench:export` (issue 13): the findings at national scale on a real PostgreSQL server
// (scripts/with-postgres.sh starts a throwaway one). It generates, in set-based statements
// (generate_series, no row-by-row inserts), a partnership of 30,000 settings with a full audit
// two years ago and the current one: 60 standards, about 92% submitted with a realistic spread of
// ratings, 60% of submissions moderated (a tenth of judgements revised), challenges, and two
// actions a setting from the earlier audit. Then, in the same run, it times:
//   - PostgreSQL COPY of the current cycle's answer rows (the Returns sheet's: every standard of
//     each submitted return's latest version) to STDOUT, drained;
//   - the findings page's database work (findingsPage, as its loader asks it: the figures, the
//     first 200 non-submitters and moved ratings), warm, median of 3;
//   - `portal export` of the workbook in a child process, wall time and peak resident memory
//     (/usr/bin/time), and the same for each sheet as CSV;
//   - for decision 022, the Returns sheet alone written by xlsx's community edition in a child
//     process (it builds the whole sheet in memory), wall time and peak memory.
// Options: --returns N (default 30000), --standards N (default 60). Prints a Markdown table.
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { sql } from "drizzle-orm";
import { openDatabase, projectRoot } from "../db/client";
import { findingsPage, loadFindingsCycle, returnCodes, returnRows } from "../app/domain/findings.server";

const { values } = parseArgs({
  options: {
    returns: { type: "string", default: "30000" },
    standards: { type: "string", default: "60" },
    "xlsx-community": { type: "string" },
    out: { type: "string" },
    profile: { type: "boolean" },
    explain: { type: "string" },
    "export-profile": { type: "string" },
  },
});
const url = process.env.DATABASE_URL;
if (!url) {
  console.error("bench:export: [${new Date().toISOString().slice(11, 19)}] DATABASE_URL is not set; run it as npm run bench:export (scripts/with-postgres.sh starts a server)");
  process.exit(1);
}

// The child for decision 022: the Returns sheet by xlsx's community edition, in memory.
if (values["xlsx-community"]) {
  const XLSX = await import("xlsx");
  const handle = openDatabase({ databaseUrl: url, pgliteDir: "memory://" });
  const [row] = (await handle.db.execute(sql`select partnership_id from cycles where id = ${values["xlsx-community"]}::uuid`)) as unknown as { partnership_id: string }[];
  const cycle = (await loadFindingsCycle(handle.db, row.partnership_id, values["xlsx-community"]))!;
  const codes = await returnCodes(handle.db, cycle, {});
  const aoa: unknown[][] = [["Setting", "URN or reference", "Type of setting", "Statutory basis", "Status", "Submitted at", "Version", ...codes.flatMap((c) => [`${c} self-assessed`, `${c} moderated`])]];
  for await (const batch of returnRows(handle.db, cycle, {})) {
    for (const r of batch) aoa.push([r.settingName, r.urnOrReference, r.type, r.basis, r.status, r.submittedAt, r.version, ...codes.flatMap((c) => [r.self[c] ?? "", r.moderated[c] ?? ""])]);
  }
  const ws = XLSX.utils.aoa_to_sheet(aoa, { cellDates: true });
  ws["!autofilter"] = { ref: `A1:${XLSX.utils.encode_col(aoa[0].length - 1)}1` };
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, ws, "Returns");
  XLSX.writeFile(wb, values.out!, { compression: true });
  await handle.close();
  process.exit(0);
}

const RETURNS = Number(values.returns);
const STANDARDS = Number(values.standards);
const progress = (text: string) => process.stderr.write(`bench:export: [${new Date().toISOString().slice(11, 19)}] ${text}\n`);
const handle = openDatabase({ databaseUrl: url, pgliteDir: "memory://" });
await handle.migrate();
const db = handle.db;
const run = (q: ReturnType<typeof sql>) => db.execute(q);
const rows = async <T>(q: ReturnType<typeof sql>) => (await db.execute(q)) as unknown as T[];

// The findings' triggers (decision 024) would recount every return each set-based insert touches,
// planned against tables not yet analysed; a bulk load instead switches them off, then rebuilds
// the counts once after analyze (timed below).
const FINDINGS_TABLES = ["version_answers", "moderation_assignments", "judgements", "challenges", "returns", "settings"];
for (const table of FINDINGS_TABLES) await run(sql.raw(`alter table ${table} disable trigger user`));
const started = performance.now();
progress(`generating ${RETURNS.toLocaleString("en-GB")} returns × ${STANDARDS} standards in two cycles...`);
const [{ id: p }] = await rows<{ id: string }>(sql`insert into partnerships (slug, name) values ('national', 'National benchmark partnership') returning id`);
const [{ id: fw }] = await rows<{ id: string }>(
  sql`insert into frameworks (partnership_id, kind, version, title, status, published_at) values (${p}::uuid, 'education', 1, 'National standards', 'published', now()) returning id`,
);
const [{ id: agencyFw }] = await rows<{ id: string }>(
  sql`insert into frameworks (partnership_id, kind, version, title, status, published_at) values (${p}::uuid, 'agency', 1, 'Agency standards', 'published', now()) returning id`,
);
await run(sql`insert into framework_sections (partnership_id, framework_id, code, title, position)
  select ${p}::uuid, f.id, s::text, 'Section ' || s, s from generate_series(1, 6) s cross join (values (${fw}::uuid), (${agencyFw}::uuid)) f(id)`);
await run(sql`insert into standards (partnership_id, framework_id, section_id, code, title, guidance, position)
  select ${p}::uuid, sec.framework_id, sec.id, sec.code || '.' || n, 'Standard ' || sec.code || '.' || n, 'Guidance', n
  from framework_sections sec cross join generate_series(1, ${Math.ceil(STANDARDS / 6)}) n where sec.partnership_id = ${p}::uuid`);
const mix = `case when i % 100 < 50 then 'primary' when i % 100 < 62 then 'secondary' when i % 100 < 72 then 'nursery' when i % 100 < 84 then 'academy'
  when i % 100 < 87 then 'special' when i % 100 < 89 then 'fe_college' when i % 100 < 90 then 'independent' when i % 100 < 94 then 'police'
  when i % 100 < 97 then 'health' else 'council_service' end`;
await run(sql.raw(`insert into settings (partnership_id, urn, reference, name, type, basis)
  select '${p}'::uuid, case when i % 100 < 90 then (100000 + i)::text end, case when i % 100 >= 90 then 'AG' || i end, 'Setting ' || lpad(i::text, 6, '0'),
    (${mix})::setting_type, (case when i % 100 >= 90 then 's11' when i % 100 between 72 and 83 or i % 100 = 89 then 's157' else 's175' end)::statutory_basis
  from generate_series(1, ${RETURNS}) i`));
await run(sql`insert into users (email, name) select 'dsl-' || i || '@national.example.org.uk', 'DSL ' || i from generate_series(1, ${RETURNS}) i`);
await run(sql`insert into memberships (user_id, partnership_id, setting_id, role)
  select u.id, ${p}::uuid, s.id, 'dsl' from settings s join users u on u.email = 'dsl-' || ltrim(substr(s.name, 9), '0') || '@national.example.org.uk' where s.partnership_id = ${p}::uuid`);
await run(sql`insert into users (email, name) select 'panel-' || i || '@national.example.org.uk', 'Panel ' || i from generate_series(1, 40) i`);
const cycleIds: string[] = [];
for (const [name, opens, due, closes, status, sub] of [
  ["Full audit 2024", "2024-09-09", "2024-12-13", "2025-01-31", "closed", 90],
  ["Full audit 2026", "2026-09-07", "2026-12-18", "2027-01-29", "open", 92],
] as const) {
  const [{ id: c }] = await rows<{ id: string }>(sql`insert into cycles (partnership_id, name, kind, status, education_framework_id, agency_framework_id, opens_on, due_on, closes_on)
    values (${p}::uuid, ${name}, 'full', ${status}, ${fw}::uuid, ${agencyFw}::uuid, ${opens}::date, ${due}::date, ${closes}::date) returning id`);
  cycleIds.push(c);
  // Returns: `sub`% submitted (hash of the setting), the rest half started.
  await run(sql`insert into returns (partnership_id, cycle_id, setting_id, framework_id, status, started_at)
    select ${p}::uuid, ${c}::uuid, s.id, case when s.basis = 's11' then ${agencyFw}::uuid else ${fw}::uuid end,
      (case when abs(hashtext(s.id::text || ${c})) % 100 < ${sub} then 'submitted' when abs(hashtext(s.id::text)) % 2 = 0 then 'in_progress' else 'not_started' end)::return_status,
      ${opens}::date + 7
    from settings s where s.partnership_id = ${p}::uuid`);
  await run(sql`insert into return_versions (partnership_id, return_id, number, snapshot, submitted_at)
    select ${p}::uuid, r.id, 1, '{}'::jsonb, ${due}::timestamptz - interval '20 days' + (abs(hashtext(r.id::text)) % 40) * interval '1 day'
    from returns r where r.cycle_id = ${c}::uuid and r.status = 'submitted'`);
  // Ratings: of every 100 answers about 5 not met, 15 partially met, 65 met, 15 exceeds; a third of Exceeds thin.
  await run(sql`insert into version_answers (partnership_id, version_id, return_id, cycle_id, setting_id, version_number, standard_id, standard_code, section_code, rating, evidence_length, unsupported_exceeds)
    select ${p}::uuid, rv.id, r.id, r.cycle_id, r.setting_id, 1, st.id, st.code, split_part(st.code, '.', 1), x.rating::rating,
      case when x.h % 3 = 0 then 40 else 400 end, x.rating = 'exceeds' and x.h % 3 = 0
    from returns r join return_versions rv on rv.return_id = r.id join standards st on st.framework_id = r.framework_id
    cross join lateral (select abs(hashtext(rv.id::text || st.code)) % 100 as h) hh
    cross join lateral (select hh.h, case when hh.h < 5 then 'not_met' when hh.h < 20 then 'partially_met' when hh.h < 85 then 'met' else 'exceeds' end as rating) x
    where r.cycle_id = ${c}::uuid`);
  progress(`${name}: returns and answers written (${Math.round((performance.now() - started) / 1000)} s)`);
}
const [previousId, currentId] = cycleIds;
// Moderation of the current cycle: 60% of submissions, by a panel of 40; outcomes 70% agreed.
await run(sql`insert into moderation_assignments (partnership_id, return_id, moderator_user_id, role, status, outcome, completed_at)
  select ${p}::uuid, r.id, panel.ids[1 + abs(hashtext(r.id::text)) % 40], 'primary', 'completed',
    (case when abs(hashtext(r.id::text || 'o')) % 100 < 70 then 'agreed' when abs(hashtext(r.id::text || 'o')) % 100 < 95 then 'agreed_with_changes' else 'not_agreed' end)::moderation_outcome,
    now()
  from returns r cross join (select array_agg(id order by email) as ids from users where email like 'panel-%') panel
  where r.cycle_id = ${currentId}::uuid and r.status = 'submitted' and abs(hashtext(r.id::text || 'm')) % 100 < 60`);
await run(sql`insert into judgements (partnership_id, assignment_id, return_id, standard_id, standard_code, verdict, moderated_rating)
  select ${p}::uuid, ma.id, ma.return_id, va.standard_id, va.standard_code,
    (case when x.revised then 'revised' else 'agree' end)::judgement_verdict,
    case when x.revised then (case va.rating when 'exceeds' then 'met' when 'met' then 'partially_met' when 'partially_met' then 'met' else 'partially_met' end)::rating end
  from moderation_assignments ma join return_versions rv on rv.return_id = ma.return_id join version_answers va on va.version_id = rv.id
  cross join lateral (select (abs(hashtext(va.version_id::text || va.standard_code || 'j')) % 100 < case when va.rating = 'exceeds' then 40 else 6 end) as revised) x
  where ma.partnership_id = ${p}::uuid`);
await run(sql`insert into challenges (partnership_id, return_id, standard_id, standard_code, raised_by_user_id, assignment_id, status, suggested_rating, version_number)
  select ${p}::uuid, j.return_id, j.standard_id, j.standard_code, ma.moderator_user_id, ma.id,
    (case when abs(hashtext(j.id::text)) % 2 = 0 then 'revised' else 'upheld' end)::challenge_status, 'met', 1
  from judgements j join moderation_assignments ma on ma.id = j.assignment_id where j.partnership_id = ${p}::uuid and j.verdict = 'revised' and j.moderated_rating = 'met'`);
// Two actions a setting from the earlier audit (most about training); 80% of settings finished theirs.
await run(sql`insert into actions (partnership_id, setting_id, origin_return_id, description, theme, owner, status, due_on)
  select ${p}::uuid, r.setting_id, r.id, 'Action ' || n, (array['training','training','training','policy_procedures','governance','safer_recruitment','record_keeping','curriculum_online_safety','multi_agency_escalation','attendance'])[1 + abs(hashtext(r.id::text || n)) % 10]::action_theme,
    'DSL', (case when abs(hashtext(r.setting_id::text)) % 100 < 80 then 'done' when n = 1 then 'in_progress' else 'open' end)::action_status, '2025-06-30'
  from returns r cross join generate_series(1, 2) n where r.cycle_id = ${previousId}::uuid and r.status = 'submitted'`);
await run(sql`analyze`);
for (const table of FINDINGS_TABLES) await run(sql.raw(`alter table ${table} enable trigger user`));
const generated = (performance.now() - started) / 1000;
// --explain recount prints PostgreSQL's plans of one batch of the recount (auto_explain, in the
// server's log), rolled back, before the timed recount of everything.
if (values.explain === "recount") {
  const logFile = (await rows<{ f: string }>(sql`select current_setting('data_directory') || '/server.log' as f`))[0].f;
  const logStart = Number((await rows<{ n: string }>(sql`select (pg_stat_file(${logFile})).size as n`))[0].n);
  await db
    .transaction(async (tx) => {
      await tx.execute(sql`load 'auto_explain'`);
      for (const setting of ["log_min_duration = 50", "log_analyze = on", "log_nested_statements = on", "log_buffers = on"]) await tx.execute(sql.raw(`set local auto_explain.${setting}`));
      await tx.execute(sql`select findings_recount_batch(array(select id from returns where partnership_id = ${p}::uuid order by id limit 500))`);
      throw new Error("rolled back");
    })
    .catch((error: Error) => {
      if (error.message !== "rolled back") throw error;
    });
  const log = (await rows<{ t: string }>(sql`select pg_read_file(${logFile}, ${logStart}, 10000000) as t`))[0].t;
  console.error(log);
}
const recountStarted = performance.now();
await run(sql`select findings_recount(array(select id from returns where partnership_id = ${p}::uuid))`);
await run(sql`analyze findings_returns`);
await run(sql`analyze findings_tallies`);
const recount = (performance.now() - recountStarted) / 1000;
progress(`findings' running counts rebuilt from nothing in ${recount.toFixed(1)} s`);
const [counts] = await rows<Record<string, string>>(sql`select
  (select count(*) from returns where cycle_id = ${currentId}::uuid) as returns,
  (select count(*) from return_versions rv join returns r on r.id = rv.return_id where r.cycle_id = ${currentId}::uuid) as submitted,
  (select count(*) from version_answers where cycle_id = ${currentId}::uuid) as answers,
  (select count(*) from moderation_assignments) as moderated, (select count(*) from judgements) as judgements,
  (select count(*) from challenges) as challenges, (select count(*) from actions) as actions,
  (select count(*) from version_answers) as all_answers`);
progress(`generated in ${generated.toFixed(1)} s: ${JSON.stringify(counts)}`);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// COPY of the same answer rows as the Returns sheet: each submitted return's latest version's answers.
const copyQuery = `copy (select r.id, s.name, va.standard_code, va.rating from returns r join settings s on s.id = r.setting_id
  join (select return_id, max(number) n from return_versions group by return_id) m on m.return_id = r.id
  join return_versions rv on rv.return_id = r.id and rv.number = m.n join version_answers va on va.version_id = rv.id
  where r.cycle_id = '${currentId}' order by s.name, r.id) to stdout`;
const copyTimes: number[] = [];
let copyBytes = 0;
const psql = "/usr/lib/postgresql/15/bin/psql";
for (let i = 0; i < 3; i++) {
  const t = performance.now();
  const copied = spawnSync(psql, [url, "-X", "-q", "-c", copyQuery], { stdio: ["ignore", "pipe", "pipe"], maxBuffer: 2 ** 31 - 1 });
  copyTimes.push((performance.now() - t) / 1000);
  if (copied.status !== 0) throw new Error(`COPY failed: ${copied.stderr}`);
  copyBytes = copied.stdout.length;
}
const copy = median(copyTimes);
progress(`COPY (psql, drained by this process): ${copyTimes.map((t) => t.toFixed(2)).join(", ")} s (${(copyBytes / 1e6).toFixed(1)} MB)`);

// The findings page's database work, warm.
const cycle = (await loadFindingsCycle(db, p, currentId))!;
if (values.profile) {
  const f = await import("../app/domain/findings.server");
  const prev = (await f.previousCycleOfSameKind(db, cycle))!;
  for (const [name, fn] of [
    ["headline", () => f.headlineFigures(db, cycle, {})],
    ["participation", () => f.participation(db, cycle, {})],
    ["standards", () => f.standardFindings(db, cycle, {})],
    ["themes", () => f.outstandingByTheme(db, cycle, {})],
    ["nonSubmitters", () => f.nonSubmitters(db, cycle, {}, 200)],
    ["moved", () => f.movedRatings(db, cycle, prev, {}, 200)],
  ] as const) {
    const t = performance.now();
    await (fn as () => Promise<unknown>)();
    progress(`profile ${name}: ${(performance.now() - t).toFixed(0)} ms`);
  }
}
// --explain NAME prints PostgreSQL's plan, with timings, of every statement one figure runs.
if (values.explain) {
  const f = await import("../app/domain/findings.server");
  const prev = (await f.previousCycleOfSameKind(db, cycle))!;
  const explaining = new Proxy(db, {
    get: (target, key) =>
      key === "execute"
        ? async (q: ReturnType<typeof sql>) => {
            const plan = (await target.execute(sql`explain (analyze, buffers) ${q}`)) as unknown as { "QUERY PLAN": string }[];
            console.error(plan.map((line) => line["QUERY PLAN"]).join("\n"));
            return target.execute(q);
          }
        : Reflect.get(target, key),
  });
  const figures: Record<string, () => Promise<unknown>> = {
    headline: () => f.headlineFigures(explaining, cycle, {}),
    standards: () => f.standardFindings(explaining, cycle, {}),
    themes: () => f.outstandingByTheme(explaining, cycle, {}),
    nonSubmitters: () => f.nonSubmitters(explaining, cycle, {}, 200),
    moved: () => f.movedRatings(explaining, cycle, prev, {}, 200),
  };
  await figures[values.explain]?.();
}
const pageTimes: number[] = [];
for (let i = 0; i < 4; i++) {
  const t = performance.now();
  await findingsPage(db, cycle, {}, 200);
  if (i > 0) pageTimes.push(performance.now() - t);
}
const filteredTimes: number[] = [];
for (let i = 0; i < 1; i++) {
  const t = performance.now();
  await findingsPage(db, cycle, { settingType: "primary" }, 200);
  filteredTimes.push(performance.now() - t);
}
progress(`findings page: ${pageTimes.map((t) => t.toFixed(0)).join(", ")} ms; filtered to primary: ${filteredTimes.map((t) => t.toFixed(0)).join(", ")} ms`);
await handle.close();

// The export, in a child process each, measured from outside.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-export-"));
const timed = (args: string[]) => {
  const out = spawnSync("/usr/bin/time", ["-f", "%e %M", ...args], { cwd: projectRoot(), encoding: "utf8", env: process.env });
  if (out.status !== 0) throw new Error(`${args.join(" ")} failed: ${out.stderr}`);
  const [wall, kb] = out.stderr.trim().split("\n").pop()!.split(" ").map(Number);
  return { wall, peakMiB: kb / 1024 };
};
const tsx = path.join(projectRoot(), "node_modules", ".bin", "tsx");
const startup = timed([tsx, "scripts/portal.ts", "help"]);
const xlsxFile = path.join(dir, "findings.xlsx");
// --export-profile DIR: the workbook export writes a V8 CPU profile there (read it with
// scripts/profile-summary.ts); its time is then the profiled one.
const exportProfile = values["export-profile"];
const exporter = exportProfile ? [process.execPath, "--cpu-prof", `--cpu-prof-dir=${path.resolve(exportProfile)}`, "--import", "tsx"] : [tsx];
const workbook = timed([...exporter, "scripts/portal.ts", "export", "--cycle", currentId, "--out", xlsxFile]);
const csvs = timed([tsx, "scripts/portal.ts", "export", "--cycle", currentId, "--format", "csv", "--out", path.join(dir, "csv")]);
const community = timed([tsx, "scripts/bench-export.ts", "--xlsx-community", currentId, "--out", path.join(dir, "community.xlsx")]);
const size = (f: string) => fs.statSync(f).size / 1e6;
const csvSize = fs.readdirSync(path.join(dir, "csv")).reduce((n, f) => n + fs.statSync(path.join(dir, "csv", f)).size, 0) / 1e6;

const cpu = os.cpus()[0]?.model ?? "unknown CPU";
const pgVersion = execFileSync("/usr/lib/postgresql/15/bin/postgres", ["--version"], { encoding: "utf8" }).trim();
const lines = [
  `National-scale findings export, ${new Date().toISOString().slice(0, 10)}: ${Number(counts.returns).toLocaleString("en-GB")} returns (${Number(counts.submitted).toLocaleString("en-GB")} submitted) × ${STANDARDS} standards = ${Number(counts.answers).toLocaleString("en-GB")} answer rows in the cycle (${Number(counts.all_answers).toLocaleString("en-GB")} with the previous cycle), ${Number(counts.moderated).toLocaleString("en-GB")} moderated returns, ${Number(counts.judgements).toLocaleString("en-GB")} judgements, ${Number(counts.challenges).toLocaleString("en-GB")} challenges, ${Number(counts.actions).toLocaleString("en-GB")} actions; generated in ${generated.toFixed(0)} s.`,
  `Machine: ${os.cpus().length} × ${cpu}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, load ${os.loadavg().map((l) => l.toFixed(1)).join(" ")}, Node ${process.version}, ${pgVersion}.`,
  "",
  "| measure | figure |",
  "|---|---|",
  `| rebuilding the findings' running counts of both cycles from nothing (findings_recount, once) | ${recount.toFixed(1)} s |`,
  `| PostgreSQL COPY of the answer rows TO STDOUT through psql, drained (median of 3) | ${copy.toFixed(2)} s (${(copyBytes / 1e6).toFixed(0)} MB) |`,
  `| workbook export (portal export, whole process) | ${workbook.wall.toFixed(2)} s, peak ${workbook.peakMiB.toFixed(0)} MiB, ${size(xlsxFile).toFixed(1)} MB |`,
  `| of which starting the command (portal help) | ${startup.wall.toFixed(2)} s, peak ${startup.peakMiB.toFixed(0)} MiB |`,
  `| export ÷ COPY (whole process; less start-up) | ${(workbook.wall / copy).toFixed(2)} ; ${((workbook.wall - startup.wall) / copy).toFixed(2)} |`,
  `| every sheet as CSV (portal export --format csv) | ${csvs.wall.toFixed(2)} s, peak ${csvs.peakMiB.toFixed(0)} MiB, ${csvSize.toFixed(1)} MB |`,
  `| Returns sheet alone by xlsx community (in memory), for decision 022 | ${community.wall.toFixed(2)} s, peak ${community.peakMiB.toFixed(0)} MiB, ${size(path.join(dir, "community.xlsx")).toFixed(1)} MB |`,
  `| findings page database time, all settings (median of 3, warm) | ${median(pageTimes).toFixed(0)} ms (${pageTimes.map((t) => t.toFixed(0)).join(", ")}) |`,
  `| findings page database time, primary schools only (one run) | ${median(filteredTimes).toFixed(0)} ms |`,
];
console.log(lines.join("\n"));
fs.rmSync(dir, { recursive: true, force: true });
