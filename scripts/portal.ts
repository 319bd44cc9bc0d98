// `npm run portal -- <command>`: the portal's command-line tool. Each command is one entry in
// the table below; add a command by adding an entry. Every failure ends with exit code 1 and
// one line on stderr, `portal: <reason>`, so scripts and cron mail stay readable.
import { randomInt } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs, type ParseArgsConfig } from "node:util";
import { getDatabaseHandle, getDb, setDatabaseHandle, type Db } from "../app/db.server";
import { createPartnership, getPartnershipBySlug } from "../app/domain/partnerships.server";
import { importSettings, listSettings, previewSettingsImport, settingsToCsv } from "../app/domain/settings-register.server";
import { downloadGiasExtract } from "../app/domain/gias-download.server";
import type { DatabaseHandle } from "../db/client";
import { DEMO_SLUG, DEMO_USERS, seedDemo } from "../db/seed/demo";
import { getConfig } from "../app/env.server";
import { sendPendingEmails } from "../emails/sender.server";
import { sendChallengeReminders } from "../app/domain/moderation/challenges.server";
import { ActionRemindersIncomplete, sendActionReminders, type ActionReminderRun } from "../app/domain/action-reminders.server";
import { createTransport } from "../emails/transports";
import { sendCycleReminders } from "../app/domain/cycle-reminders.server";
import { yearCommands } from "./portal-year";
import { installFramework } from "../app/domain/frameworks.server";
import { educationFramework } from "../db/seed/frameworks/education";
import { agencyFramework } from "../db/seed/frameworks/agency";
import { exportCommand } from "./portal-export";
import { frameworkCommands } from "./portal-frameworks";
import { confirmSample, findCycle, previewSample, type SamplePreview } from "../app/domain/moderation/samples.server";
import { SETTING_TYPE_LABELS } from "../app/domain/setting-types";
import { validateRate } from "../app/domain/sampling";
import { settingType, statutoryBasis, type Partnership, type SettingType, type StatutoryBasis } from "../db/schema";

export interface PortalIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

export interface PortalCommand {
  name: string;
  /** One line for `help`. */
  summary: string;
  /** How to call it, without the `npm run portal --` prefix. */
  usage: string;
  run(args: string[], io: PortalIo): Promise<void>;
}

/** A failure the person running the command can fix; its message is the whole story. */
export class PortalUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PortalUsageError";
  }
}

const HELP_HINT = "run `npm run portal -- help` to list the commands";

type Options = NonNullable<ParseArgsConfig["options"]>;

/** parseArgs with messages in our words, naming the command. */
function parseCommandArgs<T extends Options>(command: string, args: string[], options: T, positionals = 0) {
  let parsed;
  try {
    parsed = parseArgs({ args, options, allowPositionals: positionals > 0, strict: true });
  } catch (error) {
    const code = (error as { code?: string }).code;
    const option = /'(-[^' ]+)/.exec(error instanceof Error ? error.message : "")?.[1];
    if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") throw new PortalUsageError(`${command} has no option ${option ?? ""}`.trim());
    if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE") throw new PortalUsageError(`${command} needs a value after ${option ?? "an option"}`);
    if (code === "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL") throw new PortalUsageError(`${command} takes no argument "${args.find((a) => !a.startsWith("-"))}"`);
    throw error;
  }
  if (parsed.positionals.length > positionals) {
    throw new PortalUsageError(`${command} takes ${positionals} argument${positionals === 1 ? "" : "s"}, got ${parsed.positionals.length}`);
  }
  return parsed;
}

function required(command: string, value: string | boolean | undefined, option: string, placeholder: string): string {
  if (typeof value !== "string" || value.trim() === "") throw new PortalUsageError(`${command} needs --${option} ${placeholder}`);
  return value.trim();
}

function oneOf<T extends string>(what: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value)) {
    throw new PortalUsageError(`unknown ${what} "${value}"; use one of: ${allowed.join(", ")}`);
  }
  return value as T;
}

