// The one scenario builder: a partnership with last full audit submitted and closed, and this
// cycle open and under way: another full audit, or the interim update between two. The tests (tests/support/scenario.ts), the demo seed (demo.ts) and the
// benchmark partnership (bench.ts) all start from it, at their own sizes: from two settings with
// named people to 600 settings with a generated DSL and signatory each.
//
// Everything goes through the domain, as the pages do, one return at a time from start to
// submission. At the benchmark's size that would take minutes, so a spec may ask for bulk
// writes: returns are still started and submitted through the domain (the benchmark times
// both), but answers, actions, action updates and sign-offs are written for every return at
// once, the same rows the domain would leave (tests/integration/scenario-builder.test.ts
// compares the two) without their audit events.
//
// It runs in whatever it is given: pass a transaction to make it all or nothing (the demo does;
// the benchmark does not, so that each submission commits as it would for a person).
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../client";
import {
  actionUpdates,
  actions,
  answers,
  returns,
  settings,
  type ActionStatus,
  type Cycle,
  type Framework,
  type Partnership,
  type Rating,
  type Role,
  type Setting,
  type SettingType,
  type StatutoryBasis,
  type User,
} from "../schema";
import { createPartnership } from "../../app/domain/partnerships.server";
import { importSettings } from "../../app/domain/settings-register.server";
import { installFramework, loadFramework } from "../../app/domain/frameworks.server";
import { createCycle, inviteSettings, setCycleStatus } from "../../app/domain/cycles.server";
import { addAction, loadActions, updateAction, type NewAction } from "../../app/domain/action-plans.server";
import { OUTSTANDING_ACTION_STATUSES } from "../../app/domain/action-themes";
import { loadReturn, type Actor, type ReturnContext } from "../../app/domain/return-context.server";
import { loadAnswers, saveAnswers, signOffReturn, startReturn, submitReturn } from "../../app/domain/returns.server";
import { agencyFramework } from "./frameworks/agency";
import { educationFramework } from "./frameworks/education";
import type { FrameworkDefinition } from "./frameworks/types";
import { createPeople, createSetting, createUserWithRoles } from "./factories";

/** Last full audit, and this one: the two cycles of a scenario that does not name its own. */
export const EARLIER_CYCLE = { name: "Full audit 2024", opensOn: "2024-09-09", dueOn: "2024-12-13" } as const;
export const CURRENT_CYCLE = { name: "Full audit 2026", opensOn: "2026-09-07", dueOn: "2026-12-18" } as const;

/** What a carried-forward action's update says when a return that is submitted confirms it. */
export const ACTION_REVIEW = { status: "done", progressNote: "Completed and checked by the DSL." } as const;

// ---------------------------------------------------------------------------------------------
// The spec
// ---------------------------------------------------------------------------------------------

/** A setting of the register, found by its URN or, for agencies, which have none, its name. */
export type SettingRef = { urn: string } | { name: string };

export interface ListedSetting {
  name: string;
  type: SettingType;
  /** By default s11 for agencies, s175 for schools. */
  basis?: StatutoryBasis;
  urn?: string | null;
}

export interface PersonSpec {
  email: string;
  name: string;
  /** Partnership roles, or roles at a setting of the register. */
  roles: { role: Role; setting?: SettingRef }[];
}

/** A setting as the spec's choices see it: `index` is its place in the register, by name. */
export interface ScenarioSetting {
  setting: Setting;
  index: number;
}

/**
 * Which settings something happens to: all of them, how many (spread evenly, first ones first),
 * or a choice. `rank` counts only the settings being chosen from: the started returns, when
 * choosing which are answered.
 */
export type Share = "all" | number | ((s: ScenarioSetting & { rank: number }) => boolean);

/** Who makes a change to a setting's return: its own (first) DSL or signatory, or a named person. */
export type Hand<K extends string = string> = "dsl" | "signatory" | { person: K };
export type Step = "start" | "answer" | "actions" | "signOff" | "submit";

export type CycleKind = "full" | "interim";

/** An action in a return's plan, as `CycleSpec.actionUpdates` is asked about it. */
export interface PlannedAction {
  description: string;
  /** From an earlier return (still outstanding when this one started), not added in this one. */
  carriedForward: boolean;
  /** Its place in the plan, which lists actions in the order they were added. */
  rank: number;
}

