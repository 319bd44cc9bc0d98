// The scenario builder (db/seed/scenario.ts) at a generated size: the register and staff it
// makes up, the shares of returns in each state, an interim update as the current cycle, and
// bulk writes leaving the rows the forms do.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { AGENCY, FRAMEWORK_V1, FRAMEWORK_V2 } from "../support/scenario";
import { ACTION_REVIEW, buildScenario, choose, contextOf, spreadRating, type Scenario, type ScenarioSpec } from "../../db/seed/scenario";
import { loadActions } from "../../app/domain/action-plans.server";
import { loadAnswers } from "../../app/domain/returns.server";
import { emailOutbox, returns } from "../../db/schema";

let database: TestDatabase;
const worlds: Partial<Record<"forms" | "bulk", Scenario<"admin">>> = {};
const interimWorlds: Partial<Record<"forms" | "bulk", Scenario<"admin">>> = {};

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

const IN_PROGRESS = { status: "in_progress", progressNote: "Half the staff trained; the rest in the spring term.", newDueOn: "2027-03-31" } as const;
const DONE_BEFORE_SUBMITTING = { status: "done", progressNote: "Published before the return went in.", newDueOn: null } as const;

/**
 * A full audit in 2025 that every setting submitted (one of them finishing an action before it
 * did), then the interim update of 2026 on the same framework: three returns started, two of
 * those with an update on the training action, one submitted.
 */
function interimSpec(writes: "forms" | "bulk"): ScenarioSpec<"admin"> {
  const slug = `interim-${writes}`;
  return {
    partnership: { name: `Interim (${writes})`, slug },
    register: { generated: { schools: 4 } },
    people: { admin: { email: `admin@${slug}.example.org.uk`, name: "Ada Admin", roles: [{ role: "admin" }] } },
    perSetting: { dsl: 1, signatory: 1 },
    frameworks: { earlier: FRAMEWORK_V1, current: FRAMEWORK_V1, agency: AGENCY },
    signOffAs: { name: "Hana Hughes", roleTitle: "Headteacher" },
    writes,
    earlier: {
      cycle: { name: "Full audit 2025", opensOn: "2025-09-08", dueOn: "2025-12-12" },
      started: "all",
      answer: (s, standard) => ({ rating: spreadRating(s.index, standard.index), evidence: `Evidence ${s.index}.${standard.index} of a setting that keeps good records.` }),
      actions: ({ index }) => [
        { description: "Train all supply staff", theme: "training", owner: "DSL", dueOn: "2026-03-31", standardCode: "2.1" },
        ...(index % 2 === 0 ? [{ description: "Publish the policy", theme: "policy_procedures" as const, owner: "Head", dueOn: null, standardCode: null }] : []),
      ],
      actionUpdates: (s, action) => (s.index === 2 && action.description === "Publish the policy" ? DONE_BEFORE_SUBMITTING : null),
    },
    current: {
      kind: "interim",
      cycle: { name: "Interim update 2026", opensOn: "2026-09-07", dueOn: "2026-12-18" },
      started: 3,
      answered: 2,
      submitted: 1,
      actionUpdates: (_s, action) => (action.carriedForward && action.description === "Train all supply staff" ? IN_PROGRESS : null),
    },
  };
}

beforeAll(async () => {
  database = await createTestDatabase();
});
beforeAll(async () => {
  for (const writes of ["forms", "bulk"] as const) worlds[writes] = await buildScenario(database.db, spec(writes));
  for (const writes of ["forms", "bulk"] as const) interimWorlds[writes] = await buildScenario(database.db, interimSpec(writes));
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

  it("builds an interim update as the current cycle: returns copied from the last one, with its open actions to update", async () => {
    const world = interimWorlds.forms!;
    expect([world.earlier.cycle.name, world.earlier.cycle.kind, world.earlier.cycle.status]).toEqual(["Full audit 2025", "full", "closed"]);
    expect([world.current.cycle.name, world.current.cycle.kind, world.current.cycle.status]).toEqual(["Interim update 2026", "interim", "open"]);
    // The same definition is one framework, which both cycles use.
    expect(world.frameworks.current.id).toBe(world.frameworks.earlier.id);
    expect(world.current.cycle.educationFrameworkId).toBe(world.earlier.cycle.educationFrameworkId);

    const names = world.settings.map((s) => s.name);
    expect(names).toEqual(["Ashfield Academy", "Ashfield High School", "Ashfield Nursery School", "Ashfield Primary School"]);
    const statuses = await database.db.select({ id: returns.id, status: returns.status, from: returns.startedFromReturnId }).from(returns).where(eq(returns.cycleId, world.current.cycle.id));
    const statusOf = new Map(statuses.map((r) => [r.id, r]));
    expect(world.current.returns.map((r) => statusOf.get(r.id)!.status)).toEqual(["submitted", "in_progress", "in_progress", "not_started"]);
    // Each started return was copied from the setting's 2025 return.
    for (const [i, r] of world.current.started.entries()) expect(statusOf.get(r.id)!.from).toBe(world.earlier.returns[i].id);

    const planOf = async (i: number) =>
      (await loadActions(database.db, await contextOf(database.db, world.partnership.id, world.current.returns[i]))).map((a) => ({
        description: a.description,
        status: a.status,
        dueOn: a.dueOn,
        carriedForward: a.carriedForward,
        needsReview: a.needsReview,
        update: a.update,
      }));
    const train = { description: "Train all supply staff", carriedForward: true };
    const updated = { ...train, status: "in_progress", dueOn: "2027-03-31", needsReview: false, update: IN_PROGRESS };
    // Submitted: the training action updated in progress; the policy action, left without an update, confirmed done.
    expect(await planOf(0)).toEqual([
      updated,
      { description: "Publish the policy", carriedForward: true, status: ACTION_REVIEW.status, dueOn: null, needsReview: false, update: { ...ACTION_REVIEW, newDueOn: null } },
    ]);
    expect(await planOf(1)).toEqual([updated]);
    // Started but not worked on: the training action waits for its update; the policy it
    // finished before submitting in 2025 is not carried.
    expect(await planOf(2)).toEqual([{ ...train, status: "open", dueOn: "2026-03-31", needsReview: true, update: null }]);

    // The interim return's answers are the 2025 return's, their ratings accepted.
    const started = await loadAnswers(database.db, await contextOf(database.db, world.partnership.id, world.current.returns[2]));
    expect(started.length).toBeGreaterThan(0);
    started.forEach((a, index) => {
      expect(a).toMatchObject({ rating: spreadRating(2, index), evidence: `Evidence 2.${index} of a setting that keeps good records.`, review: "reviewed" });
    });
  });

  it("writes an interim update's action updates in bulk as the forms would", async () => {
    expect(await picture(interimWorlds.bulk!)).toEqual(await picture(interimWorlds.forms!));
  });
});
