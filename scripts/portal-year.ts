// The `portal` commands for setting up and running the audit year from a script (issue 12):
// agencies, invitations, cycles, and last cycle's returns from spreadsheets. Each changes
// nothing when it fails and says why on one line (scripts/portal.ts prints it and exits 1).
// scripts/portal.ts gives these its argument and database helpers (the kit), so neither module
// imports the other's table.
import fs from "node:fs";
import path from "node:path";
import type { ParseArgsConfig } from "node:util";
import { and, asc, desc, eq, sql } from "drizzle-orm";
import type { Db } from "../app/db.server";
import { invitePerson } from "../app/auth/people.server";
import { ROLE_LABELS, SETTING_ROLES } from "../app/auth/permissions";
import { importAgencies } from "../app/domain/agencies-import.server";
import { closeCycle, createCycleWithInvitations, cycleProgress, openCycle, progressSummary } from "../app/domain/cycle-admin.server";
import { CsvImportError, problemText } from "../app/domain/csv-rows";
import { importLegacyReturns } from "../app/domain/legacy-import.server";
import { cycles, frameworks, role as roleEnum, settings, statutoryBasis, type Partnership, type Role, type StatutoryBasis } from "../db/schema";
import { isIsoDate } from "../app/dates";

type Options = NonNullable<ParseArgsConfig["options"]>;

export interface PortalIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

export interface PortalKit {
  parse<T extends Options>(command: string, args: string[], options: T, positionals?: number): { values: Record<string, string | boolean | (string | boolean)[] | undefined>; positionals: string[] };
  required(command: string, value: unknown, option: string, placeholder: string): string;
  usage(message: string): Error;
  database(): Promise<Db>;
  partnershipFromSlug(slug: string): Promise<Partnership>;
  resolvePath(file: string): string;
  fileProblem(error: unknown): string;
}

interface Command {
  name: string;
  summary: string;
  usage: string;
  run(args: string[], io: PortalIo): Promise<void>;
}

const line = (io: PortalIo, text = "") => io.stdout.write(`${text}\n`);