/** An update on an action, as the action plan page's form records it. */
export interface ActionUpdateSpec {
  status: ActionStatus;
  progressNote: string;
  newDueOn: string | null;
}

export interface CycleSpec {
  /**
   * A full audit (the default), or the interim update between two: each of its returns starts
   * as a copy of the setting's last submitted one, answers and open actions (startReturn).
   */
  kind?: CycleKind;
  /** Its name and dates, if not EARLIER_CYCLE's (the earlier cycle) or CURRENT_CYCLE's (the current one). */
  cycle?: { name: string; opensOn: string; dueOn: string };
  /** Whose returns are started: this cycle's from last cycle's where there is one, else blank. */
  started: Share;
  /** Of those, whose are answered throughout (and get their actions and action updates). All of them by default. */
  answered?: Share;
  /** Of those, whose are signed off and submitted (their carried-forward actions not yet updated done first). All by default. */
  submitted?: Share;
  /**
   * The answer given to each standard (`index` counts the return's standards in order). Left
   * out, the answers a return started with stand: an interim update's, carried from the last
   * return with their ratings accepted.
   */
  answer?: (s: ScenarioSetting, standard: { code: string; index: number }) => { rating: Rating; evidence: string };
  /** The actions each answered return adds to its setting's plan. */
  actions?: (s: ScenarioSetting) => NewAction[];
  /**
   * The update each answered return records on an action of its plan (carried forward or just
   * added), or null for none. Carried-forward actions a submitted return leaves without one are
   * then confirmed done (ACTION_REVIEW), as a return cannot be submitted without an update on each.
   */
  actionUpdates?: (s: ScenarioSetting, action: PlannedAction) => ActionUpdateSpec | null;
  /** When returns were started, signed off and submitted, if not now. */
  on?: { started?: Date; signedOff?: Date; submitted?: Date };
}

/** The steps a caller may time (the benchmark does). */
export type BuildStep = "startBlank" | "startFromEarlier" | "saveSection" | "submit";

export interface ScenarioSpec<K extends string = string> {
  partnership: { name: string; slug: string };
  /** The register: a GIAS extract to import, settings listed by name, and generated ones. */
  register: {
    extract?: { file: Buffer; fileName: string; laCode: string };
    listed?: ListedSetting[];
    /** This many schools and agencies with made-up names (generateSettings). */
    generated?: { schools?: number; agencies?: number };
  };
  /** Named people, by a key the spec and the result use. */
  people: Record<K, PersonSpec>;
  /** This many DSLs and signatories generated for every setting ("DSL 12", dsl-12@<slug>.example.org.uk). */
  perSetting?: { dsl?: number; signatory?: number };
  /**
   * The portal's own (PORTAL_FRAMEWORKS) unless given. A current definition that is the earlier
   * one (the same object) is not installed again: both cycles use the earlier version, as an
   * interim update usually does.
   */
  frameworks?: Partial<typeof PORTAL_FRAMEWORKS> & {
    /** When the earlier education version (with the agency framework) and the current one were published, if not now. */
    publishedOn?: { earlier: Date; current: Date };
  };
  /** Who does what; by default each setting's DSL starts, answers and keeps the plan, its signatory signs off and submits. */
  hands?: Partial<Record<Step, Hand<NoInfer<K>>>>;
  /** The name and role every sign-off is given. */
  signOffAs: { name: string; roleTitle: string };
  earlier: CycleSpec;
  current: CycleSpec & {
    /** This many started returns have their first section saved as its page saves it, before anything else is answered. */
    sectionSaves?: number;
  };
  /** "forms" (the default) writes answers, actions and sign-offs through the domain; "bulk" in a few statements. */
  writes?: "forms" | "bulk";
  timed?: <T>(step: BuildStep, fn: () => Promise<T>) => Promise<T>;
  progress?: (text: string) => void;
}

// ---------------------------------------------------------------------------------------------
// What it builds
// ---------------------------------------------------------------------------------------------

export interface ScenarioReturn {
  id: string;
  settingId: string;
  frameworkId: string;
}

export interface CycleOutcome {
  /** As it stands at the end (the earlier one closed). */
  cycle: Cycle;
  /** Every invited setting's return, in register order. */
  returns: ScenarioReturn[];
  started: ScenarioReturn[];
  answered: ScenarioReturn[];
  submitted: ScenarioReturn[];
}

