// The panel's review of a sampled return (issue 10): judgements saved like the section pages
// (a stale save refused with both kept), only the assigned member judges, a calibration pair is
// blind to each other until both complete, completion writes one frozen letter and emails it,
// and the letter is the setting's alone.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { useTestDatabase, type TestDatabase } from "../support/database";
import { buildScenario, completeAndSignOff, reload, returnFor } from "../support/scenario";
import { makePartnership, makeUser } from "../support/factories";
import { signedInRequest } from "../support/auth";
import { dataResult, routeArgs, thrownRedirect, thrownResponse } from "../support/routes";
import { requestHandlerFor } from "../support/remix";
import { sessionCookie } from "../support/auth";
import { textOfPage } from "../support/pages";
import { startReturn, submitReturn } from "../../app/domain/returns.server";
import { loadActions, updateAction } from "../../app/domain/action-plans.server";
import { completeReview, loadReview, REVIEW_REFUSALS, ReviewNotReady, saveJudgements } from "../../app/domain/moderation/reviews.server";
import type { ReturnContext } from "../../app/domain/return-context.server";
import { DomainError } from "../../app/errors";
import {
  actions,
  auditEvents,
  challenges,
  emailOutbox,
  feedbackLetters,
  judgements,
  moderationAssignments,
  returns,
  sampleMembers,
  samples,
  type User,
} from "../../db/schema";
import * as reviewPage from "../../app/routes/partnerships.$slug.moderation.reviews.$assignmentId";
import * as completePage from "../../app/routes/partnerships.$slug.moderation.reviews.$assignmentId_.complete";
import * as panelLetter from "../../app/routes/partnerships.$slug.moderation.letters.$letterId";
import * as settingLetter from "../../app/routes/settings.$settingId.letters.$letterId";
import * as settingHome from "../../app/routes/settings.$settingId._index";

let database: TestDatabase;
let world: Awaited<ReturnType<typeof buildScenario>>;
let ctx: ReturnContext;
let second: User;
let helper: User;
let primaryId: string;
let secondId: string;
let standardIds: { id: string; code: string }[];

beforeAll(async () => {
  database = await useTestDatabase();
  const { db } = database;
  world = await buildScenario(db);
  ctx = await returnFor(db, world.cycle, world.school.id);
  await startReturn(db, ctx, { mode: "earlier", actor: world.dsl });
  ctx = await reload(db, ctx);
  for (const a of (await loadActions(db, ctx)).filter((x) => x.needsReview))
    await updateAction(db, ctx, { actor: world.dsl, actionId: a.id, status: "in_progress", progressNote: "Half trained.", newDueOn: null });
  ctx = await completeAndSignOff(db, await reload(db, ctx), world.signatory);
  const submitted = await submitReturn(db, ctx, { actor: world.dsl });
  if (!submitted.ok) throw new Error("the return did not submit");
  await db.update(returns).set({ status: "in_moderation" }).where(eq(returns.id, ctx.ret.id));
  ctx = await reload(db, ctx);
  second = await makeUser(db, { name: "Sam Second", roles: [{ partnershipId: world.partnership.id, role: "moderator" }] });
  helper = await makeUser(db, { name: "Harriet Helper", roles: [{ partnershipId: world.partnership.id, role: "moderator" }] });
  const [sample] = await db
    .insert(samples)
    .values({ partnershipId: world.partnership.id, cycleId: world.cycle.id, rate: "0.6", seed: "test", calibrationShare: "0.1", drawnByUserId: world.admin.id })
    .returning();
  await db.insert(sampleMembers).values({
    sampleId: sample.id,
    returnId: ctx.ret.id,
    partnershipId: world.partnership.id,
    stratum: "primary",
    reason: "random",
    versionNumber: 1,
    calibration: true,
  });
  const made = await db
    .insert(moderationAssignments)
    .values([
      { partnershipId: world.partnership.id, returnId: ctx.ret.id, moderatorUserId: world.moderator.id, role: "primary", assignedByUserId: world.admin.id },
      { partnershipId: world.partnership.id, returnId: ctx.ret.id, moderatorUserId: second.id, role: "second", assignedByUserId: world.admin.id },
    ])
    .returning();
  primaryId = made.find((a) => a.role === "primary")!.id;
  secondId = made.find((a) => a.role === "second")!.id;
  standardIds = ctx.framework.sections.flatMap((s) => s.standards.map((st) => ({ id: st.id, code: st.code })));
}, 120_000);
afterAll(async () => {
  await database.destroy();
});

