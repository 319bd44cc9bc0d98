// `npm run bench:load` (after `npm run build`): the built portal under load on PostgreSQL.
//
//   npm run bench:load                  # 15 s per target, 50 connections
//   npm run bench:load -- --seconds 5   # shorter, while developing
//
// It starts a throwaway PostgreSQL 15 (as scripts/with-postgres.sh does: a temporary cluster on
// a free loopback port, run as the postgres account when we are root), builds the benchmark
// partnership of `npm run bench` in it (db/seed/bench.ts: 600 settings, last cycle submitted,
// this cycle under way), signs in 50 of its DSLs, each with their own setting and in-progress
// return, and its admin (sessions written straight to the database: no email round trip),
// starts the built server (`tsx scripts/server.ts`, production mode) and keeps 50 connections
// busy (closed loop: each sends its next request when the last one is answered) against each
// target in turn. It prints a markdown table of throughput and latency per target, and whether
// the section page and its save meet the issue's targets. The server, the database and the
// temporary directories are removed at the end, also on failure or Ctrl-C.
//
// It exits 0 whether targets are met or not (the figures depend on the machine, and the load
// generator shares it with the server and the database); 1 with a one-line reason when it
// cannot run. docs/benchmarks.md ("Load") has the figures measured so far.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { count, sql } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import { Pool } from "undici";
import { openDatabase, projectRoot, type DatabaseHandle } from "../db/client";
import { answers, returnVersions, returns, settings } from "../db/schema";
import { resetConfig } from "../app/env.server";
import { createSession, sessionCookieName } from "../app/auth/sessions.server";
import { returnPath } from "../app/domain/return-context.server";
import { buildPartnership, contextOf, generateGiasExtract, SETTINGS, SKIPPED_ROWS } from "../db/seed/bench";

// ---------------------------------------------------------------------------------------------
// What is measured, and what counts as good enough
// ---------------------------------------------------------------------------------------------

const DEFAULTS = { seconds: 15, warmup: 2, connections: 50, maxRequests: 100_000 };

/** The issue's targets at 50 connections, for the pages a DSL spends their time on. */
const TARGETS = { minShareOfFloor: 0.25, maxP95Ms: 250 };

const PG_BIN = process.env.PG_BIN ?? "/usr/lib/postgresql/15/bin";
const SERVER_START_TIMEOUT_MS = 60_000;
const SERVER_STOP_TIMEOUT_MS = 10_000;
const REQUEST_TIMEOUT_MS = 30_000;

/** What a browser sends with every page request (it matters: the server compresses for it). */
const BROWSER_HEADERS = {
  "user-agent": "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36",
  accept: "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
  "accept-language": "en-GB,en;q=0.9",
  "accept-encoding": "gzip, deflate, br",
};

class Failure extends Error {}

const begun = performance.now();

function progress(text: string) {
  process.stderr.write(`  [${((performance.now() - begun) / 1000).toFixed(0).padStart(3)} s] ${text}\n`);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// ---------------------------------------------------------------------------------------------
// A throwaway PostgreSQL server and the portal's server, both removed again whatever happens
// ---------------------------------------------------------------------------------------------

/** Set on Ctrl-C: the load stops at once, then everything is cleaned up. */
let interrupted = false;

/** Things to stop at the end, last started first; each runs once. */
const cleanups: { name: string; run: () => Promise<void> | void; runNow: () => void }[] = [];

async function cleanUp() {
  while (cleanups.length) {
    const step = cleanups.pop()!;
    try {
      await step.run();
    } catch (error) {
      process.stderr.write(`bench:load: could not ${step.name}: ${error instanceof Error ? error.message : String(error)}\n`);
    }
  }
}

// Last resort when the process is leaving without the orderly cleanup (an uncaught error).
process.on("exit", () => {
  while (cleanups.length) {
    try {
      cleanups.pop()!.runNow();
    } catch {
      // Nothing more can be done on the way out.
    }
  }
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error("no free port"))));
    });
  });
}

interface Postgres {
  url: string;
  version: string;
  /** The postmaster's process id: the backends are its children. */
  pid: number | undefined;
}

/**
 * PostgreSQL refuses to run as root: as root the cluster belongs to the `postgres` account and
 * lives under /tmp (which that account can reach); otherwise it runs as us.
 */