export interface Staff {
  dsl: User[];
  signatory: User[];
}

export interface Scenario<K extends string = string> {
  partnership: Partnership;
  /** The register, by name. */
  settings: Setting[];
  people: Record<K, User>;
  /** Each setting's DSLs and signatories, named and generated, by setting id. */
  staff: Map<string, Staff>;
  frameworks: { earlier: Framework; current: Framework; agency: Framework };
  earlier: CycleOutcome;
  current: CycleOutcome;
}

// ---------------------------------------------------------------------------------------------
// Content
// ---------------------------------------------------------------------------------------------

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

/** The education framework as it was at the earlier cycle and as it is now, and the agency one. */
export const PORTAL_FRAMEWORKS: { earlier: FrameworkDefinition; current: FrameworkDefinition; agency: FrameworkDefinition } = {
  earlier: previousEducationFramework(educationFramework),
  current: educationFramework,
  agency: agencyFramework,
};

/**
 * A deterministic spread of ratings, so figures look like a real partnership's: of every 20
 * answers, one not met, three partially met, thirteen met and three exceeds.
 */
export function spreadRating(settingIndex: number, standardIndex: number): Exclude<Rating, "not_applicable"> {
  const n = (settingIndex * 7 + standardIndex * 13) % 20;
  if (n < 1) return "not_met";
  if (n < 4) return "partially_met";
  if (n < 17) return "met";
  return "exceeds";
}

const PLACES = ["Ashfield", "Beechwood", "Brookside", "Cedar Park", "Elmhurst", "Fairfield", "Greenbank", "Hollins", "Kingsmead", "Larkrise", "Meadowbank", "Northgate"];
const SCHOOLS: [string, SettingType][] = [
  ["Primary School", "primary"],
  ["Nursery School", "nursery"],
  ["High School", "secondary"],
  ["Academy", "academy"],
  ["Special School", "special"],
];
const AGENCIES: [string, SettingType][] = [
  ["Police Public Protection Unit", "police"],
  ["Health Visiting Team", "health"],
  ["Youth Service", "council_service"],
  ["Family Support (charity)", "voluntary"],
  ["Church youth work", "faith"],
  ["Football Club", "sport_leisure"],
];

/** Made-up settings, the same every time: "Ashfield Primary School", "Ashfield Nursery School", ..., "Ashfield Primary School 2". */
export function generateSettings(counts: { schools?: number; agencies?: number }): ListedSetting[] {
  const named = (kinds: [string, SettingType][], i: number): [string, SettingType] => {
    const [suffix, type] = kinds[i % kinds.length];
    const place = PLACES[Math.floor(i / kinds.length) % PLACES.length];
    const round = Math.floor(i / (PLACES.length * kinds.length));
    return [`${place} ${suffix}${round ? ` ${round + 1}` : ""}`, type];
  };
  return [
    ...Array.from({ length: counts.schools ?? 0 }, (_, i) => {
      const [name, type] = named(SCHOOLS, i);
      return { name, type, basis: "s175" as const, urn: String(700001 + i) };
    }),
    ...Array.from({ length: counts.agencies ?? 0 }, (_, i) => {
      const [name, type] = named(AGENCIES, i);
      return { name, type, basis: "s11" as const, urn: null };
    }),
  ];
}

const AGENCY_TYPES: SettingType[] = ["police", "health", "council_service", "voluntary", "faith", "sport_leisure"];

// ---------------------------------------------------------------------------------------------
// Building
// ---------------------------------------------------------------------------------------------

export async function contextOf(db: Db, partnershipId: string, row: { id: string; settingId: string }): Promise<ReturnContext> {
  const ctx = await loadReturn(db, { partnershipId, settingId: row.settingId, returnId: row.id });
  if (!ctx) throw new Error(`scenario: return ${row.id} could not be loaded`);
  return ctx;
}

/** Chooses from `from` (in order) as the share says. */
export function choose<T extends ScenarioSetting>(from: T[], share: Share): T[] {
  if (share === "all") return from;
  if (typeof share === "number") {
    if (!Number.isInteger(share) || share < 0 || share > from.length) throw new Error(`scenario: cannot choose ${share} of ${from.length}`);
    const n = from.length;
    return from.filter((_, rank) => Math.ceil(((rank + 1) * share) / n) > Math.ceil((rank * share) / n));
  }
  return from.filter((s, rank) => share({ setting: s.setting, index: s.index, rank }));
}

