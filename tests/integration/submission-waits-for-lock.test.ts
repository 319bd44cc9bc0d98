// A submission reads what its version is made of in the statement that takes the return's lock
// (lockReturnWith). On a PostgreSQL server that statement can wait for another change to the
// return to commit; the version must hold the return as that change left it, not as it was when
// the statement started. PGlite runs one transaction at a time, so only a server can show it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { useTestDatabase, type TestDatabase } from "../support/database";
import { buildScenario, completeAndSignOff, GOOD_EVIDENCE, reload, returnFor } from "../support/scenario";
import { getVersion } from "../../app/domain/return-versions.server";
import { startReturn, submitReturn } from "../../app/domain/returns.server";
import { answers, returns, versionAnswers } from "../../db/schema";
import type { Db } from "../../db/client";

let database: TestDatabase;
let world: Awaited<ReturnType<typeof buildScenario>>;

beforeAll(async () => {
  database = await useTestDatabase();
  world = await buildScenario(database.db);
});
afterAll(async () => {
  await database.destroy();
});

/** Until some session of this database waits for a lock (the submission, behind the change). */
async function untilSomeoneWaits(db: Db) {
  for (let tries = 0; tries < 200; tries++) {
    const result = await db.execute(
      sql`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`,
    );
    const [row] = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as { n: number }[];
    if (row.n > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error("the submission never waited for the lock");
}

describe.runIf(Boolean(process.env.DATABASE_URL))("a submission that waits for the return's lock", () => {
  it("writes the answers as the change it waited for left them", async () => {
    const { db } = database;
    let ctx = await returnFor(db, world.cycle, world.otherSchool.id);
    await startReturn(db, ctx, { mode: "blank", actor: world.otherDsl });
    ctx = await completeAndSignOff(db, await reload(db, ctx), world.otherDsl);
    const revised = `${GOOD_EVIDENCE} Revised while the submission waited.`;

    // A change that holds the return's lock and leaves the sign-off in place (none through the
    // domain does: each withdraws it), so that the submission goes ahead once the lock is free.
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let changed!: () => void;
    const changeMade = new Promise<void>((resolve) => (changed = resolve));
    const change = db.transaction(async (tx) => {
      await tx.select({ id: returns.id }).from(returns).where(eq(returns.id, ctx.ret.id)).for("update");
      await tx.update(answers).set({ evidence: revised }).where(eq(answers.returnId, ctx.ret.id));
      await tx.update(returns).set({ updatedAt: new Date() }).where(eq(returns.id, ctx.ret.id));
      changed();
      await released;
    });
    await changeMade;

    const submission = submitReturn(db, ctx, { actor: world.otherDsl });
    await untilSomeoneWaits(db);
    release();
    await change;
    expect(await submission).toEqual({ ok: true, version: 1 });

    const version = await getVersion(db, ctx, 1);
    expect(version!.snapshot.answers.map((a) => a.evidence)).toEqual(version!.snapshot.answers.map(() => revised));
    const typed = await db.select({ evidenceLength: versionAnswers.evidenceLength }).from(versionAnswers).where(eq(versionAnswers.returnId, ctx.ret.id));
    expect(typed.map((t) => t.evidenceLength)).toEqual(typed.map(() => [...revised].length));
  });
});
