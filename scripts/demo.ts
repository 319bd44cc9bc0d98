// `npm run demo`: the portal with demo data on this computer, from a fresh clone, in one command.
// The build and the database's first start (PGlite creating its files, the migrations, the demo
// seed: the slow part of a first run) do not depend on each other, so they run at the same time,
// the build in a child process; this process, which by then holds the database, serves the build.
// Every step says what it is doing, and every start prints the demo's sign-in addresses.
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { getDatabaseHandle, getDb } from "../app/db.server";
import { getPartnershipBySlug } from "../app/domain/partnerships.server";
import { ConfigError, getConfig } from "../app/env.server";
import { DEMO_SLUG, seedDemo } from "../db/seed/demo";
import { projectRoot } from "../db/client";
import { startServer } from "./server";

const started = performance.now();
const say = (text: string) => console.log(`demo: ${text}`);
const seconds = (since: number) => `${((performance.now() - since) / 1000).toFixed(1)} s`;

function build(): Promise<number> {
  // remix build always makes an optimised (NODE_ENV=production) build, whichever mode serves it.
  const child = spawn("npm", ["run", "--silent", "build"], { cwd: projectRoot(), stdio: "inherit" });
  return new Promise((resolve) => {
    child.once("error", () => resolve(1));
    child.once("exit", (code) => resolve(code ?? 1));
  });
}

async function prepareDatabase() {
  const config = getConfig();
  const firstStart = !config.databaseUrl && !fs.existsSync(path.join(config.pgliteDir, "PG_VERSION"));
  let since = performance.now();
  if (firstStart) say(`creating the embedded database in ${path.relative(process.cwd(), config.pgliteDir)} (first run only)...`);
  const db = await getDb();
  if (firstStart) say(`database created (${seconds(since)})`);
  if (await getPartnershipBySlug(db, DEMO_SLUG)) return;
  since = performance.now();
  say("creating the demo partnership: settings, people, last cycle's submitted returns and this cycle's...");
  await seedDemo(db, { onProgress: (text) => say(`  ${text}`) });
  say(`demo data created (${seconds(since)})`);
}

async function main() {
  try {
    getConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  say("building the portal and preparing its database at the same time");
  const building = build();
  await prepareDatabase();
  const since = performance.now();
  const code = await building;
  if (code !== 0) {
    console.error(`demo: the build failed (exit code ${code}); see above`);
    await getDatabaseHandle().close();
    process.exit(1);
  }
  if (performance.now() - since > 500) say(`build finished (${seconds(since)} after the database)`);
  await startServer();
  say(`ready ${seconds(started)} after starting`);
}

main().catch(async (error) => {
  console.error(`demo: could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