const DEFAULT_HANDS: Record<Step, Hand<never>> = { start: "dsl", answer: "dsl", actions: "dsl", signOff: "signatory", submit: "signatory" };
const GENERATED = { dsl: { label: "DSL", prefix: "dsl" }, signatory: { label: "Head", prefix: "head" } } as const;

export async function buildScenario<K extends string>(db: Db, spec: ScenarioSpec<K>): Promise<Scenario<K>> {
  const progress = spec.progress ?? (() => {});
  const timed = spec.timed ?? (<T>(_step: BuildStep, fn: () => Promise<T>) => fn());
  const bulk = spec.writes === "bulk";
  const { partnership } = await createPartnership(db, spec.partnership);
  const p = partnership.id;

  // The register.
  if (spec.register.extract) {
    const { file, fileName, laCode } = spec.register.extract;
    await importSettings(db, { partnershipId: p, laCode, file, fileName });
  }
  for (const s of [...(spec.register.listed ?? []), ...generateSettings(spec.register.generated ?? {})]) {
    await createSetting(db, { partnershipId: p, name: s.name, type: s.type, basis: s.basis ?? (AGENCY_TYPES.includes(s.type) ? "s11" : "s175"), urn: s.urn });
  }
  const register = await db.select().from(settings).where(eq(settings.partnershipId, p)).orderBy(settings.name);
  const find = (ref: SettingRef) => {
    const found = register.find((s) => ("urn" in ref ? s.urn === ref.urn : s.name === ref.name));
    if (!found) throw new Error(`scenario: no setting ${JSON.stringify(ref)} in the register`);
    return found;
  };

  // People: the named ones, then generated staff for every setting.
  const staff = new Map<string, Staff>(register.map((s) => [s.id, { dsl: [], signatory: [] }]));
  const people = {} as Record<K, User>;
  for (const [key, person] of Object.entries(spec.people) as [K, PersonSpec][]) {
    const roles = person.roles.map((r) => ({ partnershipId: p, role: r.role, settingId: r.setting ? find(r.setting).id : null }));
    people[key] = await createUserWithRoles(db, { email: person.email, name: person.name, roles });
    for (const r of roles) if (r.settingId && (r.role === "dsl" || r.role === "signatory")) staff.get(r.settingId)![r.role].push(people[key]);
  }
  const generated = register.flatMap((setting, index) =>
    (["dsl", "signatory"] as const).flatMap((role) =>
      Array.from({ length: spec.perSetting?.[role] ?? 0 }, (_, j) => {
        const { label, prefix } = GENERATED[role];
        return {
          setting,
          role,
          email: `${prefix}-${index}${j ? `-${j + 1}` : ""}@${spec.partnership.slug}.example.org.uk`,
          name: `${label} ${index}${j ? ` (${j + 1})` : ""}`,
          roles: [{ partnershipId: p, settingId: setting.id, role }],
        };
      }),
    ),
  );
  const generatedUsers = await createPeople(db, generated);
  generated.forEach((g, i) => staff.get(g.setting.id)![g.role].push(generatedUsers[i]));

  const hands = { ...DEFAULT_HANDS, ...spec.hands };
  const actorFor = (step: Step, setting: Setting): Actor => {
    const hand = hands[step];
    if (typeof hand === "object") return people[hand.person];
    const person = staff.get(setting.id)![hand][0];
    if (!person) throw new Error(`scenario: ${setting.name} has no ${hand} to ${step === "signOff" ? "sign off" : step} its return`);
    return person;
  };

  // Frameworks.
  const { publishedOn, ...given } = spec.frameworks ?? {};
  const definitions = { ...PORTAL_FRAMEWORKS, ...given };
  const earlierFramework = await installFramework(db, p, definitions.earlier, { now: publishedOn?.earlier });
  const frameworks = {
    earlier: earlierFramework,
    agency: await installFramework(db, p, definitions.agency, { now: publishedOn?.earlier }),
    current:
      definitions.current === definitions.earlier ? earlierFramework : await installFramework(db, p, definitions.current, { now: publishedOn?.current }),
  };

  // The cycles.
  const invited = register.flatMap((setting, index) => (setting.active ? [{ setting, index }] : []));
  const builder: Builder = { db, p, bulk, timed, progress, actorFor, signOffAs: spec.signOffAs };
  const earlier = await runCycle(builder, { ...(spec.earlier.cycle ?? EARLIER_CYCLE), frameworkId: frameworks.earlier.id, agencyId: frameworks.agency.id }, invited, spec.earlier, new Set());
  await setCycleStatus(db, earlier.cycle, "closed");
  earlier.cycle = { ...earlier.cycle, status: "closed" };
  const submittedBefore = new Set(earlier.submitted.map((r) => r.settingId));
  const current = await runCycle(builder, { ...(spec.current.cycle ?? CURRENT_CYCLE), frameworkId: frameworks.current.id, agencyId: frameworks.agency.id }, invited, spec.current, submittedBefore);
  return { partnership, settings: register, people, staff, frameworks, earlier, current };
}

