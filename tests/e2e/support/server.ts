// Starts the real, built portal for one browser-test file: its own temporary data directory
// (embedded PGlite, file email outbox), seeded with the demo data, on a free port.
//
//   let portal: Portal;
//   beforeAll(async () => { portal = await startPortal(); });
//   afterAll(() => portal?.stop());
//   printServerOutputOnFailure(() => portal);
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { beforeEach } from "vitest";

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "..");

const START_TIMEOUT_MS = 60_000;
const SEED_TIMEOUT_MS = 120_000;
const BUILD_TIMEOUT_MS = 300_000;
const STOP_TIMEOUT_MS = 10_000;
const MAX_OUTPUT_CHARS = 1_000_000;

export interface Portal {
  /** http://127.0.0.1:<port>, also the server's BASE_URL (the origin its CSRF check expects). */
  baseUrl: string;
  /** The server's DATA_DIR: PGlite database in db/, email outbox in emails/. */
  dataDir: string;
  /** The server's stdout and stderr so far, or since a mark taken with outputMark(). */
  output(since?: number): string;
  outputMark(): number;
  /** Stops the server (its whole process group) and removes the data directory. */
  stop(): Promise<void>;
}

export interface StartPortalOptions {
  /** Run `portal seed` (the demo data) into the data directory first. Default true. */
  seed?: boolean;
  /** Options for `portal seed`, e.g. ["--without-moderation"]. */
  seedArgs?: string[];
  /** Extra environment for the seed and the server, e.g. SIGN_IN_LIMIT_PER_ADDRESS. */
  env?: Record<string, string>;
}

/** Variables from the caller's environment that must not reach the portal under test. */
const SCRUBBED = [
  "DATABASE_URL",
  "PGLITE_DIR",
  "MAIL_TRANSPORT",
  "SMTP_URL",
  "NOTIFY_API_KEY",
  "NOTIFY_TEMPLATE_ID",
  "NOTIFY_BASE_URL",
  "TRUST_PROXY",
  "NODE_OPTIONS",
];

function childEnv(overrides: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of Object.keys(env)) {
    if (SCRUBBED.includes(name) || name.startsWith("VITEST") || name.startsWith("SIGN_IN_") || name.startsWith("SESSION_")) delete env[name];
  }
  return { ...env, ...overrides };
}

/** Output of a child process, kept to the last MAX_OUTPUT_CHARS characters. */
class OutputBuffer {
  private text = "";
  private dropped = 0;
  append(chunk: Buffer | string) {
    this.text += chunk.toString();
    if (this.text.length > MAX_OUTPUT_CHARS) {
      const cut = this.text.length - MAX_OUTPUT_CHARS;
      this.text = this.text.slice(cut);
      this.dropped += cut;
    }
  }
  mark(): number {
    return this.dropped + this.text.length;
  }
  since(mark = 0): string {
    return this.text.slice(Math.max(0, mark - this.dropped));
  }
}

function spawnInGroup(command: string, args: string[], env: NodeJS.ProcessEnv, output: OutputBuffer): ChildProcess {
  // detached: the child leads its own process group, so npx, tsx and node go down together.
  const child = spawn(command, args, { cwd: projectRoot, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  child.stdout?.on("data", (chunk: Buffer) => output.append(chunk));
  child.stderr?.on("data", (chunk: Buffer) => output.append(chunk));
  return child;
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // The group has gone already.
  }
}

function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once("exit", (code) => resolve(code)));
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function stopGroup(child: ChildProcess): Promise<void> {
  signalGroup(child, "SIGTERM");
  const gone = await Promise.race([exited(child).then(() => true), sleep(STOP_TIMEOUT_MS).then(() => false)]);
  if (!gone) {
    signalGroup(child, "SIGKILL");
    await exited(child);
  }
  // The leader has gone; give the rest of the group (tsx's node child) a moment, then make sure.
  for (let i = 0; i < 20 && child.pid !== undefined; i++) {
    try {
      process.kill(-child.pid, 0);
    } catch {
      return;
    }
    await sleep(100);
  }
  signalGroup(child, "SIGKILL");
}

