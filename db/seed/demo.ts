// The demo partnership: settings from the GIAS fixture and a few agencies, a person for every
// role, both frameworks (the education one in two versions), last cycle's submitted returns and
// an open full audit with returns in varied states.
import fs from "node:fs";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import type { Db } from "../client";
import { projectRoot } from "../client";
import { returns, settings, type Rating, type Setting } from "../schema";
import { createPartnership, getPartnershipBySlug } from "../../app/domain/partnerships.server";
import { importSettings } from "../../app/domain/settings-register.server";
import { installFramework } from "../../app/domain/frameworks.server";
import { createCycle, inviteSettings, setCycleStatus } from "../../app/domain/cycles.server";
import { addAction, loadActions, updateAction } from "../../app/domain/action-plans.server";
import { loadReturn, type Actor, type ReturnContext } from "../../app/domain/return-context.server";
import { loadAnswers, saveAnswers, signOffReturn, startReturn, submitReturn } from "../../app/domain/returns.server";
import { educationFramework } from "./frameworks/education";
import { agencyFramework } from "./frameworks/agency";
import type { FrameworkDefinition } from "./frameworks/types";
import { createSetting, createUserWithRoles } from "./factories";

export const DEMO_SLUG = "demo";

export const DEMO_USERS = {
  admin: "alex.admin@partnership.example.org.uk",
  moderator: "morgan.moderator@partnership.example.org.uk",
  secondModerator: "priya.panel@partnership.example.org.uk",
  subgroupChair: "sam.chair@partnership.example.org.uk",
  dsl: "dana.dsl@brookfield.example.org.uk",
  signatory: "hana.head@brookfield.example.org.uk",
  twoSettingsDsl: "jo.dsl@hillside.example.org.uk",
  agencyDsl: "pat.lead@police.example.org.uk",
} as const;

/**
 * The education framework as it was two years ago: without the newest online-safety standard
 * and with one standard since retired, so starting from the earlier return shows the mapping.
 */
export function previousEducationFramework(current: FrameworkDefinition): FrameworkDefinition {
  return {
    ...current,
    sections: current.sections.map((section, index) => {
      if (index !== current.sections.length - 1) return section;
      return {
        ...section,
        standards: [
          ...section.standards.slice(0, -1),
          {
            code: `${section.code}.99`,
            title: "Pupils are told once a year who the designated safeguarding lead is.",
            guidance: "An assembly plan or a poster naming the DSL. Retired: the current standards ask for more than this.",
            allowsNotApplicable: false,
          },
        ],
      };
    }),
  };
}

const EVIDENCE: Record<Exclude<Rating, "not_applicable">, string[]> = {
  not_met: [
    "We have not yet put this in place. The new DSL started in the summer term and this is part of her plan for the autumn.",
  ],
  partially_met: [
    "Most staff have done the training, but records for supply staff are incomplete. We are checking the log against the single central record each half term.",
    "The policy is in place but was last reviewed 18 months ago; governors will approve the reviewed version at the next full governing body meeting.",
  ],
  met: [
    "Policy reviewed and approved by governors in September, published on the website. Staff signed to say they have read it; records held by the school business manager.",
    "Training log shows all staff completed annual safeguarding training in September, with updates at briefings each half term. The DSL keeps the attendance record.",
    "Termly report to governors from the DSL, minutes record questions asked and actions followed up. Safeguarding governor visit notes from March and June.",
  ],
  exceeds: [
    "Our termly audit of 20 concern records found every referral made within 24 hours and every case closed with a recorded outcome. Pupil survey results show 94% know who to talk to, and the safeguarding governor sampled the single central record and concern files in person in March, with findings reported to the full governing body.",
  ],
};

// A deterministic spread of ratings so the demo's figures look like a real partnership's.
function ratingFor(settingIndex: number, standardIndex: number): Rating {
  const n = (settingIndex * 7 + standardIndex * 13) % 20;
  if (n < 1) return "not_met";
  if (n < 4) return "partially_met";
  if (n < 17) return "met";
  return "exceeds";
}