interface Builder {
  db: Db;
  p: string;
  bulk: boolean;
  timed: <T>(step: BuildStep, fn: () => Promise<T>) => Promise<T>;
  progress: (text: string) => void;
  actorFor: (step: Step, setting: Setting) => Actor;
  signOffAs: { name: string; roleTitle: string };
}

type Planned = ScenarioSetting & { ret: ScenarioReturn };

async function runCycle(
  b: Builder,
  at: { name: string; opensOn: string; dueOn: string; frameworkId: string; agencyId: string },
  invited: ScenarioSetting[],
  plan: CycleSpec & { sectionSaves?: number },
  submittedBefore: Set<string>,
): Promise<CycleOutcome> {
  const { db, p } = b;
  const cycle = await createCycle(db, {
    partnershipId: p,
    name: at.name,
    kind: plan.kind ?? "full",
    status: "open",
    educationFrameworkId: at.frameworkId,
    agencyFrameworkId: at.agencyId,
    opensOn: at.opensOn,
    dueOn: at.dueOn,
  });
  await inviteSettings(db, cycle);
  const rows = await db
    .select({ id: returns.id, settingId: returns.settingId, frameworkId: returns.frameworkId })
    .from(returns)
    .where(and(eq(returns.cycleId, cycle.id), eq(returns.partnershipId, p)));
  const returnOf = new Map(rows.map((r) => [r.settingId, r]));
  const all: Planned[] = invited.map((s) => ({ ...s, ret: returnOf.get(s.setting.id)! }));
  const started = choose(all, plan.started);
  const answered = choose(started, plan.answered ?? "all");
  const submitted = choose(answered, plan.submitted ?? "all");
  b.progress(`${cycle.name}: ${started.length} of ${all.length} returns started, ${answered.length} answered, ${submitted.length} submitted...`);

  const start = async (r: Planned) => {
    const fromEarlier = submittedBefore.has(r.setting.id);
    await b.timed(fromEarlier ? "startFromEarlier" : "startBlank", async () =>
      startReturn(db, await contextOf(db, p, r.ret), { mode: fromEarlier ? "earlier" : "blank", actor: b.actorFor("start", r.setting), now: plan.on?.started }),
    );
  };
  const submit = async (r: Planned) => {
    const result = await b.timed("submit", async () =>
      submitReturn(db, await contextOf(db, p, r.ret), { actor: b.actorFor("submit", r.setting), now: plan.on?.submitted }),
    );
    if (!result.ok) throw new Error(`scenario: the return for ${r.setting.name} did not submit: ${result.problems[0]?.text}`);
  };
  const actionsOf = plan.actions ?? (() => []);
  const saves = plan.sectionSaves ?? 0;

  if (b.bulk) {
    for (const r of started) await start(r);
    for (const r of started.slice(0, saves)) await saveFirstSection(b, r);
    if (plan.answer) await answerInBulk(b, answered, plan.answer);
    await addActionsInBulk(b, answered, actionsOf);
    if (plan.actionUpdates) await updateActionsInBulk(b, answered, plan.actionUpdates);
    await reviewActionsInBulk(b, submitted);
    await signOffInBulk(b, submitted, plan.on?.signedOff);
    for (const r of submitted) await submit(r);
  } else {
    // One return at a time, from start to submission, as a setting works through its own.
    const isAnswered = new Set(answered);
    const isSubmitted = new Set(submitted);
    for (const [rank, r] of started.entries()) {
      await start(r);
      if (rank < saves) await saveFirstSection(b, r);
      if (!isAnswered.has(r)) continue;
      if (plan.answer) await answerThroughForms(b, r, plan.answer);
      await addActionsThroughForms(b, r, actionsOf);
      if (plan.actionUpdates) await updateActionsThroughForms(b, r, plan.actionUpdates);
      if (!isSubmitted.has(r)) continue;
      await reviewActionsThroughForms(b, r);
      await signOffThroughForms(b, r, plan.on?.signedOff);
      await submit(r);
    }
  }
  const only = (list: Planned[]) => list.map((r) => r.ret);
  return { cycle, returns: only(all), started: only(started), answered: only(answered), submitted: only(submitted) };
}