async function startPostgres(): Promise<Postgres> {
  if (!fs.existsSync(path.join(PG_BIN, "initdb"))) throw new Failure(`no PostgreSQL server binaries in ${PG_BIN} (install postgresql, or set PG_BIN)`);
  const asRoot = process.getuid?.() === 0;
  if (asRoot && spawnSync("id", ["-u", "postgres"], { stdio: "ignore" }).status !== 0) {
    throw new Failure("running as root needs the postgres account to run PostgreSQL (bash scripts/with-postgres.sh true creates it)");
  }
  const dir = fs.mkdtempSync(path.join(asRoot ? "/tmp" : os.tmpdir(), "portal-load-pg-"));
  let started = false;
  const pgCtl = path.join(PG_BIN, "pg_ctl");
  const asPostgres = (command: string, args: string[], timeoutMs = 120_000) => {
    const [cmd, argv] = asRoot ? ["runuser", ["-u", "postgres", "--", command, ...args]] : [command, args];
    // From "/": the tools complain when they cannot resolve the current directory.
    return spawnSync(cmd, argv, { cwd: "/", encoding: "utf8", timeout: timeoutMs });
  };
  const stopNow = (mode: "fast" | "immediate") => {
    if (started) asPostgres(pgCtl, ["-D", dir, "-m", mode, "-w", "stop"], 30_000);
    started = false;
    fs.rmSync(dir, { recursive: true, force: true });
  };
  cleanups.push({ name: "stop PostgreSQL", run: () => stopNow("fast"), runNow: () => stopNow("immediate") });

  if (asRoot) spawnSync("chown", ["postgres:", dir]);
  const init = asPostgres(path.join(PG_BIN, "initdb"), ["-D", dir, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--locale=C.UTF-8"]);
  if (init.status !== 0) throw new Failure(`initdb failed: ${(init.stderr || init.stdout || String(init.error)).trim().split("\n").pop()}`);
  const port = await freePort();
  // The server's own settings: durable commits (fsync on), as a real installation would run.
  started = true;
  const start = asPostgres(pgCtl, [
    "-D",
    dir,
    "-l",
    path.join(dir, "server.log"),
    "-w",
    "-t",
    "60",
    "-o",
    `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1`,
    "start",
  ]);
  if (start.status !== 0) {
    const log = fs.existsSync(path.join(dir, "server.log")) ? fs.readFileSync(path.join(dir, "server.log"), "utf8").trim().split("\n").pop() : "";
    throw new Failure(`the PostgreSQL server did not start: ${log || start.stderr.trim()}`);
  }
  const version = spawnSync(path.join(PG_BIN, "postgres"), ["--version"], { encoding: "utf8" })
    .stdout.trim()
    .replace(/^postgres \(PostgreSQL\) /, "");
  const pid = Number(fs.readFileSync(path.join(dir, "postmaster.pid"), "utf8").split("\n")[0]) || undefined;
  return { url: `postgres://postgres@127.0.0.1:${port}/postgres`, version, pid };
}

/** Output of the server, kept to the last lines, shown when something goes wrong. */
class OutputTail {
  private lines: string[] = [];
  append(chunk: Buffer) {
    this.lines.push(...chunk.toString().split("\n").filter(Boolean));
    if (this.lines.length > 200) this.lines.splice(0, this.lines.length - 200);
  }
  text(last = 30) {
    return this.lines.slice(-last).join("\n");
  }
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals) {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // The group has gone already.
  }
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once("exit", () => resolve()));
}

interface Portal {
  baseUrl: string;
  output: OutputTail;
  /** The server's process group (tsx and the node process it starts). */
  pgid: number | undefined;
}

