// A partnership set up from nothing by `portal` commands alone (issue 12): create it, import its
// schools from GIAS and its agencies from the documented CSV, invite people, create, open and
// close last cycle, import last cycle's returns from the documented example files (all or
// nothing: a file with one bad row first), then create and open this cycle. The DSL's return
// then offers to start from the imported one.
import path from "node:path";
import fs from "node:fs";
import os from "node:os";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setDatabaseHandle } from "../../app/db.server";
import { actions, cycles, emailOutbox, memberships, returnVersions, returns, settings, users } from "../../db/schema";
import { main } from "../../scripts/portal";
import { useTestDatabase, type TestDatabase } from "../support/database";
import { signedInRequest } from "../support/auth";
import { appRequestHandler } from "../support/remix";

const root = path.resolve(import.meta.dirname, "../..");
const gias = path.join(root, "tests/fixtures/gias-sample.csv");
const example = (name: string) => path.join(root, "docs/examples", name);

let database: TestDatabase;
let tmp: string;
beforeAll(async () => {
  database = await useTestDatabase();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "portal-setup-"));
});
afterAll(async () => {
  setDatabaseHandle(undefined);
  await database?.destroy();
  fs.rmSync(tmp, { recursive: true, force: true });
});

async function portal(...argv: string[]) {
  let stdout = "";
  let stderr = "";
  const code = await main(argv, { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) } });
  return { code, stdout, stderr };
}

async function ok(...argv: string[]) {
  const result = await portal(...argv);
  expect(result.stderr, argv.join(" ")).toBe("");
  expect(result.code).toBe(0);
  return result.stdout;
}

const lastLine = (text: string) => text.trim().split("\n").at(-1)!;

