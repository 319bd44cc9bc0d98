// A challenge reopens only the challenged standards: the lock every change takes asks the
// lifecycle, so the rest of the return, and its action plan, stay as submitted.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { challenges, cycles, returns } from "../../db/schema";
import { addAction } from "../../app/domain/action-plans.server";
import { loadAnswers, saveAnswers, signOffReturn, submitReturn } from "../../app/domain/returns.server";
import { DomainError } from "../../app/errors";
import { useTestDatabase, type TestDatabase } from "../support/database";
import { buildScenario, GOOD_EVIDENCE, reload } from "../support/scenario";

let database: TestDatabase;
let world: Awaited<ReturnType<typeof buildScenario>>;

beforeAll(async () => {
  database = await useTestDatabase();
  world = await buildScenario(database.db);
  // The earlier cycle's submitted return, challenged on 1.1 (the panel's pages come later).
  // Its cycle is closed; reopen the cycle too so only the lifecycle decides.
  const { db } = database;
  const standard = world.earlier.framework.sections[0].standards[0];
  await db.insert(challenges).values({
    partnershipId: world.partnership.id,
    returnId: world.earlier.ret.id,
    standardId: standard.id,
    standardCode: standard.code,
    raisedByUserId: world.moderator.id,
  });
  await db.update(returns).set({ status: "reopened" }).where(eq(returns.id, world.earlier.ret.id));
  await db.update(cycles).set({ status: "open" }).where(eq(cycles.id, world.previousCycle.id));
});

afterAll(async () => {
  await database?.destroy();
});

describe("a reopened return", () => {
  it("says only the challenged standard can change", async () => {
    const ctx = await reload(database.db, world.earlier);
    expect(ctx.editable.kind).toBe("some");
    expect(ctx.editable.kind === "some" && [...ctx.editable.codes]).toEqual(["1.1"]);
  });

  it("takes a change to the challenged standard and refuses any other, and the action plan", async () => {
    const { db } = database;
    const ctx = await reload(db, world.earlier);
    const byCode = Object.fromEntries((await loadAnswers(db, ctx)).map((a) => [a.code, a]));
    const entry = (code: string) => ({ standardId: byCode[code].standardId, rating: "met" as const, evidence: `${GOOD_EVIDENCE} More.`, notes: "", baseRevision: byCode[code].revision });
    await expect(saveAnswers(db, ctx, { actor: world.dsl, entries: [entry("2.1")] })).rejects.toThrow(DomainError);
    await expect(saveAnswers(db, ctx, { actor: world.dsl, entries: [entry("1.1"), entry("2.1")] })).rejects.toThrow(DomainError);
    await expect(
      addAction(db, ctx, { actor: world.dsl, description: "x", theme: "training", owner: "DSL", dueOn: null, standardCode: null }),
    ).rejects.toThrow(DomainError);
    expect((await saveAnswers(db, ctx, { actor: world.dsl, entries: [entry("1.1")] })).ok).toBe(true);
  });

  it("is resubmitted as the next version, and is submitted again", async () => {
    const { db } = database;
    await signOffReturn(db, await reload(db, world.earlier), { actor: world.signatory, name: "Hana Hughes", roleTitle: "Headteacher" });
    const result = await submitReturn(db, await reload(db, world.earlier), { actor: world.signatory });
    expect(result).toEqual({ ok: true, version: 2 });
    const ctx = await reload(db, world.earlier);
    expect(ctx.ret.status).toBe("submitted");
    expect(ctx.editable.kind).toBe("none");
  });
});
