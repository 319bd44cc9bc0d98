// The register by hand (issue 12): an agency or a setting GIAS does not list, added and changed
// by administrators under the partnership's own reference; any setting deactivated with a reason,
// its returns kept. Through the pages' loaders and actions against a real database.
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { action as addAction } from "../../app/routes/partnerships.$slug.settings_.new";
import { action as editAction, loader as editLoader } from "../../app/routes/partnerships.$slug.settings_.$settingId.edit";
import { action as deactivateAction } from "../../app/routes/partnerships.$slug.settings_.$settingId.deactivate";
import { auditEvents, returns, settings, type User } from "../../db/schema";
import { signedInRequest } from "../support/auth";
import { useTestDatabase, type TestDatabase } from "../support/database";
import { makeUser } from "../support/factories";
import { buildScenario } from "../support/scenario";
import { dataResult, routeArgs, thrownRedirect, thrownResponse } from "../support/routes";

let database: TestDatabase;
let world: Awaited<ReturnType<typeof buildScenario>>;
let chair: User;

beforeAll(async () => {
  database = await useTestDatabase();
  world = await buildScenario(database.db);
  chair = await makeUser(database.db, { roles: [{ partnershipId: world.partnership.id, role: "subgroup_chair" }] });
}, 120_000);
afterAll(async () => {
  await database?.destroy();
});

const args = async (user: User, params: Record<string, string>, form: Record<string, string>) =>
  routeArgs(await signedInRequest(user, "/x", { form }), { slug: world.partnership.slug, ...params });
const byReference = async (reference: string) =>
  (await database.db.select().from(settings).where(and(eq(settings.partnershipId, world.partnership.id), eq(settings.reference, reference))))[0];

describe("a setting added and changed by hand", () => {
  it("is added with a reference unique in the register; mistakes are shown by their fields, nothing added", async () => {
    const bad = dataResult<{ errors: Record<string, string> }>(await addAction(await args(world.admin, {}, { name: "", reference: "", type: "castle", basis: "" })));
    expect(bad).toMatchObject({
      status: 400,
      data: {
        errors: {
          name: "Enter the setting's name",
          reference: "Enter the partnership's reference for the setting, like POL-01",
          type: "Select the type of setting",
          basis: "Select the statutory basis it is audited against",
        },
      },
    });
    const location = await thrownRedirect(addAction(await args(world.admin, {}, { name: "Northshire Youth Football League", reference: "SPT-01", type: "sport_leisure", basis: "s11" })));
    expect(location).toBe(`/partnerships/${world.partnership.slug}/settings`);
    expect(await byReference("SPT-01")).toMatchObject({ name: "Northshire Youth Football League", type: "sport_leisure", basis: "s11", urn: null, active: true });
    const taken = dataResult<{ errors: Record<string, string> }>(await addAction(await args(world.admin, {}, { name: "Another club", reference: "SPT-01", type: "sport_leisure", basis: "s11" })));
    expect(taken).toMatchObject({ status: 409, data: { errors: { reference: "Northshire Youth Football League already has the reference SPT-01: give this setting another" } } });
    expect((await database.db.select().from(settings).where(eq(settings.reference, "SPT-01"))).length).toBe(1);
  });

  it("is changed by hand; a setting from GIAS is not", async () => {
    const club = await byReference("SPT-01");
    const page = await editLoader(routeArgs(await signedInRequest(world.admin, "/x"), { slug: world.partnership.slug, settingId: club.id }));
    expect(page.setting).toEqual({ name: "Northshire Youth Football League", reference: "SPT-01", type: "sport_leisure", basis: "s11" });
    await thrownRedirect(editAction(await args(world.admin, { settingId: club.id }, { name: "Northshire Junior Football League", reference: "SPT-02", type: "sport_leisure", basis: "s11" })));
    expect(await byReference("SPT-02")).toMatchObject({ id: club.id, name: "Northshire Junior Football League" });
    // The scenario's school has a URN: its details are GIAS's, so the page sends the admin back.
    expect(world.school.urn).toBeTruthy();
    await thrownRedirect(editAction(await args(world.admin, { settingId: world.school.id }, { name: "Renamed", reference: "X-1", type: "primary", basis: "s175" })));
    expect((await database.db.select().from(settings).where(eq(settings.id, world.school.id)))[0].name).toBe(world.school.name);
  });
});

describe("deactivating a setting", () => {
  it("needs a reason, keeps the setting's returns, and is audited", async () => {
    const returnsBefore = await database.db.select().from(returns).where(eq(returns.settingId, world.school.id));
    expect(returnsBefore.length).toBeGreaterThan(0);
    const noReason = dataResult<{ errors: Record<string, string> }>(await deactivateAction(await args(world.admin, { settingId: world.school.id }, { reason: " " })));
    expect(noReason).toMatchObject({ status: 400, data: { errors: { reason: "Enter why the setting is being deactivated" } } });
    expect((await database.db.select().from(settings).where(eq(settings.id, world.school.id)))[0].active).toBe(true);

    await thrownRedirect(deactivateAction(await args(world.admin, { settingId: world.school.id }, { reason: "Merged with Brookfield Juniors in September" })));
    const [school] = await database.db.select().from(settings).where(eq(settings.id, world.school.id));
    expect(school).toMatchObject({ active: false, deactivatedReason: "Merged with Brookfield Juniors in September" });
    expect(school.deactivatedAt).toBeInstanceOf(Date);
    expect(await database.db.select().from(returns).where(eq(returns.settingId, world.school.id))).toEqual(returnsBefore);
    const [event] = await database.db.select().from(auditEvents).where(and(eq(auditEvents.action, "setting.deactivated"), eq(auditEvents.entityId, world.school.id)));
    expect(event).toMatchObject({ actorUserId: world.admin.id, detail: { reason: "Merged with Brookfield Juniors in September" } });
    const again = dataResult<{ errors: Record<string, string> }>(await deactivateAction(await args(world.admin, { settingId: world.school.id }, { reason: "Again" })));
    expect(again.status).toBe(409);
  });

  it("is for administrators: a subgroup chair gets 403, another partnership's setting is not found", async () => {
    expect((await thrownResponse(deactivateAction(await args(chair, { settingId: world.school.id }, { reason: "No" })))).status).toBe(403);
    expect((await thrownResponse(addAction(await args(chair, {}, { name: "X", reference: "X", type: "police", basis: "s11" })))).status).toBe(403);
    expect((await thrownResponse(deactivateAction(await args(world.admin, { settingId: "00000000-0000-4000-8000-000000000000" }, { reason: "No" })))).status).toBe(404);
  });
});