/** The section page's save: what the page showed, posted back reviewed with a line added. */
async function saveFirstSection(b: Builder, r: Planned) {
  const ctx = await contextOf(b.db, b.p, r.ret);
  const shown = await loadAnswers(b.db, ctx);
  const section = ctx.framework.sections[0];
  const result = await b.timed("saveSection", () =>
    saveAnswers(b.db, ctx, {
      actor: b.actorFor("answer", r.setting),
      confirmUnchanged: true,
      entries: shown
        .filter((a) => a.sectionId === section.id)
        .map((a) => ({ standardId: a.standardId, rating: a.rating ?? "met", evidence: `${a.evidence} Checked again this year.`, notes: "", baseRevision: a.revision })),
    }),
  );
  if (!result.ok) throw new Error(`scenario: a section save for ${r.setting.name} was refused`);
}

// Through the forms: the domain calls a setting's pages make, with their audit events.

async function answerThroughForms(b: Builder, r: Planned, answer: NonNullable<CycleSpec["answer"]>) {
  const ctx = await contextOf(b.db, b.p, r.ret);
  const current = await loadAnswers(b.db, ctx);
  const saved = await saveAnswers(b.db, ctx, {
    actor: b.actorFor("answer", r.setting),
    entries: current.map((a, index) => ({ standardId: a.standardId, ...answer(r, { code: a.code, index }), notes: "", baseRevision: a.revision })),
  });
  if (!saved.ok) throw new Error(`scenario: the answers for ${r.setting.name} were refused`);
}

async function addActionsThroughForms(b: Builder, r: Planned, actionsOf: (s: ScenarioSetting) => NewAction[]) {
  const planned = actionsOf(r);
  if (planned.length === 0) return;
  const ctx = await contextOf(b.db, b.p, r.ret);
  for (const action of planned) await addAction(b.db, ctx, { ...action, actor: b.actorFor("actions", r.setting) });
}

async function updateActionsThroughForms(b: Builder, r: Planned, updatesOf: NonNullable<CycleSpec["actionUpdates"]>) {
  const ctx = await contextOf(b.db, b.p, r.ret);
  for (const [rank, action] of (await loadActions(b.db, ctx)).entries()) {
    const update = updatesOf(r, { description: action.description, carriedForward: action.carriedForward, rank });
    if (update) await updateAction(b.db, ctx, { ...update, actor: b.actorFor("actions", r.setting), actionId: action.id });
  }
}

async function reviewActionsThroughForms(b: Builder, r: Planned) {
  const ctx = await contextOf(b.db, b.p, r.ret);
  for (const action of await loadActions(b.db, ctx)) {
    if (!action.needsReview) continue;
    await updateAction(b.db, ctx, { ...ACTION_REVIEW, actor: b.actorFor("actions", r.setting), actionId: action.id, newDueOn: null });
  }
}

async function signOffThroughForms(b: Builder, r: Planned, on: Date | undefined) {
  const ctx = await contextOf(b.db, b.p, r.ret);
  await signOffReturn(b.db, ctx, { actor: b.actorFor("signOff", r.setting), ...b.signOffAs, now: on });
}

// In bulk: the rows the forms would leave, in a few statements. jsonb_to_recordset carries
// thousands of rows in one parameter, under the protocol's limit of 65,535.