/** Runs a command to completion; throws with its output when it fails or takes too long. */
async function run(what: string, command: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<string> {
  const output = new OutputBuffer();
  const child = spawnInGroup(command, args, env, output);
  const failedToStart = new Promise<never>((_, reject) => child.once("error", reject));
  failedToStart.catch(() => {});
  const timer = setTimeout(() => signalGroup(child, "SIGKILL"), timeoutMs);
  try {
    const code = await Promise.race([exited(child), failedToStart]);
    if (code !== 0) {
      const reason = code === null ? `was stopped after ${Math.round(timeoutMs / 1000)}s` : `failed with exit code ${code}`;
      throw new Error(`${what} (${[command, ...args].join(" ")}) ${reason}:\n${output.since()}`);
    }
    return output.since();
  } finally {
    clearTimeout(timer);
  }
}

let building: Promise<void> | undefined;

/** `npm run build`, once, if the server build is missing. Browser tests run the built portal. */
export function ensureBuilt(): Promise<void> {
  building ??= (async () => {
    const serverBuild = path.join(projectRoot, "build", "index.js");
    const stylesheet = path.join(projectRoot, "public", "styles", "application.css");
    if (fs.existsSync(serverBuild) && fs.existsSync(stylesheet)) return;
    await run("The build", "npm", ["run", "build"], childEnv({}), BUILD_TIMEOUT_MS);
  })();
  return building;
}

export function freePort(): Promise<number> {
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

/**
 * The demo seed in `dataDir`. With a seed folder from global-setup.ts, each variant (its seed
 * options) is seeded once per run and copied: a copy takes well under a second, a seed many
 * seconds, and every browser-test file starts one or two portals. Files run one at a time, so
 * no two portals seed the same variant at once.
 */
async function seedInto(dataDir: string, env: NodeJS.ProcessEnv, seedArgs: string[]) {
  const command = ["tsx", "scripts/portal.ts", "seed", ...seedArgs];
  const seeds = process.env.PORTAL_E2E_SEEDS;
  if (!seeds) return run("The demo seed", "npx", command, env, SEED_TIMEOUT_MS);
  const template = path.join(seeds, seedArgs.join(" ").replace(/[^a-z-]/gi, "_") || "default");
  if (!fs.existsSync(template)) {
    const partial = `${template}.partial-${process.pid}`;
    fs.rmSync(partial, { recursive: true, force: true });
    fs.mkdirSync(partial, { recursive: true });
    await run("The demo seed", "npx", command, { ...env, DATA_DIR: partial }, SEED_TIMEOUT_MS);
    fs.renameSync(partial, template);
  }
  fs.cpSync(template, dataDir, { recursive: true });
}

export async function startPortal(options: StartPortalOptions = {}): Promise<Portal> {
  await ensureBuilt();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-e2e-"));
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const env = childEnv({
    NODE_ENV: "production",
    DATA_DIR: dataDir,
    PORT: String(port),
    BASE_URL: baseUrl,
    MAIL_TRANSPORT: "file",
    DEV_EMAIL_PAGE: "true",
    EMAIL_WORKER: "true",
    EMAIL_WORKER_INTERVAL_SECONDS: "1",
    // Every request comes from 127.0.0.1: a file with many sign-ins must not hit the per-client limit.
    SIGN_IN_LIMIT_PER_CLIENT: "1000",
    ...options.env,
  });

  const removeDataDir = () => fs.rmSync(dataDir, { recursive: true, force: true });

  // PGlite is one process at a time: seed before the server opens the database.
  if (options.seed ?? true) {
    try {
      await seedInto(dataDir, env, options.seedArgs ?? []);
    } catch (error) {
      removeDataDir();
      throw error;
    }
  }

  const output = new OutputBuffer();
  const child = spawnInGroup("npx", ["tsx", "scripts/server.ts"], env, output);
  let spawnError: Error | undefined;
  let stopping = false;
  child.once("error", (error) => (spawnError = error));
  child.once("exit", (code, signal) => {
    // Said in the output, so a failing test shows when the server went away under it.
    if (!stopping) output.append(`\n[the portal server exited unexpectedly: ${signal ? `signal ${signal}` : `exit code ${code}`}]\n`);
  });

  const stop = async () => {
    stopping = true;
    await stopGroup(child);
    removeDataDir();
  };

  const deadline = Date.now() + START_TIMEOUT_MS;
  let lastProblem: string;
  for (;;) {
    if (spawnError || child.exitCode !== null || child.signalCode !== null) {
      await stop();
      throw new Error(
        `The portal server exited before it answered (${spawnError?.message ?? `exit code ${child.exitCode ?? child.signalCode}`}):\n${output.since()}`,
      );
    }
    try {
      const response = await fetch(`${baseUrl}/`, { redirect: "manual", signal: AbortSignal.timeout(5_000) });
      await response.arrayBuffer();
      if (response.status === 200) break;
      lastProblem = `GET / answered ${response.status}`;
    } catch (error) {
      lastProblem = error instanceof Error ? `${error.message}${error.cause ? ` (${String(error.cause)})` : ""}` : String(error);
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`The portal server did not answer GET / with 200 within ${START_TIMEOUT_MS / 1000}s (${lastProblem}):\n${output.since()}`);
    }
    await sleep(250);
  }

  return {
    baseUrl,
    dataDir,
    output: (since) => output.since(since),
    outputMark: () => output.mark(),
    stop,
  };
}

/**
 * Prints what the server wrote during a test, but only when that test fails. Call at the top of
 * a test file (or inside a describe) with a getter for the portal started in beforeAll.
 */
export function printServerOutputOnFailure(getPortal: () => Portal | undefined): void {
  beforeEach(({ onTestFailed }) => {
    const portal = getPortal();
    if (!portal) return;
    const mark = portal.outputMark();
    onTestFailed(() => {
      const text = portal.output(mark).trim();
      console.error(`--- portal server output during this test (${portal.baseUrl}) ---\n${text || "(nothing)"}\n--- end of server output ---`);
    });
  });
}
