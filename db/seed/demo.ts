// The demo partnership: settings from the GIAS fixture and a few agencies, a person for every
// role, both frameworks (the education one in two versions), last cycle's submitted returns and
// an open full audit with returns in varied states. The scenario builder (scenario.ts) makes it.
import fs from "node:fs";
import path from "node:path";
import type { Db } from "../client";
import { projectRoot } from "../client";
import type { Rating, Setting } from "../schema";
import { getPartnershipBySlug } from "../../app/domain/partnerships.server";
import { buildScenario, CURRENT_CYCLE, spreadRating, type ScenarioSetting } from "./scenario";
import { seedDemoModeration } from "./demo-moderation";

export const DEMO_SLUG = "demo";

export const DEMO_USERS = {
  admin: "alex.admin@partnership.example.org.uk",
  moderationLead: "lee.lead@partnership.example.org.uk",
  moderator: "morgan.moderator@partnership.example.org.uk",
  secondModerator: "priya.panel@partnership.example.org.uk",
  subgroupChair: "sam.chair@partnership.example.org.uk",
  dsl: "dana.dsl@brookfield.example.org.uk",
  signatory: "hana.head@brookfield.example.org.uk",
  twoSettingsDsl: "jo.dsl@hillside.example.org.uk",
  agencyDsl: "pat.lead@police.example.org.uk",
  collegeDsl: "rhea.dsl@riverside-college.example.ac.uk",
  collegeSignatory: "colin.principal@riverside-college.example.ac.uk",
} as const;

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

/**
 * What the demo's settings answered: the rating spread, with the evidence a setting would write
 * for it; some settings rate "Exceeds" without the evidence to support it, as the panel found.
 */
function answers(shift: number, thinExceeds: (s: ScenarioSetting) => boolean) {
  return (s: ScenarioSetting, standard: { index: number }) => {
    const rating = spreadRating(s.index + shift, standard.index);
    const texts = EVIDENCE[rating];
    const evidence = rating === "exceeds" && thinExceeds(s) ? "Outstanding practice throughout." : texts[standard.index % texts.length];
    return { rating, evidence };
  };
}

const BY_ADMIN = { person: "admin" } as const;

// Brookfield, Hillside and the police are left for the demo's people to start themselves.
const leftToStart = (s: Setting) => s.urn === "900001" || s.urn === "900003" || s.type === "police";

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
export interface SeedDemoOptions {
  now?: Date;
  /** Told what is being built as it goes (a first run's seed takes a while). */
  onProgress?: (text: string) => void;
  /** Draw this year's moderation sample and part-moderate it (the default); false leaves it undrawn. */
  moderation?: boolean;
}

export async function seedDemo(db: Db, options: SeedDemoOptions = {}): Promise<SeedResult> {
  return db.transaction((tx) => seedDemoIn(tx, options));
}