const chunks = <T>(list: T[], size: number) => Array.from({ length: Math.ceil(list.length / size) }, (_, i) => list.slice(i * size, (i + 1) * size));
const json = (rows: unknown[]) => sql`jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)`;

/** Every change marks the return changed and withdraws any sign-off (recordChange). */
async function touch(b: Builder, list: Planned[], now: Date) {
  for (const chunk of chunks(list, 1000)) {
    await b.db
      .update(returns)
      .set({ updatedAt: now, signedOffAt: null, signedOffName: null, signedOffRole: null, signedOffByUserId: null })
      .where(inArray(returns.id, chunk.map((r) => r.ret.id)));
  }
}

async function answerInBulk(b: Builder, list: Planned[], answer: NonNullable<CycleSpec["answer"]>) {
  if (list.length === 0) return;
  const now = new Date();
  const rows: { r: string; s: string; rating: Rating; evidence: string; by: string }[] = [];
  for (const r of list) {
    const framework = await loadFramework(b.db, b.p, r.ret.frameworkId);
    if (!framework) throw new Error(`scenario: framework ${r.ret.frameworkId} could not be loaded`);
    const by = b.actorFor("answer", r.setting).id;
    framework.sections
      .flatMap((s) => s.standards)
      .forEach((standard, index) => rows.push({ r: r.ret.id, s: standard.id, ...answer(r, { code: standard.code, index }), by }));
  }
  for (const chunk of chunks(rows, 5000)) {
    await b.db.execute(sql`
      update ${answers} set
        rating = v.rating::rating, evidence = v.evidence, notes = '', review = 'reviewed',
        revision = ${answers.revision} + 1, updated_by_user_id = v.by, updated_at = ${now.toISOString()}::timestamptz
      from ${json(chunk)} as v(r uuid, s uuid, rating text, evidence text, by uuid)
      where ${answers.returnId} = v.r and ${answers.standardId} = v.s and ${answers.partnershipId} = ${b.p}`);
  }
  await touch(b, list, now);
}

async function addActionsInBulk(b: Builder, list: Planned[], actionsOf: (s: ScenarioSetting) => NewAction[]) {
  const now = new Date();
  // A plan lists its actions in the order they were added: a millisecond apart, as forms would be.
  const rows = list
    .flatMap((r) => actionsOf(r).map((a) => ({ ...a, partnershipId: b.p, settingId: r.setting.id, originReturnId: r.ret.id })))
    .map((a, i) => ({ ...a, createdAt: new Date(now.getTime() + i), updatedAt: now }));
  if (rows.length === 0) return;
  for (const chunk of chunks(rows, 1000)) await b.db.insert(actions).values(chunk);
  const changed = new Set(rows.map((a) => a.originReturnId));
  await touch(b, list.filter((r) => changed.has(r.ret.id)), now);
}

/**
 * Each return's plan as loadActions lists it before the return has updated anything: the
 * setting's outstanding actions and those the return added, in the order they were added.
 */
async function plansOf(b: Builder, list: Planned[]) {
  const plans = new Map<string, { id: string; description: string; dueOn: string | null; carriedForward: boolean }[]>(list.map((r) => [r.ret.id, []]));
  const returnOfSetting = new Map(list.map((r) => [r.setting.id, r]));
  for (const chunk of chunks(list, 1000)) {
    const rows = await b.db
      .select({ id: actions.id, settingId: actions.settingId, originReturnId: actions.originReturnId, description: actions.description, dueOn: actions.dueOn, status: actions.status })
      .from(actions)
      .where(and(eq(actions.partnershipId, b.p), inArray(actions.settingId, chunk.map((r) => r.setting.id))))
      .orderBy(actions.createdAt);
    for (const a of rows) {
      const r = returnOfSetting.get(a.settingId)!;
      const own = a.originReturnId === r.ret.id;
      if (own || OUTSTANDING_ACTION_STATUSES.includes(a.status)) plans.get(r.ret.id)!.push({ id: a.id, description: a.description, dueOn: a.dueOn, carriedForward: !own });
    }
  }
  return plans;
}

