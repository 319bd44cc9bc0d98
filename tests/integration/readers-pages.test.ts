// Readers of a setting's return (a partnership's administrators and moderators) get a reader's
// page: no "your", no instructions for what only the setting can do, and a way back to where
// they came from. And every link anyone is offered leads to a page they may open: each person
// below follows every link from their home page, through Remix's own request handler.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { User } from "../../db/schema";
import { addAction, loadActions, updateAction } from "../../app/domain/action-plans.server";
import { startReturn, submitReturn } from "../../app/domain/returns.server";
import { useTestDatabase, type TestDatabase } from "../support/database";
import { makeUser } from "../support/factories";
import { appRequestHandler } from "../support/remix";
import { buildScenario, completeAndSignOff, reload, returnFor } from "../support/scenario";
import { sessionCookie } from "../support/auth";
import { crawlAs, fetchPage, linksOf, type Crawl } from "../support/crawl";

let database: TestDatabase;
let world: Awaited<ReturnType<typeof buildScenario>>;
let handle: (request: Request) => Promise<Response>;
let chair: User;
let submittedReturn: string;
let draftReturn: string;
const crawls = new Map<string, Crawl>();

beforeAll(async () => {
  database = await useTestDatabase();
  const { db } = database;
  world = await buildScenario(database.db);
  chair = await makeUser(db, { name: "Chris Chair", roles: [{ partnershipId: world.partnership.id, role: "subgroup_chair" }] });
  // Brookfield has submitted this cycle's return (from last year's); Oakwood is part way through.
  let school = await returnFor(db, world.cycle, world.school.id);
  await startReturn(db, school, { mode: "earlier", actor: world.dsl });
  school = await reload(db, school);
  for (const action of (await loadActions(db, school)).filter((a) => a.needsReview))
    await updateAction(db, school, { actor: world.dsl, actionId: action.id, status: "in_progress", progressNote: "Half trained.", newDueOn: null });
  school = await completeAndSignOff(db, await reload(db, school), world.signatory);
  const submitted = await submitReturn(db, school, { actor: world.dsl });
  if (!submitted.ok) throw new Error("the school's return did not submit");
  submittedReturn = `/settings/${world.school.id}/returns/${school.ret.id}`;
  let nursery = await returnFor(db, world.cycle, world.otherSchool.id);
  await startReturn(db, nursery, { mode: "blank", actor: world.otherDsl });
  nursery = await reload(db, nursery);
  await addAction(db, nursery, { actor: world.otherDsl, description: "Review the lettings policy", theme: "policy_procedures", owner: "DSL", dueOn: null, standardCode: null });
  draftReturn = `/settings/${world.otherSchool.id}/returns/${nursery.ret.id}`;
  handle = await appRequestHandler();
}, 120_000); // a whole scenario and every route module: slow on a busy machine

afterAll(async () => {
  await database?.destroy();
});

async function crawl(name: string, user: User): Promise<Crawl> {
  if (!crawls.has(name)) crawls.set(name, await crawlAs(handle, user));
  return crawls.get(name)!;
}

/** Following every link is a few hundred requests. */
const CRAWL_TIMEOUT_MS = 120_000;

const visitedPaths = (c: Crawl) => [...c.pages.values()].filter((p) => p.status === 200).map((p) => p.finalUrl.split("?")[0]);

describe("every link a person is offered", () => {
  it("leads a moderator somewhere they may go: the returns list, submitted versions and comparisons, settings' action plans, never the setting's own pages", async () => {
    const c = await crawl("moderator", world.moderator);
    expect(c.broken).toEqual([]);
    const paths = visitedPaths(c);
    expect(paths).toContain(`/partnerships/${world.partnership.slug}/returns`);
    expect(paths).toContain(`${submittedReturn}/versions/1`);
    expect(paths).toContain(`${submittedReturn}/compare`);
    // From the outstanding actions list, each setting's action plan (to read).
    expect(paths).toContain(`/settings/${world.school.id}/actions`);
    expect(paths.filter((p) => p.startsWith("/settings/") && !/\/(versions\/\d+|compare)$|^\/settings\/[^/]+\/actions$/.test(p))).toEqual([]);
  }, CRAWL_TIMEOUT_MS);

  it("leads an administrator somewhere they may go, reaching every page of a setting's return", async () => {
    const c = await crawl("admin", world.admin);
    expect(c.broken).toEqual([]);
    const paths = visitedPaths(c);
    for (const ret of [submittedReturn, draftReturn]) {
      for (const page of ["", "/actions", "/check", "/sign-off"]) expect(paths).toContain(`${ret}${page}`);
      expect(paths.some((p) => p.startsWith(`${ret}/sections/`))).toBe(true);
    }
    expect(paths).toContain(`${submittedReturn}/versions/1`);
    expect(paths).toContain(`${submittedReturn}/compare`);
    expect(paths).toContain(`/settings/${world.school.id}`);
    expect(paths).toContain(`/settings/${world.otherSchool.id}`);
  }, CRAWL_TIMEOUT_MS);

  it("leads a subgroup chair somewhere they may go", async () => {
    const c = await crawl("chair", chair);
    expect(c.broken).toEqual([]);
    expect(visitedPaths(c)).toContain(`/partnerships/${world.partnership.slug}/settings`);
  }, CRAWL_TIMEOUT_MS);

  it("leads the setting's DSL and signatory somewhere they may go", async () => {
    for (const [name, user] of [["dsl", world.dsl], ["signatory", world.signatory], ["other dsl", world.otherDsl]] as const) {
      const c = await crawl(name, user);
      expect([name, c.broken]).toEqual([name, []]);
      expect(visitedPaths(c).length).toBeGreaterThan(5);
    }
  }, CRAWL_TIMEOUT_MS);
});

