// The section page's loader and action: validation with values kept, stale saves showing both
// texts, the Exceeds warning after saving, autosave, and text kept across an expired session.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { useTestDatabase, type TestDatabase } from "../support/database";
import { buildScenario, returnFor } from "../support/scenario";
import { anonymousRequest, sessionCookie, signedInRequest } from "../support/auth";
import { dataResult, routeArgs, thrownRedirect, thrownResponse } from "../support/routes";
import { type ReturnContext } from "../../app/domain/return-context.server";
import { loadAnswers, startReturn } from "../../app/domain/returns.server";
import { answers, pendingFormPosts } from "../../db/schema";
import { createSession } from "../../app/auth/sessions.server";
import { makeUser } from "../support/factories";
import { action, loader } from "../../app/routes/settings.$settingId.returns.$returnId.sections.$sectionId";

let database: TestDatabase;
let world: Awaited<ReturnType<typeof buildScenario>>;
let ctx: ReturnContext;
let url: string;
let params: Record<string, string>;

beforeAll(async () => {
  database = await useTestDatabase();
  world = await buildScenario(database.db);
  ctx = await returnFor(database.db, world.cycle, world.otherSchool.id);
  await startReturn(database.db, ctx, { mode: "blank", actor: world.otherDsl });
  const section = ctx.framework.sections[0];
  params = { settingId: world.otherSchool.id, returnId: ctx.ret.id, sectionId: section.id };
  url = `/settings/${world.otherSchool.id}/returns/${ctx.ret.id}/sections/${section.id}`;
});
afterAll(async () => {
  await database.destroy();
});

async function sectionForm(overrides: Record<string, string>, intent = "continue") {
  const current = (await loadAnswers(database.db, ctx)).filter((a) => a.sectionId === params.sectionId);
  const form: Record<string, string | string[]> = { intent, standardId: current.map((a) => a.standardId) };
  for (const a of current) {
    form[`revision.${a.standardId}`] = String(a.revision);
    form[`evidence.${a.standardId}`] = a.evidence;
    form[`notes.${a.standardId}`] = a.notes;
    if (a.rating) form[`rating.${a.standardId}`] = a.rating;
  }
  return { form: { ...form, ...overrides }, standards: current };
}

