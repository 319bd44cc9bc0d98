// `npm run db:template`: makes the migrated template a new embedded database starts from
// (db/template.ts, decision 018), unless the one for the current migrations is already there.
// npm's postinstall runs it through scripts/postinstall.mjs, and the first `npm run demo` after a
// change to db/migrations makes the template itself; by hand it is never needed.
import path from "node:path";
import { makeTemplate } from "../db/template";

const started = performance.now();
try {
  const { path: made, made: wasMade } = await makeTemplate();
  const where = path.relative(process.cwd(), made);
  console.log(
    wasMade
      ? `Database template made in ${((performance.now() - started) / 1000).toFixed(1)} s: ${where}`
      : `Database template already there: ${where}`,
  );
} catch (error) {
  console.error(`database-template: could not make the template: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
