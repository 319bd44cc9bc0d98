// A small, complete audit world for return tests: one partnership, two settings, their people,
// a two-version framework and a closed earlier cycle in which the first setting submitted.
import { randomBytes } from "node:crypto";
import type { Db } from "../../db/client";
import type { FrameworkDefinition } from "../../db/seed/frameworks/types";
import { buildScenario as buildSharedScenario, type PersonSpec } from "../../db/seed/scenario";
import { createCycle } from "../../app/domain/cycles.server";
import { loadReturn, type ReturnContext } from "../../app/domain/return-context.server";
import { loadAnswers, saveAnswers, signOffReturn } from "../../app/domain/returns.server";
import { and, eq } from "drizzle-orm";
import { returns, type Cycle } from "../../db/schema";

// Each world is its own partnership with its own people, so a file may build several.
const unique = () => randomBytes(4).toString("hex");
const randomUrn = () => String(100000 + Math.floor(Math.random() * 900000));

const standard = (code: string, title: string, allowsNotApplicable = false) => ({
  code,
  title,
  guidance: `Good evidence for ${code}.`,
  allowsNotApplicable,
});

/** Version 1: 1.1, 1.2, 2.1, 2.2 (retired in version 2). */
export const FRAMEWORK_V1: FrameworkDefinition = {
  kind: "education",
  title: "Test education standards",
  description: "For tests",
  sections: [
    { code: "1", title: "Leadership", standards: [standard("1.1", "Leaders lead"), standard("1.2", "Governors challenge", true)] },
    { code: "2", title: "Training", standards: [standard("2.1", "Staff are trained"), standard("2.2", "Paper log kept")] },
  ],
};

/** Version 2: 2.2 retired, 2.3 new. */
export const FRAMEWORK_V2: FrameworkDefinition = {
  ...FRAMEWORK_V1,
  sections: [
    FRAMEWORK_V1.sections[0],
    { code: "2", title: "Training", standards: [standard("2.1", "Staff are trained"), standard("2.3", "Online safety training")] },
  ],
};

export const AGENCY: FrameworkDefinition = {
  kind: "agency",
  title: "Test agency standards",
  description: "For tests",
  sections: [{ code: "1", title: "Accountability", standards: [standard("1.1", "A senior lead is accountable")] }],
};

export const GOOD_EVIDENCE =
  "All 42 staff completed level 1 training in September 2024; the DSL keeps the log and checked it against the single central record in October, and governors reviewed the figures at their November meeting.";

export async function reload(db: Db, ctx: ReturnContext): Promise<ReturnContext> {
  return (await loadReturn(db, { partnershipId: ctx.ret.partnershipId, settingId: ctx.ret.settingId, returnId: ctx.ret.id }))!;
}

export async function returnFor(db: Db, cycle: Cycle, settingId: string): Promise<ReturnContext> {
  const [ret] = await db.select().from(returns).where(and(eq(returns.cycleId, cycle.id), eq(returns.settingId, settingId)));
  return (await loadReturn(db, { partnershipId: cycle.partnershipId, settingId, returnId: ret.id }))!;
}

/** Answers every standard of the return with the given rating and evidence, then signs off. */
export async function completeAndSignOff(db: Db, ctx: ReturnContext, actor: { id: string; name: string }, rating: "met" | "exceeds" = "met") {
  const current = await loadAnswers(db, ctx);
  const saved = await saveAnswers(db, ctx, {
    actor,
    entries: current.map((a) => ({ standardId: a.standardId, rating, evidence: GOOD_EVIDENCE, notes: "", baseRevision: a.revision })),
  });
  if (!saved.ok) throw new Error("could not save answers");
  await signOffReturn(db, await reload(db, ctx), { actor, name: "Hana Hughes", roleTitle: "Headteacher" });
  return reload(db, ctx);
}

/**
 * The tests' world, made by the scenario builder at its smallest: Brookfield Primary submitted
 * last cycle (its DSL started it and set one action, its signatory answered, signed off and
 * submitted); Oakwood Nursery never started it; nothing is started this cycle yet.
 */
export async function buildScenario(db: Db) {
  const id = unique();
  const person = (name: string, roles: PersonSpec["roles"]): PersonSpec => ({ name, email: `person-${unique()}@example.org.uk`, roles });
  const brookfield = { name: "Brookfield Primary" };
  const world = await buildSharedScenario(db, {
    partnership: { name: `Test partnership ${id}`, slug: `test-${id}` },
    register: {
      listed: [
        { ...brookfield, type: "primary", urn: randomUrn() },
        { name: "Oakwood Nursery", type: "nursery", urn: randomUrn() },
      ],
    },
    people: {
      dsl: person("Dana Singh", [{ role: "dsl", setting: brookfield }]),
      signatory: person("Hana Hughes", [{ role: "signatory", setting: brookfield }]),
      otherDsl: person("Olly Other", [{ role: "dsl", setting: { name: "Oakwood Nursery" } }]),
      moderator: person("Morgan Moderator", [{ role: "moderator" }]),
      admin: person("Alex Admin", [{ role: "admin" }]),
    },
    frameworks: { earlier: FRAMEWORK_V1, current: FRAMEWORK_V2, agency: AGENCY },
    hands: { answer: "signatory" },
    signOffAs: { name: "Hana Hughes", roleTitle: "Headteacher" },
    earlier: {
      started: ({ setting }) => setting.name === brookfield.name,
      answer: () => ({ rating: "met", evidence: GOOD_EVIDENCE }),
      actions: () => [{ description: "Train all supply staff", theme: "training", owner: "DSL", dueOn: "2025-03-31", standardCode: "2.1" }],
    },
    current: { started: 0, answer: () => ({ rating: "met", evidence: GOOD_EVIDENCE }) },
  });
  const settingNamed = (name: string) => world.settings.find((s) => s.name === name)!;
  const school = settingNamed(brookfield.name);
  const previousCycle = world.earlier.cycle;
  return {
    partnership: world.partnership,
    school,
    otherSchool: settingNamed("Oakwood Nursery"),
    ...world.people,
    v1: world.frameworks.earlier,
    v2: world.frameworks.current,
    agency: world.frameworks.agency,
    previousCycle,
    cycle: world.current.cycle,
    earlier: await returnFor(db, previousCycle, school.id),
  };
}

/** The interim update the year after the scenario's full audit, open, on the current framework. */
export function createInterimCycle(db: Db, world: Awaited<ReturnType<typeof buildScenario>>) {
  return createCycle(db, {
    partnershipId: world.partnership.id,
    name: "Interim update 2027",
    kind: "interim",
    status: "open",
    educationFrameworkId: world.v2.id,
    agencyFrameworkId: world.agency.id,
    opensOn: "2027-09-06",
    dueOn: "2027-11-30",
  });
}
