// The setting's return: start from the earlier return (across a framework version change),
// the unsupported-Exceeds rule, stale saves, submission rules, immutable versions and interim updates.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { count, eq } from "drizzle-orm";
import { useTestDatabase, type TestDatabase } from "../support/database";
import { buildScenario, completeAndSignOff, createInterimCycle, GOOD_EVIDENCE, reload, returnFor } from "../support/scenario";
import { addAction, loadActions, updateAction } from "../../app/domain/action-plans.server";
import { DomainError } from "../../app/errors";
import { getVersion } from "../../app/domain/return-versions.server";
import { getReturnOverview, loadAnswers, saveAnswers, signOffReturn, startReturn, submitReturn } from "../../app/domain/returns.server";
import { inviteSettings } from "../../app/domain/cycles.server";
import { auditEvents, emailOutbox, returnVersions } from "../../db/schema";

let database: TestDatabase;
let world: Awaited<ReturnType<typeof buildScenario>>;

beforeAll(async () => {
  database = await useTestDatabase();
  world = await buildScenario(database.db);
});
afterAll(async () => {
  await database.destroy();
});

describe("starting from the earlier return", () => {
  it("carries every answer forward by standard code across a framework change, marked for review", async () => {
    const { db } = database;
    const ctx = await returnFor(db, world.cycle, world.school.id);
    await startReturn(db, ctx, { mode: "earlier", actor: world.dsl });
    const started = await reload(db, ctx);
    expect(started.ret.status).toBe("in_progress");
    expect(started.ret.startedFromReturnId).toBe(world.earlier.ret.id);

    const answers = await loadAnswers(db, started);
    const byCode = Object.fromEntries(answers.map((a) => [a.code, a]));
    expect(Object.keys(byCode).sort()).toEqual(["1.1", "1.2", "2.1", "2.3"]);
    for (const code of ["1.1", "1.2", "2.1"]) {
      expect(byCode[code].review).toBe("carried_forward");
      expect(byCode[code].rating).toBe("met");
      expect(byCode[code].evidence).toBe(GOOD_EVIDENCE);
    }
    // The new standard starts empty; the retired one is shown as such.
    expect(byCode["2.3"]).toMatchObject({ review: "new", rating: null, evidence: "" });
    const overview = await getReturnOverview(db, started);
    expect(overview.retiredStandards.map((s) => s.code)).toEqual(["2.2"]);
    expect(overview.sections.map((s) => s.status)).toEqual(["needs_review", "needs_review"]);

    // The open action from last time is in the plan, waiting for review.
    const actions = await loadActions(db, started);
    expect(actions).toHaveLength(1);
    expect(actions[0]).toMatchObject({ description: "Train all supply staff", carriedForward: true, needsReview: true });
  });

  it("refuses to start twice", async () => {
    const { db } = database;
    const ctx = await returnFor(db, world.cycle, world.school.id);
    await expect(startReturn(db, ctx, { mode: "blank", actor: world.dsl })).rejects.toThrow(DomainError);
  });

  it("starts blank when asked, and refuses 'from earlier' when there is nothing earlier", async () => {
    const { db } = database;
    const ctx = await returnFor(db, world.cycle, world.otherSchool.id);
    await expect(startReturn(db, ctx, { mode: "earlier", actor: world.otherDsl })).rejects.toThrow(/no earlier submitted return/);
    await startReturn(db, ctx, { mode: "blank", actor: world.otherDsl });
    const answers = await loadAnswers(db, await reload(db, ctx));
    expect(answers.every((a) => a.review === "new" && a.rating === null)).toBe(true);
  });
});

