import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setDatabaseHandle } from "../../app/db.server";
import { resetConfig } from "../../app/env.server";
import { enqueueEmail } from "../../emails/outbox.server";
import { emailOutbox } from "../../db/schema";
import { commands, main } from "../../scripts/portal";
import { educationFramework } from "../../db/seed/frameworks/education";
import { agencyFramework } from "../../db/seed/frameworks/agency";
import { useTestDatabase, type TestDatabase } from "../support/database";

const fixturePath = path.resolve(import.meta.dirname, "../fixtures/gias-sample.csv");

let database: TestDatabase;
beforeAll(async () => {
  database = await useTestDatabase();
});
afterAll(async () => {
  setDatabaseHandle(undefined);
  await database.destroy();
});

/** Runs the tool in-process, as `npm run portal -- ...argv` would. */
async function portal(...argv: string[]) {
  let stdout = "";
  let stderr = "";
  const code = await main(argv, {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
  });
  return { code, stdout, stderr };
}

describe("the portal command-line tool", () => {
  it("lists every command with one line each", async () => {
    const { code, stdout, stderr } = await portal("help");
    expect(code).toBe(0);
    expect(stderr).toBe("");
    for (const command of commands) {
      expect(stdout).toMatch(new RegExp(`^  ${command.name} +${command.summary.replace(/[()]/g, "\\$&")}$`, "m"));
    }
    expect(commands.map((c) => c.name)).toEqual([
      ...["help", "migrate", "create-partnership", "import-settings", "list-settings", "seed", "send-emails", "send-reminders", "sample"],
      ...["import-agencies", "invite", "create-cycle", "open-cycle", "close-cycle", "list-cycles", "import-returns"],
      "export",
      ...["export-framework", "import-framework"],
    ]);
  });

  it("migrates the database (again, harmlessly)", async () => {
    const { code, stdout } = await portal("migrate");
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Migrations applied/);
  });

  it("creates a partnership once, and says so when it exists already", async () => {
    const first = await portal("create-partnership", "--name", "Halton Safeguarding Children Partnership", "--slug", "halton");
    expect(first).toEqual({
      code: 0,
      stdout:
        'Created the partnership "Halton Safeguarding Children Partnership" (halton).\n' +
        `Frameworks, published: education version 1 (${educationFramework.title}); agency version 1 (${agencyFramework.title}).\n`,
      stderr: "",
    });
    const second = await portal("create-partnership", "--name", "Halton", "--slug", "halton");
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/already exists; nothing changed/);
  });

  it("imports a GIAS extract and reports what it did", async () => {
    const { code, stdout, stderr } = await portal("import-settings", fixturePath, "--partnership", "halton", "--la", "876");
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(stdout).toContain("  created:     12\n");
    expect(stdout).toContain("  updated:     0\n");
    expect(stdout).toContain("  deactivated: 0\n");
    expect(stdout).toContain("  unchanged:   0\n");
    expect(stdout).toContain("  skipped:     3\n");
    expect(stdout).toContain(
      "Created: 900001, 900002, 900003, 900004, 900005, 900006, 900007, 900008, 900009, 900010, 900014, 900015\n",
    );
    expect(stdout).toContain("  900011 Moorfield Primary School: Closed, and not in the register\n");
    expect(stdout).toContain('  900013 Halebank Free School: Not open yet (status "Proposed to open")\n');

    const again = await portal("import-settings", fixturePath, "--partnership", "halton", "--la", "876");
    expect(again.stdout).toContain("  unchanged:   12\n");
    expect(again.stdout).not.toContain("Created:");
  });

  it("lists the register as CSV", async () => {
    const { code, stdout, stderr } = await portal("list-settings", "--partnership", "halton", "--format", "csv");
    expect(stderr).toBe("");
    expect(code).toBe(0);
    const lines = stdout.split("\r\n");
    expect(lines[0]).toBe("urn,name,type,basis,active");
    expect(lines).toHaveLength(1 + 12 + 1);
    expect(lines).toContain("900002,St Mary\u2019s Catholic Primary School,primary,s175,true");

    const s157 = await portal("list-settings", "--partnership", "halton", "--format", "csv", "--basis", "s157");
    expect(s157.stdout.split("\r\n").slice(1, -1).map((l) => l.split(",")[0])).toEqual(["900015", "900005", "900010", "900006"]);
  });

  it("writes the register as CSV to a file with --output, so npm's banner cannot get into it", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-cli-"));
    const savedInitCwd = process.env.INIT_CWD;
    try {
      const expected = (await portal("list-settings", "--partnership", "halton", "--format", "csv")).stdout;

      const file = path.join(dir, "register.csv");
      const written = await portal("list-settings", "--partnership", "halton", "--output", file);
      expect(written).toEqual({ code: 0, stdout: `Wrote 12 settings of "Halton Safeguarding Children Partnership" to ${file}.\n`, stderr: "" });
      const csv = fs.readFileSync(file, "utf8");
      expect(csv).toBe(expected);
      expect(csv.startsWith("urn,name,type,basis,active\r\n")).toBe(true);

      // A relative name is where the person typed the command (npm's INIT_CWD), not the project root.
      process.env.INIT_CWD = dir;
      const relative = await portal("list-settings", "--partnership", "halton", "--basis", "s157", "--format", "csv", "--output", "s157.csv");
      expect(relative.code).toBe(0);
      expect(relative.stdout).toBe('Wrote 4 settings of "Halton Safeguarding Children Partnership" to s157.csv.\n');
      expect(fs.readFileSync(path.join(dir, "s157.csv"), "utf8").split("\r\n").slice(1, -1).map((l) => l.split(",")[0])).toEqual([
        "900015", "900005", "900010", "900006",
      ]);
    } finally {
      if (savedInitCwd === undefined) delete process.env.INIT_CWD;
      else process.env.INIT_CWD = savedInitCwd;
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("lists the register as a table", async () => {
    const { code, stdout } = await portal("list-settings", "--partnership", "halton", "--type", "special");
    expect(code).toBe(0);
    expect(stdout.split("\n")).toEqual([
      "URN     Name                    Type     Basis  Active",
      "900015  Bridge Academy Special  special  s157   yes",
      "900007  Oakwood Special School  special  s175   yes",
      "2 settings.",
      "",
    ]);
  });

  it.each([
    [["frobnicate"], 'portal: unknown command "frobnicate"; run `npm run portal -- help` to list the commands'],
    [[], "portal: no command given; run `npm run portal -- help` to list the commands"],
    [["create-partnership", "--name", "X"], "portal: create-partnership needs --slug SLUG"],
    [["create-partnership", "--name", "X", "--slug", "Not A Slug"], "portal: The slug must be lowercase letters, digits and single hyphens, such as north-halton"],
    [["import-settings", "--partnership", "halton", "--la", "876"], "portal: import-settings needs the FILE to import (a GIAS extract in CSV), or --from-gias to download today's"],
    [["import-settings", fixturePath, "--la", "876"], "portal: import-settings needs --partnership SLUG"],
    [["import-settings", fixturePath, "--partnership", "nowhere", "--la", "876"], 'portal: there is no partnership with the slug "nowhere"; create it with create-partnership'],
    [["import-settings", "missing.csv", "--partnership", "halton", "--la", "876"], "portal: cannot read missing.csv: no such file"],
    [["import-settings", fixturePath, "--partnership", "halton", "--la", "999"], "portal: The file has no establishments for local authority 999"],
    [["list-settings", "--partnership", "halton", "--colour"], "portal: list-settings has no option --colour"],
    [["list-settings", "--partnership", "halton", "--format", "pdf"], 'portal: unknown format "pdf"; use one of: table, csv'],
    [["list-settings", "--partnership"], "portal: list-settings needs a value after --partnership"],
    [["list-settings", "--partnership", "halton", "--format", "table", "--output", "x.csv"], "portal: list-settings --output writes CSV; leave out --format table"],
    [["list-settings", "--partnership", "halton", "--output", "/nonexistent-dir/x.csv"], "portal: cannot write /nonexistent-dir/x.csv: no such file or directory"],
    [["list-settings", "--partnership", "nowhere", "--output", "/nonexistent-dir/x.csv"], 'portal: there is no partnership with the slug "nowhere"; create it with create-partnership'],
  ])("fails with exit code 1 and one line: %j", async (argv, message) => {
    const { code, stdout, stderr } = await portal(...argv);
    expect(code).toBe(1);
    expect(stdout).toBe("");
    expect(stderr).toBe(`${message}\n`);
  });

  it("delivers every email waiting in the outbox, in batches, and reports what it did", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-emails-"));
    try {
      resetConfig({ DATA_DIR: dir, MAIL_TRANSPORT: "file" });
      // More than one sender batch (20), so one run must keep going until the outbox is empty.
      for (let i = 1; i <= 23; i++)
        await enqueueEmail(database.db, {
          to: `dsl${i}@school.example.org.uk`,
          template: "test",
          message: { subject: `Message ${i}`, text: `Hello ${i}`, html: `<p>Hello ${i}</p>` },
        });
      const { code, stdout, stderr } = await portal("send-emails");
      expect(stderr).toBe("");
      expect(code).toBe(0);
      expect(stdout).toBe("Emails sent: 23; to retry later: 0; failed for good: 0 (file).\n");
      const rows = await database.db.select().from(emailOutbox);
      expect(rows.filter((r) => r.status === "sent")).toHaveLength(23);
      expect(fs.readdirSync(path.join(dir, "emails")).filter((f) => f.endsWith(".eml"))).toHaveLength(23);

      const again = await portal("send-emails");
      expect(again.stdout).toBe("Emails sent: 0; to retry later: 0; failed for good: 0 (file).\n");
    } finally {
      resetConfig();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("reports a file that is not a GIAS extract on one line", async () => {
    const notGias = path.resolve(import.meta.dirname, "../../package.json");
    const { code, stderr } = await portal("import-settings", notGias, "--partnership", "halton", "--la", "876");
    expect(code).toBe(1);
    expect(stderr).toMatch(/^portal: The file /);
    expect(stderr.trimEnd().split("\n")).toHaveLength(1);
  });
});