describe("setting up a partnership with portal commands only", () => {
  let lastCycle: string;

  it("creates the partnership, imports its register and agencies, and invites people", async () => {
    expect(await ok("create-partnership", "--name", "Halton Safeguarding Children Partnership", "--slug", "halton-setup")).toMatch(/Frameworks, published: education version 1/);
    expect(await ok("import-settings", gias, "--partnership", "halton-setup", "--la", "876")).toMatch(/created: +12/);
    expect(await ok("import-agencies", example("agencies.csv"), "--partnership", "halton-setup")).toBe(
      'Imported agencies.csv into "Halton Safeguarding Children Partnership": 3 created, 0 updated, 0 unchanged; 5 invitations queued.\n',
    );
    // Again: nothing changes, and nobody is invited twice.
    expect(await ok("import-agencies", example("agencies.csv"), "--partnership", "halton-setup")).toMatch(/0 created, 0 updated, 3 unchanged; 0 invitations queued/);
    expect(await ok("invite", "--partnership", "halton-setup", "--email", "dana.dsl@brookfield.example.org.uk", "--name", "Dana Singh", "--role", "dsl", "--setting", "900001")).toMatch(
      /^Invited dana.dsl@brookfield.example.org.uk as designated safeguarding lead for Brookfield Community Primary School/i,
    );
    await ok("invite", "--partnership", "halton-setup", "--email", "alex.admin@halton.example.org.uk", "--name", "Alex Admin", "--role", "admin");
    const invitations = await database.db.select().from(emailOutbox).where(eq(emailOutbox.template, "invitation"));
    expect(invitations.map((e) => e.toAddress).sort()).toEqual([
      "alex.admin@halton.example.org.uk",
      "dana.dsl@brookfield.example.org.uk",
      "hari.nurse@health.example.org.uk",
      "pat.lead@police.example.org.uk",
      "sam.roe@police.example.org.uk",
      "val.young@youthclub.example.org.uk",
      "vic.chair@youthclub.example.org.uk",
    ]);
  });

  it("refuses bad input with one line and changes nothing", async () => {
    const bad = path.join(tmp, "agencies-bad.csv");
    fs.writeFileSync(bad, "reference,name,sector\nFIRE-01,Halton Fire,Fire service\nFIRE-02,,police\n");
    const refused = await portal("import-agencies", bad, "--partnership", "halton-setup");
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(
      'portal: 2 problems, nothing imported: row 2: "Fire service" is not a sector; use one of: police, health, council_service, voluntary, faith, sport_leisure; row 3: enter the agency\'s name\n',
    );
    expect(await database.db.select().from(settings).where(eq(settings.reference, "FIRE-02"))).toEqual([]);
    for (const [argv, reason] of [
      [["invite", "--partnership", "halton-setup", "--email", "x@example.org.uk", "--role", "dsl", "--setting", "999999"], "halton-setup has no setting with the URN or reference 999999"],
      [["invite", "--partnership", "halton-setup", "--email", "x@example.org.uk", "--role", "wizard"], 'unknown role "wizard"'],
      [["create-cycle", "--partnership", "halton-setup", "--name", "X", "--kind", "full", "--opens", "2025-02-30", "--due", "2025-03-31"], "must be a real date"],
      [["create-cycle", "--partnership", "halton-setup", "--name", "X", "--kind", "full", "--framework", "education@9", "--opens", "2025-02-01", "--due", "2025-03-31"], "no education framework version 9"],
      [["open-cycle", "not-an-id"], 'there is no cycle with the id "not-an-id"'],
    ] as const) {
      const result = await portal(...argv);
      expect(result.code, argv.join(" ")).toBe(1);
      expect(result.stderr).toContain(reason);
      expect(result.stderr.trim().split("\n")).toHaveLength(1);
    }
    expect(await database.db.select().from(cycles)).toEqual([]);
  });

  it("creates, opens and closes last cycle, and imports its returns all or nothing", async () => {
    const created = await ok("create-cycle", "--partnership", "halton-setup", "--name", "Full audit 2025", "--kind", "full", "--framework", "education@1", "--opens", "2025-09-08", "--due", "2025-12-12", "--invite", "all");
    lastCycle = lastLine(created);
    expect(created).toMatch(/Created Full audit 2025 \(full, a draft: open it with open-cycle\), 15 settings invited/);
    await ok("open-cycle", lastCycle);
    await ok("close-cycle", lastCycle);

    // One bad row among 89: nothing is imported, and the row is named.
    const lines = fs.readFileSync(example("returns.csv"), "utf8").split("\n");
    lines[5] = lines[5].replace(/,(Met|Exceeds|Partially met),/, ",Outstanding,");
    const bad = path.join(tmp, "returns-bad.csv");
    fs.writeFileSync(bad, lines.join("\n"));
    const refused = await portal("import-returns", bad, "--cycle", lastCycle, "--actions", example("actions.csv"));
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe('portal: nothing imported: row 6: "Outstanding" is not a rating; use Not met, Partially met, Met, Exceeds or Not applicable\n');
    expect(await database.db.select().from(returnVersions)).toEqual([]);
    expect(await database.db.select().from(actions)).toEqual([]);

    expect(await ok("import-returns", example("returns.csv"), "--cycle", lastCycle, "--actions", example("actions.csv"))).toMatch(
      /^Imported into Full audit 2025: 2 submitted returns, 89 answers, 3 actions\.$/m,
    );
    const submitted = await database.db.select().from(returns).where(and(eq(returns.cycleId, lastCycle), eq(returns.status, "submitted")));
    expect(submitted).toHaveLength(2);
    // Importing the same file again is refused: those settings have their return.
    const again = await portal("import-returns", example("returns.csv"), "--cycle", lastCycle);
    expect(again.stderr).toMatch(/already has a submitted return in Full audit 2025/);
  });

  it("creates and opens this cycle, whose DSL is offered last cycle's return to start from", async () => {
    const created = await ok("create-cycle", "--partnership", "halton-setup", "--name", "Full audit 2027", "--kind", "full", "--opens", "2027-01-04", "--due", "2027-03-31", "--previous", lastCycle);
    const cycleId = lastLine(created);
    await ok("open-cycle", cycleId);
    expect(await ok("list-cycles", "--partnership", "halton-setup")).toMatch(new RegExp(`${cycleId}  open +full +opens 2027-01-04  due 2027-03-31  0/15 submitted  Full audit 2027`));

    const [dana] = await database.db.select().from(users).where(eq(users.email, "dana.dsl@brookfield.example.org.uk"));
    const [membership] = await database.db.select().from(memberships).where(eq(memberships.userId, dana.id));
    const [ret] = await database.db.select().from(returns).where(and(eq(returns.cycleId, cycleId), eq(returns.settingId, membership.settingId!)));
    const handle = await appRequestHandler();
    const response = await handle(await signedInRequest(dana, `http://localhost/settings/${membership.settingId}/returns/${ret.id}`));
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("Start from your last return (Full audit 2025, version 1)");
  });
});
