// The DSL asks for sign-off (issue 9): once everything but the sign-off is done, each of the
// setting's signatories is emailed, through the outbox, with a link to the sign-off page.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { useTestDatabase, type TestDatabase } from "../support/database";
import { buildScenario, GOOD_EVIDENCE, reload, returnFor } from "../support/scenario";
import { signedInRequest } from "../support/auth";
import { dataResult, routeArgs, thrownRedirect, thrownResponse } from "../support/routes";
import type { ReturnContext } from "../../app/domain/return-context.server";
import { loadAnswers, saveAnswers, startReturn, SIGN_OFF_REQUEST_REFUSALS } from "../../app/domain/returns.server";
import { loadActions, updateAction } from "../../app/domain/action-plans.server";
import { auditEvents, emailOutbox, returns } from "../../db/schema";
import { getConfig } from "../../app/env.server";
import { action, loader } from "../../app/routes/settings.$settingId.returns.$returnId.sign-off";

let database: TestDatabase;
let world: Awaited<ReturnType<typeof buildScenario>>;
let ctx: ReturnContext;
let url: string;
let params: Record<string, string>;

beforeAll(async () => {
  database = await useTestDatabase();
  world = await buildScenario(database.db);
  ctx = await returnFor(database.db, world.cycle, world.school.id);
  await startReturn(database.db, ctx, { mode: "earlier", actor: world.dsl });
  ctx = await reload(database.db, ctx);
  params = { settingId: world.school.id, returnId: ctx.ret.id };
  url = `/settings/${world.school.id}/returns/${ctx.ret.id}/sign-off`;
});
afterAll(async () => {
  await database.destroy();
});

const ask = async (user: { id: string }) =>
  action(routeArgs(await signedInRequest(user, url, { form: { intent: "request-sign-off" } }), params));

const requestsSent = () =>
  database.db
    .select()
    .from(emailOutbox)
    .where(and(eq(emailOutbox.partnershipId, world.partnership.id), eq(emailOutbox.template, "sign-off-request")));

describe("asking for sign-off", () => {
  it("is refused, and sends nothing, while more than the sign-off is left to do", async () => {
    const result = dataResult<{ requestError: string }>(await ask(world.dsl));
    expect(result.status).toBe(409);
    expect(result.data.requestError).toBe(SIGN_OFF_REQUEST_REFUSALS.unfinished);
    expect(await requestsSent()).toHaveLength(0);
    const page = (await loader(routeArgs(await signedInRequest(world.dsl, url), params))) as { mayRequest: boolean; stillToDo: number };
    expect(page.mayRequest).toBe(true);
    expect(page.stillToDo).toBeGreaterThan(0);
  });

  it("emails each signatory a link to the sign-off page once the rest is done, and records when", async () => {
    const current = await loadAnswers(database.db, ctx);
    const saved = await saveAnswers(database.db, ctx, {
      actor: world.dsl,
      entries: current.map((a) => ({ standardId: a.standardId, rating: "met", evidence: GOOD_EVIDENCE, notes: "", baseRevision: a.revision })),
    });
    expect(saved.ok).toBe(true);
    for (const a of await loadActions(database.db, ctx)) {
      if (a.needsReview) await updateAction(database.db, ctx, { actor: world.dsl, actionId: a.id, status: "done", progressNote: "All supply staff trained.", newDueOn: null });
    }
    const before = (await reload(database.db, ctx)).ret.updatedAt;

    expect(await thrownRedirect(ask(world.dsl))).toBe(`${url}?requested=1`);

    const sent = await requestsSent();
    expect(sent.map((e) => e.toAddress)).toEqual([world.signatory.email]);
    expect(sent[0].subject).toBe(`Ready for you to sign off: ${world.school.name}, ${ctx.cycle.name}`);
    expect(sent[0].textBody).toContain(`${getConfig().baseUrl}${url}`);
    expect(sent[0].textBody).toContain(`${world.dsl.name} has finished`);
    const [after] = await database.db.select().from(returns).where(eq(returns.id, ctx.ret.id));
    expect(after.signOffRequestedAt).not.toBeNull();
    expect(after.signOffRequestedByUserId).toBe(world.dsl.id);
    // Asking is not a change to the return: what the signatory signs against stays the same.
    expect(after.updatedAt.getTime()).toBe(before.getTime());
    const audit = await database.db.select().from(auditEvents).where(and(eq(auditEvents.entityId, ctx.ret.id), eq(auditEvents.action, "return.sign_off_requested")));
    expect(audit).toHaveLength(1);

    const page = (await loader(routeArgs(await signedInRequest(world.dsl, `${url}?requested=1`), params))) as {
      requested: string | null;
      justRequested: boolean;
      signatories: string[];
    };
    expect(page.requested).toBe(after.signOffRequestedAt!.toISOString());
    expect(page.justRequested).toBe(true);
    expect(page.signatories).toEqual([world.signatory.name]);
  });

  it("is not the signatory's to ask, nor another setting's DSL's", async () => {
    const signatoryPage = (await loader(routeArgs(await signedInRequest(world.signatory, url), params))) as { mayRequest: boolean };
    expect(signatoryPage.mayRequest).toBe(false);
    expect((await thrownResponse(ask(world.otherDsl))).status).toBe(404);
    expect((await thrownResponse(ask(world.moderator))).status).toBe(404);
    expect(await requestsSent()).toHaveLength(1);
  });

  it("is refused once the return is signed off", async () => {
    const signed = await signedInRequest(world.signatory, url, {
      form: { fullName: "Hana Hughes", roleTitle: "Headteacher", declaration: "confirmed" },
    });
    expect(await thrownRedirect(action(routeArgs(signed, params)))).toBe(`/settings/${world.school.id}/returns/${ctx.ret.id}/check`);
    const result = dataResult<{ requestError: string }>(await ask(world.dsl));
    expect(result.data.requestError).toBe(SIGN_OFF_REQUEST_REFUSALS.signedOff);
    expect(await requestsSent()).toHaveLength(1);
  });
});
