// Text with a hidden control character in it (a NUL above all, which PostgreSQL cannot store) is
// refused by every form that takes free text: 400, the message beside the field, what was typed
// kept, and nothing changed. A form kept across an expired session is not stored with one either,
// and an address with one is refused like any other address that leads nowhere, and audited.
import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { actions as actionsTable, auditEvents, pendingFormPosts, users } from "../../db/schema";
import { createSession } from "../../app/auth/sessions.server";
import { loadActions } from "../../app/domain/action-plans.server";
import { type ReturnContext } from "../../app/domain/return-context.server";
import { loadAnswers, startReturn } from "../../app/domain/returns.server";
import * as actionPlanPage from "../../app/routes/settings.$settingId.returns.$returnId.actions";
import * as invitePage from "../../app/routes/partnerships.$slug.people.invite";
import * as registerPage from "../../app/routes/partnerships.$slug.settings";
import * as settingHome from "../../app/routes/settings.$settingId._index";
import * as sectionPage from "../../app/routes/settings.$settingId.returns.$returnId.sections.$sectionId";
import * as signOffPage from "../../app/routes/settings.$settingId.returns.$returnId.sign-off";
import { anonymousRequest, signedInRequest } from "../support/auth";
import { useTestDatabase, type TestDatabase } from "../support/database";
import { dataResult, routeArgs, thrownResponse } from "../support/routes";
import { buildScenario, reload, returnFor } from "../support/scenario";

type Refusal = { errors: Record<string, string>; values: Record<string, string> };

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

const base = () => `/settings/${world.school.id}/returns/${ctx.ret.id}`;
const returnParams = () => ({ settingId: world.school.id, returnId: ctx.ret.id });

describe("the section page", () => {
  const sectionId = () => ctx.framework.sections[0].id;
  async function post(changes: (form: Record<string, string | string[]>, standardIds: string[]) => void, user: { id: string } = world.dsl) {
    const current = (await loadAnswers(database.db, ctx)).filter((a) => a.sectionId === sectionId());
    const form: Record<string, string | string[]> = { intent: "later", standardId: current.map((a) => a.standardId) };
    for (const a of current) {
      form[`revision.${a.standardId}`] = String(a.revision);
      form[`evidence.${a.standardId}`] = a.evidence;
      form[`notes.${a.standardId}`] = a.notes;
      if (a.rating) form[`rating.${a.standardId}`] = a.rating;
    }
    changes(form, current.map((a) => a.standardId));
    const path = `${base()}/sections/${sectionId()}`;
    return { user, path, form, params: { ...returnParams(), sectionId: sectionId() } };
  }

  it("refuses evidence or notes with a NUL in them, beside the field, and saves nothing", async () => {
    const before = await loadAnswers(database.db, ctx);
    const { user, path, form, params } = await post((form, [first, second]) => {
      form[`evidence.${first}`] = "Training log\u0000 checked in October.";
      form[`notes.${second}`] = "Ask the \u0007business manager";
    });
    const result = dataResult<Refusal>(await sectionPage.action(routeArgs(await signedInRequest(user, path, { form }), params)));
    expect(result.status).toBe(400);
    expect(result.data.errors).toEqual({
      "evidence-1-1": "Evidence for standard 1.1 must not contain hidden control characters: remove them and try again",
      "notes-1-2": "Notes for standard 1.2 must not contain hidden control characters: remove them and try again",
    });
    expect(Object.values(result.data.values)).toContain("Training log\u0000 checked in October.");
    expect(await loadAnswers(database.db, ctx)).toEqual(before);
  });

  it("still takes tabs and line breaks, however the browser sends them", async () => {
    const { user, path, form, params } = await post((form, [first]) => {
      form[`evidence.${first}`] = "Term 1:\tall staff trained.\r\nTerm 2:\tnew starters.\nTerm 3:\trefresher.";
    });
    await thrownResponse(sectionPage.action(routeArgs(await signedInRequest(user, path, { form }), params)));
    const [saved] = await loadAnswers(database.db, ctx);
    expect(saved.evidence).toBe("Term 1:\tall staff trained.\nTerm 2:\tnew starters.\nTerm 3:\trefresher.");
  });

  it("keeps nothing posted with one after the session ran out", async () => {
    const { path, form, params } = await post((form, [first]) => {
      form[`evidence.${first}`] = "Typed while the session ran out\u0000";
    });
    const { token } = await createSession(database.db, world.dsl.id, new Date(Date.now() - 3 * 3_600_000));
    const expired = anonymousRequest(path, { form, headers: { Cookie: `portal_session=${token}` } });
    const response = await thrownResponse(sectionPage.action(routeArgs(expired, params)));
    expect(response.headers.get("Location")).toBe(`/sign-in?${new URLSearchParams({ redirectTo: path })}`);
    expect(await database.db.select().from(pendingFormPosts)).toEqual([]);
  });
});

