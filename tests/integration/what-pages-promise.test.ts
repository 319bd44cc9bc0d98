// What the pages and emails promise is what the portal does today. Moderation is built (samples,
// judgements, challenges and their reminders), and so are the framework pages and the running of
// cycles with their reminders to settings that have not submitted (issue 12), and the aggregate
// findings with their workbook and CSV downloads (issue 13), so their words are no longer
// promises; each role's description must still say only what the pages let it do.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { User } from "../../db/schema";
import { loadActions, updateAction } from "../../app/domain/action-plans.server";
import { UNSUPPORTED_EXCEEDS_WARNING } from "../../app/domain/ratings";
import { startReturn, submitReturn } from "../../app/domain/returns.server";
import { invitationEmail } from "../../emails/invitation";
import { returnReceiptEmail } from "../../emails/return-receipt";
import { actionReminderEmail } from "../../emails/action-reminder";
import { DAYS_BETWEEN_ACTION_REMINDERS, MAX_ACTION_REMINDERS } from "../../app/domain/action-reminder-rules";
import { ROLE_DESCRIPTIONS, ROLE_LABELS } from "../../app/auth/permissions";
import { sessionCookie } from "../support/auth";
import { crawlAs, fetchPage, mainTextOf } from "../support/crawl";
import { useTestDatabase, type TestDatabase } from "../support/database";
import { makeUser } from "../support/factories";
import { appRequestHandler } from "../support/remix";
import { buildScenario, completeAndSignOff, reload, returnFor } from "../support/scenario";

/** Words that promise a feature the portal does not have yet. */
const PROMISES: RegExp[] = [
  /\bwe will email you\b/i,
  /\bwill be looked at\b/i,
];

const promisesIn = (text: string) =>
  PROMISES.flatMap((p) => {
    const m = p.exec(text);
    return m ? [text.slice(Math.max(0, m.index - 50), m.index + 50)] : [];
  });

let database: TestDatabase;
let world: Awaited<ReturnType<typeof buildScenario>>;
let handle: (request: Request) => Promise<Response>;
let chair: User;
let submittedReturn: string;

beforeAll(async () => {
  database = await useTestDatabase();
  const { db } = database;
  world = await buildScenario(db);
  chair = await makeUser(db, { name: "Chris Chair", roles: [{ partnershipId: world.partnership.id, role: "subgroup_chair" }] });
  let school = await returnFor(db, world.cycle, world.school.id);
  await startReturn(db, school, { mode: "earlier", actor: world.dsl });
  school = await reload(db, school);
  for (const action of (await loadActions(db, school)).filter((a) => a.needsReview))
    await updateAction(db, school, { actor: world.dsl, actionId: action.id, status: "in_progress", progressNote: "Half trained.", newDueOn: null });
  school = await completeAndSignOff(db, await reload(db, school), world.signatory);
  submittedReturn = `/settings/${world.school.id}/returns/${school.ret.id}`;
  handle = await appRequestHandler();
}, 120_000); // a whole scenario and every route module: slow on a busy machine

afterAll(async () => {
  await database?.destroy();
});

