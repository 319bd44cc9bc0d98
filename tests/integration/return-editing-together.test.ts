// Several people on one return: reviewing carried-forward answers only when someone has looked
// at them, colleagues editing different standards of one section, saves that race a submission,
// action updates and sign-offs based on what the person saw, and an interim return with nothing
// earlier to start from. Forms are built from what the section page's loader gave the browser.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { answers, auditEvents } from "../../db/schema";
import { inviteSettings, setCycleStatus } from "../../app/domain/cycles.server";
import { ACTION_UPDATED_MEANWHILE, loadActions, updateAction } from "../../app/domain/action-plans.server";
import { DomainError } from "../../app/errors";
import { type ReturnContext } from "../../app/domain/return-context.server";
import { loadAnswers, RETURN_CHANGED_BEFORE_SIGN_OFF, saveAnswers, signOffReturn, startReturn, submitReturn } from "../../app/domain/returns.server";
import * as actionPlanPage from "../../app/routes/settings.$settingId.returns.$returnId.actions";
import * as returnPage from "../../app/routes/settings.$settingId.returns.$returnId._index";
import * as sectionPage from "../../app/routes/settings.$settingId.returns.$returnId.sections.$sectionId";
import * as signOffPage from "../../app/routes/settings.$settingId.returns.$returnId.sign-off";
import { signedInRequest } from "../support/auth";
import { useTestDatabase, type TestDatabase } from "../support/database";
import { makeSetting, makeUser } from "../support/factories";
import { dataResult, routeArgs, thrownRedirect } from "../support/routes";
import { buildScenario, completeAndSignOff, createInterimCycle, GOOD_EVIDENCE, reload, returnFor } from "../support/scenario";

let database: TestDatabase;
let world: Awaited<ReturnType<typeof buildScenario>>;
let ctx: ReturnContext;

beforeAll(async () => {
  database = await useTestDatabase();
  world = await buildScenario(database.db);
  ctx = await returnFor(database.db, world.cycle, world.school.id);
  await startReturn(database.db, ctx, { mode: "earlier", actor: world.dsl });
  ctx = await reload(database.db, ctx);
});
afterAll(async () => {
  await database.destroy();
});

type SectionPage = Awaited<ReturnType<typeof sectionPage.loader>>;
type Change = Partial<{ rating: string; evidence: string; notes: string }>;

const sectionPath = (sectionId: string) => `/settings/${world.school.id}/returns/${ctx.ret.id}/sections/${sectionId}`;
const sectionParams = (sectionId: string) => ({ settingId: world.school.id, returnId: ctx.ret.id, sectionId });

async function openSection(user: { id: string }, sectionId: string): Promise<SectionPage> {
  return sectionPage.loader(routeArgs(await signedInRequest(user, sectionPath(sectionId)), sectionParams(sectionId)));
}

/** The form the browser would post from `page`, with `changes` typed in by standard code. */
function formFrom(page: SectionPage, intent: string, changes: Record<string, Change> = {}) {
  const form: Record<string, string | string[]> = { intent, standardId: page.standards.map((s) => s.standardId) };
  for (const s of page.standards) {
    const typed = { rating: s.rating ?? "", evidence: s.evidence, notes: s.notes, ...changes[s.code] };
    form[`revision.${s.standardId}`] = String(s.revision);
    form[`fingerprint.${s.standardId}`] = s.fingerprint;
    if (typed.rating) form[`rating.${s.standardId}`] = typed.rating;
    form[`evidence.${s.standardId}`] = typed.evidence;
    form[`notes.${s.standardId}`] = typed.notes;
  }
  return form;
}

async function postSection(user: { id: string }, sectionId: string, form: Record<string, string | string[]>) {
  return sectionPage.action(routeArgs(await signedInRequest(user, sectionPath(sectionId), { form }), sectionParams(sectionId)));
}

async function reviewStates() {
  return Object.fromEntries((await loadAnswers(database.db, await reload(database.db, ctx))).map((a) => [a.code, a.review]));
}

