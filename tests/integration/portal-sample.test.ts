// `npm run portal -- sample`: a dry run prints the strata and members and writes nothing; without
// it the sample is kept as the system's, once.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setDatabaseHandle } from "../../app/db.server";
import { returns, sampleMembers, samples } from "../../db/schema";
import { main } from "../../scripts/portal";
import { useTestDatabase, type TestDatabase } from "../support/database";
import { UNSUPPORTED, buildModerationWorld, type ModerationWorld } from "../support/moderation-world";

let database: TestDatabase;
let world: ModerationWorld;
beforeAll(async () => {
  database = await useTestDatabase();
  world = await buildModerationWorld(database.db);
}, 60_000);
afterAll(async () => {
  setDatabaseHandle(undefined);
  await database.destroy();
});

async function portal(...argv: string[]) {
  let stdout = "";
  let stderr = "";
  const code = await main(argv, { stdout: { write: (text: string) => (stdout += text) }, stderr: { write: (text: string) => (stderr += text) } });
  return { code, stdout, stderr };
}

const kept = () => database.db.select().from(samples).where(eq(samples.cycleId, world.cycle.id));

describe("portal sample", () => {
  it("prints the strata and members of a dry run and writes nothing", async () => {
    const { code, stdout, stderr } = await portal("sample", "--cycle", world.cycle.id, "--rate", "60", "--seed", "42", "--dry-run");
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(stdout).toContain("7 of 11 submitted returns at 60% (the rate asks for 7), seed 42.");
    expect(stdout).toMatch(/^ {2}nursery +2 of {3}3 \(places 2, always included 0\)$/m);
    expect(stdout).toMatch(/^ {2}primary +4 of {3}6 \(places 4, always included 1\)$/m);
    expect(stdout).toContain(`  ${UNSUPPORTED} (Primary school), version 1: unsupported_exceeds`);
    expect(stdout).toContain("Dry run: nothing was written.");
    expect(await kept()).toEqual([]);
  });

  it("keeps the same sample without --dry-run, as the system, and refuses a second", async () => {
    const dry = await portal("sample", "--cycle", world.cycle.id, "--seed", "42", "--dry-run");
    const real = await portal("sample", "--cycle", world.cycle.id, "--seed", "42");
    expect(real.code).toBe(0);
    expect(real.stdout.replace(/\n(Sample drawn|Dry run).*\n$/, "")).toBe(dry.stdout.replace(/\n(Sample drawn|Dry run).*\n$/, ""));
    const [sample] = await kept();
    expect(sample).toMatchObject({ seed: "42", rate: "0.600", drawnByUserId: null });
    const members = await database.db.select().from(sampleMembers).where(eq(sampleMembers.sampleId, sample.id));
    const [first] = await database.db.select().from(returns).where(eq(returns.id, members[0].returnId));
    expect(first.status).toBe("in_moderation");

    const again = await portal("sample", "--cycle", world.cycle.id);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/^portal: A sample has already been drawn for this cycle/);
  });

  it("says what is wrong with its options in one line", async () => {
    expect((await portal("sample")).stderr).toBe("portal: sample needs --cycle ID\n");
    expect((await portal("sample", "--cycle", "nope")).stderr).toBe('portal: there is no audit cycle with the id "nope"\n');
    expect((await portal("sample", "--cycle", world.cycle.id, "--rate", "150", "--dry-run")).stderr).toBe("portal: sample --rate: The sampling rate must be 100% or less\n");
  });
});
