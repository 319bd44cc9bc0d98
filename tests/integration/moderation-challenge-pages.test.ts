// The challenge pages (issue 10): the panel member's raise form and challenge page, the setting's
// challenge page, and the setting's home and task list listing the panel's questions. Each
// loader and action checks access on the server.
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { challenges, moderationAssignments, returns, sampleMembers, samples, type User } from "../../db/schema";
import { loadActions, updateAction } from "../../app/domain/action-plans.server";
import type { ReturnContext } from "../../app/domain/return-context.server";
import { startReturn, submitReturn } from "../../app/domain/returns.server";
import { CHALLENGE_REFUSALS } from "../../app/domain/moderation/challenges.server";
import * as raisePage from "../../app/routes/partnerships.$slug.moderation.reviews.$assignmentId_.challenge.$standardCode";
import * as panelPage from "../../app/routes/partnerships.$slug.moderation.challenges.$challengeId";
import * as settingPage from "../../app/routes/settings.$settingId.returns.$returnId.challenges.$challengeId";
import * as settingHome from "../../app/routes/settings.$settingId._index";
import * as taskList from "../../app/routes/settings.$settingId.returns.$returnId._index";
import { signedInRequest } from "../support/auth";
import { textOfPage } from "../support/pages";
import { requestHandlerFor } from "../support/remix";
import { useTestDatabase, type TestDatabase } from "../support/database";
import { makePartnership, makeUser } from "../support/factories";
import { dataResult, routeArgs, thrownRedirect, thrownResponse } from "../support/routes";
import { buildScenario, completeAndSignOff, reload, returnFor } from "../support/scenario";

const handle = requestHandlerFor({
  "routes/raise": { path: "partnerships/:slug/moderation/reviews/:assignmentId/challenge/:standardCode", module: raisePage },
  "routes/panel": { path: "partnerships/:slug/moderation/challenges/:challengeId", module: panelPage },
  "routes/setting-challenge": { path: "settings/:settingId/returns/:returnId/challenges/:challengeId", module: settingPage },
  "routes/home": { path: "settings/:settingId", module: settingHome },
  "routes/tasks": { path: "settings/:settingId/returns/:returnId", module: taskList },
});

async function pageText(user: User, path: string) {
  const response = await handle(await signedInRequest(user, `http://localhost${path}`));
  expect(response.status).toBe(200);
  return textOfPage(await response.text());
}

let database: TestDatabase;
let world: Awaited<ReturnType<typeof buildScenario>>;
let ctx: ReturnContext;
let assignmentId: string;
let unassigned: User;
let moderatorElsewhere: User;
let challengeId: string;

beforeAll(async () => {
  database = await useTestDatabase();
  const { db } = database;
  world = await buildScenario(db);
  ctx = await returnFor(db, world.cycle, world.school.id);
  await startReturn(db, ctx, { mode: "blank", actor: world.dsl });
  ctx = await reload(db, ctx);
  for (const a of await loadActions(db, ctx))
    if (a.needsReview) await updateAction(db, ctx, { actor: world.dsl, actionId: a.id, status: "done", progressNote: "Done.", newDueOn: null });
  ctx = await completeAndSignOff(db, await reload(db, ctx), world.signatory, "exceeds");
  expect((await submitReturn(db, ctx, { actor: world.signatory })).ok).toBe(true);
  const [sample] = await db.insert(samples).values({ partnershipId: world.partnership.id, cycleId: world.cycle.id, rate: "0.6", seed: "pages" }).returning();
  await db.insert(sampleMembers).values({ sampleId: sample.id, returnId: ctx.ret.id, partnershipId: world.partnership.id, stratum: "primary", reason: "random", versionNumber: 1 });
  const [assignment] = await db.insert(moderationAssignments).values({ partnershipId: world.partnership.id, returnId: ctx.ret.id, moderatorUserId: world.moderator.id }).returning();
  assignmentId = assignment.id;
  await db.update(returns).set({ status: "in_moderation" }).where(eq(returns.id, ctx.ret.id));
  unassigned = await makeUser(db, { roles: [{ partnershipId: world.partnership.id, role: "moderator" }] });
  const elsewhere = await makePartnership(db);
  moderatorElsewhere = await makeUser(db, { roles: [{ partnershipId: elsewhere.id, role: "moderator" }] });
});
afterAll(async () => {
  await database?.destroy();
});