describe("carried-forward answers", () => {
  it("stay waiting for review when an autosave or 'come back later' saves another standard", async () => {
    const section = ctx.framework.sections[0];
    const page = await openSection(world.dsl, section.id);
    expect(page.standards.map((s) => [s.code, s.carriedForward])).toEqual([
      ["1.1", true],
      ["1.2", true],
    ]);

    const autosaved = (await postSection(world.dsl, section.id, formFrom(page, "autosave", { "1.1": { notes: "Asked the governor." } }))) as {
      saved: boolean;
      revisions: Record<string, number>;
      fingerprints: Record<string, string>;
    };
    expect(autosaved.saved).toBe(true);
    expect(await reviewStates()).toMatchObject({ "1.1": "reviewed", "1.2": "carried_forward" });

    // Nothing typed at all: "come back later" confirms nothing.
    await thrownRedirect(postSection(world.dsl, section.id, formFrom(await openSection(world.dsl, section.id), "later")));
    expect(await reviewStates()).toMatchObject({ "1.1": "reviewed", "1.2": "carried_forward" });
  });

  it("are confirmed by 'Save and continue' on the page that showed them, and the review is audited", async () => {
    const section = ctx.framework.sections[0];
    const page = await openSection(world.dsl, section.id);
    const location = await thrownRedirect(postSection(world.dsl, section.id, formFrom(page, "continue")));
    expect(location).toBe(sectionPath(ctx.framework.sections[1].id));
    expect(await reviewStates()).toMatchObject({ "1.1": "reviewed", "1.2": "reviewed" });
    const confirmed = await database.db.select().from(auditEvents).where(eq(auditEvents.action, "answer.reviewed"));
    expect(confirmed.map((e) => e.detail.code)).toContain("1.2");
    // Confirming changed nothing but the review.
    const [stored] = (await loadAnswers(database.db, ctx)).filter((a) => a.code === "1.2");
    expect(stored).toMatchObject({ rating: "met", evidence: GOOD_EVIDENCE });
  });
});

describe("the section page", () => {
  it("shows last cycle's rating and evidence beside each carried-forward standard, and none beside a new one", async () => {
    const page = await openSection(world.dsl, ctx.framework.sections[1].id);
    expect(page.earlierCycleName).toBe("Full audit 2024");
    const byCode = Object.fromEntries(page.standards.map((s) => [s.code, s.previous]));
    expect(byCode["2.1"]).toEqual({ rating: "met", evidence: GOOD_EVIDENCE });
    expect(byCode["2.3"]).toBeNull();
  });
});

describe("two people in one section", () => {
  it("do not conflict over standards only one of them changed", async () => {
    const section = ctx.framework.sections[1];
    const dana = await openSection(world.dsl, section.id);
    const hana = await openSection(world.signatory, section.id);

    await thrownRedirect(postSection(world.signatory, section.id, formFrom(hana, "later", { "2.3": { rating: "met", evidence: "Hana's evidence." } })));
    // Dana's page predates Hana's save; she changed 2.1 only.
    await thrownRedirect(postSection(world.dsl, section.id, formFrom(dana, "later", { "2.1": { evidence: "Dana's new evidence." } })));

    const byCode = Object.fromEntries((await loadAnswers(database.db, ctx)).map((a) => [a.code, a]));
    expect(byCode["2.1"].evidence).toBe("Dana's new evidence.");
    expect(byCode["2.3"]).toMatchObject({ rating: "met", evidence: "Hana's evidence." });
  });

  it("still catch a change to the standard a colleague saved, even after an autosave of the page", async () => {
    const section = ctx.framework.sections[1];
    const dana = await openSection(world.dsl, section.id);
    const hana = await openSection(world.signatory, section.id);
    await thrownRedirect(postSection(world.signatory, section.id, formFrom(hana, "later", { "2.3": { evidence: "Hana again." } })));

    // Dana's autosave of 2.1 comes back with the revision her page had for 2.3, not Hana's.
    const autosave = (await postSection(world.dsl, section.id, formFrom(dana, "autosave", { "2.1": { notes: "Dana's note." } }))) as {
      revisions: Record<string, number>;
      fingerprints: Record<string, string>;
    };
    const id23 = dana.standards.find((s) => s.code === "2.3")!.standardId;
    expect(autosave.revisions[id23]).toBe(dana.standards.find((s) => s.code === "2.3")!.revision);

    // Her page, moved on by the autosave, then changes 2.3: refused, with both texts.
    const movedOn: SectionPage = {
      ...dana,
      standards: dana.standards.map((s) => ({
        ...s,
        notes: s.code === "2.1" ? "Dana's note." : s.notes,
        revision: autosave.revisions[s.standardId],
        fingerprint: autosave.fingerprints[s.standardId],
      })),
    };
    const refused = dataResult<{ conflicts: { code: string; stored: { evidence: string } }[]; values: Record<string, string> }>(
      await postSection(world.dsl, section.id, formFrom(movedOn, "later", { "2.3": { evidence: "Dana's take on 2.3." } })),
    );
    expect(refused.status).toBe(409);
    expect(refused.data.conflicts.map((c) => [c.code, c.stored.evidence])).toEqual([["2.3", "Hana again."]]);
    expect(refused.data.values[`evidence.${id23}`]).toBe("Dana's take on 2.3.");
    const [stored] = await database.db.select().from(answers).where(eq(answers.standardId, id23));
    expect(stored.evidence).toBe("Hana again.");
  });
});

