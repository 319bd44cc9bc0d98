// The demo's second partnership, Northshire, in its interim year: six settings that all
// submitted last year's full audit (Full audit 2025, closed), each with an action or two, some
// finished before the return went in; this year's interim update (Interim update 2026) is open,
// with two returns started and some of their actions updated. Larkhill Primary School's return
// is left for its DSL to start: it carries her two outstanding actions from 2025. Nothing here is
// moderated. The scenario builder makes it, in bulk, inside the demo seed's transaction.
import type { Db } from "../client";
import { getPartnershipBySlug } from "../../app/domain/partnerships.server";
import type { NewAction } from "../../app/domain/action-plans.server";
import { agencyFramework } from "./frameworks/agency";
import { educationFramework } from "./frameworks/education";
import { buildScenario, type ActionUpdateSpec, type ListedSetting } from "./scenario";
import { demoAnswers } from "./demo-answers";

export const NORTHSHIRE_SLUG = "northshire";
export const NORTHSHIRE_NAME = "Northshire Safeguarding Children Partnership";

export const NORTHSHIRE_USERS = {
  admin: "nat.admin@northshire.example.org.uk",
  /** DSL of Larkhill Primary School, whose interim return is not started. */
  dsl: "nia.dsl@larkhill.example.org.uk",
  signatory: "omar.head@larkhill.example.org.uk",
} as const;

export const NORTHSHIRE_CYCLES = {
  earlier: { name: "Full audit 2025", opensOn: "2025-09-08", dueOn: "2025-12-12" },
  current: { name: "Interim update 2026", opensOn: "2026-09-07", dueOn: "2027-01-29" },
} as const;

export const LARKHILL = "Larkhill Primary School";

interface DemoAction extends NewAction {
  /** Finished before the 2025 return was submitted: its update there. */
  doneIn2025?: string;
  /** Its update in the interim return, for the settings whose interim return is started. */
  interim?: ActionUpdateSpec;
}

const REGISTER: (ListedSetting & { actions: DemoAction[] })[] = [
  {
    name: "Brackenfield Special School",
    type: "special",
    urn: "910005",
    actions: [
      {
        description: "Positive handling and safeguarding refresher for the two new teaching assistants",
        theme: "training",
        owner: "Designated safeguarding lead",
        dueOn: "2026-02-27",
        standardCode: "5.4",
        interim: { status: "done", progressNote: "Both completed the course in January; their certificates are on their files.", newDueOn: null },
      },
      {
        description: "Name the new deputy DSL on the website and in the staff handbook",
        theme: "policy_procedures",
        owner: "Headteacher",
        dueOn: "2025-12-19",
        standardCode: "3.1",
        doneIn2025: "Done in November, before this return went in.",
      },
    ],
  },
  {
    name: LARKHILL,
    type: "primary",
    urn: "910001",
    actions: [
      {
        description: "Governor safeguarding training for the two new governors",
        theme: "training",
        owner: "Chair of governors",
        dueOn: "2026-03-31",
        standardCode: "5.3",
      },
      {
        description: "Record-keeping audit of this year's safeguarding concern records",
        theme: "record_keeping",
        owner: "Designated safeguarding lead",
        dueOn: "2026-07-17",
        standardCode: "7.1",
      },
    ],
  },
  {
    name: "Little Acorns Nursery School",
    type: "nursery",
    urn: "910003",
    actions: [
      {
        description: "Safeguarding induction training for the three new apprentices",
        theme: "training",
        owner: "Nursery manager",
        dueOn: "2026-01-30",
        standardCode: "5.1",
      },
    ],
  },
  {
    name: "Moorside Academy",
    type: "academy",
    urn: "910004",
    actions: [
      {
        description: "Prevent duty training for all staff",
        theme: "training",
        owner: "Designated safeguarding lead",
        dueOn: "2026-04-30",
        standardCode: "5.1",
        interim: {
          status: "in_progress",
          progressNote: "Two thirds of staff trained at the September training day; the rest on the January one.",
          newDueOn: "2027-01-29",
        },
      },
      {
        description: "Safer recruitment training for the new business manager",
        theme: "safer_recruitment",
        owner: "Principal",
        dueOn: "2026-02-28",
        standardCode: "4.1",
        interim: { status: "done", progressNote: "Completed the online course in March; the certificate is on the single central record file.", newDueOn: null },
      },
    ],
  },
  {
    name: "Northshire Community Health – School Nursing",
    type: "health",
    actions: [
      {
        description: "Level 3 safeguarding training for the two new school nurses",
        theme: "training",
        owner: "Named nurse for safeguarding",
        dueOn: "2026-06-30",
        standardCode: "5.1",
      },
      {
        description: "Agree an escalation route with the children's social care front door",
        theme: "multi_agency_escalation",
        owner: "Named nurse for safeguarding",
        dueOn: "2025-12-31",
        standardCode: "8.1",
        doneIn2025: "Agreed with the front door's team manager in November.",
      },
    ],
  },
  {
    name: "Northshire High School",
    type: "secondary",
    urn: "910002",
    actions: [
      {
        description: "Teach the updated online safety curriculum in Years 7 and 8",
        theme: "curriculum_online_safety",
        owner: "Head of PSHE",
        dueOn: "2026-07-17",
        standardCode: "9.1",
      },
      {
        description: "Annual safeguarding training for supply and peripatetic staff",
        theme: "training",
        owner: "Designated safeguarding lead",
        dueOn: "2025-11-28",
        standardCode: "5.1",
        doneIn2025: "Done at the November training day.",
      },
    ],
  },
];