describe("a reader's page", () => {
  const EDITORS_WORDS = [/\byour\b/i, /cannot be changed now/i, /save and continue/i, /save and come back later/i, /start your return/i];

  it("has none of the setting's own words for an administrator or a moderator", async () => {
    for (const name of ["admin", "moderator"]) {
      const c = await crawl(name, name === "admin" ? world.admin : world.moderator);
      const found: [string, string, string][] = [];
      for (const page of c.pages.values()) {
        if (!page.finalUrl.startsWith("/settings/")) continue;
        for (const words of EDITORS_WORDS) {
          const m = words.exec(page.text);
          if (m) found.push([name, page.finalUrl, page.text.slice(Math.max(0, m.index - 60), m.index + 60)]);
        }
      }
      expect(found).toEqual([]);
    }
  }, CRAWL_TIMEOUT_MS);

  it("takes a moderator back from a submitted version, or a comparison, to the partnership's returns for that cycle", async () => {
    const cookie = await sessionCookie(world.moderator);
    for (const page of [`${submittedReturn}/versions/1`, `${submittedReturn}/compare`]) {
      const { status, html } = await fetchPage(handle, cookie, page);
      expect(status).toBe(200);
      expect(linksOf(html)[0]).toEqual({ href: `/partnerships/${world.partnership.slug}/returns?cycle=${world.cycle.id}`, text: "Back to returns" });
    }
  });

  it("takes an administrator back from a version to the return, from the return to the setting, and from the setting to the returns", async () => {
    const cookie = await sessionCookie(world.admin);
    const back = async (page: string) => linksOf((await fetchPage(handle, cookie, page)).html)[0];
    expect(await back(`${submittedReturn}/versions/1`)).toEqual({ href: submittedReturn, text: "Back to the return" });
    expect(await back(`${draftReturn}/check`)).toEqual({ href: draftReturn, text: "Back to the return" });
    expect(await back(draftReturn)).toEqual({ href: `/settings/${world.otherSchool.id}`, text: "Back to Oakwood Nursery" });
    expect(await back(`/settings/${world.otherSchool.id}`)).toEqual({ href: `/partnerships/${world.partnership.slug}/returns`, text: "Back to returns" });
  });

  it("shows an administrator a submitted version instead of the setting's confirmation", async () => {
    const cookie = await sessionCookie(world.admin);
    const { status, finalUrl } = await fetchPage(handle, cookie, `${submittedReturn}/confirmation?version=1`);
    expect(status).toBe(200);
    expect(finalUrl).toBe(`${submittedReturn}/versions/1`);
  });

  it("keeps the setting's own words for the setting's own people", async () => {
    const cookie = await sessionCookie(world.otherDsl);
    const { text } = (await crawl("other dsl", world.otherDsl)).pages.get(`/settings/${world.otherSchool.id}`) ?? { text: "" };
    expect(text).toContain("Continue your return");
    const section = [...(await crawl("other dsl", world.otherDsl)).pages.values()].find((p) => p.finalUrl.includes("/sections/"));
    expect(section?.text).toContain("Save and continue");
    expect(section?.text).toContain("Back to your return");
    expect(linksOf((await fetchPage(handle, cookie, draftReturn)).html)[0]).toEqual({ href: `/settings/${world.otherSchool.id}`, text: "Back to your setting" });
  }, CRAWL_TIMEOUT_MS);
});