describe("the action plan", () => {
  const path = () => `${base()}/actions`;
  const post = async (form: Record<string, string>) =>
    actionPlanPage.action(routeArgs(await signedInRequest(world.dsl, path(), { form }), returnParams()));

  it("refuses a new action whose description or owner has a NUL in it, and adds nothing", async () => {
    const [{ n: before }] = await database.db.select({ n: count() }).from(actionsTable);
    const result = dataResult<{ errors: Record<string, string>; values: Record<string, string> }>(
      await post({ intent: "add", description: "Train\u0000 the governors", theme: "training", owner: "DSL\u001b", standardCode: "" }),
    );
    expect(result.status).toBe(400);
    expect(result.data.errors).toEqual({
      description: "The action must not contain hidden control characters: remove them and try again",
      owner: "The owner must not contain hidden control characters: remove them and try again",
    });
    expect(result.data.values.description).toBe("Train\u0000 the governors");
    const [{ n: after }] = await database.db.select({ n: count() }).from(actionsTable);
    expect(after).toBe(before);
  });

  it("refuses a progress note with a NUL in it, and records no update", async () => {
    const [carried] = await loadActions(database.db, ctx);
    const result = dataResult<{ errors: Record<string, string> }>(
      await post({ intent: "update", actionId: carried.id, revision: String(carried.revision), status: "done", progressNote: "Done\u0000" }),
    );
    expect(result.status).toBe(400);
    expect(result.data.errors).toEqual({
      progressNote: "The progress note must not contain hidden control characters: remove them and try again",
    });
    expect((await loadActions(database.db, ctx))[0]).toEqual(carried);
  });
});

describe("signing off", () => {
  it("refuses a name or role with a NUL in it, and leaves the return unsigned", async () => {
    const path = `${base()}/sign-off`;
    const form = { fullName: "Hana\u0000 Hughes", roleTitle: "Head\u0000teacher", declaration: "confirmed" };
    const result = dataResult<Refusal>(await signOffPage.action(routeArgs(await signedInRequest(world.signatory, path, { form }), returnParams())));
    expect(result.status).toBe(400);
    expect(result.data.errors).toEqual({
      fullName: "Full name must not contain hidden control characters: remove them and try again",
      roleTitle: "Role must not contain hidden control characters: remove them and try again",
    });
    expect((await reload(database.db, ctx)).ret.signedOffAt).toBeNull();
  });
});

describe("inviting someone", () => {
  it("refuses a name with a NUL in it, and creates nobody", async () => {
    const [{ n: before }] = await database.db.select({ n: count() }).from(users);
    const slug = world.partnership.slug;
    const form = { name: "New\u0000 Lead", email: "new.lead@example.org.uk", role: "moderator", settingId: "" };
    const request = await signedInRequest(world.admin, `/partnerships/${slug}/people/invite`, { form });
    const result = dataResult<Refusal>(await invitePage.action(routeArgs(request, { slug })));
    expect(result.status).toBe(400);
    expect(result.data.errors).toEqual({ name: "Full name must not contain hidden control characters: remove them and try again" });
    expect(result.data.values.name).toBe("New\u0000 Lead");
    const [{ n: after }] = await database.db.select({ n: count() }).from(users);
    expect(after).toBe(before);
    expect(await database.db.select().from(users).where(eq(users.email, "new.lead@example.org.uk"))).toEqual([]);
  });
});

describe("an address with a NUL in it", () => {
  it("is not found, and the refusal is audited with what was asked for", async () => {
    const register = await thrownResponse(
      registerPage.loader(routeArgs(await signedInRequest(world.dsl, "/partnerships/%00x/settings"), { slug: "\u0000x" })),
    );
    expect(register.status).toBe(404);
    const setting = await thrownResponse(settingHome.loader(routeArgs(await signedInRequest(world.dsl, "/settings/%00"), { settingId: "\u0000" })));
    expect(setting.status).toBe(404);
    const refusals = await database.db.select().from(auditEvents).where(eq(auditEvents.actorUserId, world.dsl.id));
    expect(refusals.map((r) => r.detail)).toContainEqual({ path: "/partnerships/%00x/settings", partnershipSlug: "\ufffdx" });
  });
});
