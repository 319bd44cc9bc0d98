// A setting's action plan across cycles (issue 11): an action carries from the full audit into
// the next full audit and into the interim update without being duplicated, each return adding
// its update to the action's history; the plan page records changes into the open return when
// there is one and on the plan alone otherwise; dropping needs a reason; a stale update is
// refused; closing an action about a standard offers to revisit its rating; the partnership's
// readers may read the plan and change nothing.
import { and, eq } from "drizzle-orm";
import { beforeAll, afterAll, describe, expect, it } from "vitest";
import * as planPage from "../../app/routes/settings.$settingId.actions";
import { loadActionPlan } from "../../app/domain/action-plan.server";
import { loadActions, updateAction } from "../../app/domain/action-plans.server";
import { startReturn, submitReturn } from "../../app/domain/returns.server";
import { inviteSettings } from "../../app/domain/cycles.server";
import { actionUpdates, actions, auditEvents, type User } from "../../db/schema";
import { useTestDatabase, type TestDatabase } from "../support/database";
import { buildScenario, completeAndSignOff, createInterimCycle, reload, returnFor } from "../support/scenario";
import { makeUser, makePartnership } from "../support/factories";
import { signedInRequest } from "../support/auth";
import { dataResult, routeArgs, thrownRedirect, thrownResponse } from "../support/routes";

let database: TestDatabase;
let world: Awaited<ReturnType<typeof buildScenario>>;
let chair: User, outsider: User;
const CARRIED = "Train all supply staff";

beforeAll(async () => {
  database = await useTestDatabase();
  world = await buildScenario(database.db);
  chair = await makeUser(database.db, { roles: [{ partnershipId: world.partnership.id, role: "subgroup_chair" }] });
  const elsewhere = await makePartnership(database.db);
  outsider = await makeUser(database.db, { roles: [{ partnershipId: elsewhere.id, role: "admin" }] });
});
afterAll(async () => {
  await database?.destroy();
});

const planPath = () => `/settings/${world.school.id}/actions`;
const params = () => ({ settingId: world.school.id });
const loadFor = async (user: User, query = "") => planPage.loader(routeArgs(await signedInRequest(user, `${planPath()}${query}`), params()));
const postAs = async (user: User, form: Record<string, string>) => planPage.action(routeArgs(await signedInRequest(user, planPath(), { form }), params()));
const plan = async () => (await loadActionPlan(database.db, { partnershipId: world.partnership.id, settingId: world.school.id }))!.actions;
const carried = async () => (await plan()).find((a) => a.description === CARRIED)!;
const noDate = { "newDueOn-day": "", "newDueOn-month": "", "newDueOn-year": "" };

