// A small, complete audit world for return tests: one partnership, two settings, their people,
// a two-version framework and a closed earlier cycle in which the first setting submitted.
import type { Db } from "../../db/client";
import type { FrameworkDefinition } from "../../db/seed/frameworks/types";
import { installFramework } from "../../app/domain/frameworks.server";
import { createCycle, inviteSettings, setCycleStatus } from "../../app/domain/cycles.server";
import { addAction } from "../../app/domain/action-plans.server";
import { loadReturn, type ReturnContext } from "../../app/domain/return-context.server";
import { loadAnswers, saveAnswers, signOffReturn, startReturn, submitReturn } from "../../app/domain/returns.server";
import { makePartnership, makeSetting, makeUser } from "./factories";
import { and, eq } from "drizzle-orm";
import { returns, type Cycle } from "../../db/schema";

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

export async function buildScenario(db: Db) {
  const partnership = await makePartnership(db);
  const p = partnership.id;
  const school = await makeSetting(db, p, { name: "Brookfield Primary" });
  const otherSchool = await makeSetting(db, p, { name: "Oakwood Nursery", type: "nursery" });
  const dsl = await makeUser(db, { name: "Dana Singh", roles: [{ partnershipId: p, settingId: school.id, role: "dsl" }] });
  const signatory = await makeUser(db, { name: "Hana Hughes", roles: [{ partnershipId: p, settingId: school.id, role: "signatory" }] });
  const otherDsl = await makeUser(db, { name: "Olly Other", roles: [{ partnershipId: p, settingId: otherSchool.id, role: "dsl" }] });
  const moderator = await makeUser(db, { name: "Morgan Moderator", roles: [{ partnershipId: p, role: "moderator" }] });
  const admin = await makeUser(db, { name: "Alex Admin", roles: [{ partnershipId: p, role: "admin" }] });
  const v1 = await installFramework(db, p, FRAMEWORK_V1);
  const agency = await installFramework(db, p, AGENCY);
  const v2 = await installFramework(db, p, FRAMEWORK_V2);

  const previousCycle = await createCycle(db, {
    partnershipId: p,
    name: "Full audit 2024",
    kind: "full",
    status: "open",
    educationFrameworkId: v1.id,
    agencyFrameworkId: agency.id,
    opensOn: "2024-09-09",
    dueOn: "2024-12-13",
  });
  await inviteSettings(db, previousCycle);
  let earlier = await returnFor(db, previousCycle, school.id);
  await startReturn(db, earlier, { mode: "blank", actor: dsl });
  earlier = await reload(db, earlier);
  await addAction(db, earlier, {
    actor: dsl,
    description: "Train all supply staff",
    theme: "training",
    owner: "DSL",
    dueOn: "2025-03-31",
    standardCode: "2.1",
  });
  earlier = await completeAndSignOff(db, earlier, signatory);
  const submitted = await submitReturn(db, earlier, { actor: signatory });
  if (!submitted.ok) throw new Error(`scenario: earlier return did not submit: ${submitted.problems[0]?.text}`);
  await setCycleStatus(db, previousCycle, "closed");

  const cycle = await createCycle(db, {
    partnershipId: p,
    name: "Full audit 2026",
    kind: "full",
    status: "open",
    educationFrameworkId: v2.id,
    agencyFrameworkId: agency.id,
    opensOn: "2026-09-07",
    dueOn: "2026-12-18",
  });
  await inviteSettings(db, cycle);
  return { partnership, school, otherSchool, dsl, signatory, otherDsl, moderator, admin, v1, v2, agency, previousCycle, cycle, earlier };
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