describe("answering", () => {
  it("flags an Exceeds without enough evidence, and never blocks on it", async () => {
    const { db } = database;
    const ctx = await reload(db, await returnFor(db, world.cycle, world.otherSchool.id));
    const [first] = await loadAnswers(db, ctx);
    const result = await saveAnswers(db, ctx, {
      actor: world.otherDsl,
      entries: [{ standardId: first.standardId, rating: "exceeds", evidence: "We are excellent.", notes: "", baseRevision: first.revision }],
    });
    expect(result.ok).toBe(true);
    const overview = await getReturnOverview(db, await reload(db, ctx));
    expect(overview.unsupportedExceeds).toEqual([first.code]);
    expect(overview.problems.map((p) => p.text)).not.toContain(expect.stringContaining("Exceeds"));
  });

  it("refuses a save based on an older revision and returns the stored text beside it", async () => {
    const { db } = database;
    const ctx = await reload(db, await returnFor(db, world.cycle, world.otherSchool.id));
    const answer = (await loadAnswers(db, ctx))[1];
    const base = answer.revision;
    const first = await saveAnswers(db, ctx, {
      actor: world.otherDsl,
      entries: [{ standardId: answer.standardId, rating: "met", evidence: "Saved first by Olly.", notes: "", baseRevision: base }],
    });
    expect(first.ok).toBe(true);
    const second = await saveAnswers(db, ctx, {
      actor: world.otherDsl,
      entries: [{ standardId: answer.standardId, rating: "partially_met", evidence: "Typed at the same time.", notes: "", baseRevision: base }],
    });
    expect(second.ok).toBe(false);
    if (second.ok) return;
    expect(second.conflicts).toHaveLength(1);
    expect(second.conflicts[0].stored).toMatchObject({ rating: "met", evidence: "Saved first by Olly.", revision: base + 1, updatedBy: "Olly Other" });
    const after = (await loadAnswers(db, ctx))[1];
    expect(after.evidence).toBe("Saved first by Olly.");
  });

  it("does not treat a repeat of the stored text as a conflict", async () => {
    const { db } = database;
    const ctx = await reload(db, await returnFor(db, world.cycle, world.otherSchool.id));
    const answer = (await loadAnswers(db, ctx))[1];
    const result = await saveAnswers(db, ctx, {
      actor: world.otherDsl,
      entries: [{ standardId: answer.standardId, rating: answer.rating, evidence: answer.evidence, notes: answer.notes, baseRevision: answer.revision - 1 }],
    });
    expect(result.ok).toBe(true);
  });

  it("refuses 'not applicable' where the standard does not allow it", async () => {
    const { db } = database;
    const ctx = await reload(db, await returnFor(db, world.cycle, world.otherSchool.id));
    const answer = (await loadAnswers(db, ctx)).find((a) => !a.allowsNotApplicable)!;
    await expect(
      saveAnswers(db, ctx, {
        actor: world.otherDsl,
        entries: [{ standardId: answer.standardId, rating: "not_applicable", evidence: "", notes: "", baseRevision: answer.revision }],
      }),
    ).rejects.toThrow(/cannot be marked not applicable/);
  });
});

describe("submitting", () => {
  it("refuses an incomplete, unreviewed or unsigned return with every reason, creating nothing", async () => {
    const { db } = database;
    const ctx = await reload(db, await returnFor(db, world.cycle, world.school.id));
    const result = await submitReturn(db, ctx, { actor: world.dsl });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const texts = result.problems.map((p) => p.text);
    expect(texts).toContain("Standard 2.3 has no rating");
    expect(texts).toContain("Standard 1.1 was carried forward from your last return and needs review");
    expect(texts).toContain("Give an update on the action “Train all supply staff”");
    expect(texts).toContain("The return has not been signed off");
    const [{ n }] = await db.select({ n: count() }).from(returnVersions).where(eq(returnVersions.returnId, ctx.ret.id));
    expect(n).toBe(0);
  });

  it("withdraws a sign-off when the return changes after it", async () => {
    const { db } = database;
    let ctx = await reload(db, await returnFor(db, world.cycle, world.school.id));
    await signOffReturn(db, ctx, { actor: world.signatory, name: "Hana Hughes", roleTitle: "Headteacher" });
    ctx = await reload(db, ctx);
    expect(ctx.ret.signedOffAt).not.toBeNull();
    const [a] = await loadAnswers(db, ctx);
    await saveAnswers(db, ctx, { actor: world.dsl, entries: [{ standardId: a.standardId, rating: "met", evidence: "Changed.", notes: "", baseRevision: a.revision }] });
    expect((await reload(db, ctx)).ret.signedOffAt).toBeNull();
  });

  it("submits a complete, signed-off return as version 1, emails a receipt, and freezes it", async () => {
    const { db } = database;
    let ctx = await reload(db, await returnFor(db, world.cycle, world.school.id));
    const [action] = await loadActions(db, ctx);
    await updateAction(db, ctx, { actor: world.dsl, actionId: action.id, status: "done", progressNote: "All supply staff trained in October.", newDueOn: null });
    ctx = await completeAndSignOff(db, ctx, world.signatory);
    const result = await submitReturn(db, ctx, { actor: world.signatory });
    expect(result).toEqual({ ok: true, version: 1 });
    ctx = await reload(db, ctx);
    expect(ctx.ret.status).toBe("submitted");

    const version = await getVersion(db, ctx, 1);
    expect(version!.snapshot.answers).toHaveLength(4);
    expect(version!.snapshot.signOff).toMatchObject({ name: "Hana Hughes", role: "Headteacher" });
    expect(version!.snapshot.actions[0].update).toMatchObject({ status: "done", progressNote: "All supply staff trained in October." });

    const receipts = await db.select().from(emailOutbox).where(eq(emailOutbox.template, "return-receipt"));
    const toThisReturn = receipts.filter((r) => r.textBody.includes(world.cycle.name));
    expect(toThisReturn.map((r) => r.toAddress).sort()).toEqual([world.dsl.email, world.signatory.email].sort());
    for (const receipt of toThisReturn) {
      expect(receipt.subject).toBe(`Return received: ${world.school.name}, ${world.cycle.name} (version 1)`);
      // Every standard was rated Met; the one action is done, so none is outstanding.
      expect(receipt.textBody).toMatch(/^Met: 4 standards$/m);
      expect(receipt.textBody).toContain("The action plan has no actions.");
      expect(receipt.textBody).toContain(`/settings/${world.school.id}/returns/${ctx.ret.id}/versions/1`);
      expect(receipt.htmlBody).toContain(`/settings/${world.school.id}/returns/${ctx.ret.id}/versions/1`);
    }

    // Nothing can change it any more: not through the domain, and not in the database.
    const [a] = await loadAnswers(db, ctx);
    await expect(
      saveAnswers(db, ctx, { actor: world.dsl, entries: [{ standardId: a.standardId, rating: "not_met", evidence: "", notes: "", baseRevision: a.revision }] }),
    ).rejects.toThrow(DomainError);
    await expect(signOffReturn(db, ctx, { actor: world.signatory, name: "X", roleTitle: "Y" })).rejects.toThrow(DomainError);
    await expect(db.update(returnVersions).set({ number: 7 }).where(eq(returnVersions.returnId, ctx.ret.id))).rejects.toThrow();
    await expect(db.delete(returnVersions).where(eq(returnVersions.returnId, ctx.ret.id))).rejects.toThrow();
    expect((await getVersion(db, ctx, 1))!.snapshot).toEqual(version!.snapshot);

    const events = (await db.select({ action: auditEvents.action }).from(auditEvents)).map((e) => e.action);
    for (const expected of ["return.started", "answer.reviewed", "answer.saved", "action.updated", "return.signed_off", "return.submitted"])
      expect(events).toContain(expected);
  });
});

