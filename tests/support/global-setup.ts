// Runs once before the test files: dumps one migrated embedded database, so each file starts its
// own PGlite from that (about a second) instead of running initdb and every migration again
// (about five). The database is a copy of the migrated template the demo starts from
// (db/template.ts, decision 018): made by `npm install` or by the first run after a change to
// db/migrations, so most runs skip initdb altogether. A PostgreSQL run (DATABASE_URL) makes its
// own databases.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { openDatabase } from "../../db/client";
import { copyTemplateTo, makeTemplate } from "../../db/template";

export default async function setup() {
  if (process.env.DATABASE_URL) return;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-test-template-"));
  const copy = path.join(dir, "db");
  await makeTemplate();
  // Opened from a copy: PGlite writes to the directory it opens, and the template stays as made.
  const handle = openDatabase({ pgliteDir: copyTemplateTo(copy) ? copy : "memory://" });
  await handle.migrate();
  const client = (handle.db as unknown as { $client: PGlite }).$client;
  const dump = await client.dumpDataDir("none");
  const file = path.join(dir, "pgdata.tar");
  fs.writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  await handle.close();
  fs.rmSync(copy, { recursive: true, force: true });
  process.env.PORTAL_TEST_PGLITE_TEMPLATE = file;
  return () => fs.rmSync(dir, { recursive: true, force: true });
}
