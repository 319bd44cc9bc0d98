// The door from app/ to the database: routes reach db/ only through this module (the classic
// compiler keeps *.server files out of the browser bundle).
import { openDatabase, type DatabaseHandle, type Db } from "../db/client";
import { getConfig } from "./env.server";

export type { Db } from "../db/client";
export { ping } from "../db/client";
export * as schema from "../db/schema";

// One handle per process, kept on globalThis: PGlite allows a single connection, and the
// server build and the command-line tool must not open the same data directory twice.
const globalForDb = globalThis as unknown as { __portalDb?: DatabaseHandle; __portalDbReady?: Promise<void> };

export function getDatabaseHandle(): DatabaseHandle {
  if (!globalForDb.__portalDb) {
    const config = getConfig();
    globalForDb.__portalDb = openDatabase({ databaseUrl: config.databaseUrl, pgliteDir: config.pgliteDir });
  }
  return globalForDb.__portalDb;
}

/** The database, migrated once per process when embedded (a server runs `npm run db:migrate`). */
export async function getDb(): Promise<Db> {
  const handle = getDatabaseHandle();
  if (handle.kind === "pglite") globalForDb.__portalDbReady ??= handle.migrate();
  await globalForDb.__portalDbReady;
  return handle.db;
}

/** Tests put their own database in place. */
export function setDatabaseHandle(handle: DatabaseHandle | undefined): void {
  globalForDb.__portalDb = handle;
  globalForDb.__portalDbReady = handle ? Promise.resolve() : undefined;
}