describe("action updates", () => {
  it("refuse an update based on an older revision of the action, keeping what was typed", async () => {
    const [carried] = (await loadActions(database.db, ctx)).filter((a) => a.carriedForward);
    const path = `/settings/${world.school.id}/returns/${ctx.ret.id}/actions`;
    const params = { settingId: world.school.id, returnId: ctx.ret.id };
    const update = (revision: number, progressNote: string, status: string) => ({
      intent: "update",
      actionId: carried.id,
      revision: String(revision),
      status,
      progressNote,
      "newDueOn-day": "",
      "newDueOn-month": "",
      "newDueOn-year": "",
    });
    await thrownRedirect(
      actionPlanPage.action(routeArgs(await signedInRequest(world.signatory, path, { form: update(carried.revision, "Hana: all booked.", "in_progress") }), params)),
    );
    const late = dataResult<{ formError: string; values: Record<string, string> }>(
      await actionPlanPage.action(routeArgs(await signedInRequest(world.dsl, path, { form: update(carried.revision, "Dana: done.", "done") }), params)),
    );
    expect(late.status).toBe(409);
    expect(late.data.formError).toBe(ACTION_UPDATED_MEANWHILE);
    expect(late.data.values.progressNote).toBe("Dana: done.");
    const after = (await loadActions(database.db, ctx)).find((a) => a.id === carried.id)!;
    expect(after.update).toMatchObject({ status: "in_progress", progressNote: "Hana: all booked." });

    // With the page reloaded (its revision moved on), Dana's update goes in.
    await thrownRedirect(
      actionPlanPage.action(routeArgs(await signedInRequest(world.dsl, path, { form: update(after.revision, "Dana: done.", "done") }), params)),
    );
    expect((await loadActions(database.db, ctx)).find((a) => a.id === carried.id)!.update).toMatchObject({ status: "done" });
  });

  it("treat an update without the action's revision as stale, as answers are: nothing changes", async () => {
    const [carried] = (await loadActions(database.db, ctx)).filter((a) => a.carriedForward);
    const path = `/settings/${world.school.id}/returns/${ctx.ret.id}/actions`;
    const params = { settingId: world.school.id, returnId: ctx.ret.id };
    for (const revision of [undefined, "", "not a number"]) {
      const form = { intent: "update", actionId: carried.id, status: "dropped", progressNote: "Blind overwrite.", ...(revision === undefined ? {} : { revision }) };
      const blind = dataResult<{ formError: string; values: Record<string, string> }>(
        await actionPlanPage.action(routeArgs(await signedInRequest(world.dsl, path, { form }), params)),
      );
      expect(blind.status, JSON.stringify(revision)).toBe(409);
      expect(blind.data.formError).toBe(ACTION_UPDATED_MEANWHILE);
      expect(blind.data.values.progressNote).toBe("Blind overwrite.");
    }
    expect((await loadActions(database.db, ctx)).find((a) => a.id === carried.id)).toEqual(carried);
  });
});

describe("an earlier, submitted return's action plan", () => {
  it("is shown as it was submitted, not as the actions stand today", async () => {
    const path = `/settings/${world.school.id}/returns/${world.earlier.ret.id}/actions`;
    const page = await actionPlanPage.loader(routeArgs(await signedInRequest(world.dsl, path), { settingId: world.school.id, returnId: world.earlier.ret.id }));
    expect(page.submittedVersion).toBe(1);
    expect(page.canEdit).toBe(false);
    // Marked done in this year's return above; open when 2024's return was submitted.
    expect(page.actions.map((a) => [a.description, a.status])).toEqual([["Train all supply staff", "open"]]);
    expect((await loadActions(database.db, ctx)).find((a) => a.description === "Train all supply staff")!.status).toBe("done");
  });
});

