// The demo partnership: settings from the GIAS fixture and a few agencies, a person for every
// role, both frameworks (the education one in two versions), last cycle's submitted returns and
// an open full audit with returns in varied states. The scenario builder (scenario.ts) makes it.
// Beside it, in the same installation, a small second partnership in its interim year
// (demo-northshire.ts).
import fs from "node:fs";
import path from "node:path";
import type { Db } from "../client";
import { projectRoot } from "../client";
import type { Setting } from "../schema";
import { getPartnershipBySlug } from "../../app/domain/partnerships.server";
import { buildScenario, CURRENT_CYCLE } from "./scenario";
import { demoAnswers } from "./demo-answers";
import { seedDemoModeration } from "./demo-moderation";
import { seedNorthshire } from "./demo-northshire";
import { seedDemoDocuments } from "./demo-documents";
import { getConfig } from "../../app/env.server";
import { documentStoreFor, type DocumentStore } from "../../app/storage/document-store.server";

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

const BY_ADMIN = { person: "admin" } as const;

// Brookfield, Hillside and the police are left for the demo's people to start themselves.
const leftToStart = (s: Setting) => s.urn === "900001" || s.urn === "900003" || s.type === "police";

export interface SeedResult {
  created: boolean;
  partnershipId: string;
}

/**
 * Creates the demo partnership and Northshire beside it, all or nothing. `seed --if-empty` only
 * asks whether the demo partnership exists, so a seed interrupted half-way (Ctrl-C during the
 * first `npm run demo`, a failed submission) must leave nothing behind, or the next run would
 * find the partnership and never finish the rest. The domain functions take a transaction as their database and run
 * their own transactions inside it as savepoints.
 */
export interface SeedDemoOptions {
  now?: Date;
  /** Told what is being built as it goes (a first run's seed takes a while). */
  onProgress?: (text: string) => void;
  /** Draw this year's moderation sample and part-moderate it (the default); false leaves it undrawn. */
  moderation?: boolean;
  /** Where the demo's evidence documents go: the installation's store unless told. */
  documents?: DocumentStore;
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
      answer: demoAnswers(0, ({ index }) => index % 5 === 0),
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
      answer: demoAnswers(1, ({ index }) => index % 3 === 0),
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
  // Each return submitted this year names a child protection policy on standard 3.1.
  await seedDemoDocuments(db, {
    partnershipId: partnership.id,
    cycleName: CURRENT_CYCLE.name,
    store: options.documents ?? documentStoreFor(getConfig().documents.storage),
    now: options.now ?? new Date(),
  });
  await seedNorthshire(db, { now: options.now, onProgress: options.onProgress });
  return { created: true, partnershipId: partnership.id };
}