async function seedDemoIn(db: Db, options: SeedDemoOptions): Promise<SeedResult> {
  const existing = await getPartnershipBySlug(db, DEMO_SLUG);
  if (existing) return { created: false, partnershipId: existing.id };

  const brookfield = { urn: "900001" };
  const police = { name: "Demo Police – Public Protection Unit" };
  // Riverside College submits this year's return with an Exceeds it cannot support, so it is
  // always in the sample: its people answer the panel (the moderation browser test).
  const college = { urn: "900009" };
  const { partnership } = await buildScenario(db, {
    partnership: { name: "Demo Safeguarding Children Partnership", slug: DEMO_SLUG },
    register: {
      extract: { file: fs.readFileSync(path.join(projectRoot(), "tests", "fixtures", "gias-sample.csv")), fileName: "gias-sample.csv", laCode: "876" },
      listed: [
        { name: police.name, type: "police" },
        { name: "Riverside NHS Foundation Trust", type: "health" },
        { name: "Council Youth and Family Service", type: "council_service" },
        { name: "Families First (charity)", type: "voluntary" },
        { name: "St Luke's Church youth work", type: "faith" },
        { name: "Riverside Juniors Football Club", type: "sport_leisure" },
      ],
    },
    people: {
      admin: { email: DEMO_USERS.admin, name: "Alex Admin", roles: [{ role: "admin" }] },
      moderationLead: { email: DEMO_USERS.moderationLead, name: "Lee Lead", roles: [{ role: "moderation_lead" }] },
      moderator: { email: DEMO_USERS.moderator, name: "Morgan Moderator", roles: [{ role: "moderator" }] },
      secondModerator: { email: DEMO_USERS.secondModerator, name: "Priya Panel", roles: [{ role: "moderator" }] },
      subgroupChair: { email: DEMO_USERS.subgroupChair, name: "Sam Chair", roles: [{ role: "subgroup_chair" }] },
      dsl: { email: DEMO_USERS.dsl, name: "Dana Singh", roles: [{ role: "dsl", setting: brookfield }] },
      signatory: { email: DEMO_USERS.signatory, name: "Hana Hughes", roles: [{ role: "signatory", setting: brookfield }] },
      twoSettingsDsl: {
        email: DEMO_USERS.twoSettingsDsl,
        name: "Jo Evans",
        roles: [
          { role: "dsl", setting: { urn: "900003" } },
          { role: "dsl", setting: { urn: "900004" } },
        ],
      },
      agencyDsl: { email: DEMO_USERS.agencyDsl, name: "Pat Lewis", roles: [{ role: "dsl", setting: police }, { role: "signatory", setting: police }] },
      collegeDsl: { email: DEMO_USERS.collegeDsl, name: "Rhea Patel", roles: [{ role: "dsl", setting: college }] },
      collegeSignatory: { email: DEMO_USERS.collegeSignatory, name: "Colin Price", roles: [{ role: "signatory", setting: college }] },
    },
    frameworks: { publishedOn: { earlier: new Date("2024-07-01"), current: new Date("2026-07-01") } },
    // The demo's returns were typed in by its administrator.
    hands: { start: BY_ADMIN, answer: BY_ADMIN, actions: BY_ADMIN, signOff: BY_ADMIN, submit: BY_ADMIN },
    signOffAs: { name: "Demo Headteacher", roleTitle: "Headteacher" },
    progress: options.onProgress,
    // Answers, actions and sign-offs in a few statements rather than one save each (the builder's
    // test checks both leave the same rows): the first \`npm run demo\` seeds in about a third of
    // the time. Returns are still started and submitted through the domain.
    writes: "bulk",
    // Last full audit: everybody but two settings submitted.
    earlier: {
      started: ({ index }) => index % 9 !== 8,
      answer: answers(0, ({ index }) => index % 5 === 0),
      actions: ({ index }) => [
        {
          description: "Make sure every member of staff, including supply staff, completes annual safeguarding training",
          theme: "training",
          owner: "Designated safeguarding lead",
          dueOn: "2025-03-31",
          standardCode: "5.1",
        },
        ...(index % 2 === 0
          ? [
              {
                description: "Review the child protection policy with governors and publish it on the website",
                theme: "policy_procedures" as const,
                owner: "Headteacher",
                dueOn: "2025-01-31",
                standardCode: "3.1",
              },
            ]
          : []),
      ],
      on: { started: new Date("2024-10-01"), signedOff: new Date("2024-11-20"), submitted: new Date("2024-11-21") },
    },
    // This year's full audit, open now: a quarter not started, a quarter started and still to
    // review, a quarter answered but not signed off, a quarter submitted.
    current: {
      started: ({ setting, index }) => !leftToStart(setting) && index % 4 !== 3,
      answered: ({ index }) => index % 4 !== 1,
      submitted: ({ index }) => index % 4 !== 2,
      answer: answers(1, ({ index }) => index % 3 === 0),
      on: { started: options.now },
    },
  });
  if (options.moderation ?? true) {
    await seedDemoModeration(db, {
      partnershipId: partnership.id,
      cycleName: CURRENT_CYCLE.name,
      lead: DEMO_USERS.moderationLead,
      now: options.now ?? new Date(),
      onProgress: options.onProgress,
    });
  }
  return { created: true, partnershipId: partnership.id };
}