export function yearCommands(kit: PortalKit): Command[] {
  const readInput = (command: string, file: string | undefined, what: string): { bytes: Buffer; name: string } => {
    if (!file) throw kit.usage(`${command} needs the FILE to import (${what})`);
    try {
      return { bytes: fs.readFileSync(kit.resolvePath(file)), name: path.basename(file) };
    } catch (error) {
      throw kit.usage(`cannot read ${file}: ${kit.fileProblem(error)}`);
    }
  };
  const date = (command: string, value: unknown, option: string, optional = false): string | null => {
    if (optional && value === undefined) return null;
    const v = kit.required(command, value, option, "YYYY-MM-DD");
    if (!isIsoDate(v)) throw kit.usage(`${command} --${option} must be a real date written YYYY-MM-DD, like 2027-03-31 (got "${v}")`);
    return v;
  };
  const cycleById = async (command: string, id: string) => {
    const db = await kit.database();
    const [row] = /^[0-9a-f-]{36}$/i.test(id) ? await db.select().from(cycles).where(eq(cycles.id, id)) : [];
    if (!row) throw kit.usage(`there is no cycle with the id "${id}"; list them with list-cycles`);
    return row;
  };
  /** A framework as KEY or KEY@VERSION: that version, or the latest published of that key. */
  const frameworkFor = async (partnership: Partnership, spec: string) => {
    const match = /^(education|agency)(?:@(\d+))?$/.exec(spec.trim());
    if (!match) throw kit.usage(`--framework takes education or agency, with @VERSION if you like (education@2); got "${spec}"`);
    const [, kind, version] = match as unknown as [string, "education" | "agency", string | undefined];
    const db = await kit.database();
    const [found] = await db
      .select()
      .from(frameworks)
      .where(and(eq(frameworks.partnershipId, partnership.id), eq(frameworks.kind, kind), version ? eq(frameworks.version, Number(version)) : eq(frameworks.status, "published")))
      .orderBy(desc(frameworks.version))
      .limit(1);
    if (!found) throw kit.usage(version ? `${partnership.slug} has no ${kind} framework version ${version}` : `${partnership.slug} has no published ${kind} framework`);
    return found;
  };
  /** Every problem of a refused import, on the one line the tool ends with. */
  const csvProblems = (error: unknown) =>
    error instanceof CsvImportError
      ? kit.usage(
          error.problems.length === 1
            ? `nothing imported: ${problemText(error.problems[0])}`
            : `${error.problems.length} problems, nothing imported: ${error.problems.map(problemText).join("; ")}`,
        )
      : error;

  return [
    {
      name: "import-agencies",
      summary: "Add or update relevant agencies (section 11) from a CSV, inviting their DSLs and signatories",
      usage: "import-agencies FILE --partnership SLUG",
      async run(args, io) {
        const { values, positionals } = kit.parse("import-agencies", args, { partnership: { type: "string" } }, 1);
        const file = readInput("import-agencies", positionals[0], "a CSV of agencies: see docs/imports.md");
        const partnership = await kit.partnershipFromSlug(kit.required("import-agencies", values.partnership, "partnership", "SLUG"));
        try {
          const result = await importAgencies(await kit.database(), { partnershipId: partnership.id, file: file.bytes, fileName: file.name, invite: invitePerson });
          line(io, `Imported ${file.name} into "${partnership.name}": ${result.created.length} created, ${result.updated.length} updated, ${result.unchanged.length} unchanged; ${result.invited} invitations queued.`);
        } catch (error) {
          throw csvProblems(error);
        }
      },
    },
    {
      name: "invite",
      summary: "Invite someone to a role (and for a setting, by URN or reference); the invitation email is queued",
      usage: "invite --partnership SLUG --email ADDRESS --role ROLE [--name NAME] [--setting URN-or-reference]",
      async run(args, io) {
        const { values } = kit.parse("invite", args, { partnership: { type: "string" }, email: { type: "string" }, role: { type: "string" }, name: { type: "string" }, setting: { type: "string" } });
        const partnership = await kit.partnershipFromSlug(kit.required("invite", values.partnership, "partnership", "SLUG"));
        const email = kit.required("invite", values.email, "email", "ADDRESS");
        const roleName = kit.required("invite", values.role, "role", "ROLE");
        if (!(roleEnum.enumValues as readonly string[]).includes(roleName)) throw kit.usage(`unknown role "${roleName}"; use one of: ${roleEnum.enumValues.join(", ")}`);
        const role = roleName as Role;
        const db = await kit.database();
        let settingId: string | null = null;
        let settingName = "";
        if (SETTING_ROLES.includes(role)) {
          const ref = kit.required("invite", values.setting, "setting", "URN-or-reference");
          const [found] = await db
            .select({ id: settings.id, name: settings.name })
            .from(settings)
            .where(and(eq(settings.partnershipId, partnership.id), sql`(${settings.urn} = ${ref} or ${settings.reference} = ${ref})`));
          if (!found) throw kit.usage(`${partnership.slug} has no setting with the URN or reference ${ref}`);
          settingId = found.id;
          settingName = ` for ${found.name}`;
        } else if (values.setting !== undefined) throw kit.usage(`a ${ROLE_LABELS[role].toLowerCase()} works across the partnership: leave out --setting`);
        const name = typeof values.name === "string" && values.name.trim() ? values.name.trim() : email.split("@")[0];
        const result = await invitePerson(db, { partnershipId: partnership.id, invitedBy: { id: null, name: partnership.name }, email, name, role, settingId });
        line(io, `Invited ${email} as ${ROLE_LABELS[role].toLowerCase()}${settingName}${result.roleAdded ? "" : " (they held the role already: the invitation is sent again)"}; the email is queued (send it with send-emails).`);
      },
    },
    {
      name: "create-cycle",
      summary: "Create an audit cycle (a draft) and invite its settings; prints the new cycle's id last",
      usage:
        "create-cycle --partnership SLUG --name NAME --kind full|interim [--framework KEY[@VERSION]]... --opens YYYY-MM-DD --due YYYY-MM-DD [--closes YYYY-MM-DD] [--previous CYCLE-ID] [--invite all|s175|s157|s11]...",
      async run(args, io) {
        const { values } = kit.parse("create-cycle", args, {
          partnership: { type: "string" },
          name: { type: "string" },
          kind: { type: "string" },
          framework: { type: "string", multiple: true },
          opens: { type: "string" },
          due: { type: "string" },
          closes: { type: "string" },
          previous: { type: "string" },
          invite: { type: "string", multiple: true },
        });
        const partnership = await kit.partnershipFromSlug(kit.required("create-cycle", values.partnership, "partnership", "SLUG"));
        const name = kit.required("create-cycle", values.name, "name", "NAME");
        const kind = kit.required("create-cycle", values.kind, "kind", "full|interim");
        if (kind !== "full" && kind !== "interim") throw kit.usage(`create-cycle --kind is full or interim (got "${kind}")`);
        const opensOn = date("create-cycle", values.opens, "opens")!;
        const dueOn = date("create-cycle", values.due, "due")!;
        const closesOn = date("create-cycle", values.closes, "closes", true);
        const specs = (values.framework as string[] | undefined) ?? [];
        const chosen = await Promise.all(specs.map((s) => frameworkFor(partnership, s)));
        const education = chosen.find((f) => f.kind === "education") ?? (await frameworkFor(partnership, "education"));
        const agency = chosen.find((f) => f.kind === "agency") ?? (await frameworkFor(partnership, "agency"));
        const invites = ((values.invite as string[] | undefined) ?? ["all"]).map((v) => v.trim());
        for (const v of invites) if (v !== "all" && !(statutoryBasis.enumValues as readonly string[]).includes(v)) throw kit.usage(`--invite takes all, s175, s157 or s11 (got "${v}")`);
        const bases: StatutoryBasis[] = invites.includes("all") ? [...statutoryBasis.enumValues] : (invites as StatutoryBasis[]);
        let previousCycleId: string | null = null;
        if (typeof values.previous === "string") {
          const previous = await cycleById("create-cycle", values.previous);
          if (previous.partnershipId !== partnership.id) throw kit.usage(`the cycle ${values.previous} is not one of ${partnership.slug}'s`);
          previousCycleId = previous.id;
        }
        const { cycle, invited } = await createCycleWithInvitations(await kit.database(), {
          partnershipId: partnership.id,
          name,
          kind,
          educationFrameworkId: education.id,
          agencyFrameworkId: agency.id,
          opensOn,
          dueOn,
          closesOn,
          previousCycleId,
          invite: { bases },
        });
        line(io, `Created ${cycle.name} (${kind}, a draft: open it with open-cycle), ${invited} setting${invited === 1 ? "" : "s"} invited, on ${education.title} v${education.version} and ${agency.title} v${agency.version}.`);
        line(io, cycle.id);
      },
    },
    {
      name: "open-cycle",
      summary: "Open a draft cycle: its settings can start their returns, and its reminders begin",
      usage: "open-cycle ID",
      async run(args, io) {
        const { positionals } = kit.parse("open-cycle", args, {}, 1);
        if (!positionals[0]) throw kit.usage("open-cycle needs the cycle's ID (list-cycles shows it)");
        const cycle = await cycleById("open-cycle", positionals[0]);
        await openCycle(await kit.database(), { partnershipId: cycle.partnershipId, cycleId: cycle.id });
        line(io, `Opened ${cycle.name}.`);
      },
    },
    {
      name: "close-cycle",
      summary: "Close an open cycle to edits (moderation can go on)",
      usage: "close-cycle ID",
      async run(args, io) {
        const { positionals } = kit.parse("close-cycle", args, {}, 1);
        if (!positionals[0]) throw kit.usage("close-cycle needs the cycle's ID (list-cycles shows it)");
        const cycle = await cycleById("close-cycle", positionals[0]);
        await closeCycle(await kit.database(), { partnershipId: cycle.partnershipId, cycleId: cycle.id });
        line(io, `Closed ${cycle.name}.`);
      },
    },
    {
      name: "list-cycles",
      summary: "List a partnership's cycles with their ids, dates and progress",
      usage: "list-cycles --partnership SLUG",
      async run(args, io) {
        const { values } = kit.parse("list-cycles", args, { partnership: { type: "string" } });
        const partnership = await kit.partnershipFromSlug(kit.required("list-cycles", values.partnership, "partnership", "SLUG"));
        const db = await kit.database();
        const rows = await db.select().from(cycles).where(eq(cycles.partnershipId, partnership.id)).orderBy(asc(cycles.opensOn));
        if (rows.length === 0) line(io, `${partnership.slug} has no cycles yet; create one with create-cycle.`);
        for (const c of rows) {
          const p = progressSummary(await cycleProgress(db, c));
          line(io, `${c.id}  ${c.status.padEnd(6)}  ${c.kind.padEnd(7)}  opens ${c.opensOn}  due ${c.dueOn}  ${p.submitted}/${p.invited} submitted  ${c.name}`);
        }
      },
    },
    {
      name: "import-returns",
      summary: "Import last cycle's returns (and actions) from spreadsheets into a closed cycle, all or nothing",
      usage: "import-returns FILE --cycle ID [--actions FILE]",
      async run(args, io) {
        const { values, positionals } = kit.parse("import-returns", args, { cycle: { type: "string" }, actions: { type: "string" } }, 1);
        const returnsFile = readInput("import-returns", positionals[0], "a CSV of answers: see docs/imports.md");
        const actionsFile = typeof values.actions === "string" ? readInput("import-returns", values.actions, "a CSV of actions") : null;
        const cycle = await cycleById("import-returns", kit.required("import-returns", values.cycle, "cycle", "ID"));
        try {
          const result = await importLegacyReturns(await kit.database(), { partnershipId: cycle.partnershipId, cycleId: cycle.id, returnsFile: returnsFile.bytes, actionsFile: actionsFile?.bytes });
          line(io, `Imported into ${cycle.name}: ${result.returns} submitted returns, ${result.answers} answers, ${result.actions} actions.`);
        } catch (error) {
          throw csvProblems(error);
        }
      },
    },
  ];
}