async function startPortal(env: NodeJS.ProcessEnv & { BASE_URL: string }, profileDir: string | null): Promise<Portal> {
  const baseUrl = env.BASE_URL;
  const output = new OutputTail();
  // Node refuses --cpu-prof in NODE_OPTIONS: a profiled server is node itself, loading tsx.
  const [command, args] = profileDir
    ? [process.execPath, ["--cpu-prof", `--cpu-prof-dir=${profileDir}`, "--import", "tsx", "scripts/server.ts"]]
    : [path.join(projectRoot(), "node_modules", ".bin", "tsx"), ["scripts/server.ts"]];
  // detached: the server leads its own process group, so tsx and its node child go down together.
  const child = spawn(command, args, {
    cwd: projectRoot(),
    env,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (chunk: Buffer) => output.append(chunk));
  child.stderr?.on("data", (chunk: Buffer) => output.append(chunk));
  let spawnError: Error | undefined;
  child.once("error", (error) => (spawnError = error));
  cleanups.push({
    name: "stop the portal server",
    run: async () => {
      signalGroup(child, "SIGTERM");
      const gone = await Promise.race([exited(child).then(() => true), sleep(SERVER_STOP_TIMEOUT_MS).then(() => false)]);
      if (!gone) signalGroup(child, "SIGKILL");
      // tsx's node child may outlive its parent for a moment.
      await sleep(200);
      signalGroup(child, "SIGKILL");
    },
    runNow: () => signalGroup(child, "SIGKILL"),
  });

  const deadline = Date.now() + SERVER_START_TIMEOUT_MS;
  let lastProblem: string;
  for (;;) {
    if (spawnError || child.exitCode !== null || child.signalCode !== null) {
      throw new Failure(
        `the portal server exited before it was ready (${spawnError?.message ?? `exit ${child.exitCode ?? child.signalCode}`}):\n${output.text()}`,
      );
    }
    try {
      // Ready means the database answers through the server: the route this benchmark's floor is beside.
      const response = await fetch(`${baseUrl}/readyz`, { signal: AbortSignal.timeout(5_000) });
      await response.arrayBuffer();
      if (response.status === 200) break;
      lastProblem = `GET /readyz answered ${response.status}`;
    } catch (error) {
      lastProblem = error instanceof Error ? `${error.message}${error.cause ? ` (${String(error.cause)})` : ""}` : String(error);
    }
    if (Date.now() > deadline)
      throw new Failure(`the portal server was not ready within ${SERVER_START_TIMEOUT_MS / 1000} s (${lastProblem}):\n${output.text()}`);
    await sleep(250);
  }
  return { baseUrl, output, pgid: child.pid };
}

// ---------------------------------------------------------------------------------------------
// Where the CPU goes: the load generator shares the machine with the server and the database
// ---------------------------------------------------------------------------------------------

const CLOCK_TICKS = Number(spawnSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).stdout?.trim()) || 100;

/**
 * CPU seconds used so far by the processes `belongs` picks (by pid, parent pid and process
 * group), from /proc (Linux); null elsewhere.
 */
function cpuSeconds(belongs: (pid: number, ppid: number, pgrp: number) => boolean): number | null {
  if (!fs.existsSync("/proc/self/stat")) return null;
  let ticks = 0;
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
    } catch {
      continue; // gone meanwhile
    }
    // After the command name (which may hold spaces): state, ppid, pgrp, ..., utime (14th), stime (15th).
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    if (belongs(Number(entry), Number(fields[1]), Number(fields[2]))) ticks += Number(fields[11]) + Number(fields[12]);
  }
  return ticks / CLOCK_TICKS;
}

interface CpuSample {
  server: number | null;
  database: number | null;
  generator: number;
}

type CpuMeter = () => CpuSample;

/**
 * The server is its process group (tsx and its node child). PostgreSQL is the postmaster and the
 * backends it forks (each its own process group); the server's connections stay open, so
 * their backends live through the run.
 */
function cpuMeter(serverGroup: number | undefined, postmaster: number | undefined): CpuMeter {
  return () => {
    const own = process.cpuUsage();
    return {
      server: serverGroup === undefined ? null : cpuSeconds((_pid, _ppid, pgrp) => pgrp === serverGroup),
      database: postmaster === undefined ? null : cpuSeconds((pid, ppid) => pid === postmaster || ppid === postmaster),
      generator: (own.user + own.system) / 1e6,
    };
  };
}

function cpuUsed(before: CpuSample, after: CpuSample): CpuSample {
  const minus = (a: number | null, b: number | null) => (a === null || b === null ? null : a - b);
  return { server: minus(after.server, before.server), database: minus(after.database, before.database), generator: after.generator - before.generator };
}

// ---------------------------------------------------------------------------------------------
// The section form, read from the page as a browser would submit it
// ---------------------------------------------------------------------------------------------

function decodeEntities(text: string): string {
  const named: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00a0" };
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, entity: string) => {
    if (entity[0] === "#") return String.fromCodePoint(entity[1].toLowerCase() === "x" ? parseInt(entity.slice(2), 16) : parseInt(entity.slice(1), 10));
    return named[entity.toLowerCase()] ?? whole;
  });
}