describe("the interim update", () => {
  it("copies the last return, asks for an update on each outstanding action, and submits", async () => {
    const { db } = database;
    // The other school's full return, submitted with one open action.
    let full = await reload(db, await returnFor(db, world.cycle, world.otherSchool.id));
    await addAction(db, full, { actor: world.otherDsl, description: "Refresh Prevent training", theme: "training", owner: "DSL", dueOn: "2027-03-31", standardCode: "2.1" });
    full = await completeAndSignOff(db, await reload(db, full), world.otherDsl);
    expect((await submitReturn(db, full, { actor: world.otherDsl })).ok).toBe(true);

    const interim = await createInterimCycle(db, world);
    await inviteSettings(db, interim, [world.otherSchool.id]);
    let ctx = await returnFor(db, interim, world.otherSchool.id);
    await startReturn(db, ctx, { mode: "blank", actor: world.otherDsl });
    ctx = await reload(db, ctx);
    expect(ctx.ret.startedFromReturnId).toBe(full.ret.id);
    const answers = await loadAnswers(db, ctx);
    expect(answers.every((a) => a.rating === "met" && a.review === "reviewed")).toBe(true);

    await signOffReturn(db, ctx, { actor: world.otherDsl, name: "Olly Other", roleTitle: "Nursery manager" });
    ctx = await reload(db, ctx);
    const refused = await submitReturn(db, ctx, { actor: world.otherDsl });
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.problems.map((p) => p.text)).toEqual(["Give an update on the action “Refresh Prevent training”"]);

    const [action] = await loadActions(db, ctx);
    await updateAction(db, ctx, { actor: world.otherDsl, actionId: action.id, status: "in_progress", progressNote: "Half the staff done.", newDueOn: "2028-01-31" });
    // A rating may be revised in the interim year.
    const [first] = await loadAnswers(db, await reload(db, ctx));
    await saveAnswers(db, await reload(db, ctx), { actor: world.otherDsl, entries: [{ standardId: first.standardId, rating: "exceeds", evidence: GOOD_EVIDENCE, notes: "", baseRevision: first.revision }] });
    ctx = await reload(db, ctx);
    await signOffReturn(db, ctx, { actor: world.otherDsl, name: "Olly Other", roleTitle: "Nursery manager" });
    const submitted = await submitReturn(db, await reload(db, ctx), { actor: world.otherDsl });
    expect(submitted).toEqual({ ok: true, version: 1 });
    const version = await getVersion(db, ctx, 1);
    expect(version!.snapshot.cycleKind).toBe("interim");
    expect(version!.snapshot.actions[0]).toMatchObject({ status: "in_progress", dueOn: "2028-01-31", update: { progressNote: "Half the staff done." } });
    expect(version!.snapshot.answers.find((a) => a.code === first.code)!.rating).toBe("exceeds");
  });
});
