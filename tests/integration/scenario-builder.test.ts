// The scenario builder (db/seed/scenario.ts) at a generated size: the register and staff it
// makes up, the shares of returns in each state, and bulk writes leaving the rows the forms do.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { AGENCY, FRAMEWORK_V1, FRAMEWORK_V2 } from "../support/scenario";
import { buildScenario, choose, spreadRating, type Scenario, type ScenarioSpec } from "../../db/seed/scenario";
import { emailOutbox, returns } from "../../db/schema";

let database: TestDatabase;
const worlds: Partial<Record<"forms" | "bulk", Scenario<"admin">>> = {};

function spec(writes: "forms" | "bulk"): ScenarioSpec<"admin"> {
  const slug = `generated-${writes}`;
  const answer = (shift: number) => (s: { index: number }, standard: { index: number }) => ({
    rating: spreadRating(s.index + shift, standard.index),
    evidence: `Evidence ${s.index}.${standard.index} of a setting that keeps good records.`,
  });
  return {
    partnership: { name: `Generated (${writes})`, slug },
    register: { generated: { schools: 6, agencies: 1 } },
    people: { admin: { email: `admin@${slug}.example.org.uk`, name: "Ada Admin", roles: [{ role: "admin" }] } },
    perSetting: { dsl: 1, signatory: 1 },
    frameworks: { earlier: FRAMEWORK_V1, current: FRAMEWORK_V2, agency: AGENCY },
    signOffAs: { name: "Hana Hughes", roleTitle: "Headteacher" },
    writes,
    earlier: {
      started: 4,
      answer: answer(0),
      actions: ({ index }) => [
        { description: "Train all supply staff", theme: "training", owner: "DSL", dueOn: "2025-03-31", standardCode: "2.1" },
        ...(index % 2 === 0 ? [{ description: "Publish the policy", theme: "policy_procedures" as const, owner: "Head", dueOn: null, standardCode: null }] : []),
      ],
    },
    current: { started: 5, answered: 3, submitted: 2, answer: answer(1) },
  };
}

beforeAll(async () => {
  database = await createTestDatabase();
});
beforeAll(async () => {
  for (const writes of ["forms", "bulk"] as const) worlds[writes] = await buildScenario(database.db, spec(writes));
});
afterAll(async () => {
  await database.destroy();
});

/** What a world holds, by setting name and standard code, without ids or times. */
async function picture(world: Scenario<"admin">) {
  const result = (await database.db.execute(sql`
    select c.name as cycle, s.name as setting, r.status, r.started_from_return_id is not null as from_earlier,
      r.signed_off_name, (select name from users where id = r.signed_off_by_user_id) as signed_off_by,
      (select json_agg(json_build_object('code', st.code, 'rating', a.rating, 'evidence', a.evidence, 'notes', a.notes,
         'review', a.review, 'revision', a.revision, 'by', (select name from users where id = a.updated_by_user_id)) order by st.code)
       from answers a join standards st on st.id = a.standard_id where a.return_id = r.id) as answers,
      (select json_agg(json_build_object(
         'answers', (select jsonb_agg(e - 'standardId') from jsonb_array_elements(v.snapshot->'answers') e),
         'actions', (select jsonb_agg(e - 'id') from jsonb_array_elements(v.snapshot->'actions') e),
         'signedBy', v.snapshot->'signOff'->'name') order by v.number)
       from return_versions v where v.return_id = r.id) as versions,
      (select json_agg(json_build_object('description', x.description, 'status', x.status, 'revision', x.revision,
         'update', (select u.progress_note from action_updates u where u.action_id = x.id and u.return_id = r.id)) order by x.description)
       from actions x where x.setting_id = s.id) as actions
    from returns r join cycles c on c.id = r.cycle_id join settings s on s.id = r.setting_id
    where r.partnership_id = ${world.partnership.id}
    order by 1, 2`)) as unknown as Record<string, unknown>[] | { rows: Record<string, unknown>[] };
  // PGlite's driver answers { rows }; postgres.js answers the rows themselves.
  return Array.isArray(result) ? result : result.rows;
}

describe("the scenario builder", () => {
  it("chooses a number of settings spread evenly, first ones first", () => {
    const of = (n: number) => Array.from({ length: n }, (_, index) => ({ setting: { id: String(index) } as never, index }));
    const indices = (list: { index: number }[]) => list.map((s) => s.index);
    expect(indices(choose(of(600), 540))).toEqual(indices(of(600).filter((s) => s.index % 10 !== 9)));
    expect(indices(choose(of(18), 16))).toEqual(indices(of(18).filter((s) => s.index % 9 !== 8)));
    expect(indices(choose(of(2), 1))).toEqual([0]);
    expect(choose(of(5), 0)).toEqual([]);
    expect(() => choose(of(2), 3)).toThrow();
  });

  it("makes up a register and its staff, and puts returns in the states it is asked for", async () => {
    const world = worlds.forms!;
    expect(world.settings.map((s) => [s.name, s.type, s.basis, s.urn !== null])).toEqual([
      ["Ashfield Academy", "academy", "s175", true],
      ["Ashfield High School", "secondary", "s175", true],
      ["Ashfield Nursery School", "nursery", "s175", true],
      ["Ashfield Police Public Protection Unit", "police", "s11", false],
      ["Ashfield Primary School", "primary", "s175", true],
      ["Ashfield Special School", "special", "s175", true],
      ["Beechwood Primary School", "primary", "s175", true],
    ]);
    const first = world.settings[0];
    expect(world.staff.get(first.id)!.dsl.map((u) => [u.name, u.email])).toEqual([["DSL 0", "dsl-0@generated-forms.example.org.uk"]]);
    expect(world.staff.get(first.id)!.signatory.map((u) => u.name)).toEqual(["Head 0"]);

    const count = async (cycleId: string) =>
      Object.fromEntries(
        (
          await database.db
            .select({ status: returns.status, n: sql<number>`count(*)::int` })
            .from(returns)
            .where(eq(returns.cycleId, cycleId))
            .groupBy(returns.status)
        ).map((r) => [r.status, r.n]),
      );
    expect(world.earlier.cycle.status).toBe("closed");
    expect(await count(world.earlier.cycle.id)).toEqual({ submitted: 4, not_started: 3 });
    expect(await count(world.current.cycle.id)).toEqual({ submitted: 2, in_progress: 3, not_started: 2 });
    // A setting that submitted last cycle starts from that return; one that did not, blank.
    const rows = await picture(world);
    const current = rows.filter((r) => r.cycle === "Full audit 2026" && r.status !== "not_started");
    const submittedBefore = new Set(rows.filter((r) => r.cycle === "Full audit 2024" && r.status === "submitted").map((r) => r.setting));
    for (const r of current) expect(r.from_earlier).toBe(submittedBefore.has(r.setting));
    expect(current.filter((r) => !r.from_earlier)).toHaveLength(2);
    // Receipts go to each submitting setting's DSL and signatory.
    const [{ n }] = await database.db.select({ n: sql<number>`count(*)::int` }).from(emailOutbox).where(eq(emailOutbox.partnershipId, world.partnership.id));
    expect(n).toBe(2 * (4 + 2));
  });

  it("writes in bulk the answers, actions, updates and sign-offs the forms would", async () => {
    expect(await picture(worlds.bulk!)).toEqual(await picture(worlds.forms!));
  });
});