const raiseUrl = () => `/partnerships/${world.partnership.slug}/moderation/reviews/${assignmentId}/challenge/1.1`;
const raiseParams = () => ({ slug: world.partnership.slug, assignmentId, standardCode: "1.1" });
const settingUrl = () => `/settings/${world.school.id}/returns/${ctx.ret.id}/challenges/${challengeId}`;
const settingParams = () => ({ settingId: world.school.id, returnId: ctx.ret.id, challengeId });
const panelUrl = () => `/partnerships/${world.partnership.slug}/moderation/challenges/${challengeId}`;
const panelParams = () => ({ slug: world.partnership.slug, challengeId });

const raiseForm = (over: Record<string, string> = {}) => ({
  message: "What shows leaders go beyond the standard?",
  suggestedRating: "met",
  "respondBy-day": "30",
  "respondBy-month": "12",
  "respondBy-year": String(new Date().getFullYear() + 1),
  ...over,
});

describe("the raise form", () => {
  it("shows the assigned panel member the standard's rating, evidence and the lower ratings", async () => {
    const page = (await raisePage.loader(routeArgs(await signedInRequest(world.moderator, raiseUrl()), raiseParams()))) as Awaited<ReturnType<typeof raisePage.loader>>;
    expect(page.standard.code).toBe("1.1");
    expect(page.answer.rating).toBe("exceeds");
    expect(page.lowerRatings).toEqual(["not_met", "partially_met", "met"]);
    expect(page.respondBy).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it("says why not when the return is not in the sample", async () => {
    const { db } = database;
    const [other] = await db.insert(moderationAssignments).values({ partnershipId: world.partnership.id, returnId: world.earlier.ret.id, moderatorUserId: world.moderator.id }).returning();
    const params = { ...raiseParams(), assignmentId: other.id };
    const page = (await raisePage.loader(routeArgs(await signedInRequest(world.moderator, raiseUrl()), params))) as Awaited<ReturnType<typeof raisePage.loader>>;
    expect(page.cannotRaise).toBe(CHALLENGE_REFUSALS.notSampled);
    const refused = dataResult<{ errors: Record<string, string> }>(await raisePage.action(routeArgs(await signedInRequest(world.moderator, raiseUrl(), { form: raiseForm({ suggestedRating: "" }) }), params)));
    expect(refused.status).toBe(409);
    expect(refused.data.errors.message).toBe(CHALLENGE_REFUSALS.notSampled);
  });

  it("is refused to a panel member the return is not assigned to, and not found from another partnership", async () => {
    expect((await thrownResponse(raisePage.loader(routeArgs(await signedInRequest(unassigned, raiseUrl()), raiseParams())))).status).toBe(403);
    expect((await thrownResponse(raisePage.action(routeArgs(await signedInRequest(unassigned, raiseUrl(), { form: raiseForm() }), raiseParams())))).status).toBe(403);
    expect((await thrownResponse(raisePage.loader(routeArgs(await signedInRequest(moderatorElsewhere, raiseUrl()), raiseParams())))).status).toBe(404);
    expect((await thrownResponse(raisePage.loader(routeArgs(await signedInRequest(world.dsl, raiseUrl()), raiseParams())))).status).toBe(403);
  });

  it("asks for a message and a real future date, keeping what was typed", async () => {
    const empty = dataResult<{ errors: Record<string, string>; values: Record<string, string> }>(
      await raisePage.action(routeArgs(await signedInRequest(world.moderator, raiseUrl(), { form: raiseForm({ message: " ", "respondBy-year": "2020" }) }), raiseParams())),
    );
    expect(empty.status).toBe(400);
    expect(empty.data.errors.message).toBe("Enter a message for the setting");
    expect(empty.data.errors.respondBy).toBe("The date to answer by must be in the future");
    expect(empty.data.values["respondBy-year"]).toBe("2020");
    const unreal = dataResult<{ errors: Record<string, string> }>(
      await raisePage.action(routeArgs(await signedInRequest(world.moderator, raiseUrl(), { form: raiseForm({ "respondBy-day": "31", "respondBy-month": "2" }) }), raiseParams())),
    );
    expect(unreal.data.errors.respondBy).toMatch(/real date/);
    expect(await database.db.select().from(challenges)).toHaveLength(0);
  });

  it("sends the challenge and goes back to the review", async () => {
    const location = await thrownRedirect(raisePage.action(routeArgs(await signedInRequest(world.moderator, raiseUrl(), { form: raiseForm() }), raiseParams())));
    expect(location).toBe(`/partnerships/${world.partnership.slug}/moderation/reviews/${assignmentId}?challenged=1.1`);
    const [row] = await database.db.select().from(challenges).where(and(eq(challenges.returnId, ctx.ret.id), eq(challenges.standardCode, "1.1")));
    expect(row).toMatchObject({ suggestedRating: "met", respondBy: `${new Date().getFullYear() + 1}-12-30`, status: "open" });
    challengeId = row.id;
  });
});

describe("the setting's challenge page", () => {
  it("shows the panel's message and a link to change the standard's evidence", async () => {
    const page = (await settingPage.loader(routeArgs(await signedInRequest(world.dsl, settingUrl()), settingParams()))) as Awaited<ReturnType<typeof settingPage.loader>>;
    expect(page.panelMessage?.body).toBe("What shows leaders go beyond the standard?");
    expect(page.suggestedRating).toBe("met");
    expect(page.mayRespond).toBe(true);
    const section = ctx.framework.sections.find((s) => s.standards.some((st) => st.code === "1.1"))!;
    expect(page.changeHref).toBe(`/settings/${world.school.id}/returns/${ctx.ret.id}/sections/${section.id}?returnTo=check#rating-1-1`);
  });

  it("is not found by a DSL of another setting (loader and action)", async () => {
    expect((await thrownResponse(settingPage.loader(routeArgs(await signedInRequest(world.otherDsl, settingUrl()), settingParams())))).status).toBe(404);
    const post = await signedInRequest(world.otherDsl, settingUrl(), { form: { intent: "message", body: "Hello" } });
    expect((await thrownResponse(settingPage.action(routeArgs(post, settingParams())))).status).toBe(404);
    // Nor under another of the setting's returns.
    const wrongReturn = { ...settingParams(), returnId: world.earlier.ret.id };
    expect((await thrownResponse(settingPage.loader(routeArgs(await signedInRequest(world.dsl, settingUrl()), wrongReturn)))).status).toBe(404);
  });

  it("refuses 'we have added evidence' before the evidence has changed", async () => {
    const post = await signedInRequest(world.dsl, settingUrl(), { form: { intent: "respond", response: "evidence_added", message: "Added." } });
    const result = dataResult<{ errors: Record<string, string> }>(await settingPage.action(routeArgs(post, settingParams())));
    expect(result.status).toBe(409);
    expect(result.data.errors.response).toBe(CHALLENGE_REFUSALS.evidenceUnchanged);
  });

  it("takes the suggested rating, then says the signatory signs off and submits again", async () => {
    const post = await signedInRequest(world.dsl, settingUrl(), { form: { intent: "respond", response: "rating_accepted", message: "We accept Met." } });
    expect(await thrownRedirect(settingPage.action(routeArgs(post, settingParams())))).toBe(`${settingUrl()}?done=responded`);
    const page = (await settingPage.loader(routeArgs(await signedInRequest(world.signatory, `${settingUrl()}?done=responded`), settingParams()))) as Awaited<
      ReturnType<typeof settingPage.loader>
    >;
    expect(page.answer?.rating).toBe("met");
    expect(page.awaitingResubmission).toBe(true);
    expect(page.mayRespond).toBe(false);
    expect(page.maySignOff).toBe(true);
    expect(page.messages.map((m) => m.body)).toEqual(["We accept Met."]);
  });

  it("is listed on the setting's home and in the return's task list", async () => {
    const home = (await settingHome.loader(routeArgs(await signedInRequest(world.dsl, `/settings/${world.school.id}`), { settingId: world.school.id }))) as Awaited<
      ReturnType<typeof settingHome.loader>
    >;
    expect(home.challenges.map((c) => c.href)).toEqual([settingUrl()]);
    const tasks = (await taskList.loader(routeArgs(await signedInRequest(world.dsl, `/settings/${world.school.id}/returns/${ctx.ret.id}`), { settingId: world.school.id, returnId: ctx.ret.id }))) as Awaited<
      ReturnType<typeof taskList.loader>
    >;
    expect(tasks.challenges.map((c) => [c.title, c.href])).toEqual([["Standard 1.1: Leaders lead", settingUrl()]]);
  });
});

describe("the panel's challenge page", () => {
  it("is read by any panel member of the partnership, acted on only by the assigned one", async () => {
    const mine = (await panelPage.loader(routeArgs(await signedInRequest(world.moderator, panelUrl()), panelParams()))) as Awaited<ReturnType<typeof panelPage.loader>>;
    expect(mine.mayAct).toBe(true);
    expect(mine.stage).toBe("awaiting_resubmission");
    expect(mine.mayResolve).toBe(false);
    const theirs = (await panelPage.loader(routeArgs(await signedInRequest(unassigned, panelUrl()), panelParams()))) as Awaited<ReturnType<typeof panelPage.loader>>;
    expect(theirs.mayAct).toBe(false);
    const post = await signedInRequest(unassigned, panelUrl(), { form: { intent: "withdraw", reason: "Not mine" } });
    expect(dataResult(await panelPage.action(routeArgs(post, panelParams()))).status).toBe(403);
  });

  it("is not found from another partnership, and refused to the setting's DSL", async () => {
    expect((await thrownResponse(panelPage.loader(routeArgs(await signedInRequest(moderatorElsewhere, panelUrl()), panelParams())))).status).toBe(404);
    expect((await thrownResponse(panelPage.loader(routeArgs(await signedInRequest(world.dsl, panelUrl()), panelParams())))).status).toBe(403);
  });

  it("refuses to resolve before the resubmission, with the reason", async () => {
    const post = await signedInRequest(world.moderator, panelUrl(), { form: { intent: "resolve", outcome: "revised", moderatedRating: "met", resolution: "Met." } });
    const result = dataResult<{ errors: Record<string, string> }>(await panelPage.action(routeArgs(post, panelParams())));
    expect(result.status).toBe(409);
    expect(result.data.errors.form).toBe(CHALLENGE_REFUSALS.notResubmitted);
  });

  it("asks for the moderated rating when revising", async () => {
    const post = await signedInRequest(world.moderator, panelUrl(), { form: { intent: "resolve", outcome: "revised", resolution: "Met." } });
    const result = dataResult<{ errors: Record<string, string> }>(await panelPage.action(routeArgs(post, panelParams())));
    expect(result.status).toBe(400);
    expect(result.data.errors.moderatedRating).toBe("Select the moderated rating");
  });

  it("adds a message to the thread", async () => {
    const post = await signedInRequest(world.moderator, panelUrl(), { form: { intent: "message", body: "Thank you." } });
    expect(await thrownRedirect(panelPage.action(routeArgs(post, panelParams())))).toBe(`${panelUrl()}?done=message`);
    const page = (await panelPage.loader(routeArgs(await signedInRequest(world.moderator, panelUrl()), panelParams()))) as Awaited<ReturnType<typeof panelPage.loader>>;
    expect(page.messages.map((m) => m.side)).toEqual(["panel", "setting", "panel"]);
  });
});

describe("the pages, rendered", () => {
  it("show the panel member, the setting and its task list what they need", async () => {
    const raise = await pageText(world.moderator, `/partnerships/${world.partnership.slug}/moderation/reviews/${assignmentId}/challenge/2.1`);
    expect(raise).toContain("Challenge standard 2.1: Staff are trained");
    expect(raise).toContain("Send the challenge");
    const panel = await pageText(world.moderator, panelUrl());
    expect(panel).toContain("Challenge on standard 1.1: Leaders lead");
    expect(panel).toContain("You can resolve the challenge once the setting has answered");
    expect(panel).toContain("Withdraw the challenge");
    const setting = await pageText(world.dsl, settingUrl());
    expect(setting).toContain("The moderation panel's question about standard 1.1");
    expect(setting).toContain("What happens next:");
    const home = await pageText(world.dsl, `/settings/${world.school.id}`);
    expect(home).toContain("Standard 1.1: Leaders lead");
    expect(home).toContain("the return must be signed off and submitted again");
    const tasks = await pageText(world.dsl, `/settings/${world.school.id}/returns/${ctx.ret.id}`);
    expect(tasks).toContain("Questions from the moderation panel");
  });
});
