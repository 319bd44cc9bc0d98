// Opens the database: embedded PGlite when no DATABASE_URL is given (the demo, tests and a
// one-machine installation), PostgreSQL through the `postgres` driver otherwise. Both give the
// same drizzle API, so the domain code never knows which one it has.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import { sql, type Logger } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import { runBackfills } from "./backfills";
import * as schema from "./schema";

export type Schema = typeof schema;
/** A database or an open transaction: domain functions take either. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

export interface DatabaseOptions {
  /** postgres:// URL; when absent the embedded PGlite database is used. */
  databaseUrl?: string;
  /** PGlite data directory, or "memory://" for a throwaway in-memory database. */
  pgliteDir: string;
  /** Sees every query (tests count them). */
  logger?: Logger;
  /** A PGlite data directory dumped by `dumpDataDir` to start from (the tests' migrated template). */
  pgliteDataDir?: Blob;
  /** The committed migrations unless told (tests of db/template.ts add one to a copy). */
  migrationsFolder?: string;
}

export interface DatabaseHandle {
  db: Db;
  kind: "pglite" | "postgres";
  migrate(): Promise<void>;
  close(): Promise<void>;
}

/** One round trip that reads nothing: what the readiness probe asks, and the benchmark's floor. */
export async function ping(db: Pick<Db, "execute">): Promise<void> {
  await db.execute(sql`select 1`);
}

/** The project root, found from this file so it works from source (tsx) and from build/. */
export function projectRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!fs.existsSync(path.join(dir, "package.json"))) {
    const parent = path.dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
  return dir;
}

export const migrationsFolder = () => path.join(projectRoot(), "db", "migrations");

export function openDatabase(options: DatabaseOptions): DatabaseHandle {
  if (options.databaseUrl) {
    const client = postgres(options.databaseUrl, {
      max: 10,
      onnotice: () => {},
    });
    const db = drizzlePostgres(client, { schema, logger: options.logger }) as unknown as Db;
    return {
      db,
      kind: "postgres",
      migrate: async () => {
        await migratePostgres(db as never, { migrationsFolder: options.migrationsFolder ?? migrationsFolder() });
        await runBackfills(db);
      },
      close: () => client.end({ timeout: 5 }),
    };
  }
  const dir = options.pgliteDir;
  if (!dir.startsWith("memory://")) fs.mkdirSync(dir, { recursive: true });
  const client = new PGlite(dir, options.pgliteDataDir ? { loadDataDir: options.pgliteDataDir } : undefined);
  const db = drizzlePglite(client, { schema, logger: options.logger }) as unknown as Db;
  return {
    db,
    kind: "pglite",
    migrate: async () => {
      await migratePglite(db as never, { migrationsFolder: options.migrationsFolder ?? migrationsFolder() });
      await runBackfills(db);
    },
    close: () => client.close(),
  };
}
