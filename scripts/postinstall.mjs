// npm runs this after `npm install` and `npm ci` (the project's own install script; npm 11 runs
// it without approval, unlike its dependencies'). It makes the migrated database template the
// first `npm run demo` copies instead of running PostgreSQL's initdb (db/template.ts, decision
// 018). It must never fail an install: on any failure it says so and exits 0, and the first
// start that needs the template makes it. Plain JavaScript, so that even a broken tsx cannot
// stop the install.
import { spawnSync } from "node:child_process";
import path from "node:path";
import process from "node:process";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
// --liftoff-only: V8 compiles PGlite's WebAssembly with its baseline compiler only. This process
// runs initdb once and exits, so optimising PostgreSQL's code would cost more than it saves
// (7-8 s instead of 12-16 s here, decision 018).
const result = spawnSync(process.execPath, ["--liftoff-only", "--import", "tsx", path.join(root, "scripts", "database-template.ts")], {
  cwd: root,
  stdio: "inherit",
  timeout: 300_000,
});
if (result.status !== 0) {
  const why = result.error ? result.error.message : result.signal ? `stopped by ${result.signal}` : `exit code ${result.status}`;
  process.stderr.write(`postinstall: the database template was not made (${why}); the first \`npm run demo\` will make it.\n`);
}