function attributes(tag: string): Record<string, string> {
  const found: Record<string, string> = {};
  for (const [, name, value] of tag.matchAll(/\s([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:="([^"]*)")?/g)) found[name.toLowerCase()] = decodeEntities(value ?? "");
  return found;
}

/**
 * The fields the section form submits, in document order: hidden inputs, the checked rating of
 * each standard, and the text areas (the HTML parser drops one newline straight after <textarea>).
 * The button's intent is added by the caller.
 */
function sectionFormFields(html: string): [string, string][] {
  const start = html.search(/<form\b[^>]*\bid="section-form"/);
  const end = start < 0 ? -1 : html.indexOf("</form>", start);
  if (start < 0 || end < 0) throw new Failure("the section page has no section form (is the return still editable?)");
  const form = html.slice(start, end);
  const fields: [string, string][] = [];
  for (const match of form.matchAll(/<input\b[^>]*>|<textarea\b([^>]*)>([\s\S]*?)<\/textarea>/g)) {
    if (match[0].startsWith("<textarea")) {
      const name = attributes(match[1]).name;
      if (name) fields.push([name, decodeEntities(match[2].replace(/^\r?\n/, ""))]);
      continue;
    }
    const input = attributes(match[0]);
    if (!input.name) continue;
    const type = (input.type ?? "text").toLowerCase();
    if ((type === "radio" || type === "checkbox") && !("checked" in input)) continue;
    if (type === "submit" || type === "button") continue;
    fields.push([input.name, input.value ?? ""]);
  }
  return fields;
}

/**
 * One DSL's "Save and come back later" on their own return: the form as the page showed it, with
 * the first standard's evidence changed on every save. Nobody else writes to the return, so
 * after each save the changed standard's revision is one more (the others, left alone, are not
 * written); after a failed save the form is read from the page again.
 */
class SectionSave {
  private fields: [string, string][] = [];
  private evidenceIndex = -1;
  private revisionIndex = -1;
  private originalEvidence = "";
  private saves = 0;
  stale = true;

  constructor(private readonly sectionPath: string) {}

  read(html: string) {
    this.fields = sectionFormFields(html);
    this.evidenceIndex = this.fields.findIndex(([name]) => name.startsWith("evidence."));
    if (this.evidenceIndex < 0) throw new Failure(`the form on ${this.sectionPath} has no evidence field`);
    const standardId = this.fields[this.evidenceIndex][0].slice("evidence.".length);
    this.revisionIndex = this.fields.findIndex(([name]) => name === `revision.${standardId}`);
    if (this.revisionIndex < 0) throw new Failure(`the form on ${this.sectionPath} has no revision for standard ${standardId}`);
    this.originalEvidence = this.fields[this.evidenceIndex][1].replace(/ Looked at again \(\d+\)\.$/, "");
    this.stale = false;
  }

  body(): string {
    this.saves++;
    const fields = [...this.fields];
    fields[this.evidenceIndex] = [fields[this.evidenceIndex][0], `${this.originalEvidence} Looked at again (${this.saves}).`];
    fields.push(["intent", "later"]);
    return new URLSearchParams(fields).toString();
  }

  saved() {
    const [name, revision] = this.fields[this.revisionIndex];
    this.fields[this.revisionIndex] = [name, String(Number(revision) + 1)];
  }
}

// ---------------------------------------------------------------------------------------------
// The load
// ---------------------------------------------------------------------------------------------

interface Planned {
  method: "GET" | "POST";
  path: string;
  headers: Record<string, string>;
  body?: string;
}

interface Target {
  key: string;
  label: string;
  /** The request connection `c` sends next. */
  plan(c: number): Planned;
  /** What the answer should be; anything else is an error. */
  expect: { status: number[]; location?: (c: number) => string };
  /** Told after each answer whether it was right. */
  answered?(c: number, ok: boolean): void;
  /** Before connection `c` sends its next request (not timed). */
  prepare?(c: number): Promise<void>;
  /** Whether the issue sets a target for it. */
  checked?: boolean;
}

interface Result {
  target: Target;
  requests: number;
  errors: Map<string, number>;
  latencies: number[];
  seconds: number;
  bytes: number;
  /** CPU seconds used while it was measured. */
  cpu: CpuSample;
}

/** Nearest-rank percentile, as in scripts/bench.ts. */
function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function send(pool: Pool, planned: Planned): Promise<{ status: number; location: string | undefined; bytes: number }> {
  const response = await pool.request({
    method: planned.method,
    path: planned.path,
    headers: planned.headers,
    body: planned.body,
    headersTimeout: REQUEST_TIMEOUT_MS,
    bodyTimeout: REQUEST_TIMEOUT_MS,
  });
  // The whole body, as a browser reads it (compressed: nothing is decoded here).
  let bytes = 0;
  for await (const chunk of response.body) bytes += (chunk as Buffer).length;
  const location = response.headers.location;
  return { status: response.statusCode, location: Array.isArray(location) ? location[0] : location, bytes };
}

function problemWith(target: Target, c: number, answer: { status: number; location: string | undefined }): string | null {
  const { status, location } = answer;
  const where = location ? ` to ${location.replace(/\?.*$/, "?…")}` : "";
  if (!target.expect.status.includes(status)) return `${status}${where}`;
  const wanted = target.expect.location?.(c);
  if (wanted !== undefined && location !== wanted) return `${status}${where} (not ${wanted})`;
  return null;
}

async function runTarget(
  pool: Pool,
  target: Target,
  meter: CpuMeter,
  options: { connections: number; seconds: number; warmup: number; maxRequests: number },
): Promise<Result> {
  const result: Result = { target, requests: 0, errors: new Map(), latencies: [], seconds: 0, bytes: 0, cpu: { server: 0, database: 0, generator: 0 } };
  const loop = async (until: number, record: boolean, c: number) => {
    while (!interrupted && performance.now() < until && (!record || result.requests < options.maxRequests)) {
      await target.prepare?.(c);
      const planned = target.plan(c);
      if (record) result.requests++;
      const started = performance.now();
      let problem: string | null;
      let bytes = 0;
      try {
        const answer = await send(pool, planned);
        bytes = answer.bytes;
        problem = problemWith(target, c, answer);
      } catch (error) {
        problem = (error as { code?: string }).code ?? (error instanceof Error ? error.message : String(error));
      }
      const elapsed = performance.now() - started;
      target.answered?.(c, problem === null);
      // A request refused at once (no connection) must not spin without letting timers and I/O run.
      if (problem) await new Promise((resolve) => setImmediate(resolve));
      if (!record) continue;
      if (problem) result.errors.set(problem, (result.errors.get(problem) ?? 0) + 1);
      else {
        result.latencies.push(elapsed);
        result.bytes += bytes;
      }
    }
  };
  const connections = Array.from({ length: options.connections }, (_, c) => c);
  if (options.warmup > 0) {
    const until = performance.now() + options.warmup * 1000;
    await Promise.all(connections.map((c) => loop(until, false, c)));
  }
  const cpuBefore = meter();
  const started = performance.now();
  const until = started + options.seconds * 1000;
  await Promise.all(connections.map((c) => loop(until, true, c)));
  result.seconds = (performance.now() - started) / 1000;
  result.cpu = cpuUsed(cpuBefore, meter());
  result.latencies.sort((a, b) => a - b);
  return result;
}

// ---------------------------------------------------------------------------------------------
// Running it
// ---------------------------------------------------------------------------------------------

function machine(postgresVersion: string) {
  const cpuinfo = fs.existsSync("/proc/cpuinfo") ? fs.readFileSync("/proc/cpuinfo", "utf8") : "";
  const model = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1]?.trim() ?? os.cpus()[0]?.model.trim() ?? "unknown CPU";
  const memory = `${Math.round(os.totalmem() / 1024 ** 3)} GiB`;
  return { cores: os.availableParallelism(), model, memory, node: process.version, postgres: postgresVersion };
}

const fmtMs = (value: number) => (Number.isNaN(value) ? "–" : value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${value.toFixed(value < 10 ? 1 : 0)} ms`);
const fmtInt = (value: number) => value.toLocaleString("en-GB");
const fmtBytes = (value: number) => (value >= 1024 ? `${(value / 1024).toFixed(1)} KiB` : `${Math.round(value)} B`);

const row = (cells: string[]) => `| ${cells.join(" | ")} |`;

function report(results: Result[], options: { connections: number; seconds: number }): string[] {
  const floor = results.find((r) => r.target.key === "floor")!;
  const floorRate = floor.latencies.length / floor.seconds;
  const lines = [row(["target", "requests", "errors", "req/s", "% of floor", "p50", "p95", "p99", "body"]), row(["---", ...Array<string>(8).fill("---:")])];
  for (const r of results) {
    const ok = r.latencies.length;
    const rate = ok / r.seconds;
    const [p50, p95, p99] = [50, 95, 99].map((p) => fmtMs(percentile(r.latencies, p)));
    const share = `${((100 * rate) / floorRate).toFixed(0)}%`;
    lines.push(
      row([
        r.target.label,
        fmtInt(r.requests),
        fmtInt(r.requests - ok),
        rate.toFixed(rate < 100 ? 1 : 0),
        share,
        p50,
        p95,
        p99,
        ok ? fmtBytes(r.bytes / ok) : "–",
      ]),
    );
  }
  lines.push("");
  for (const r of results.filter((x) => x.errors.size > 0)) {
    const kinds = [...r.errors].sort((a, b) => b[1] - a[1]).map(([problem, n]) => `${problem} ×${fmtInt(n)}`);
    lines.push(`Errors on ${r.target.label}: ${kinds.join(", ")}`);
    lines.push("");
  }

  // Whether the server, the database or the load generator ran out of CPU first.
  const perRequest = (seconds: number | null, r: Result) => (seconds === null || r.requests === 0 ? "–" : fmtMs((1000 * seconds) / r.requests));
  lines.push(row(["CPU per request", "server", "PostgreSQL", "load generator", "cores busy"]), row(["---", "---:", "---:", "---:", "---:"]));
  for (const r of results) {
    const busy = (r.cpu.server ?? 0) + (r.cpu.database ?? 0) + r.cpu.generator;
    lines.push(
      row([r.target.label, perRequest(r.cpu.server, r), perRequest(r.cpu.database, r), perRequest(r.cpu.generator, r), (busy / r.seconds).toFixed(2)]),
    );
  }
  lines.push("");

  const { minShareOfFloor, maxP95Ms } = TARGETS;
  lines.push(
    `Targets (issue 7), at ${options.connections} connections: at least ${minShareOfFloor * 100}% of the floor's throughput and p95 under ${maxP95Ms} ms.`,
  );
  for (const r of results.filter((x) => x.target.checked)) {
    const share = r.latencies.length / r.seconds / floorRate;
    const p95 = percentile(r.latencies, 95);
    const errors = r.requests - r.latencies.length;
    const verdicts = [
      `${(share * 100).toFixed(0)}% of the floor ${share >= minShareOfFloor ? "(met)" : "(NOT MET)"}`,
      `p95 ${fmtMs(p95)} ${p95 < maxP95Ms ? "(met)" : "(NOT MET)"}`,
      ...(errors ? [`${fmtInt(errors)} errors (NOT MET)`] : []),
    ];
    const met = share >= minShareOfFloor && p95 < maxP95Ms && errors === 0;
    lines.push(`- ${r.target.label}: ${verdicts.join("; ")}: ${met ? "target met" : "TARGET NOT MET"}`);
  }
  return lines;
}