async function updateActionsInBulk(b: Builder, list: Planned[], updatesOf: NonNullable<CycleSpec["actionUpdates"]>) {
  if (list.length === 0) return;
  const now = new Date();
  const plans = await plansOf(b, list);
  const rows = list.flatMap((r) =>
    plans.get(r.ret.id)!.flatMap((action, rank) => {
      const update = updatesOf(r, { description: action.description, carriedForward: action.carriedForward, rank });
      return update ? [{ r, action, update }] : [];
    }),
  );
  if (rows.length === 0) return;
  for (const chunk of chunks(rows, 1000)) {
    await b.db.insert(actionUpdates).values(
      chunk.map(({ r, action, update }) => ({
        partnershipId: b.p,
        actionId: action.id,
        returnId: r.ret.id,
        ...update,
        createdByUserId: b.actorFor("actions", r.setting).id,
        createdAt: now,
      })),
    );
    // As updateAction: the status, and the due date when the update gives a new one.
    const changes = chunk.map(({ action, update }) => ({ id: action.id, status: update.status, due: update.newDueOn ?? action.dueOn }));
    await b.db.execute(sql`
      update ${actions} set
        status = v.status::action_status, due_on = v.due::date, revision = ${actions.revision} + 1, updated_at = ${now.toISOString()}::timestamptz
      from ${json(changes)} as v(id uuid, status text, due text)
      where ${actions.id} = v.id and ${actions.partnershipId} = ${b.p}`);
  }
  const changed = new Set(rows.map((row) => row.r.ret.id));
  await touch(b, list.filter((r) => changed.has(r.ret.id)), now);
}

async function reviewActionsInBulk(b: Builder, list: Planned[]) {
  if (list.length === 0) return;
  const now = new Date();
  const returnOfSetting = new Map(list.map((r) => [r.setting.id, r]));
  const outstanding: { id: string; settingId: string; originReturnId: string | null }[] = [];
  // Actions this return has already updated (actionUpdates) are not asked about again.
  const updated = new Set<string>();
  for (const chunk of chunks(list, 1000)) {
    outstanding.push(
      ...(await b.db
        .select({ id: actions.id, settingId: actions.settingId, originReturnId: actions.originReturnId })
        .from(actions)
        .where(and(eq(actions.partnershipId, b.p), inArray(actions.settingId, chunk.map((r) => r.setting.id)), inArray(actions.status, OUTSTANDING_ACTION_STATUSES)))),
    );
    const rows = await b.db
      .select({ actionId: actionUpdates.actionId })
      .from(actionUpdates)
      .where(and(eq(actionUpdates.partnershipId, b.p), inArray(actionUpdates.returnId, chunk.map((r) => r.ret.id))));
    for (const row of rows) updated.add(row.actionId);
  }
  const carried = outstanding.filter((a) => a.originReturnId !== returnOfSetting.get(a.settingId)!.ret.id && !updated.has(a.id));
  if (carried.length === 0) return;
  for (const chunk of chunks(carried, 1000)) {
    await b.db.insert(actionUpdates).values(
      chunk.map((a) => {
        const r = returnOfSetting.get(a.settingId)!;
        return { partnershipId: b.p, actionId: a.id, returnId: r.ret.id, ...ACTION_REVIEW, newDueOn: null, createdByUserId: b.actorFor("actions", r.setting).id, createdAt: now };
      }),
    );
    await b.db
      .update(actions)
      .set({ status: ACTION_REVIEW.status, revision: sql`${actions.revision} + 1`, updatedAt: now })
      .where(inArray(actions.id, chunk.map((a) => a.id)));
  }
  const changed = new Set(carried.map((a) => a.settingId));
  await touch(b, list.filter((r) => changed.has(r.setting.id)), now);
}

async function signOffInBulk(b: Builder, list: Planned[], on: Date | undefined) {
  const at = on ?? new Date();
  for (const chunk of chunks(list, 5000)) {
    const rows = chunk.map((r) => ({ id: r.ret.id, by: b.actorFor("signOff", r.setting).id }));
    await b.db.execute(sql`
      update ${returns} set
        signed_off_by_user_id = v.by, signed_off_name = ${b.signOffAs.name}, signed_off_role = ${b.signOffAs.roleTitle},
        signed_off_at = ${at.toISOString()}::timestamptz, updated_at = ${at.toISOString()}::timestamptz
      from ${json(rows)} as v(id uuid, by uuid)
      where ${returns.id} = v.id`);
  }
}