// Set once a command reaches for the database, so the entry point knows to close it.
let databaseOpened = false;

function databaseHandle(): DatabaseHandle {
  const handle = getDatabaseHandle();
  databaseOpened = true;
  return handle;
}

function database(): Promise<Db> {
  databaseHandle();
  return getDb();
}

async function partnershipFromSlug(slug: string): Promise<Partnership> {
  const partnership = await getPartnershipBySlug(await database(), slug);
  if (!partnership) {
    throw new PortalUsageError(`there is no partnership with the slug "${slug}"; create it with create-partnership`);
  }
  return partnership;
}

const line = (io: PortalIo, text = "") => io.stdout.write(`${text}\n`);

/**
 * A file named on the command line, as the person meant it. `npm run` starts scripts in the
 * project root and records the directory the command was typed in as INIT_CWD, so a relative
 * name must be resolved against that, not against process.cwd(). Run without npm
 * (`tsx scripts/portal.ts`), INIT_CWD is absent and the working directory is already right.
 * This is npm's calling convention rather than the portal's configuration, which is why it is
 * read here and not in app/env.server.ts.
 */
export function resolveCommandLinePath(file: string): string {
  return path.resolve(process.env.INIT_CWD ?? process.cwd(), file);
}

/** Why a file could not be read or written, in a few words. */
function fileProblem(error: unknown): string {
  const code = (error as { code?: string }).code;
  if (code === "ENOENT") return "no such file or directory";
  if (code === "EACCES" || code === "EPERM") return "permission denied";
  if (code === "EISDIR") return "it is a directory";
  return error instanceof Error ? error.message : String(error);
}