const slug = () => world.partnership.slug;
const reviewUrl = (id: string) => `/partnerships/${slug()}/moderation/reviews/${id}`;
const reviewParams = (id: string) => ({ slug: slug(), assignmentId: id });
type ReviewData = Awaited<ReturnType<typeof reviewPage.loader>>;
const readReview = async (user: { id: string }, id: string) =>
  (await reviewPage.loader(routeArgs(await signedInRequest(user, reviewUrl(id)), reviewParams(id)))) as ReviewData;
const standardsOf = (d: ReviewData) => d.sections.flatMap((s) => s.standards);

/** Every standard agreed, except the first given a moderated rating of Partially met. */
function judgementForm(revisions: Record<string, number> = {}, overrides: Record<string, string> = {}) {
  const form: Record<string, string> = { intent: "save" };
  standardIds.forEach((s, i) => {
    form[`verdict.${s.id}`] = i === 0 ? "revised" : "agree";
    form[`revision.${s.id}`] = String(revisions[s.id] ?? 0);
    if (i === 0) {
      form[`moderatedRating.${s.id}`] = "partially_met";
      form[`reason.${s.id}`] = "The evidence names the training but not who attended.";
    }
  });
  return { ...form, ...overrides };
}

const save = async (user: { id: string }, id: string, form: Record<string, string>) =>
  reviewPage.action(routeArgs(await signedInRequest(user, reviewUrl(id), { form }), reviewParams(id)));

describe("reading a review", () => {
  it("shows the setting's ratings, evidence, last cycle's rating and the flags, grouped by section", async () => {
    const d = await readReview(world.moderator, primaryId);
    expect(d.mayJudge).toBe(true);
    expect(d.sections.map((s) => s.code)).toEqual(["1", "2"]);
    const [first] = standardsOf(d);
    expect(first.rating).toBe("met");
    expect(first.evidence).not.toBe("");
    // Brookfield rated 1.1 Met last full cycle too.
    expect(first.previous?.rating).toBe("met");
    expect(first.flags).toEqual({ unsupportedExceeds: false, raisedWithSameEvidence: false });
  });

  it("lets another panel member read it but not judge it (403), and explains why", async () => {
    const d = await readReview(helper, primaryId);
    expect(d.mayJudge).toBe(false);
    expect(d.moderatorName).toBe(world.moderator.name);
    const refused = dataResult<{ errors: Record<string, string> }>(await save(helper, primaryId, judgementForm()));
    expect(refused.status).toBe(403);
    expect(refused.data.errors.form).toBe(REVIEW_REFUSALS.notAssigned);
    expect(await database.db.select().from(judgements).where(eq(judgements.assignmentId, primaryId))).toHaveLength(0);
    // An administrator reads the panel's pages but holds no judging permission at all.
    expect((await thrownResponse(save(world.admin, primaryId, judgementForm()))).status).toBe(403);
  });
});