describe("signing off", () => {
  it("is refused when the return changed after the signatory's page was loaded", async () => {
    const path = `/settings/${world.school.id}/returns/${ctx.ret.id}/sign-off`;
    const params = { settingId: world.school.id, returnId: ctx.ret.id };
    const page = await signOffPage.loader(routeArgs(await signedInRequest(world.signatory, path), params));
    // The DSL changes an answer while the signatory reads.
    const section = ctx.framework.sections[0];
    await thrownRedirect(postSection(world.dsl, section.id, formFrom(await openSection(world.dsl, section.id), "later", { "1.1": { notes: "One more thing." } })));

    const form = { readAt: page.readAt, fullName: "Hana Hughes", roleTitle: "Headteacher", declaration: "confirmed" };
    const refused = dataResult<{ formError: string }>(await signOffPage.action(routeArgs(await signedInRequest(world.signatory, path, { form }), params)));
    expect(refused.status).toBe(409);
    expect(refused.data.formError).toBe(RETURN_CHANGED_BEFORE_SIGN_OFF);
    expect((await reload(database.db, ctx)).ret.signedOffAt).toBeNull();

    const fresh = await signOffPage.loader(routeArgs(await signedInRequest(world.signatory, path), params));
    await thrownRedirect(signOffPage.action(routeArgs(await signedInRequest(world.signatory, path, { form: { ...form, readAt: fresh.readAt } }), params)));
    expect((await reload(database.db, ctx)).ret.signedOffName).toBe("Hana Hughes");
  });
});

describe("a save that races the submission", () => {
  it("is refused once the return is submitted, though the request was authorised before", async () => {
    let other = await returnFor(database.db, world.cycle, world.otherSchool.id);
    await startReturn(database.db, other, { mode: "blank", actor: world.otherDsl });
    other = await completeAndSignOff(database.db, await reload(database.db, other), world.otherDsl);
    const seenBeforeSubmission = other;
    const [first] = await loadAnswers(database.db, other);
    const [action] = await loadActions(database.db, other);

    expect((await submitReturn(database.db, other, { actor: world.otherDsl })).ok).toBe(true);

    const entry = { standardId: first.standardId, rating: "not_met" as const, evidence: "Too late.", notes: "", baseRevision: first.revision };
    await expect(saveAnswers(database.db, seenBeforeSubmission, { actor: world.otherDsl, entries: [entry] })).rejects.toThrow(DomainError);
    await expect(
      signOffReturn(database.db, seenBeforeSubmission, { actor: world.otherDsl, name: "Olly Other", roleTitle: "Manager" }),
    ).rejects.toThrow(DomainError);
    if (action)
      await expect(
        updateAction(database.db, seenBeforeSubmission, { actor: world.otherDsl, actionId: action.id, status: "done", progressNote: "", newDueOn: null }),
      ).rejects.toThrow(DomainError);

    const after = await reload(database.db, other);
    expect(after.ret.status).toBe("submitted");
    expect(after.ret.signedOffAt).not.toBeNull();
    expect((await loadAnswers(database.db, after))[0]).toMatchObject({ rating: "met", evidence: GOOD_EVIDENCE });
  });
});

describe("an interim return", () => {
  it("starts empty for a setting with no earlier return, from the page's own button", async () => {
    const interim = await createInterimCycle(database.db, world);
    const newcomer = await makeSetting(database.db, world.partnership.id, { name: "Willow Pre-school", type: "nursery" });
    const dsl = await makeUser(database.db, { roles: [{ partnershipId: world.partnership.id, settingId: newcomer.id, role: "dsl" }] });
    await inviteSettings(database.db, interim, [newcomer.id]);
    const ret = await returnFor(database.db, interim, newcomer.id);
    const path = `/settings/${newcomer.id}/returns/${ret.ret.id}`;
    const params = { settingId: newcomer.id, returnId: ret.ret.id };

    const page = await returnPage.loader(routeArgs(await signedInRequest(dsl, path), params));
    expect(page.earlier).toBeNull();
    expect(page.mayStart).toBe(true);
    expect(await thrownRedirect(returnPage.action(routeArgs(await signedInRequest(dsl, path, { form: { intent: "start" } }), params)))).toBe(path);

    const started = await reload(database.db, ret);
    expect(started.ret.status).toBe("in_progress");
    expect(started.ret.startedFromReturnId).toBeNull();
    expect((await loadAnswers(database.db, started)).every((a) => a.rating === null && a.review === "new")).toBe(true);
  });
});

describe("a closed cycle", () => {
  it("shows the return read-only and refuses changes", async () => {
    await setCycleStatus(database.db, world.cycle, "closed");
    const section = ctx.framework.sections[0];
    const page = await openSection(world.dsl, section.id);
    expect(page.editable).toBe(false);
    const refused = dataResult<{ errors: Record<string, string> }>(
      await postSection(world.dsl, section.id, formFrom(page, "later", { "1.1": { evidence: "After the deadline." } })),
    );
    expect(refused.status).toBe(409);
    expect(refused.data.errors.form).toMatch(/cannot be changed now/);
    expect((await loadAnswers(database.db, ctx)).find((a) => a.code === "1.1")!.evidence).not.toBe("After the deadline.");
  });
});
