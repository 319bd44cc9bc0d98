// A fresh, migrated database per test file: PGlite in memory by default, or a new database on
// the PostgreSQL server named by DATABASE_URL (CI), dropped again afterwards.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import postgres from "postgres";
import { openDatabase, type DatabaseHandle, type DatabaseOptions } from "../../db/client";
import { setDatabaseHandle } from "../../app/db.server";

export interface TestDatabase extends DatabaseHandle {
  /** Removes the database (a no-op for PGlite, which lives in memory). */
  destroy(): Promise<void>;
}

export async function createTestDatabase(options: Pick<DatabaseOptions, "logger"> = {}): Promise<TestDatabase> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    // The migrated template global-setup.ts dumped, when there is one (a file run on its own
    // through another config has none, and migrates).
    const template = process.env.PORTAL_TEST_PGLITE_TEMPLATE;
    const pgliteDataDir = template && fs.existsSync(template) ? new Blob([fs.readFileSync(template)]) : undefined;
    const handle = openDatabase({ pgliteDir: "memory://", pgliteDataDir, ...options });
    if (!pgliteDataDir) await handle.migrate();
    return { ...handle, destroy: () => handle.close() };
  }
  const name = `portal_test_${randomBytes(6).toString("hex")}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const handle = openDatabase({ databaseUrl: url.toString(), pgliteDir: "memory://", ...options });
  await handle.migrate();
  return {
    ...handle,
    destroy: async () => {
      await handle.close();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

/** Creates a test database and makes it the app's database for the current test file. */
export async function useTestDatabase(options: Pick<DatabaseOptions, "logger"> = {}): Promise<TestDatabase> {
  const handle = await createTestDatabase(options);
  setDatabaseHandle(handle);
  return handle;
}
