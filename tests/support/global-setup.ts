// Runs once before the test files: migrates one embedded database and dumps its data directory,
// so each file starts its own PGlite from that (about a second) instead of running initdb and
// every migration again (about five). A PostgreSQL run (DATABASE_URL) makes its own databases.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { openDatabase } from "../../db/client";

export default async function setup() {
  if (process.env.DATABASE_URL) return;
  const handle = openDatabase({ pgliteDir: "memory://" });
  await handle.migrate();
  const client = (handle.db as unknown as { $client: PGlite }).$client;
  const dump = await client.dumpDataDir("none");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-test-template-"));
  const file = path.join(dir, "pgdata.tar");
  fs.writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  await handle.close();
  process.env.PORTAL_TEST_PGLITE_TEMPLATE = file;
  return () => fs.rmSync(dir, { recursive: true, force: true });
}
