// The setting's home: this year's audit and its return, the due date, questions from the panel,
// outstanding actions and earlier returns.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { challenges } from "../../db/schema";
import { loader } from "../../app/routes/settings.$settingId._index";
import { signedInRequest } from "../support/auth";
import { useTestDatabase, type TestDatabase } from "../support/database";
import { routeArgs } from "../support/routes";
import { buildScenario, returnFor } from "../support/scenario";

let database: TestDatabase;
let world: Awaited<ReturnType<typeof buildScenario>>;

beforeAll(async () => {
  database = await useTestDatabase();
  world = await buildScenario(database.db);
});
afterAll(async () => {
  await database.destroy();
});

const home = async (user: { id: string }, settingId: string) =>
  loader(routeArgs(await signedInRequest(user, `/settings/${settingId}`), { settingId }));

describe("the setting's home", () => {
  it("shows this year's return, when it is due, the outstanding actions and the earlier return", async () => {
    const current = await returnFor(database.db, world.cycle, world.school.id);
    const page = await home(world.dsl, world.school.id);
    expect(page.setting).toMatchObject({ name: "Brookfield Primary", basis: "s175" });
    expect(page.current).toEqual({
      id: current.ret.id,
      status: "not_started",
      cycleName: "Full audit 2026",
      cycleKind: "full",
      dueOn: "2026-12-18",
      versions: [],
    });
    expect(page.openActions.map((a) => [a.description, a.theme, a.dueOn, a.status])).toEqual([
      ["Train all supply staff", "training", "2025-03-31", "open"],
    ]);
    expect(page.earlier).toEqual([
      { id: world.earlier.ret.id, cycleName: "Full audit 2024", versions: [{ number: 1, submittedAt: expect.any(String) }] },
    ]);
    expect(page.openChallenges).toBe(0);
    expect(page.mayEdit).toBe(true);
  });

  it("counts the panel's questions waiting for the setting's answer", async () => {
    const standard = world.earlier.framework.sections[0].standards[0];
    const base = { partnershipId: world.partnership.id, returnId: world.earlier.ret.id, standardId: standard.id, standardCode: standard.code, raisedByUserId: world.moderator.id };
    await database.db.insert(challenges).values([
      { ...base, status: "open" },
      { ...base, status: "responded" },
      { ...base, status: "upheld" },
    ]);
    expect((await home(world.signatory, world.school.id)).openChallenges).toBe(1);
    // Another setting's page shows none of them.
    expect((await home(world.otherDsl, world.otherSchool.id)).openChallenges).toBe(0);
  });

  it("shows a setting with nothing earlier and nothing outstanding as such", async () => {
    const page = await home(world.otherDsl, world.otherSchool.id);
    expect(page.current?.status).toBe("not_started");
    expect(page.openActions).toEqual([]);
    expect(page.earlier).toEqual([]);
  });
});