describe("saving judgements", () => {
  it("asks for the reason and the rating when a moderated rating is given", async () => {
    const first = standardIds[0];
    const result = dataResult<{ errors: Record<string, string> }>(
      await save(world.moderator, primaryId, judgementForm({}, { [`reason.${first.id}`]: "", [`moderatedRating.${first.id}`]: "" })),
    );
    expect(result.status).toBe(400);
    expect(Object.values(result.data.errors)).toEqual([
      `Select the moderated rating for standard ${first.code}`,
      `Give the reason for the moderated rating of standard ${first.code}`,
    ]);
  });

  it("saves every judgement, moves the review into review and records each", async () => {
    expect(await thrownRedirect(save(world.moderator, primaryId, judgementForm()))).toBe(`${reviewUrl(primaryId)}?saved=1`);
    const d = await readReview(world.moderator, primaryId);
    expect(d.status).toBe("in_review");
    const [first, secondStandard] = standardsOf(d);
    expect(first.judgement).toMatchObject({ verdict: "revised", moderatedRating: "partially_met", revision: 1 });
    expect(secondStandard.judgement).toMatchObject({ verdict: "agree", moderatedRating: null, revision: 1 });
    const audit = await database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityId, primaryId), eq(auditEvents.action, "moderation.judgement_saved")));
    expect(audit).toHaveLength(standardIds.length);
  });

  it("refuses a stale save, writing nothing, and shows the stored judgement beside what was typed", async () => {
    const [first, other] = standardIds;
    // A second tab, loaded before the save above, changes its mind about both standards.
    const stale = judgementForm({}, { [`verdict.${first.id}`]: "agree", [`verdict.${other.id}`]: "revised", [`moderatedRating.${other.id}`]: "not_met", [`reason.${other.id}`]: "Nothing shown." });
    const result = dataResult<{ conflicts: { code: string; stored: { verdict: string } }[]; values: Record<string, string> }>(
      await save(world.moderator, primaryId, stale),
    );
    expect(result.status).toBe(409);
    // Only the standards whose stored judgement differs from what the stale form sent.
    expect(result.data.conflicts.map((c) => c.code)).toEqual([first.code, other.code]);
    expect(result.data.conflicts[0].stored.verdict).toBe("revised");
    expect(result.data.values[`reason.${other.id}`]).toBe("Nothing shown.");
    const stored = await database.db.select().from(judgements).where(eq(judgements.assignmentId, primaryId));
    expect(stored.find((j) => j.standardId === first.id)?.verdict).toBe("revised");
    expect(stored.find((j) => j.standardId === other.id)?.verdict).toBe("agree");

    // The domain refuses it the same way, whichever page sent it.
    const refused = await saveJudgements(database.db, {
      partnershipId: world.partnership.id,
      assignmentId: primaryId,
      actor: world.moderator,
      entries: [{ standardId: other.id, verdict: "revised", moderatedRating: "not_met", reason: "Nothing shown.", baseRevision: 0 }],
    });
    expect(refused.ok).toBe(false);
  });
});

describe("a calibration pair", () => {
  it("cannot see each other's judgements until both have completed", async () => {
    const secondsView = await readReview(second, primaryId);
    expect(secondsView.blindToViewer).toBe(true);
    expect(standardsOf(secondsView).every((s) => s.judgement === null)).toBe(true);
    const ownView = await readReview(second, secondId);
    expect(standardsOf(ownView).every((s) => s.otherJudgement === null && s.judgement === null)).toBe(true);

    await saveJudgements(database.db, {
      partnershipId: world.partnership.id,
      assignmentId: secondId,
      actor: second,
      entries: standardIds.map((s) => ({ standardId: s.id, verdict: "agree", moderatedRating: null, reason: "", baseRevision: 0 })),
    });
    const primarysView = await readReview(world.moderator, secondId);
    expect(primarysView.blindToViewer).toBe(true);
    expect(standardsOf(primarysView).every((s) => s.judgement === null)).toBe(true);
    expect(standardsOf(await readReview(world.moderator, primaryId)).every((s) => s.otherJudgement === null)).toBe(true);
  });
});

