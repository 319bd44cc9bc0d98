// The `portal` commands for framework files (issue 12, docs/framework-json.md): export a
// version to JSON, import a file as the next version. Each changes nothing when it fails and
// says why on one line (scripts/portal.ts prints it and exits 1). scripts/portal.ts gives these
// its argument and database helpers, so neither module imports the other's table.
import fs from "node:fs";
import path from "node:path";
import type { ParseArgsConfig } from "node:util";
import type { Db } from "../app/db.server";
import {
  findFrameworkVersion,
  FrameworkImportError,
  frameworkToJson,
  importFrameworkJson,
  readFrameworkForEditing,
} from "../app/domain/framework-editing.server";
import { frameworkJsonText, MAX_FRAMEWORK_JSON_BYTES } from "../app/domain/framework-json";
import type { Partnership } from "../db/schema";

type Options = NonNullable<ParseArgsConfig["options"]>;

interface Io {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

export interface FrameworkCommandKit {
  parse<T extends Options>(command: string, args: string[], options: T, positionals?: number): { values: Record<string, unknown>; positionals: string[] };
  required(command: string, value: unknown, option: string, placeholder: string): string;
  usage(message: string): Error;
  database(): Promise<Db>;
  partnershipFromSlug(slug: string): Promise<Partnership>;
  resolvePath(file: string): string;
  fileProblem(error: unknown): string;
}

const line = (io: Io, text = "") => io.stdout.write(`${text}\n`);

/** `education`, `agency@3`: the kind, and a version when one is named. */
export function parseFrameworkName(text: string): { kind: "education" | "agency"; version?: number } | null {
  const m = /^(education|agency)(?:@([1-9]\d{0,5}))?$/.exec(text.trim());
  if (!m) return null;
  return { kind: m[1] as "education" | "agency", version: m[2] ? Number(m[2]) : undefined };
}

export function frameworkCommands(kit: FrameworkCommandKit) {
  return [
    {
      name: "export-framework",
      summary: "Write a framework version to a JSON file (the newest version unless one is named)",
      usage: "export-framework --partnership SLUG --framework KEY[@VERSION] --out FILE.json",
      async run(args: string[], io: Io) {
        const { values } = kit.parse("export-framework", args, { partnership: { type: "string" }, framework: { type: "string" }, out: { type: "string" } });
        const slug = kit.required("export-framework", values.partnership, "partnership", "SLUG");
        const name = kit.required("export-framework", values.framework, "framework", "KEY[@VERSION]");
        const out = kit.required("export-framework", values.out, "out", "FILE.json");
        const wanted = parseFrameworkName(name);
        if (!wanted) throw kit.usage(`export-framework --framework takes education or agency, with @VERSION for a version, like education@2 (got "${name}")`);
        const partnership = await kit.partnershipFromSlug(slug);
        const db = await kit.database();
        const version = await findFrameworkVersion(db, partnership.id, wanted.kind, wanted.version);
        if (!version)
          throw kit.usage(`"${partnership.name}" has no ${wanted.kind} framework${wanted.version ? ` version ${wanted.version}` : ""}`);
        const loaded = (await readFrameworkForEditing(db, partnership.id, version.id))!;
        const target = kit.resolvePath(out);
        // Written beside the target and renamed into place: a failure leaves no half-written file.
        const temporary = `${target}.${process.pid}.tmp`;
        try {
          fs.writeFileSync(temporary, frameworkJsonText(frameworkToJson(loaded)), { flag: "wx" });
          fs.renameSync(temporary, target);
        } catch (error) {
          fs.rmSync(temporary, { force: true });
          throw kit.usage(`cannot write ${out}: ${kit.fileProblem(error)}`);
        }
        const standards = loaded.sections.reduce((n, s) => n + s.standards.length, 0);
        line(io, `Wrote ${wanted.kind} version ${version.version} (${version.status}, ${loaded.sections.length} sections, ${standards} standards) of "${partnership.name}" to ${out}.`);
      },
    },
    {
      name: "import-framework",
      summary: "Import a framework JSON file as the next version of its kind, a draft unless --publish",
      usage: "import-framework FILE --partnership SLUG [--publish]",
      async run(args: string[], io: Io) {
        const { values, positionals } = kit.parse("import-framework", args, { partnership: { type: "string" }, publish: { type: "boolean" } }, 1);
        const file = positionals[0];
        if (!file) throw kit.usage("import-framework needs the FILE to import (a framework in JSON)");
        const slug = kit.required("import-framework", values.partnership, "partnership", "SLUG");
        let source: Buffer;
        try {
          source = fs.readFileSync(kit.resolvePath(file));
        } catch (error) {
          throw kit.usage(`cannot read ${file}: ${kit.fileProblem(error)}`);
        }
        if (source.length > MAX_FRAMEWORK_JSON_BYTES) throw kit.usage(`${file} is larger than a framework file may be (1 MB)`);
        const partnership = await kit.partnershipFromSlug(slug);
        try {
          const framework = await importFrameworkJson(await kit.database(), {
            partnershipId: partnership.id,
            source: source.toString("utf8"),
            publish: values.publish === true,
            actor: { userId: null },
          });
          line(io, `Imported ${path.basename(file)} into "${partnership.name}" as ${framework.kind} version ${framework.version} (${framework.status}).`);
        } catch (error) {
          if (!(error instanceof FrameworkImportError)) throw error;
          // One line: the first problem, and how many more.
          const more = error.errors.length - 1;
          throw kit.usage(`${path.basename(file)}: ${error.errors[0]}${more > 0 ? ` (and ${more} more problem${more === 1 ? "" : "s"})` : ""}; nothing was imported`);
        }
      },
    },
  ];
}