describe("the invitation", () => {
  it("describes each role by what it can do in the portal today", async () => {
    const { status, html } = await fetchPage(handle, await sessionCookie(world.admin), `/partnerships/${world.partnership.slug}/people/invite`);
    expect(status).toBe(200);
    const text = mainTextOf(html);
    expect(promisesIn(text)).toEqual([]);
    expect(ROLE_DESCRIPTIONS).toEqual({
      dsl: "Fills in their setting's self-assessment and keeps its action plan up to date.",
      signatory: "Signs off their setting's return and can submit it, and can fill it in too. Names the setting's new designated safeguarding lead when theirs leaves.",
      moderator: "Reads the returns settings have submitted, reviews the sampled returns assigned to them, records judgements and raises challenges, and declares conflicts of interest.",
      moderation_lead: "Draws the moderation sample, assigns returns to the panel and agrees calibration judgements, as well as everything a panel member does.",
      subgroup_chair: "Sees the partnership's settings register and every setting's outstanding actions, and reads each audit cycle's aggregate findings and downloads them as a workbook or CSV files.",
      admin: "Reads the settings register and keeps it up to date (from GIAS, and by hand for settings outside it), reads every setting's return and each cycle's aggregate findings, invites people, removes their roles and deactivates them, draws and assigns the moderation sample, makes, edits and publishes new versions of the frameworks, runs the audit cycles (creates, opens and closes them, extends due dates, reopens returns, chases non-submitters, imports earlier returns from spreadsheets) and reads the audit log.",
    });
    for (const description of Object.values(ROLE_DESCRIPTIONS)) expect(text).toContain(description);
  });

  it("email says what the role can do, and promises nothing the portal does not do", () => {
    for (const role of Object.keys(ROLE_LABELS) as (keyof typeof ROLE_LABELS)[]) {
      const email = invitationEmail({
        name: "Priya Shah",
        invitedBy: "Alex Admin",
        partnershipName: "North Halton Safeguarding Children Partnership",
        roleLabel: ROLE_LABELS[role],
        roleDescription: ROLE_DESCRIPTIONS[role],
        settingName: role === "dsl" || role === "signatory" ? "Bridge Street Primary" : null,
        link: "http://localhost:3000/sign-in/abc",
        minutes: 60 * 24 * 7,
      });
      expect([role, promisesIn(email.text)]).toEqual([role, []]);
      expect(email.text).toContain(ROLE_DESCRIPTIONS[role]);
      expect(email.html).toContain(ROLE_DESCRIPTIONS[role].replace(/'/g, "&#39;"));
    }
  });
});

describe("submitting a return", () => {
  it("says before submitting who can read it", async () => {
    const { status, html } = await fetchPage(handle, await sessionCookie(world.dsl), `${submittedReturn}/check`);
    expect(status).toBe(200);
    const text = mainTextOf(html);
    expect(promisesIn(text)).toEqual([]);
    expect(text).toContain(
      "When you submit, this version of the return is saved and cannot be changed. The partnership's administrators and moderation panel can read it.",
    );
  });

  it("confirms what really happened: a receipt to the setting's DSLs and signatories, the version kept, readable by the partnership", async () => {
    const ctx = await returnFor(database.db, world.cycle, world.school.id);
    const submitted = await submitReturn(database.db, ctx, { actor: world.dsl });
    expect(submitted.ok).toBe(true);
    const { status, html } = await fetchPage(handle, await sessionCookie(world.dsl), `${submittedReturn}/confirmation?version=1`);
    expect(status).toBe(200);
    const text = mainTextOf(html);
    expect(promisesIn(text)).toEqual([]);
    expect(text).toContain("We have sent a receipt by email to Brookfield Primary's designated safeguarding leads and signatories.");
    expect(text).toContain("Version 1 is kept as it was submitted: it cannot be changed.");
    expect(text).toContain("The partnership's administrators and moderation panel can read it.");
  });

  it("receipt email promises nothing the portal does not do", () => {
    const email = returnReceiptEmail({
      name: "Dana Singh",
      settingName: "Brookfield Primary",
      cycleName: "Full audit 2026",
      versionNumber: 1,
      submittedAt: new Date("2026-11-02T10:00:00Z"),
      ratings: [{ label: "Met", count: 4 }],
      actions: [],
      link: "http://localhost:3000/settings/x/returns/y/versions/1",
    });
    expect(promisesIn(email.text)).toEqual([]);
    expect(email.text).toContain("A submitted version cannot be changed. The partnership's administrators and moderation panel can read it.");
  });

  it("the overdue action reminder says the rule the reminders follow, and promises nothing else", () => {
    const email = actionReminderEmail({
      name: "Dana Singh",
      settingName: "Brookfield Primary",
      actions: [{ description: "Train all supply staff", theme: "Training", owner: "DSL", dueOn: "2025-03-31", status: "Not started", last: false }],
      link: "http://localhost:3000/settings/x/actions",
      rule: { maxReminders: MAX_ACTION_REMINDERS, daysBetween: DAYS_BETWEEN_ACTION_REMINDERS },
    });
    expect(promisesIn(email.text)).toEqual([]);
    expect(email.text).toContain("We remind you on the first day an action is overdue, then every 7 days while it is still not done, up to 4 times.");
  });

  it("warns of an Exceeds without evidence without promising a challenge", () => {
    expect(promisesIn(UNSUPPORTED_EXCEEDS_WARNING)).toEqual([]);
  });
});

describe("every page anyone can reach", () => {
  it("promises nothing the portal does not do", async () => {
    const found: [string, string][] = [];
    for (const user of [world.admin, world.moderator, chair, world.dsl, world.signatory, world.otherDsl]) {
      const c = await crawlAs(handle, user);
      for (const page of c.pages.values()) for (const words of promisesIn(page.text)) found.push([page.finalUrl, words]);
    }
    expect(found).toEqual([]);
  }, 120_000); // every page six people can reach: a few hundred requests
});