describe("the section page", () => {
  it("asks for every rating on 'Save and continue', keeps what was typed and saves nothing", async () => {
    const { form, standards } = await sectionForm({});
    form[`evidence.${standards[0].standardId}`] = "Typed but not rated";
    const result = dataResult<{ errors: Record<string, string>; values: Record<string, string> }>(
      await action(routeArgs(await signedInRequest(world.otherDsl, url, { form }), params)),
    );
    expect(result.status).toBe(400);
    expect(result.data.errors["rating-1-1"]).toMatch(/Select a rating for standard 1.1/);
    expect(result.data.values[`evidence.${standards[0].standardId}`]).toBe("Typed but not rated");
    expect((await loadAnswers(database.db, ctx))[0].evidence).toBe("");
  });

  it("saves part of a section with 'Save and come back later'", async () => {
    const { form, standards } = await sectionForm({}, "later");
    form[`rating.${standards[0].standardId}`] = "met";
    form[`evidence.${standards[0].standardId}`] = "Minutes of the governors' meeting.";
    const location = await thrownRedirect(action(routeArgs(await signedInRequest(world.otherDsl, url, { form }), params)));
    expect(location).toBe(`/settings/${world.otherSchool.id}/returns/${ctx.ret.id}`);
    expect((await loadAnswers(database.db, ctx))[0]).toMatchObject({ rating: "met", evidence: "Minutes of the governors' meeting." });
  });

  it("warns about an Exceeds without evidence as soon as it is saved, without blocking", async () => {
    const { form, standards } = await sectionForm({});
    form[`rating.${standards[0].standardId}`] = "exceeds";
    form[`evidence.${standards[0].standardId}`] = "Brilliant.";
    form[`rating.${standards[1].standardId}`] = "met";
    const location = await thrownRedirect(action(routeArgs(await signedInRequest(world.otherDsl, url, { form }), params)));
    expect(location).toBe(`${url}?saved=1`);
    const page = await loader(routeArgs(await signedInRequest(world.otherDsl, location), params));
    expect(page.savedBanner).toBe(true);
    expect(page.standards[0].unsupportedExceeds).toBe(true);
    expect(page.standards[1].unsupportedExceeds).toBe(false);
  });

  it("answers an autosave with the new revisions", async () => {
    const { form, standards } = await sectionForm({}, "autosave");
    form[`notes.${standards[1].standardId}`] = "Check with the business manager";
    const result = (await action(routeArgs(await signedInRequest(world.otherDsl, url, { form }), params))) as {
      saved: boolean;
      revisions: Record<string, number>;
    };
    expect(result.saved).toBe(true);
    expect(result.revisions[standards[1].standardId]).toBe(standards[1].revision + 1);
  });

  it("refuses a stale save and shows the stored text beside the typed text", async () => {
    const stale = await sectionForm({}, "later");
    const fresh = await sectionForm({}, "later");
    fresh.form[`evidence.${fresh.standards[1].standardId}`] = "Saved by a colleague first.";
    await thrownRedirect(action(routeArgs(await signedInRequest(world.otherDsl, url, { form: fresh.form }), params)));
    stale.form[`evidence.${stale.standards[1].standardId}`] = "My own version, typed at the same time.";
    const result = dataResult<{ errors: Record<string, string>; values: Record<string, string>; conflicts: { stored: { evidence: string } }[] }>(
      await action(routeArgs(await signedInRequest(world.otherDsl, url, { form: stale.form }), params)),
    );
    expect(result.status).toBe(409);
    expect(result.data.conflicts[0].stored.evidence).toBe("Saved by a colleague first.");
    expect(result.data.values[`evidence.${stale.standards[1].standardId}`]).toBe("My own version, typed at the same time.");
    expect(result.data.errors["evidence-1-2"]).toMatch(/saved standard 1.2 while you were editing/);
    const [stored] = await database.db.select().from(answers).where(eq(answers.standardId, stale.standards[1].standardId));
    expect(stored.evidence).toBe("Saved by a colleague first.");
  });

  it("keeps text posted after the session expired and offers it back after signing in again", async () => {
    const { form, standards } = await sectionForm({}, "later");
    form[`evidence.${standards[1].standardId}`] = "A long answer typed while the session ran out.";
    // Signed in three hours ago and idle since: the session has run out (2 hours idle).
    const { token } = await createSession(database.db, world.otherDsl.id, new Date(Date.now() - 3 * 3_600_000));
    const expired = anonymousRequest(url, { form, headers: { Cookie: `portal_session=${token}` } });
    const response = await thrownResponse(action(routeArgs(expired, params)));
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toMatch(/^\/sign-in\?redirectTo=.*&kept=1$/);
    const keptCookie = response.headers.get("Set-Cookie")!.split(", ").find((c) => c.startsWith("portal_kept_form="))!.split(";")[0];
    expect((await loadAnswers(database.db, ctx))[1].evidence).not.toBe("A long answer typed while the session ran out.");

    // Someone else signing in on that browser is not shown it.
    const colleague = await makeUser(database.db, { roles: [{ partnershipId: world.partnership.id, settingId: world.otherSchool.id, role: "dsl" }] });
    const theirs = await loader(routeArgs(anonymousRequest(url, { headers: { Cookie: `${await sessionCookie(colleague)}; ${keptCookie}` } }), params));
    expect(theirs.kept).toBeNull();

    // Signed in again, the same person in the same browser opens the page: the text is back in the form.
    const cookie = `${await sessionCookie(world.otherDsl)}; ${keptCookie}`;
    const page = await loader(routeArgs(anonymousRequest(url, { headers: { Cookie: cookie } }), params));
    expect(page.kept?.[`evidence.${standards[1].standardId}`]).toBe("A long answer typed while the session ran out.");
    // Offered once.
    const again = await loader(routeArgs(anonymousRequest(url, { headers: { Cookie: cookie } }), params));
    expect(again.kept).toBeNull();
  });

  it("stores nothing posted without a session that ran out", async () => {
    const { form } = await sectionForm({}, "later");
    for (const cookie of ["", "portal_session=made.up"]) {
      const response = await thrownResponse(action(routeArgs(anonymousRequest(url, { form, headers: { Cookie: cookie } }), params)));
      expect(response.headers.get("Location")).toBe(`/sign-in?${new URLSearchParams({ redirectTo: url })}`);
    }
    expect(await database.db.select().from(pendingFormPosts)).toEqual([]);
  });

  it("is not found for a DSL of another setting, for reading and for saving", async () => {
    const { form } = await sectionForm({}, "later");
    expect((await thrownResponse(loader(routeArgs(await signedInRequest(world.dsl, url), params)))).status).toBe(404);
    expect((await thrownResponse(action(routeArgs(await signedInRequest(world.dsl, url, { form }), params)))).status).toBe(404);
  });
});
