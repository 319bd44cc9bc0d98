// The migrated template a new embedded database starts from (db/template.ts, decision 018): made
// by the real migrations, made again when they change, copied only into a new data directory,
// and a database made from it keeps its data like any other. Each test works on its own copy of
// db/migrations and its own cache folder, never the checkout's node_modules/.cache.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { PGlite } from "@electric-sql/pglite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrationsFolder, openDatabase } from "../../db/client";
import { copyTemplateTo, makeTemplate, templateKey, templatePath } from "../../db/template";
import { getPartnershipBySlug } from "../../app/domain/partnerships.server";
import { makePartnership } from "../support/factories";

const SLOW = 180_000;
let root: string;
let migrations: string;
let cacheFolder: string;

function addMigration(folder: string, tag: string, sql: string) {
  fs.writeFileSync(path.join(folder, `${tag}.sql`), sql);
  const journalFile = path.join(folder, "meta", "_journal.json");
  const journal = JSON.parse(fs.readFileSync(journalFile, "utf8")) as { entries: { idx: number; when: number; tag: string }[] };
  const last = journal.entries[journal.entries.length - 1];
  journal.entries.push({ ...last, idx: last.idx + 1, when: last.when + 1, tag });
  fs.writeFileSync(journalFile, JSON.stringify(journal, null, 2));
}

async function open(dataDir: string) {
  const handle = openDatabase({ pgliteDir: dataDir, migrationsFolder: migrations });
  await handle.migrate();
  const client = (handle.db as unknown as { $client: PGlite }).$client;
  const applied = async () => (await client.query<{ n: number }>("select count(*)::int as n from drizzle.__drizzle_migrations")).rows[0].n;
  return { ...handle, client, applied };
}

const journalLength = () => (JSON.parse(fs.readFileSync(path.join(migrations, "meta", "_journal.json"), "utf8")) as { entries: unknown[] }).entries.length;

beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), "portal-template-test-"));
  migrations = path.join(root, "migrations");
  fs.cpSync(migrationsFolder(), migrations, { recursive: true });
  cacheFolder = path.join(root, "cache");
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

// PGlite only: a PostgreSQL run (DATABASE_URL) has nothing here to test again.
describe.skipIf(Boolean(process.env.DATABASE_URL))("the migrated database template", () => {
  it("is named by the migrations: the same files give the same name, any change a new one", () => {
    const folder = path.join(root, "key-migrations");
    fs.cpSync(migrations, folder, { recursive: true });
    const committed = templateKey(folder);
    expect(templateKey(migrationsFolder())).toBe(committed);

    const first = fs.readdirSync(folder).filter((f) => f.endsWith(".sql")).sort()[0];
    fs.appendFileSync(path.join(folder, first), "\n-- a comment changes the file\n");
    const edited = templateKey(folder);
    expect(edited).not.toBe(committed);

    addMigration(folder, "9999_key_probe", "CREATE TABLE key_probe (id integer);");
    expect(templateKey(folder)).not.toBe(edited);
    expect(templatePath({ cacheFolder, migrationsFolder: folder })).not.toBe(templatePath({ cacheFolder, migrationsFolder: migrations }));
  });

  it("is made once by the migrations, and a new data directory copied from it keeps its data", { timeout: SLOW }, async () => {
    const options = { cacheFolder, migrationsFolder: migrations };
    expect(copyTemplateTo(path.join(root, "no-template"), options)).toBe(false);

    const made = await makeTemplate(options);
    expect(made).toEqual({ path: templatePath(options), made: true });
    expect(await makeTemplate(options)).toEqual({ path: made.path, made: false });
    expect(fs.readdirSync(cacheFolder)).toEqual([path.basename(made.path)]);

    const dataDir = path.join(root, "data", "db");
    expect(copyTemplateTo(dataDir, options)).toBe(true);
    const first = await open(dataDir);
    expect(await first.applied()).toBe(journalLength());
    const partnership = await makePartnership(first.db, { slug: "kept-between-starts" });
    await first.close();

    // A later start: the directory holds a database, so the template is not copied over it.
    expect(copyTemplateTo(dataDir, options)).toBe(false);
    const second = await open(dataDir);
    expect((await getPartnershipBySlug(second.db, "kept-between-starts"))?.id).toBe(partnership.id);
    await second.close();

    // Anything else in the directory is left alone too.
    const other = path.join(root, "other");
    fs.mkdirSync(other);
    fs.writeFileSync(path.join(other, "notes.txt"), "mine");
    expect(copyTemplateTo(other, options)).toBe(false);
    expect(fs.readdirSync(other)).toEqual(["notes.txt"]);
  });

  it("is made again with a migration added, and the old one removed once unused", { timeout: SLOW }, async () => {
    const before = await makeTemplate({ cacheFolder, migrationsFolder: migrations });
    const anHourAndMoreAgo = new Date(Date.now() - 2 * 60 * 60 * 1000);
    fs.utimesSync(before.path, anHourAndMoreAgo, anHourAndMoreAgo);
    // A template another process may still be copying (used in the last hour) stays.
    const inUse = path.join(cacheFolder, "pglite-template-0123456789abcdef0123");
    fs.mkdirSync(inUse);

    addMigration(migrations, "9999_template_probe", "CREATE TABLE template_probe (id integer PRIMARY KEY, label text NOT NULL);");
    const after = await makeTemplate({ cacheFolder, migrationsFolder: migrations });
    expect(after.made).toBe(true);
    expect(after.path).not.toBe(before.path);
    expect(fs.readdirSync(cacheFolder).sort()).toEqual([path.basename(inUse), path.basename(after.path)].sort());

    const dataDir = path.join(root, "after-migration", "db");
    expect(copyTemplateTo(dataDir, { cacheFolder, migrationsFolder: migrations })).toBe(true);
    const database = await open(dataDir);
    expect(await database.applied()).toBe(journalLength());
    await database.client.query("insert into template_probe (id, label) values (1, 'from the new migration')");
    expect((await database.client.query<{ label: string }>("select label from template_probe")).rows).toEqual([{ label: "from the new migration" }]);
    await database.close();
  });
});