export const commands: PortalCommand[] = [
  {
    name: "help",
    summary: "List the commands, or show how to use one",
    usage: "help [COMMAND]",
    async run(args, io) {
      const { positionals } = parseCommandArgs("help", args, {}, 1);
      if (positionals[0]) {
        const command = findCommand(positionals[0]);
        line(io, `${command.summary}.`);
        line(io, `Usage: npm run portal -- ${command.usage}`);
        return;
      }
      line(io, "Usage: npm run portal -- <command> [options]");
      line(io);
      const width = Math.max(...commands.map((c) => c.name.length));
      for (const command of commands) line(io, `  ${command.name.padEnd(width)}  ${command.summary}`);
      line(io);
      line(io, "Run `npm run portal -- help COMMAND` for a command's options.");
    },
  },
  {
    name: "migrate",
    summary: "Apply the database migrations (the embedded database, or DATABASE_URL)",
    usage: "migrate",
    async run(args, io) {
      parseCommandArgs("migrate", args, {});
      const handle = databaseHandle();
      await handle.migrate();
      line(io, `Migrations applied (${handle.kind}).`);
    },
  },
  {
    name: "create-partnership",
    summary: "Create a partnership with the standard frameworks, published (does nothing if the slug exists already)",
    usage: "create-partnership --name NAME --slug SLUG [--without-frameworks]",
    async run(args, io) {
      const { values } = parseCommandArgs("create-partnership", args, {
        name: { type: "string" },
        slug: { type: "string" },
        "without-frameworks": { type: "boolean" },
      });
      const name = required("create-partnership", values.name, "name", "NAME");
      const slug = required("create-partnership", values.slug, "slug", "SLUG");
      const db = await database();
      // The partnership and its frameworks together: a failure leaves neither.
      const { partnership, created, installed } = await db.transaction(async (tx) => {
        const made = await createPartnership(tx, { name, slug });
        const frameworks = made.created && !values["without-frameworks"] ? [await installFramework(tx, made.partnership.id, educationFramework), await installFramework(tx, made.partnership.id, agencyFramework)] : [];
        return { ...made, installed: frameworks };
      });
      line(
        io,
        created
          ? `Created the partnership "${partnership.name}" (${partnership.slug}).`
          : `The partnership "${partnership.name}" (${partnership.slug}) already exists; nothing changed.`,
      );
      if (installed.length) line(io, `Frameworks, published: ${installed.map((f) => `${f.kind} version ${f.version} (${f.title})`).join("; ")}.`);
    },
  },
  {
    name: "import-settings",
    summary: "Import schools and colleges of one local authority from a GIAS extract (CSV), or download today's from GIAS",
    usage: "import-settings (FILE | --from-gias [--date YYYY-MM-DD]) --partnership SLUG --la CODE [--dry-run]",
    async run(args, io) {
      const { values, positionals } = parseCommandArgs(
        "import-settings",
        args,
        { partnership: { type: "string" }, la: { type: "string" }, "from-gias": { type: "boolean" }, date: { type: "string" }, "dry-run": { type: "boolean" } },
        1,
      );
      const file = positionals[0];
      const fromGias = values["from-gias"] === true;
      if (file && fromGias) throw new PortalUsageError("import-settings takes a FILE or --from-gias, not both");
      if (!file && !fromGias) throw new PortalUsageError("import-settings needs the FILE to import (a GIAS extract in CSV), or --from-gias to download today's");
      if (values.date !== undefined && !fromGias) throw new PortalUsageError("import-settings --date goes with --from-gias");
      const date = values.date === undefined ? undefined : required("import-settings", values.date, "date", "YYYY-MM-DD");
      if (date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new PortalUsageError(`import-settings --date must be written YYYY-MM-DD, like 2026-12-01 (got "${date}")`);
      const slug = required("import-settings", values.partnership, "partnership", "SLUG");
      const laCode = required("import-settings", values.la, "la", "CODE");
      let contents: Buffer;
      let source: string;
      if (file) {
        try {
          contents = fs.readFileSync(resolveCommandLinePath(file));
        } catch (error) {
          const code = (error as { code?: string }).code;
          throw new PortalUsageError(`cannot read ${file}: ${code === "ENOENT" ? "no such file" : fileProblem(error)}`);
        }
        source = path.basename(file);
      } else {
        const { gias } = getConfig();
        const download = await downloadGiasExtract({ urlTemplate: gias.extractUrl, maxBytes: gias.maxBytes, date });
        contents = download.bytes;
        source = download.url;
      }
      const partnership = await partnershipFromSlug(slug);
      const input = { partnershipId: partnership.id, laCode, file: contents, fileName: source, source: file ? "file" : "gias" };
      const result = values["dry-run"]
        ? (await previewSettingsImport(await database(), input)).result
        : await importSettings(await database(), input);
      line(io, `${values["dry-run"] ? "Would import" : "Imported"} ${source} into "${partnership.name}" for local authority ${laCode}:`);
      line(io, `  created:     ${result.created.length}`);
      line(io, `  updated:     ${result.updated.length}`);
      line(io, `  deactivated: ${result.deactivated.length}`);
      line(io, `  unchanged:   ${result.unchanged.length}`);
      line(io, `  skipped:     ${result.skipped.length}`);
      if (result.created.length > 0) line(io, `Created: ${result.created.join(", ")}`);
      if (result.deactivated.length > 0) line(io, `Deactivated: ${result.deactivated.join(", ")}`);
      if (result.skipped.length > 0) {
        line(io, "Skipped:");
        for (const s of result.skipped) line(io, `  ${s.urn || "(no URN)"} ${s.name}: ${s.reason}`);
      }
      if (values["dry-run"]) line(io, "Dry run: nothing was written.");
    },
  },
  {
    name: "list-settings",
    summary: "List a partnership's settings as a table or as CSV",
    usage:
      "list-settings --partnership SLUG [--format table|csv] [--output FILE.csv] [--type TYPE] [--basis s175|s157|s11] [--active yes|no]",
    async run(args, io) {
      const { values } = parseCommandArgs("list-settings", args, {
        partnership: { type: "string" },
        format: { type: "string" },
        output: { type: "string" },
        type: { type: "string" },
        basis: { type: "string" },
        active: { type: "string" },
      });
      const slug = required("list-settings", values.partnership, "partnership", "SLUG");
      const output = values.output === undefined ? undefined : required("list-settings", values.output, "output", "FILE");
      // A file gets CSV: `npm run` prints its banner on stdout, so a redirected CSV would start
      // with "> portal"; --output is the way to a clean file.
      const format = oneOf("format", values.format ?? (output ? "csv" : "table"), ["table", "csv"] as const);
      if (output && format !== "csv") throw new PortalUsageError("list-settings --output writes CSV; leave out --format table");
      const type = values.type === undefined ? undefined : oneOf<SettingType>("setting type", values.type, settingType.enumValues);
      const basis =
        values.basis === undefined ? undefined : oneOf<StatutoryBasis>("statutory basis", values.basis, statutoryBasis.enumValues);
      const active = values.active === undefined ? undefined : oneOf("--active value", values.active, ["yes", "no"] as const) === "yes";

      const partnership = await partnershipFromSlug(slug);
      const rows = await listSettings(await database(), partnership.id, { type, basis, active });
      if (output) {
        try {
          fs.writeFileSync(resolveCommandLinePath(output), settingsToCsv(rows));
        } catch (error) {
          throw new PortalUsageError(`cannot write ${output}: ${fileProblem(error)}`);
        }
        line(io, `Wrote ${rows.length} setting${rows.length === 1 ? "" : "s"} of "${partnership.name}" to ${output}.`);
        return;
      }
      if (format === "csv") {
        io.stdout.write(settingsToCsv(rows));
        return;
      }
      const table = [
        ["URN", "Name", "Type", "Basis", "Active"],
        ...rows.map((r) => [r.urn ?? "", r.name, r.type, r.basis, r.active ? "yes" : "no"]),
      ];
      const widths = table[0].map((_, i) => Math.max(...table.map((cells) => cells[i].length)));
      for (const cells of table) line(io, cells.map((c, i) => c.padEnd(widths[i])).join("  ").trimEnd());
      line(io, `${rows.length} setting${rows.length === 1 ? "" : "s"}.`);
    },
  },
  {
    name: "seed",
    summary: "Create the demo partnership with settings, people, frameworks, cycles and returns",
    usage: "seed [--if-empty] [--without-moderation]",
    async run(args, io) {
      const { values } = parseCommandArgs("seed", args, { "if-empty": { type: "boolean" }, "without-moderation": { type: "boolean" } });
      const db = await database();
      const result = await seedDemo(db, { onProgress: (text) => line(io, text), moderation: !values["without-moderation"] });
      if (result.created) {
        line(io, `Demo partnership "${DEMO_SLUG}" created. Sign in as any of:`);
        for (const [role, email] of Object.entries(DEMO_USERS)) line(io, `  ${role.padEnd(16)} ${email}`);
      } else if (values["if-empty"]) {
        line(io, `Demo data already there; nothing to do.`);
      } else {
        throw new PortalUsageError(`the demo partnership "${DEMO_SLUG}" already exists; nothing was changed`);
      }
    },
  },
  {
    name: "send-emails",
    summary: "Deliver the emails waiting in the outbox once, then stop",
    usage: "send-emails",
    async run(args, io) {
      parseCommandArgs("send-emails", args, {});
      const config = getConfig();
      const transport = createTransport(config.mail);
      try {
        const db = await database();
        let total = { sent: 0, failed: 0, retried: 0 };
        // Keep going while batches come back full, so one run empties the outbox.
        for (;;) {
          const r = await sendPendingEmails(db, transport, { from: config.mail.from, maxAttempts: config.mail.maxAttempts });
          total = { sent: total.sent + r.sent, failed: total.failed + r.failed, retried: total.retried + r.retried };
          if (r.sent + r.failed + r.retried < 20) break;
        }
        line(io, `Emails sent: ${total.sent}; to retry later: ${total.retried}; failed for good: ${total.failed} (${transport.name}).`);
      } finally {
        transport.close?.();
      }
    },
  },
  {
    name: "send-reminders",
    summary:
      "Email the reminders that are due (returns not yet submitted, moderation challenges past their date to answer by, actions past their due date) once, then stop",
    usage: "send-reminders",
    async run(args, io) {
      parseCommandArgs("send-reminders", args, {});
      const db = await database();
      const returnsDue = await sendCycleReminders(db);
      const challenges = await sendChallengeReminders(db);
      let overdue: ActionReminderRun;
      let incomplete: ActionRemindersIncomplete | undefined;
      try {
        overdue = await sendActionReminders(db);
      } catch (error) {
        if (!(error instanceof ActionRemindersIncomplete)) throw error;
        // Say what was queued before the one-line reason for what was not.
        incomplete = error;
        overdue = error.run;
      }
      const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
      line(
        io,
        `Reminders queued: ${plural(challenges, "overdue moderation challenge", "overdue moderation challenges")}; ${plural(overdue.actions, "overdue action", "overdue actions")} in ${plural(overdue.emails, "email", "emails")}. Send them with send-emails.`,
      );
      line(io, `Reminders queued about returns not yet submitted: ${plural(returnsDue.reminded, "return", "returns")} in ${plural(returnsDue.emails, "email", "emails")}.`);
      if (overdue.settingsWithNobodyToEmail > 0)
        line(
          io,
          `Not reminded: ${plural(overdue.settingsWithNobodyToEmail, "setting has", "settings have")} overdue actions but no DSL or signatory who can sign in.`,
        );
      if (incomplete) throw incomplete;
    },
  },
  {
    name: "sample",
    summary: "Draw a cycle's moderation sample (or, with --dry-run, show what it would be)",
    usage: "sample --cycle ID [--rate 60] [--seed N] [--calibration 10] [--prefer-not-moderated] [--dry-run]",
    async run(args, io) {
      const { values } = parseCommandArgs("sample", args, {
        cycle: { type: "string" },
        rate: { type: "string" },
        seed: { type: "string" },
        calibration: { type: "string" },
        "prefer-not-moderated": { type: "boolean" },
        "dry-run": { type: "boolean" },
      });
      const cycleId = required("sample", values.cycle, "cycle", "ID");
      const percent = (option: string, text: string | undefined, fallback: number) => {
        if (text === undefined) return fallback;
        if (!/^\d+(\.\d+)?$/.test(text.trim())) throw new PortalUsageError(`sample --${option} takes a percentage, like 60 (got "${text}")`);
        return Number(text);
      };
      const rate = validateRate(percent("rate", values.rate, 60));
      if (!rate.ok) throw new PortalUsageError(`sample --rate: ${rate.error}`);
      const calibration = percent("calibration", values.calibration, 10);
      if (calibration > 100) throw new PortalUsageError("sample --calibration must be from 0 to 100");
      const seed = values.seed === undefined ? String(randomInt(100_000, 1_000_000)) : required("sample", values.seed, "seed", "N");
      const db = await database();
      const cycle = await findCycle(db, cycleId);
      if (!cycle) throw new PortalUsageError(`there is no audit cycle with the id "${cycleId}"`);
      const input = {
        partnershipId: cycle.partnershipId,
        cycleId: cycle.id,
        rate: rate.rate,
        seed,
        preferNotModeratedLastCycle: values["prefer-not-moderated"] === true,
        calibrationShare: Math.round(calibration * 10) / 1000,
      };
      const report = (preview: SamplePreview) => {
        line(io, `${cycle.name}: ${preview.draw.size} of ${preview.candidates} submitted returns at ${rate.rate * 100}% (the rate asks for ${preview.draw.target}), seed ${seed}.`);
        line(io, "Strata:");
        for (const s of preview.draw.strata)
          line(io, `  ${s.stratum.padEnd(22)} ${String(s.drawn).padStart(3)} of ${String(s.candidates).padStart(3)} (places ${s.quota}, always included ${s.alwaysIncluded})`);
        line(io, "Members:");
        for (const m of preview.members)
          line(io, `  ${m.settingName} (${SETTING_TYPE_LABELS[m.settingType]}), version ${m.versionNumber}: ${m.reason}${m.calibration ? ", calibration" : ""}`);
      };
      if (values["dry-run"]) {
        const preview = await previewSample(db, input);
        if (preview.candidates === 0) throw new PortalUsageError("no return has been submitted in this cycle yet, so there is nothing to sample");
        report(preview);
        line(io, "Dry run: nothing was written.");
        return;
      }
      const { preview } = await confirmSample(db, { ...input, actor: { userId: null, lifecycle: "system" } });
      report(preview);
      line(io, `Sample drawn and kept; ${preview.members.length} returns moved into moderation.`);
    },
  },
];

// The audit year's commands (scripts/portal-year.ts), given this module's helpers.
commands.push(
  ...yearCommands({
    parse: (command, args, options, positionals) => parseCommandArgs(command, args, options, positionals),
    required: (command, value, option, placeholder) => required(command, value as string | undefined, option, placeholder),
    usage: (message) => new PortalUsageError(message),
    database,
    partnershipFromSlug,
    resolvePath: resolveCommandLinePath,
    fileProblem,
  }),
);

// The findings export (scripts/portal-export.ts), given this module's helpers.
commands.push(
  exportCommand({
    parse: (command, args, options) => parseCommandArgs(command, args, options),
    required: (command, value, option, placeholder) => required(command, value as string | undefined, option, placeholder),
    usage: (message) => new PortalUsageError(message),
    database,
    resolvePath: resolveCommandLinePath,
    fileProblem,
  }),
);

// Framework files (scripts/portal-frameworks.ts), given this module's helpers.
commands.push(
  ...frameworkCommands({
    parse: (command, args, options, positionals) => parseCommandArgs(command, args, options, positionals),
    required: (command, value, option, placeholder) => required(command, value as string | undefined, option, placeholder),
    usage: (message) => new PortalUsageError(message),
    database,
    partnershipFromSlug,
    resolvePath: resolveCommandLinePath,
    fileProblem,
  }),
);

function findCommand(name: string): PortalCommand {
  const command = commands.find((c) => c.name === name);
  if (!command) throw new PortalUsageError(`unknown command "${name}"; ${HELP_HINT}`);
  return command;
}

/** The reason for a failure, on one line: a database error says what the database said. */
function reasonOf(error: unknown): string {
  let err = error;
  // Drizzle wraps driver errors as "Failed query: <sql> params: ..."; the cause is the useful part.
  while (err instanceof Error && err.message.startsWith("Failed query") && err.cause instanceof Error) err = err.cause;
  let text = err instanceof Error ? err.message : String(err);
  // undefined_table: a database nobody has migrated yet.
  if ((err as { code?: string } | null)?.code === "42P01") text += "; run `npm run portal -- migrate` first";
  return text.replace(/\s*\n\s*/g, " ").trim() || "failed without a reason";
}

/** Runs one command; returns the exit code. Tests call this in-process with their own io. */
export async function main(argv: string[], io: PortalIo = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  try {
    const [name, ...args] = argv;
    if (name === undefined) throw new PortalUsageError(`no command given; ${HELP_HINT}`);
    const command = findCommand(name === "--help" || name === "-h" ? "help" : name);
    await command.run(args, io);
    return 0;
  } catch (error) {
    io.stderr.write(`portal: ${reasonOf(error)}\n`);
    return 1;
  }
}

const isEntryPoint = process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);

if (isEntryPoint) {
  // `npm run portal -- list-settings ... | head` closes the pipe early: that is not a failure.
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw error;
  });
  let exitCode = await main(process.argv.slice(2));
  try {
    // Only a command that used the database opened it; `help` must not create a data directory.
    if (databaseOpened) {
      await getDatabaseHandle().close();
      setDatabaseHandle(undefined);
    }
  } catch (error) {
    // A failed command has said its one line already.
    if (exitCode === 0) process.stderr.write(`portal: could not close the database: ${reasonOf(error)}\n`);
    exitCode = 1;
  }
  process.exitCode = exitCode;
}
