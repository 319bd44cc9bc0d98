// The migrated template an embedded database's first start copies (decision 018). PGlite's first
// start runs PostgreSQL's initdb in WebAssembly (6–11 s on two cores): the slow half of the first
// `npm run demo`. Migrating an empty database gives the same files every time for the same
// migrations and the same PGlite, so they are made once, kept under node_modules/.cache (made by
// `npm install`'s postinstall, or on a miss by the first start that needs them) and copied into a
// new data directory, which then opens like any existing one and migrates as usual.
import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { migrationsFolder, openDatabase, projectRoot } from "./client";

export const templateCacheFolder = () => path.join(projectRoot(), "node_modules", ".cache", "portal");

const TEMPLATE_PREFIX = "pglite-template-";
/**
 * A template of other migrations, or one a maker died half-way through, is removed by the next
 * maker once it has not been used for this long: not at once, since another process (a test run
 * in the same checkout, before a migration was added) may be copying it.
 */
const UNUSED_MS = 60 * 60 * 1000;

function packageVersion(name: string): string {
  // Neither package exports its package.json: walk up from its entry point.
  let dir = path.dirname(createRequire(import.meta.url).resolve(name));
  for (;;) {
    const file = path.join(dir, "package.json");
    if (fs.existsSync(file)) {
      const json = JSON.parse(fs.readFileSync(file, "utf8")) as { name?: string; version?: string };
      if (json.name === name && json.version) return json.version;
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`cannot find the version of ${name}`);
    dir = parent;
  }
}

function filesUnder(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((file) => fs.statSync(path.join(dir, file)).isFile())
    .map((file) => file.split(path.sep).join("/"))
    .sort();
}

/**
 * What the template's files depend on: every file in the migrations folder (names and contents:
 * a new migration, an edited one or the journal), the PGlite that wrote them (its PostgreSQL's
 * on-disk format) and the drizzle-orm whose migrator recorded them.
 */
export function templateKey(folder = migrationsFolder()): string {
  const hash = createHash("sha256");
  hash.update(`pglite ${packageVersion("@electric-sql/pglite")}\ndrizzle-orm ${packageVersion("drizzle-orm")}\n`);
  for (const file of filesUnder(folder)) {
    hash.update(`${file}\n`);
    hash.update(fs.readFileSync(path.join(folder, file)));
    hash.update("\n");
  }
  return hash.digest("hex").slice(0, 20);
}

export interface TemplateOptions {
  /** Where templates are kept; node_modules/.cache/portal unless told. */
  cacheFolder?: string;
  migrationsFolder?: string;
}

/** The template's data directory for the current migrations (it may not exist yet). */
export function templatePath(options: TemplateOptions = {}): string {
  return path.join(options.cacheFolder ?? templateCacheFolder(), TEMPLATE_PREFIX + templateKey(options.migrationsFolder));
}

const isDataDirectory = (dir: string) => fs.existsSync(path.join(dir, "PG_VERSION"));

/** Whether the template for the current migrations has been made. */
export const hasTemplate = (options: TemplateOptions = {}) => isDataDirectory(templatePath(options));

/**
 * Makes the template for the current migrations unless it is there: a new PGlite data directory,
 * migrated by the same `migrate()` every start runs, closed, then renamed into place so that a
 * reader never sees half a template. Templates of other migrations go once unused for an hour.
 */
export async function makeTemplate(options: TemplateOptions = {}): Promise<{ path: string; made: boolean }> {
  const target = templatePath(options);
  if (isDataDirectory(target)) return { path: target, made: false };
  const folder = path.dirname(target);
  fs.mkdirSync(folder, { recursive: true });
  const working = `${target}.tmp-${process.pid}-${randomBytes(4).toString("hex")}`;
  try {
    const handle = openDatabase({ pgliteDir: working, migrationsFolder: options.migrationsFolder });
    try {
      await handle.migrate();
    } finally {
      await handle.close();
    }
    try {
      fs.renameSync(working, target);
    } catch (error) {
      // Another maker finished first: theirs is the same.
      if (!isDataDirectory(target)) throw error;
    }
  } finally {
    fs.rmSync(working, { recursive: true, force: true });
  }
  removeOtherTemplates(folder, path.basename(target));
  return { path: target, made: true };
}

/** Keeps a template in use from being removed by a maker for other migrations. */
function markUsed(template: string) {
  const now = new Date();
  try {
    fs.utimesSync(template, now, now);
  } catch {
    // A cache that cannot be written to is still one that can be copied.
  }
}

function removeOtherTemplates(folder: string, keep: string) {
  for (const name of fs.readdirSync(folder)) {
    if (!name.startsWith(TEMPLATE_PREFIX) || name === keep) continue;
    const file = path.join(folder, name);
    if (Date.now() - fs.statSync(file).mtimeMs < UNUSED_MS) continue;
    fs.rmSync(file, { recursive: true, force: true });
  }
}

/**
 * Gives a new embedded database its first files from the template: copied beside `dataDir`, then
 * renamed to it, so an interrupted copy leaves no half database. Only for a data directory that
 * does not exist or is empty; one that holds anything is left alone. False when there is no
 * template for the current migrations. (Copying off the main thread, with fs.promises.cp, took
 * twice the CPU for no gain: the first run keeps both cores busy.)
 */
export function copyTemplateTo(dataDir: string, options: TemplateOptions = {}): boolean {
  const template = templatePath(options);
  if (!isDataDirectory(template)) return false;
  if (fs.existsSync(dataDir)) {
    if (fs.readdirSync(dataDir).length > 0) return false;
    fs.rmdirSync(dataDir);
  }
  fs.mkdirSync(path.dirname(dataDir), { recursive: true });
  const working = `${dataDir}.from-template-${process.pid}`;
  try {
    fs.cpSync(template, working, { recursive: true });
    fs.renameSync(working, dataDir);
  } finally {
    fs.rmSync(working, { recursive: true, force: true });
  }
  markUsed(template);
  return true;
}