/** The interim returns already started (by the administrator, as the rest of the demo's were typed in). */
const STARTED_THIS_YEAR = new Set(["Brackenfield Special School", "Moorside Academy"]);

const plannedFor = (name: string) => REGISTER.find((s) => s.name === name)?.actions ?? [];
const plannedAction = (setting: string, description: string) => plannedFor(setting).find((a) => a.description === description);
const BY_ADMIN = { person: "admin" } as const;

/** Creates Northshire in `db` (the demo seed's transaction), unless a partnership already has its slug. */
export async function seedNorthshire(db: Db, options: { now?: Date; onProgress?: (text: string) => void } = {}): Promise<string | null> {
  const say = (text: string) => options.onProgress?.(`Northshire: ${text}`);
  if (await getPartnershipBySlug(db, NORTHSHIRE_SLUG)) {
    say(`a partnership with the slug "${NORTHSHIRE_SLUG}" exists already; left as it is`);
    return null;
  }
  const larkhill = { name: LARKHILL };
  const { partnership } = await buildScenario(db, {
    partnership: { name: NORTHSHIRE_NAME, slug: NORTHSHIRE_SLUG },
    register: { listed: REGISTER.map(({ name, type, urn }) => ({ name, type, urn })) },
    people: {
      admin: { email: NORTHSHIRE_USERS.admin, name: "Nat Admin", roles: [{ role: "admin" }] },
      dsl: { email: NORTHSHIRE_USERS.dsl, name: "Nia Shah", roles: [{ role: "dsl", setting: larkhill }] },
      signatory: { email: NORTHSHIRE_USERS.signatory, name: "Omar Hussain", roles: [{ role: "signatory", setting: larkhill }] },
    },
    // The interim year keeps the full audit's framework: the same definition is installed once.
    frameworks: {
      earlier: educationFramework,
      current: educationFramework,
      agency: agencyFramework,
      publishedOn: { earlier: new Date("2025-07-01"), current: new Date("2025-07-01") },
    },
    hands: { start: BY_ADMIN, answer: BY_ADMIN, actions: BY_ADMIN, signOff: BY_ADMIN, submit: BY_ADMIN },
    signOffAs: { name: "Demo Headteacher", roleTitle: "Headteacher" },
    progress: say,
    writes: "bulk",
    earlier: {
      cycle: NORTHSHIRE_CYCLES.earlier,
      started: "all",
      answer: demoAnswers(2),
      actions: ({ setting }) => plannedFor(setting.name).map(({ doneIn2025: _done, interim: _interim, ...action }) => action),
      actionUpdates: ({ setting }, action) => {
        const done = plannedAction(setting.name, action.description)?.doneIn2025;
        return done ? { status: "done", progressNote: done, newDueOn: null } : null;
      },
      on: { started: new Date("2025-10-01"), signedOff: new Date("2025-11-20"), submitted: new Date("2025-11-21") },
    },
    current: {
      kind: "interim",
      cycle: NORTHSHIRE_CYCLES.current,
      started: ({ setting }) => STARTED_THIS_YEAR.has(setting.name),
      submitted: 0,
      actionUpdates: ({ setting }, action) => (action.carriedForward ? (plannedAction(setting.name, action.description)?.interim ?? null) : null),
      on: { started: options.now },
    },
  });
  return partnership.id;
}