async function fillReturn(db: Db, ctx: ReturnContext, actor: Actor, settingIndex: number, options: { thinExceeds?: boolean } = {}) {
  const current = await loadAnswers(db, ctx);
  await saveAnswers(db, ctx, {
    actor,
    entries: current.map((a, i) => {
      let rating = ratingFor(settingIndex, i);
      if (rating === "not_applicable" && !a.allowsNotApplicable) rating = "met";
      const texts = EVIDENCE[rating as Exclude<Rating, "not_applicable">];
      // Some settings rate "Exceeds" without the evidence to support it, as the panel found.
      const evidence = rating === "exceeds" && options.thinExceeds ? "Outstanding practice throughout." : texts[i % texts.length];
      return { standardId: a.standardId, rating, evidence, notes: "", baseRevision: a.revision };
    }),
  });
}

async function reload(db: Db, ctx: ReturnContext) {
  return (await loadReturn(db, { partnershipId: ctx.ret.partnershipId, settingId: ctx.ret.settingId, returnId: ctx.ret.id }))!;
}

async function returnOf(db: Db, cycleId: string, setting: Setting) {
  const [ret] = await db
    .select()
    .from(returns)
    .where(and(eq(returns.cycleId, cycleId), eq(returns.settingId, setting.id)));
  return (await loadReturn(db, { partnershipId: setting.partnershipId, settingId: setting.id, returnId: ret.id }))!;
}

export interface SeedResult {
  created: boolean;
  partnershipId: string;
}

/**
 * Creates the demo partnership, all or nothing. `seed --if-empty` only asks whether the demo
 * partnership exists, so a seed interrupted half-way (Ctrl-C during the first `npm run demo`, a
 * failed submission) must leave nothing behind, or the next run would find the partnership and
 * never finish the rest. The domain functions take a transaction as their database and run
 * their own transactions inside it as savepoints.
 */
export async function seedDemo(db: Db, options: { now?: Date } = {}): Promise<SeedResult> {
  return db.transaction((tx) => seedDemoIn(tx, options));
}