describe("a setting's action plan", () => {
  it("shows the earlier return's action with where it came from; the readers see it and may not change it", async () => {
    const d = await loadFor(world.dsl);
    expect(d.mayEdit).toBe(true);
    expect(d.outstanding.map((a) => a.description)).toEqual([CARRIED]);
    expect(d.outstanding[0]).toMatchObject({ originCycleName: "Full audit 2024", standardCode: "2.1", source: "self_assessment", updates: [] });
    // The current return is not started: a change here is the plan's alone.
    expect(d.target).toBeNull();

    for (const reader of [world.admin, world.moderator, chair]) {
      const read = await loadFor(reader);
      expect(read.mayEdit).toBe(false);
      expect(read.outstanding.map((a) => a.description)).toEqual([CARRIED]);
      const action = await carried();
      const refused = await thrownResponse(postAs(reader, { intent: "update", actionId: action.id, revision: String(action.revision), status: "done", progressNote: "", ...noDate }));
      // A setting's things answer "not found" to whoever may not change them.
      expect(refused.status).toBe(404);
    }
    expect((await loadFor(world.moderator)).back.href).toBe(`/partnerships/${world.partnership.slug}/actions`);
    // Another setting's DSL, and another partnership's admin, find nothing there.
    expect((await thrownResponse(loadFor(world.otherDsl))).status).toBe(404);
    expect((await thrownResponse(loadFor(outsider))).status).toBe(404);
    expect((await carried()).status).toBe("open");
  });

  it("refuses to drop an action without a reason, and an update based on an older revision, changing nothing", async () => {
    const action = await carried();
    const dropped = dataResult<{ errors: Record<string, string> }>(
      await postAs(world.dsl, { intent: "update", actionId: action.id, revision: String(action.revision), status: "dropped", progressNote: "  ", ...noDate }),
    );
    expect(dropped.status).toBe(400);
    expect(dropped.data.errors).toEqual({ progressNote: "Say why this action is no longer needed" });

    const stale = dataResult<{ formError: string }>(
      await postAs(world.dsl, { intent: "update", actionId: action.id, revision: String(action.revision + 1), status: "done", progressNote: "Done", ...noDate }),
    );
    expect(stale.status).toBe(409);
    expect(stale.data.formError).toMatch(/Someone else updated this action/);
    expect(await carried()).toMatchObject({ status: "open", revision: action.revision, updates: [] });
  });

  it("records an update on the plan alone while no return is open for changes, audited", async () => {
    const action = await carried();
    const location = await thrownRedirect(
      postAs(world.dsl, { intent: "update", actionId: action.id, revision: String(action.revision), status: "in_progress", progressNote: "Half the supply staff trained.", "newDueOn-day": "31", "newDueOn-month": "12", "newDueOn-year": "2026" }),
    );
    expect(location).toBe(`${planPath()}?saved=updated#action-${action.id}`);
    const after = await carried();
    expect(after).toMatchObject({ status: "in_progress", dueOn: "2026-12-31", revision: action.revision + 1 });
    expect(after.updates).toMatchObject([{ status: "in_progress", progressNote: "Half the supply staff trained.", newDueOn: "2026-12-31", cycleName: null, byName: "Dana Singh" }]);
    const [audit] = await database.db.select().from(auditEvents).where(and(eq(auditEvents.action, "action.updated"), eq(auditEvents.entityId, action.id)));
    expect(audit.detail).toMatchObject({ returnId: null, onPlan: true, status: { from: "open", to: "in_progress" } });
  });

  it("adds an action on the plan, with a theme suggested when the DSL is not sure", async () => {
    const location = await thrownRedirect(
      postAs(world.dsl, { intent: "add", description: "Book governor safeguarding training", theme: "suggest", owner: "Chair of governors", "dueOn-day": "", "dueOn-month": "", "dueOn-year": "", standardCode: "" }),
    );
    const added = (await plan()).find((a) => a.description === "Book governor safeguarding training")!;
    expect(location).toBe(`${planPath()}?saved=added#action-${added.id}`);
    expect(added).toMatchObject({ theme: "training", originCycleName: null, originReturnId: null, status: "open" });
    // Not in a return, it still carries into the next one (below).
  });

  it("carries into the current return once, records the return's update there, and offers to revisit the standard's rating on closing it", async () => {
    let ctx = await returnFor(database.db, world.cycle, world.school.id);
    await startReturn(database.db, ctx, { mode: "earlier", actor: world.dsl });
    ctx = await reload(database.db, ctx);
    const inReturn = (await loadActions(database.db, ctx)).map((a) => a.description);
    expect(inReturn.sort()).toEqual(["Book governor safeguarding training", CARRIED]);

    const d = await loadFor(world.dsl);
    expect(d.target).toMatchObject({ cycleName: "Full audit 2026" });
    const action = await carried();
    const location = await thrownRedirect(
      postAs(world.dsl, { intent: "update", actionId: action.id, revision: String(action.revision), status: "done", progressNote: "All supply staff trained.", ...noDate }),
    );
    expect(location).toBe(`${planPath()}?saved=updated&closed=${action.id}#action-${action.id}`);
    // The update is the current return's, as if made on its own action plan page.
    const [update] = await database.db.select().from(actionUpdates).where(and(eq(actionUpdates.actionId, action.id), eq(actionUpdates.returnId, ctx.ret.id)));
    expect(update).toMatchObject({ status: "done", progressNote: "All supply staff trained." });

    const offered = await loadFor(world.dsl, `?saved=updated&closed=${action.id}`);
    expect(offered.revisit).toMatchObject({ code: "2.1", closedAs: "done" });
    expect(offered.revisit!.href).toMatch(new RegExp(`^/settings/${world.school.id}/returns/${ctx.ret.id}/sections/[0-9a-f-]+#heading-`));
    expect(offered.closed.map((a) => a.description)).toEqual([CARRIED]);
    // A reader is not offered it.
    expect((await loadFor(world.admin, `?saved=updated&closed=${action.id}`)).revisit).toBeNull();
  });

  it("carries what is still open into the interim update without duplicating any action, and keeps every update in the history", async () => {
    let full = await reload(database.db, await returnFor(database.db, world.cycle, world.school.id));
    full = await completeAndSignOff(database.db, full, world.signatory);
    const added = (await loadActions(database.db, full)).find((a) => a.description === "Book governor safeguarding training")!;
    await updateAction(database.db, full, { actionId: added.id, status: "in_progress", progressNote: "Booked for March.", newDueOn: null, actor: world.dsl });
    full = await completeAndSignOff(database.db, await reload(database.db, full), world.signatory);
    expect((await submitReturn(database.db, await reload(database.db, full), { actor: world.signatory })).ok).toBe(true);

    const interim = await createInterimCycle(database.db, world);
    await inviteSettings(database.db, interim, [world.school.id]);
    let ctx = await returnFor(database.db, interim, world.school.id);
    await startReturn(database.db, ctx, { mode: "earlier", actor: world.dsl });
    ctx = await reload(database.db, ctx);
    // Only the one still open carries; the done one stays in the history.
    expect((await loadActions(database.db, ctx)).map((a) => a.description)).toEqual(["Book governor safeguarding training"]);
    const rows = await database.db.select().from(actions).where(eq(actions.settingId, world.school.id));
    expect(rows.map((r) => r.description).sort()).toEqual(["Book governor safeguarding training", CARRIED]);

    await postAs(world.dsl, { intent: "update", actionId: added.id, revision: String((await plan()).find((a) => a.id === added.id)!.revision), status: "done", progressNote: "All governors trained.", ...noDate }).catch((r) => r);
    const history = (await plan()).find((a) => a.id === added.id)!;
    expect(history.status).toBe("done");
    expect(history.updates.map((u) => [u.cycleName, u.status])).toEqual([
      ["Full audit 2026", "in_progress"],
      ["Interim update 2027", "done"],
    ]);
    const old = await carried();
    expect(old.updates.map((u) => [u.cycleName, u.status])).toEqual([
      [null, "in_progress"],
      ["Full audit 2026", "done"],
    ]);
  });
});