describe("adding an action to the setting's plan", () => {
  it("puts it on the setting's plan with source moderation and the review it came from", async () => {
    const form = { intent: "add-action", description: "Record who attends each training session", theme: "training", owner: "DSL", standardCode: standardIds[0].code, "dueOn-day": "31", "dueOn-month": "3", "dueOn-year": "2027" };
    expect(await thrownRedirect(save(world.moderator, primaryId, form))).toBe(`${reviewUrl(primaryId)}?actionAdded=1#add-action`);
    const [row] = await database.db.select().from(actions).where(eq(actions.originAssignmentId, primaryId));
    expect(row).toMatchObject({ source: "moderation", settingId: world.school.id, standardCode: standardIds[0].code, dueOn: "2027-03-31" });
    expect((await loadActions(database.db, ctx)).map((a) => a.id)).toContain(row.id);
    const d = await readReview(world.moderator, primaryId);
    expect(standardsOf(d)[0].actions.map((a) => a.source)).toContain("moderation");
    // Nobody else adds one to this review.
    expect(dataResult(await save(helper, primaryId, form)).status).toBe(403);
  });
});

describe("completing a review", () => {
  it("is only for a review of a sampled return, by the member assigned", async () => {
    const { db } = database;
    await expect(
      completeReview(db, { partnershipId: world.partnership.id, assignmentId: primaryId, outcome: "agreed", summary: "x", actor: helper }),
    ).rejects.toThrow(REVIEW_REFUSALS.notAssigned);
    const stranger = await makeUser(db, { roles: [{ partnershipId: world.partnership.id, role: "moderator" }] });
    const [spare] = await db
      .insert(moderationAssignments)
      .values({ partnershipId: world.partnership.id, returnId: world.earlier.ret.id, moderatorUserId: stranger.id, role: "primary" })
      .returning();
    // The earlier return is in no sample of its cycle: the review is not found at all.
    await expect(
      completeReview(db, { partnershipId: world.partnership.id, assignmentId: spare.id, outcome: "agreed", summary: "x", actor: stranger }),
    ).rejects.toMatchObject({ status: 404 });
    expect((await thrownResponse(reviewPage.loader(routeArgs(await signedInRequest(stranger, reviewUrl(spare.id)), reviewParams(spare.id))))).status).toBe(404);
  });

  it("is refused while a standard is unjudged or a challenge still waits", async () => {
    const { db } = database;
    const last = standardIds[standardIds.length - 1];
    const [held] = await db.select().from(judgements).where(and(eq(judgements.assignmentId, primaryId), eq(judgements.standardId, last.id)));
    await db.delete(judgements).where(eq(judgements.id, held.id));
    const [challenge] = await db
      .insert(challenges)
      .values({ partnershipId: world.partnership.id, returnId: ctx.ret.id, standardId: standardIds[0].id, standardCode: standardIds[0].code, raisedByUserId: world.moderator.id, assignmentId: primaryId, status: "open", suggestedRating: "partially_met", respondBy: "2026-12-01", versionNumber: 1 })
      .returning();
    const attempt = await completeReview(db, { partnershipId: world.partnership.id, assignmentId: primaryId, outcome: "agreed_with_changes", summary: "Mostly sound.", actor: world.moderator }).catch((e: unknown) => e);
    expect(attempt).toBeInstanceOf(ReviewNotReady);
    const problems = (attempt as ReviewNotReady).problems;
    expect(problems[0]).toContain(`Not judged yet: ${last.code}`);
    expect(problems[1]).toContain(`standard ${standardIds[0].code} (waiting for the setting)`);
    const page = (await completePage.loader(routeArgs(await signedInRequest(world.moderator, `${reviewUrl(primaryId)}/complete`), reviewParams(primaryId)))) as {
      unjudged: { code: string }[];
    };
    expect(page.unjudged.map((s) => s.code)).toEqual([last.code]);
    expect(await db.select().from(feedbackLetters)).toHaveLength(0);

    await db.insert(judgements).values(held);
    await db.update(challenges).set({ status: "upheld", resolution: "The evidence added shows who attended.", resolvedAt: new Date() }).where(eq(challenges.id, challenge.id));
  });

  it("writes one letter, emails it to each DSL and signatory, closes the return, and refuses a second completion", async () => {
    const { db } = database;
    const url = `${reviewUrl(primaryId)}/complete`;
    const sent = await thrownRedirect(
      completePage.action(routeArgs(await signedInRequest(world.moderator, url, { form: { outcome: "agreed_with_changes", summary: "A sound return with one rating moderated." } }), reviewParams(primaryId))),
    );
    const letters = await db.select().from(feedbackLetters).where(eq(feedbackLetters.assignmentId, primaryId));
    expect(letters).toHaveLength(1);
    expect(sent).toBe(`/partnerships/${slug()}/moderation/letters/${letters[0].id}?sent=1`);
    const content = letters[0].content as { standards: { code: string; selfAssessed: string; moderated: string; reason: string }[]; challenges: unknown[]; actions: unknown[]; outcomeLabel: string };
    expect(content.outcomeLabel).toBe("Agreed with changes");
    expect(content.standards[0]).toMatchObject({ selfAssessed: "met", moderated: "partially_met", reason: "The evidence names the training but not who attended." });
    expect(content.standards[1]).toMatchObject({ selfAssessed: "met", moderated: "met", reason: "" });
    expect(content.challenges).toHaveLength(1);
    expect(content.actions).toHaveLength(1);

    const emails = await db.select().from(emailOutbox).where(and(eq(emailOutbox.partnershipId, world.partnership.id), eq(emailOutbox.template, "feedback-letter")));
    expect(emails.map((e) => e.toAddress).sort()).toEqual([world.dsl.email, world.signatory.email].sort());
    expect(emails[0].subject).toBe(`Moderation feedback: ${world.school.name}, ${world.cycle.name}`);
    expect(emails[0].textBody).toContain(`/settings/${world.school.id}/letters/${letters[0].id}`);
    expect(emails[0].textBody).toContain("Moderated rating: Partially met");
    expect(emails[0].textBody).toContain("Record who attends each training session");

    const [ret] = await db.select().from(returns).where(eq(returns.id, ctx.ret.id));
    expect(ret.status).toBe("closed");
    const audit = await db.select({ action: auditEvents.action }).from(auditEvents).where(eq(auditEvents.partnershipId, world.partnership.id));
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(["moderation.review_completed", "moderation.letter_sent"]));

    const again = completeReview(db, { partnershipId: world.partnership.id, assignmentId: primaryId, outcome: "agreed", summary: "Again.", actor: world.moderator });
    await expect(again).rejects.toThrow(REVIEW_REFUSALS.alreadyCompleted);
    await expect(
      saveJudgements(db, { partnershipId: world.partnership.id, assignmentId: primaryId, actor: world.moderator, entries: [] }),
    ).rejects.toBeInstanceOf(DomainError);
    expect(await db.select().from(feedbackLetters)).toHaveLength(1);
  });

  it("keeps the letter frozen: the database refuses to change it", async () => {
    const [letter] = await database.db.select().from(feedbackLetters);
    const refused = await database.db
      .update(feedbackLetters)
      .set({ outcome: "not_agreed" })
      .where(eq(feedbackLetters.id, letter.id))
      .catch((e: Error & { cause?: Error }) => e);
    expect(refused).toBeInstanceOf(Error);
    expect(String((refused as Error & { cause?: Error }).cause?.message ?? (refused as Error).message)).toMatch(/frozen/);
    const [after] = await database.db.select().from(feedbackLetters).where(eq(feedbackLetters.id, letter.id));
    expect(after.outcome).toBe("agreed_with_changes");
  });

  it("completes a second (calibration) review without a letter, and then each sees the other's judgements", async () => {
    const result = await completeReview(database.db, { partnershipId: world.partnership.id, assignmentId: secondId, outcome: "agreed", summary: "Agreed.", actor: second });
    expect(result).toEqual({ letterId: null, emailed: 0, closed: false });
    expect(await database.db.select().from(feedbackLetters)).toHaveLength(1);
    const primaryView = await readReview(world.moderator, primaryId);
    expect(standardsOf(primaryView)[0].otherJudgement).toMatchObject({ verdict: "agree", moderator: second.name });
    const secondView = await readReview(second, primaryId);
    expect(standardsOf(secondView)[0].judgement).toMatchObject({ verdict: "revised" });
  });
});