async function seedDemoIn(db: Db, options: { now?: Date }): Promise<SeedResult> {
  const existing = await getPartnershipBySlug(db, DEMO_SLUG);
  if (existing) return { created: false, partnershipId: existing.id };

  const { partnership } = await createPartnership(db, { name: "Demo Safeguarding Children Partnership", slug: DEMO_SLUG });
  const p = partnership.id;
  const gias = fs.readFileSync(path.join(projectRoot(), "tests", "fixtures", "gias-sample.csv"));
  await importSettings(db, { partnershipId: p, laCode: "876", file: gias, fileName: "gias-sample.csv" });
  const agencies = [
    { name: "Demo Police – Public Protection Unit", type: "police" as const },
    { name: "Riverside NHS Foundation Trust", type: "health" as const },
    { name: "Council Youth and Family Service", type: "council_service" as const },
    { name: "Families First (charity)", type: "voluntary" as const },
    { name: "St Luke's Church youth work", type: "faith" as const },
    { name: "Riverside Juniors Football Club", type: "sport_leisure" as const },
  ];
  for (const a of agencies) await createSetting(db, { partnershipId: p, name: a.name, type: a.type, basis: "s11" });

  const all = await db.select().from(settings).where(eq(settings.partnershipId, p)).orderBy(settings.name);
  const byUrn = (urn: string) => all.find((s) => s.urn === urn)!;
  const brookfield = byUrn("900001");
  const hillside = byUrn("900003");
  const police = all.find((s) => s.type === "police")!;

  const admin = await createUserWithRoles(db, { email: DEMO_USERS.admin, name: "Alex Admin", roles: [{ partnershipId: p, role: "admin" }] });
  await createUserWithRoles(db, { email: DEMO_USERS.moderator, name: "Morgan Moderator", roles: [{ partnershipId: p, role: "moderator" }] });
  await createUserWithRoles(db, { email: DEMO_USERS.secondModerator, name: "Priya Panel", roles: [{ partnershipId: p, role: "moderator" }] });
  await createUserWithRoles(db, { email: DEMO_USERS.subgroupChair, name: "Sam Chair", roles: [{ partnershipId: p, role: "subgroup_chair" }] });
  await createUserWithRoles(db, { email: DEMO_USERS.dsl, name: "Dana Singh", roles: [{ partnershipId: p, settingId: brookfield.id, role: "dsl" }] });
  await createUserWithRoles(db, { email: DEMO_USERS.signatory, name: "Hana Hughes", roles: [{ partnershipId: p, settingId: brookfield.id, role: "signatory" }] });
  await createUserWithRoles(db, {
    email: DEMO_USERS.twoSettingsDsl,
    name: "Jo Evans",
    roles: [
      { partnershipId: p, settingId: hillside.id, role: "dsl" },
      { partnershipId: p, settingId: byUrn("900004").id, role: "dsl" },
    ],
  });
  await createUserWithRoles(db, { email: DEMO_USERS.agencyDsl, name: "Pat Lewis", roles: [{ partnershipId: p, settingId: police.id, role: "dsl" }, { partnershipId: p, settingId: police.id, role: "signatory" }] });

  const educationV1 = await installFramework(db, p, previousEducationFramework(educationFramework), { now: new Date("2024-07-01") });
  const agency = await installFramework(db, p, agencyFramework, { now: new Date("2024-07-01") });
  const educationV2 = await installFramework(db, p, educationFramework, { now: new Date("2026-07-01") });

  const actor: Actor = { id: admin.id, name: "Demo data" };
  const active = all.filter((s) => s.active);

  // Last full audit: everybody but two settings submitted.
  const previous = await createCycle(db, {
    partnershipId: p,
    name: "Full audit 2024",
    kind: "full",
    status: "open",
    educationFrameworkId: educationV1.id,
    agencyFrameworkId: agency.id,
    opensOn: "2024-09-09",
    dueOn: "2024-12-13",
  });
  await inviteSettings(db, previous);
  for (const [i, setting] of active.entries()) {
    if (i % 9 === 8) continue; // non-submitters
    let ctx = await returnOf(db, previous.id, setting);
    await startReturn(db, ctx, { mode: "blank", actor, now: new Date("2024-10-01") });
    ctx = await reload(db, ctx);
    await fillReturn(db, ctx, actor, i, { thinExceeds: i % 5 === 0 });
    await addAction(db, ctx, {
      actor,
      description: "Make sure every member of staff, including supply staff, completes annual safeguarding training",
      theme: "training",
      owner: "Designated safeguarding lead",
      dueOn: "2025-03-31",
      standardCode: "5.1",
    });
    if (i % 2 === 0) {
      await addAction(db, ctx, {
        actor,
        description: "Review the child protection policy with governors and publish it on the website",
        theme: "policy_procedures",
        owner: "Headteacher",
        dueOn: "2025-01-31",
        standardCode: "3.1",
      });
    }
    ctx = await reload(db, ctx);
    await signOffReturn(db, ctx, { actor, name: "Demo Headteacher", roleTitle: "Headteacher", now: new Date("2024-11-20") });
    ctx = await reload(db, ctx);
    const submitted = await submitReturn(db, ctx, { actor, now: new Date("2024-11-21") });
    if (!submitted.ok) throw new Error(`Demo return for ${setting.name} did not submit: ${submitted.problems[0]?.text}`);
  }
  await setCycleStatus(db, previous, "closed");

  // This year's full audit, open now, in varied states.
  const current = await createCycle(db, {
    partnershipId: p,
    name: "Full audit 2026",
    kind: "full",
    status: "open",
    educationFrameworkId: educationV2.id,
    agencyFrameworkId: agency.id,
    opensOn: "2026-09-07",
    dueOn: "2026-12-18",
  });
  await inviteSettings(db, current);
  for (const [i, setting] of active.entries()) {
    // Brookfield, Hillside and the police are left for the demo's people to start themselves.
    if ([brookfield.id, hillside.id, police.id].includes(setting.id) || i % 4 === 3) continue;
    let ctx = await returnOf(db, current.id, setting);
    const hasEarlier = i % 9 !== 8;
    await startReturn(db, ctx, { mode: hasEarlier ? "earlier" : "blank", actor, now: options.now });
    ctx = await reload(db, ctx);
    if (i % 4 === 1) continue; // started, still to review
    await fillReturn(db, ctx, actor, i + 1, { thinExceeds: i % 3 === 0 });
    if (i % 4 === 2) continue; // answered, not yet signed off
    ctx = await reload(db, ctx);
    for (const action of await loadActions(db, ctx)) {
      if (action.needsReview) {
        await updateAction(db, ctx, { actor, actionId: action.id, status: "done", progressNote: "Completed and checked by the DSL.", newDueOn: null });
      }
    }
    ctx = await reload(db, ctx);
    await signOffReturn(db, ctx, { actor, name: "Demo Headteacher", roleTitle: "Headteacher" });
    ctx = await reload(db, ctx);
    const submitted = await submitReturn(db, ctx, { actor });
    if (!submitted.ok) throw new Error(`Demo return for ${setting.name} did not submit: ${submitted.problems[0]?.text}`);
  }
  return { created: true, partnershipId: p };
}