async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      seconds: { type: "string", default: String(DEFAULTS.seconds) },
      warmup: { type: "string", default: String(DEFAULTS.warmup) },
      connections: { type: "string", default: String(DEFAULTS.connections) },
      "max-requests": { type: "string", default: String(DEFAULTS.maxRequests) },
      // Only these targets (keys: home, section, save, returns); the floor always runs.
      only: { type: "string" },
      // Write V8 CPU profiles of the server to this directory (node --cpu-prof), for reading
      // where its time goes; profiling slows the server, so its figures are not the run's.
      profile: { type: "string" },
    },
    strict: true,
  });
  const number = (name: string, value: string, min: number) => {
    const n = Number(value);
    if (!Number.isFinite(n) || n < min) throw new Failure(`--${name} must be a number of at least ${min}`);
    return n;
  };
  const options = {
    seconds: number("seconds", values.seconds, 1),
    warmup: number("warmup", values.warmup, 0),
    connections: Math.floor(number("connections", values.connections, 1)),
    maxRequests: Math.floor(number("max-requests", values["max-requests"], 1)),
    only: values.only ? new Set(values.only.split(",").map((k) => k.trim())) : null,
    profileDir: values.profile ? path.resolve(process.env.INIT_CWD ?? process.cwd(), values.profile) : null,
  };

  const root = projectRoot();
  if (!fs.existsSync(path.join(root, "build", "index.js"))) throw new Failure("build/index.js is missing: run `npm run build` first");

  progress(`starting a throwaway PostgreSQL server...`);
  const postgres = await startPostgres();
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-load-"));
  cleanups.push({
    name: "remove the data directory",
    run: () => fs.rmSync(dataDir, { recursive: true, force: true }),
    runNow: () => fs.rmSync(dataDir, { recursive: true, force: true }),
  });
  // The server's whole environment: nothing of the caller's (their DATABASE_URL, mail settings)
  // reaches it. The benchmark's own domain calls (receipts' links, sessions) read the same.
  const serverEnv = {
    ...Object.fromEntries(["PATH", "HOME", "LANG", "TMPDIR"].flatMap((name) => (process.env[name] ? [[name, process.env[name]!]] : []))),
    NODE_ENV: "production" as const,
    DATABASE_URL: postgres.url,
    PORT: String(port),
    BASE_URL: baseUrl,
    DATA_DIR: dataDir,
    MAIL_TRANSPORT: "file",
    EMAIL_WORKER: "false",
  };
  if (options.profileDir) fs.mkdirSync(options.profileDir, { recursive: true });
  resetConfig({ ...Object.fromEntries(Object.keys(process.env).map((name) => [name, undefined])), ...serverEnv });

  let handle: DatabaseHandle | undefined = openDatabase({ databaseUrl: postgres.url, pgliteDir: "memory://" });
  cleanups.push({ name: "close the benchmark's database connection", run: async () => handle?.close(), runNow: () => {} });
  await handle.migrate();
  const db = handle.db;
  progress(`building the benchmark partnership (${SETTINGS} settings; one to three minutes)...`);
  const built = performance.now();
  // Building is not what is measured: its commits are not waited for. The server under load
  // runs with durable commits again (the setting is reset before it starts).
  await db.execute(sql`alter system set synchronous_commit = off`);
  await db.execute(sql`select pg_reload_conf()`);
  const world = await buildPartnership(db, generateGiasExtract(SETTINGS, SKIPPED_ROWS), { saves: 0, progress });
  if (world.inProgress.length < options.connections)
    throw new Failure(`only ${world.inProgress.length} returns are in progress: use at most that many --connections`);
  // The DSLs' returns, spread over the ones in progress (some answered, some carried forward).
  const step = Math.floor(world.inProgress.length / options.connections);
  const people = await Promise.all(
    world.inProgress
      .filter((_, i) => i % step === 0)
      .slice(0, options.connections)
      .map(async (row) => {
        const ctx = await contextOf(db, world.partnership.id, row);
        const dslId = world.dslOfSetting.get(row.settingId)!;
        const { token } = await createSession(db, dslId);
        return { settingId: row.settingId, sectionPath: `${returnPath(ctx)}/sections/${ctx.framework.sections[0].id}`, returnPath: returnPath(ctx), token };
      }),
  );
  const admin = await createSession(db, world.admin.id);
  const tally = async (table: PgTable) => (await db.select({ n: count() }).from(table))[0].n;
  const data = { settings: await tally(settings), returns: await tally(returns), answers: await tally(answers), versions: await tally(returnVersions) };
  await db.execute(sql`alter system reset synchronous_commit`);
  await db.execute(sql`select pg_reload_conf()`);
  await db.execute(sql`analyze`);
  progress(
    `built in ${((performance.now() - built) / 1000).toFixed(0)} s: ${fmtInt(data.returns)} returns, ${fmtInt(data.answers)} answers, ${fmtInt(
      data.versions,
    )} submitted versions`,
  );
  await handle.close();
  handle = undefined;

  progress(`starting the built server on ${baseUrl}...`);
  const portal = await startPortal(serverEnv, options.profileDir);

  const cookie = (token: string) => `${sessionCookieName()}=${token}`;
  const page = (token: string, pathname: string): Planned => ({ method: "GET", path: pathname, headers: { ...BROWSER_HEADERS, cookie: cookie(token) } });
  const saves = people.map((p) => new SectionSave(p.sectionPath));
  const pool = new Pool(baseUrl, { connections: options.connections, pipelining: 1, keepAliveTimeout: 30_000 });
  cleanups.push({
    name: "close the connections",
    run: async () => {
      await Promise.race([pool.destroy(), sleep(2_000)]);
    },
    runNow: () => {},
  });

  /** Reads connection c's section form from the page, uncompressed, as the browser shows it. */
  const readSectionForm = async (c: number) => {
    const response = await pool.request({
      method: "GET",
      path: people[c].sectionPath,
      headers: { ...BROWSER_HEADERS, "accept-encoding": "identity", cookie: cookie(people[c].token) },
    });
    const html = await response.body.text();
    if (response.statusCode !== 200) throw new Failure(`the section page ${people[c].sectionPath} answered ${response.statusCode}`);
    saves[c].read(html);
  };

  const allTargets: Target[] = [
    { key: "floor", label: "floor: GET /healthz", plan: () => ({ method: "GET", path: "/healthz", headers: BROWSER_HEADERS }), expect: { status: [200] } },
    {
      key: "home",
      label: "signed-in home: GET /home",
      plan: (c) => page(people[c].token, "/home"),
      // A DSL of one setting is sent straight to it.
      expect: { status: [302], location: (c) => `/settings/${people[c].settingId}` },
    },
    { key: "section", label: "section page (own return)", plan: (c) => page(people[c].token, people[c].sectionPath), expect: { status: [200] }, checked: true },
    {
      key: "save",
      label: "save a section (come back later)",
      prepare: async (c) => {
        // After a failed save: if the page cannot be read either, the next save fails and says so.
        if (saves[c].stale) await readSectionForm(c).catch(() => {});
      },
      plan: (c) => ({
        method: "POST",
        path: people[c].sectionPath,
        headers: { ...BROWSER_HEADERS, cookie: cookie(people[c].token), origin: baseUrl, "content-type": "application/x-www-form-urlencoded" },
        body: saves[c].body(),
      }),
      expect: { status: [302, 303], location: (c) => people[c].returnPath },
      answered: (c, ok) => (ok ? saves[c].saved() : (saves[c].stale = true)),
      checked: true,
    },
    {
      key: "returns",
      label: `admin: returns list (${SETTINGS})`,
      plan: () => page(admin.token, `/partnerships/${world.partnership.slug}/returns`),
      expect: { status: [200] },
    },
  ];

  const targets = allTargets.filter((t) => t.key === "floor" || !options.only || options.only.has(t.key));
  progress(`reading the section form of each DSL's return...`);
  await Promise.all(people.map((_, c) => readSectionForm(c)));
  // One request of each, answered as expected, before any load: a wrong set-up says so at once.
  for (const target of targets) {
    await target.prepare?.(0);
    const answer = await send(pool, target.plan(0));
    const problem = problemWith(target, 0, answer);
    target.answered?.(0, problem === null);
    if (problem) throw new Failure(`${target.label} answered ${problem} before any load`);
  }

  const host = machine(postgres.version);
  console.log(
    `Load: ${options.connections} connections, ${options.seconds} s per target after ${options.warmup} s of warm-up; the built server (NODE_ENV=production) on PostgreSQL ${host.postgres}`,
  );
  console.log(`Machine: ${host.cores} cores (${host.model}), ${host.memory} memory, Node ${host.node}; the load generator, the server and PostgreSQL share it`);
  console.log(
    `Data: the benchmark partnership, ${fmtInt(data.settings)} settings, ${fmtInt(data.returns)} returns, ${fmtInt(data.answers)} answers, ${fmtInt(
      data.versions,
    )} submitted versions`,
  );
  // Other work on the machine takes cores from all three: the load average says how much.
  const loadBefore = os.loadavg()[0];
  const meter = cpuMeter(portal.pgid, postgres.pid);
  const results: Result[] = [];
  for (const target of targets) {
    if (interrupted) return;
    progress(`${target.label}: ${options.seconds} s...`);
    results.push(await runTarget(pool, target, meter, options));
  }
  // Figures cut short by Ctrl-C would mislead.
  if (interrupted) return;
  console.log(`Load average (1 min) ${loadBefore.toFixed(1)} before the load, ${os.loadavg()[0].toFixed(1)} at the end (counting this run's own processes).`);
  console.log("");
  for (const line of report(results, options)) console.log(line);
  console.log("");
  console.log("req/s and latencies count answers as expected (status, and where a redirect goes); anything else is an error.");
  if (results.some((r) => r.errors.size > 0)) process.stderr.write(`\nThe server's last lines of output:\n${portal.output.text()}\n`);
}

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    interrupted = true;
    process.stderr.write(`bench:load: stopping (${signal})...\n`);
    void cleanUp().finally(() => process.exit(signal === "SIGINT" ? 130 : 143));
  });
}

main(process.argv.slice(2))
  .then(
    () => {
      process.exitCode = 0;
    },
    (error) => {
      if (interrupted) return;
      const message = error instanceof Error ? error.message : String(error);
      console.error(`bench:load: ${error instanceof Failure ? message : `failed: ${message}`}`);
      process.exitCode = 1;
    },
  )
  .finally(() => (interrupted ? undefined : cleanUp()));