describe("the letter", () => {
  it("is the setting's and its partnership's panel's, and nobody else's", async () => {
    const [letter] = await database.db.select().from(feedbackLetters);
    const settingUrl = `/settings/${world.school.id}/letters/${letter.id}`;
    const settingParams = { settingId: world.school.id, letterId: letter.id };
    const read = (await settingLetter.loader(routeArgs(await signedInRequest(world.dsl, settingUrl), settingParams))) as { letter: { settingName: string } };
    expect(read.letter.settingName).toBe(world.school.name);
    expect((await thrownResponse(settingLetter.loader(routeArgs(await signedInRequest(world.otherDsl, settingUrl), settingParams)))).status).toBe(404);
    // Another setting's address with this letter's id: not found, even for its own DSL.
    const otherParams = { settingId: world.otherSchool.id, letterId: letter.id };
    expect((await thrownResponse(settingLetter.loader(routeArgs(await signedInRequest(world.otherDsl, settingUrl), otherParams)))).status).toBe(404);
    // The setting's home lists it.
    const home = (await settingHome.loader(routeArgs(await signedInRequest(world.dsl, `/settings/${world.school.id}`), { settingId: world.school.id }))) as {
      letters: { id: string }[];
    };
    expect(home.letters.map((l) => l.id)).toEqual([letter.id]);

    const panelParams = { slug: slug(), letterId: letter.id };
    const panelUrl = `/partnerships/${slug()}/moderation/letters/${letter.id}`;
    expect(await panelLetter.loader(routeArgs(await signedInRequest(helper, panelUrl), panelParams))).toMatchObject({ letter: { settingName: world.school.name } });
    expect((await thrownResponse(panelLetter.loader(routeArgs(await signedInRequest(world.dsl, panelUrl), panelParams)))).status).toBe(403);

    const elsewhere = await makePartnership(database.db);
    const outsider = await makeUser(database.db, { roles: [{ partnershipId: elsewhere.id, role: "moderator" }] });
    expect((await thrownResponse(panelLetter.loader(routeArgs(await signedInRequest(outsider, panelUrl), panelParams)))).status).toBe(404);
    expect((await thrownResponse(reviewPage.loader(routeArgs(await signedInRequest(outsider, reviewUrl(primaryId)), reviewParams(primaryId))))).status).toBe(404);
    // Nor through their own partnership's address.
    const ownSlug = { slug: elsewhere.slug, assignmentId: primaryId };
    expect((await thrownResponse(reviewPage.loader(routeArgs(await signedInRequest(outsider, reviewUrl(primaryId)), ownSlug)))).status).toBe(404);
    expect(await loadReview(database.db, { partnershipId: elsewhere.id, assignmentId: primaryId, viewer: outsider })).toBeNull();
  });
});

describe("the pages as rendered", () => {
  it("show the review, read-only once complete, and the printable letter", async () => {
    const handle = requestHandlerFor({
      review: { path: "partnerships/:slug/moderation/reviews/:assignmentId", module: reviewPage },
      letter: { path: "settings/:settingId/letters/:letterId", module: settingLetter },
    });
    const get = async (user: { id: string }, path: string) =>
      handle(new Request(new URL(path, "http://localhost"), { headers: { Cookie: await sessionCookie(user) } }));
    const review = await get(helper, reviewUrl(primaryId));
    expect(review.status).toBe(200);
    const text = textOfPage(await review.text());
    expect(text).toContain(`Review: ${world.school.name}`);
    expect(text).toContain("This review is complete");
    expect(text).toContain("Moderated rating Partially met");
    const [letter] = await database.db.select().from(feedbackLetters);
    const page = await get(world.signatory, `/settings/${world.school.id}/letters/${letter.id}`);
    expect(page.status).toBe(200);
    const letterText = textOfPage(await page.text());
    expect(letterText).toContain(`Moderation feedback: ${world.school.name}`);
    expect(letterText).toContain("Agreed with changes");
    expect(letterText).toContain("Record who attends each training session");
  });
});
