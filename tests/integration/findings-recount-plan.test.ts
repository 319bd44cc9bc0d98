// The findings' recount of one return (decision 024, migrations 0015 and 0016) runs in every
// submission, judgement and challenge: it must find what it reads by key, whatever else the
// installation holds and whether or not the tables have been analysed (PGlite never analyses
// them). Counted in the transaction's own statistics (pg_stat_xact_user_tables), so nothing
// else running on the database can move the figures.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildScenario, type Scenario } from "../../db/seed/scenario";
import type { Db } from "../../app/db.server";
import { useTestDatabase, type TestDatabase } from "../support/database";
import { FRAMEWORK_V1, FRAMEWORK_V2, GOOD_EVIDENCE } from "../support/scenario";

/** Other settings with a return in the same cycle: enough that reading them all costs the planner more than a lookup. */
const OTHER_RETURNS = 2_000;

let database: TestDatabase;
let db: Db;
let world: Scenario<never>;

const rowsOf = <T,>(result: unknown) => (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as T[];

beforeAll(async () => {
  database = await useTestDatabase();
  db = database.db;
  const id = Math.random().toString(16).slice(2, 10);
  world = await buildScenario(db, {
    partnership: { name: `Recount plan ${id}`, slug: `recount-plan-${id}` },
    register: { listed: [{ name: "Alder Primary", type: "primary", urn: "920001" }] },
    people: {},
    perSetting: { dsl: 1, signatory: 1 },
    frameworks: { earlier: FRAMEWORK_V1, current: FRAMEWORK_V2 },
    signOffAs: { name: "Head Teacher", roleTitle: "Headteacher" },
    writes: "bulk",
    earlier: { started: () => true, answer: () => ({ rating: "met", evidence: GOOD_EVIDENCE }) },
    current: { started: () => true, submitted: () => true, answer: () => ({ rating: "exceeds", evidence: GOOD_EVIDENCE }) },
  });
  const setting = world.settings[0];
  const [ret] = world.current.started;
  // Copies of the setting and of its return, each copy a setting of its own with its return in
  // the same cycle, none submitted (so none counted).
  await db.execute(sql`
    with others as (
      insert into settings
      select (jsonb_populate_record(null::settings, to_jsonb(s) || jsonb_build_object(
        'id', gen_random_uuid(), 'urn', (930000 + g)::text, 'reference', 'other-' || g, 'name', 'Other setting ' || g))).*
      from settings s cross join generate_series(1, ${OTHER_RETURNS}::int) g
      where s.id = ${setting.id}::uuid
      returning id
    )
    insert into returns
    select (jsonb_populate_record(null::returns, to_jsonb(r) || jsonb_build_object(
      'id', gen_random_uuid(), 'setting_id', o.id, 'status', 'in_progress', 'started_from_return_id', null))).*
    from returns r cross join others o
    where r.id = ${ret.id}::uuid`);
});
afterAll(async () => {
  await database?.destroy();
});

describe("one return's findings recount", () => {
  it("reads the return and its setting by key, not every return and setting there is", async () => {
    const [ret] = world.current.started;
    const scans = async (tx: Db) =>
      rowsOf<{ relname: string; seq_scan: number; idx_scan: number }>(
        await tx.execute(
          sql`select relname, seq_scan::int, idx_scan::int from pg_stat_xact_user_tables where relname in ('returns', 'settings') order by relname`,
        ),
      );
    const [before, after] = await db.transaction(async (tx) => {
      // Plans the recount afresh, for the tables as they are now: the session may hold one made
      // while the scenario was built, when the tables were small enough that reading them all
      // was the cheapest way.
      await tx.execute(sql`discard plans`);
      const first = await scans(tx);
      await tx.execute(sql`select findings_recount(array[${ret.id}::uuid])`);
      return [first, await scans(tx)];
    });
    const delta = (name: string, column: "seq_scan" | "idx_scan") =>
      (after.find((r) => r.relname === name)?.[column] ?? 0) - (before.find((r) => r.relname === name)?.[column] ?? 0);
    expect(delta("returns", "seq_scan")).toBe(0);
    expect(delta("settings", "seq_scan")).toBe(0);
    expect(delta("returns", "idx_scan")).toBeGreaterThan(0);
    expect(delta("settings", "idx_scan")).toBeGreaterThan(0);
  });
});
