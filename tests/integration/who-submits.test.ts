// Who submits (decision 008): the signatory signs the return off, and then the setting's DSL (or
// the signatory) presses Submit. Nobody submits without a current sign-off; nobody outside the
// setting's own people submits at all. Through the pages' loaders and actions, in order.
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents, returnVersions } from "../../db/schema";
import { loadActions, updateAction } from "../../app/domain/action-plans.server";
import { type ReturnContext } from "../../app/domain/return-context.server";
import { loadAnswers, saveAnswers, startReturn } from "../../app/domain/returns.server";
import * as checkPage from "../../app/routes/settings.$settingId.returns.$returnId.check";
import * as confirmationPage from "../../app/routes/settings.$settingId.returns.$returnId.confirmation";
import * as signOffPage from "../../app/routes/settings.$settingId.returns.$returnId.sign-off";
import * as taskListPage from "../../app/routes/settings.$settingId.returns.$returnId._index";
import { signedInRequest } from "../support/auth";
import { useTestDatabase, type TestDatabase } from "../support/database";
import { dataResult, routeArgs, thrownRedirect, thrownResponse } from "../support/routes";
import { buildScenario, GOOD_EVIDENCE, reload, returnFor } from "../support/scenario";

let database: TestDatabase;
let world: Awaited<ReturnType<typeof buildScenario>>;
let ctx: ReturnContext;

beforeAll(async () => {
  database = await useTestDatabase();
  const { db } = database;
  world = await buildScenario(db);
  ctx = await returnFor(db, world.cycle, world.school.id);
  await startReturn(db, ctx, { mode: "blank", actor: world.dsl });
  ctx = await reload(db, ctx);
  const saved = await saveAnswers(db, ctx, {
    actor: world.dsl,
    entries: (await loadAnswers(db, ctx)).map((a) => ({
      standardId: a.standardId,
      rating: "met",
      evidence: GOOD_EVIDENCE,
      notes: "",
      baseRevision: a.revision,
    })),
  });
  expect(saved.ok).toBe(true);
  for (const action of (await loadActions(db, ctx)).filter((a) => a.needsReview))
    await updateAction(db, ctx, { actor: world.dsl, actionId: action.id, status: "in_progress", progressNote: "Half trained.", newDueOn: null });
});
afterAll(async () => {
  await database.destroy();
});

type Route = (args: ReturnType<typeof routeArgs>) => Promise<unknown>;
const params = () => ({ settingId: world.school.id, returnId: ctx.ret.id });
const pathOf = (page: string) => `/settings/${world.school.id}/returns/${ctx.ret.id}/${page}`;
const load = async <L extends Route>(loader: L, user: { id: string }, page: string) =>
  (await loader(routeArgs(await signedInRequest(user, pathOf(page)), params()))) as Awaited<ReturnType<L>>;
const post = async (action: Route, user: { id: string }, page: string, form: Record<string, string>) =>
  action(routeArgs(await signedInRequest(user, pathOf(page), { form }), params()));
const versions = () => database.db.select().from(returnVersions).where(eq(returnVersions.returnId, ctx.ret.id));

async function signOffAsSignatory() {
  const page = await load(signOffPage.loader, world.signatory, "sign-off");
  expect(page.maySignOff).toBe(true);
  await thrownRedirect(
    post(signOffPage.action, world.signatory, "sign-off", {
      readAt: page.readAt,
      fullName: "Hana Hughes",
      roleTitle: "Headteacher",
      declaration: "confirmed",
    }),
  );
}

describe("before the signatory signs off", () => {
  it("the DSL is offered Submit but refused, with the sign-off named as what is left", async () => {
    const page = await load(checkPage.loader, world.dsl, "check");
    expect(page).toMatchObject({ canSubmit: true, mayChange: true, maySignOff: false });
    expect(page.problems.map((p) => p.text)).toEqual(["The return has not been signed off"]);

    const refused = dataResult<{ problems: { text: string }[] }>(await post(checkPage.action, world.dsl, "check", { intent: "submit" }));
    expect(refused.status).toBe(400);
    expect(refused.data.problems.map((p) => p.text)).toEqual(["The return has not been signed off"]);
    expect(await versions()).toHaveLength(0);
  });

  it("the DSL cannot sign off in the signatory's place", async () => {
    expect((await load(signOffPage.loader, world.dsl, "sign-off")).maySignOff).toBe(false);
    const refused = await thrownResponse(
      post(signOffPage.action, world.dsl, "sign-off", { fullName: "Dana Singh", roleTitle: "DSL", declaration: "confirmed" }),
    );
    expect(refused.status).toBe(404);
    expect((await reload(database.db, ctx)).ret.signedOffAt).toBeNull();
  });

  it("a partnership admin who can read the return can neither submit it nor change it", async () => {
    const page = await load(checkPage.loader, world.admin, "check");
    expect(page).toMatchObject({ canSubmit: false, mayChange: false, maySignOff: false, editable: true });
    const refused = await thrownResponse(post(checkPage.action, world.admin, "check", { intent: "submit" }));
    expect(refused.status).toBe(404);
    const [event] = await database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "authorisation.refused"), eq(auditEvents.actorUserId, world.admin.id)));
    expect(event.detail).toMatchObject({ permission: "return.submit", method: "POST" });
  });
});

describe("after the signatory signs off", () => {
  it("a change withdraws the sign-off, and the DSL cannot submit until the signatory signs again", async () => {
    await signOffAsSignatory();
    ctx = await reload(database.db, ctx);
    const [answer] = await loadAnswers(database.db, ctx);
    await saveAnswers(database.db, ctx, {
      actor: world.dsl,
      entries: [{ standardId: answer.standardId, rating: "met", evidence: `${GOOD_EVIDENCE} Checked again.`, notes: "", baseRevision: answer.revision }],
    });
    const refused = dataResult<{ problems: { text: string }[] }>(await post(checkPage.action, world.dsl, "check", { intent: "submit" }));
    expect(refused.status).toBe(400);
    expect(refused.data.problems.map((p) => p.text)).toEqual(["The return has not been signed off"]);
    expect(await versions()).toHaveLength(0);
  });

  it("the DSL submits, and the version and confirmation say who signed and who submitted", async () => {
    await signOffAsSignatory();
    const task = await load(taskListPage.loader, world.dsl, "");
    expect(task).toMatchObject({ signedOff: true, signedOffName: "Hana Hughes", problems: 0 });

    const location = await thrownRedirect(post(checkPage.action, world.dsl, "check", { intent: "submit" }));
    expect(location).toBe(`${pathOf("confirmation")}?version=1`);
    const [version] = await versions();
    expect(version.submittedByUserId).toBe(world.dsl.id);
    expect(version.snapshot).toMatchObject({ signOff: { name: "Hana Hughes", role: "Headteacher", userId: world.signatory.id } });
    const [submitted] = await database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "return.submitted"), eq(auditEvents.entityId, ctx.ret.id)));
    expect(submitted).toMatchObject({ actorUserId: world.dsl.id, detail: { version: 1, signedOffByUserId: world.signatory.id } });

    const confirmation = await load(confirmationPage.loader, world.signatory, "confirmation?version=1");
    expect(confirmation).toMatchObject({ number: 1, signedOffBy: "Hana Hughes, Headteacher", submittedBy: "Dana Singh" });
  });
});
