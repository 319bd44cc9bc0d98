// `npm run demo`: the portal with demo data on this computer, from a fresh clone, in one command.
// The build and the database's first start (a copy of the migrated template, decision 018, then
// the demo seed: the slow part of a first run) do not depend on each other, so they run at the
// same time, the build in a child process; this process, which by then holds the database,
// serves the build. Every step says what it is doing, and every start prints the demo's sign-in
// addresses.
//
// The build starts before this process loads the portal's own modules (the database, the domain,
// the seed and the server: about 3 s of CPU), which are imported only once it is under way.
// package.json runs this file with V8's baseline WebAssembly compiler only (--liftoff-only):
// optimising PGlite's PostgreSQL took more CPU than it saved while the seed ran (decision 018).
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ConfigError, getConfig } from "../app/env.server";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const say = (text: string) => console.log(`demo: ${text}`);
const seconds = (since: number) => `${((performance.now() - since) / 1000).toFixed(1)} s`;

function build(): Promise<number> {
  // remix build always makes an optimised (NODE_ENV=production) build, whichever mode serves it.
  const child = spawn("npm", ["run", "--silent", "build"], { cwd: root, stdio: "inherit" });
  return new Promise((resolve) => {
    child.once("error", () => resolve(1));
    child.once("exit", (code) => resolve(code ?? 1));
  });
}

/** The portal's own modules, loaded once the build is under way. */
async function loadPortal() {
  const [db, partnerships, demo, template, server] = await Promise.all([
    import("../app/db.server"),
    import("../app/domain/partnerships.server"),
    import("../db/seed/demo"),
    import("../db/template"),
    import("./server"),
  ]);
  return { ...db, ...partnerships, ...demo, ...template, ...server };
}
type Portal = Awaited<ReturnType<typeof loadPortal>>;

/**
 * A new data directory starts as a copy of the migrated template (decision 018), made by the
 * install or, after a change to db/migrations, here first (this process compiles PGlite as the
 * postinstall's does). If that fails PGlite creates the database in place, as before.
 */
async function createFromTemplate(portal: Portal, dataDir: string): Promise<void> {
  const where = path.relative(process.cwd(), dataDir);
  try {
    if (!portal.hasTemplate()) {
      say("making the migrated database template (once after each install and each change to db/migrations)...");
      const since = performance.now();
      await portal.makeTemplate();
      say(`template made (${seconds(since)})`);
    }
    say(`copying the template to ${where} (first run only)...`);
    if (portal.copyTemplateTo(dataDir)) return;
    say("the template could not be copied");
  } catch (error) {
    say(`the template could not be used (${error instanceof Error ? error.message : String(error)})`);
  }
  say(`creating the embedded database in ${where} (first run only)...`);
}

async function prepareDatabase(portal: Portal) {
  const config = getConfig();
  const embedded = !config.databaseUrl && !config.pgliteDir.startsWith("memory://");
  const firstStart = embedded && !fs.existsSync(path.join(config.pgliteDir, "PG_VERSION"));
  let since = performance.now();
  if (firstStart) await createFromTemplate(portal, config.pgliteDir);
  const db = await portal.getDb();
  if (firstStart) say(`database created (${seconds(since)})`);
  if (await portal.getPartnershipBySlug(db, portal.DEMO_SLUG)) return;
  since = performance.now();
  say("creating the demo partnership: settings, people, last cycle's submitted returns and this cycle's...");
  await portal.seedDemo(db, { onProgress: (text) => say(`  ${text}`) });
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
  const portal = await loadPortal();
  await prepareDatabase(portal);
  const since = performance.now();
  const code = await building;
  if (code !== 0) {
    console.error(`demo: the build failed (exit code ${code}); see above`);
    await portal.getDatabaseHandle().close();
    process.exit(1);
  }
  if (performance.now() - since > 500) say(`build finished (${seconds(since)} after the database)`);
  await portal.startServer();
  // performance.now() counts from this process's start: npm's own start is not in it.
  say(`ready ${seconds(0)} after starting`);
}

main().catch(async (error) => {
  console.error(`demo: could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
