// Every route, table-driven: a DSL of one setting gets 404 on another setting's pages and
// actions and 403 on partnership pages; a moderator sees submitted returns of their own
// partnership only. A new route file fails this test until it is added to the table.
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase, type TestDatabase } from "../support/database";
import { buildScenario } from "../support/scenario";
import { makePartnership, makeUser } from "../support/factories";
import { signedInRequest } from "../support/auth";
import { routeArgs } from "../support/routes";
import { projectRoot } from "../../db/client";
import type { User } from "../../db/schema";

import type { RouteKind as Kind } from "../support/route-table/kinds";
import { ROUTES as MODERATION_PANEL } from "../support/route-table/moderation-panel";
import { ROUTES as MODERATION_REVIEWS } from "../support/route-table/moderation-reviews";
import { ROUTES as MODERATION_CHALLENGES } from "../support/route-table/moderation-challenges";
import { ROUTES as ACTION_PLANS } from "../support/route-table/action-plans";
import { ROUTES as FINDINGS } from "../support/route-table/findings";
import { ROUTES as FRAMEWORKS } from "../support/route-table/frameworks";
import { ROUTES as SETTINGS_ADMIN } from "../support/route-table/settings-admin";
import { ROUTES as EVIDENCE_DOCUMENTS } from "../support/route-table/evidence-documents";
import { ROUTES as CYCLES } from "../support/route-table/cycles";

const CORE_ROUTES: Record<string, Kind> = {
  "_index.tsx": "public",
  "sign-in._index.tsx": "public",
  "sign-in.check-email.tsx": "public",
  "sign-in.$token.tsx": "public",
  "sign-in.continue.tsx": "public",
  "sign-out.tsx": "public",
  "signed-out.tsx": "public",
  // Only present when email goes to local files (demo, tests); tested in dev-email-pages.test.ts.
  "dev.emails._index.tsx": "public",
  "dev.emails.$id.tsx": "public",
  // Probes for load balancers; tested in health.test.ts.
  "healthz.tsx": "public",
  "readyz.tsx": "public",
  // The footer's pages and security.txt; tested in footer-pages.test.ts.
  "accessibility.tsx": "public",
  "privacy.tsx": "public",
  "cookies.tsx": "public",
  "[.well-known].security[.]txt.tsx": "public",
  // Any other address: Page not found; tested in first-run.test.ts.
  "$.tsx": "public",
  "home.tsx": "signed-in",
  "settings.$settingId._index.tsx": "setting",
  "settings.$settingId.returns.$returnId._index.tsx": "setting",
  "settings.$settingId.returns.$returnId.sections.$sectionId.tsx": "setting",
  "settings.$settingId.returns.$returnId.actions.tsx": "setting",
  "settings.$settingId.returns.$returnId.check.tsx": "setting",
  "settings.$settingId.returns.$returnId.sign-off.tsx": "setting",
  "settings.$settingId.returns.$returnId.confirmation.tsx": "setting",
  "settings.$settingId.returns.$returnId.versions.$number.tsx": "setting",
  "settings.$settingId.returns.$returnId.compare.tsx": "setting",
  "partnerships.$slug._index.tsx": "partnership",
  "partnerships.$slug.settings.tsx": "partnership",
  "partnerships.$slug.returns.tsx": "partnership",
  "partnerships.$slug.people._index.tsx": "partnership",
  "partnerships.$slug.people.invite.tsx": "partnership",
  "partnerships.$slug.people.$userId.tsx": "partnership",
  "partnerships.$slug.people.$userId_.deactivate.tsx": "partnership",
};

// Each feature keeps its rows in its own file, so features built side by side do not collide.
const ROUTES: Record<string, Kind> = { ...CORE_ROUTES, ...MODERATION_PANEL, ...MODERATION_REVIEWS, ...MODERATION_CHALLENGES, ...ACTION_PLANS, ...FRAMEWORKS, ...SETTINGS_ADMIN, ...FINDINGS, ...EVIDENCE_DOCUMENTS, ...CYCLES };

/** The route's URL parameters; a route needing one this test does not supply is checked in its feature's own tests. */
const paramsOf = (file: string) => [...file.matchAll(/\$(\w+?)_?(?=\.|$)/g)].map((m) => m[1]);

interface RouteModule {
  loader?: (args: ReturnType<typeof routeArgs>) => Promise<unknown>;
  action?: (args: ReturnType<typeof routeArgs>) => Promise<unknown>;
}

let database: TestDatabase;
let world: Awaited<ReturnType<typeof buildScenario>>;
let settingParams: Record<string, string>;
let outsider: User;
let moderatorElsewhere: User;

beforeAll(async () => {
  database = await useTestDatabase();
  world = await buildScenario(database.db);
  settingParams = {
    settingId: world.school.id,
    returnId: world.earlier.ret.id,
    sectionId: world.earlier.framework.sections[0].id,
    number: "1",
    slug: world.partnership.slug,
    userId: world.dsl.id,
    standardId: world.earlier.framework.sections[0].standards[0].id,
  };
  const elsewhere = await makePartnership(database.db);
  outsider = await makeUser(database.db, { roles: [{ partnershipId: elsewhere.id, role: "admin" }] });
  moderatorElsewhere = await makeUser(database.db, { roles: [{ partnershipId: elsewhere.id, role: "moderator" }] });
});
afterAll(async () => {
  await database.destroy();
});

async function load(file: string): Promise<RouteModule> {
  return (await import(`../../app/routes/${file.replace(/\.tsx$/, "")}`)) as RouteModule;
}

/** The status of the Response a route threw, or "returned" if it let the request through. */
async function statusOf(call: Promise<unknown>): Promise<number | "returned"> {
  try {
    await call;
    return "returned";
  } catch (error) {
    if (error instanceof Response) return error.status;
    throw error;
  }
}

const urlFor = (file: string) =>
  `/${file
    .replace(/\.tsx$/, "")
    .replace(/_index$/, "")
    .replace(/\$(\w+?)_?(?=\.|$)/g, (_, name: string) => settingParams[name] ?? name)
    .replace(/\./g, "/")}`;

const routeFiles = fs.readdirSync(path.join(projectRoot(), "app", "routes")).filter((f) => f.endsWith(".tsx"));

describe("the route table", () => {
  it("names every route file", () => {
    expect(routeFiles.filter((f) => !(f in ROUTES))).toEqual([]);
  });
});

describe("a DSL of another setting", () => {
  for (const [file, kind] of Object.entries(ROUTES).filter(([, k]) => k === "setting" || k === "partnership")) {
    const expected = kind === "setting" ? 404 : 403;
    it(`gets ${expected} from ${file} (loader and action)`, async () => {
      const mod = await load(file);
      const url = urlFor(file);
      expect(mod.loader, "every page has a loader").toBeDefined();
      expect(await statusOf(mod.loader!(routeArgs(await signedInRequest(world.otherDsl, url), settingParams)))).toBe(expected);
      if (mod.action) {
        const request = await signedInRequest(world.otherDsl, url, { form: { intent: "submit", mode: "blank" } });
        expect(await statusOf(mod.action(routeArgs(request, settingParams)))).toBe(expected);
      }
    });
  }
});

describe("someone with roles only in another partnership", () => {
  for (const [file] of Object.entries(ROUTES).filter(([, k]) => k === "setting" || k === "partnership")) {
    it(`gets 404 from ${file}`, async () => {
      const mod = await load(file);
      for (const person of [outsider, moderatorElsewhere]) {
        expect(await statusOf(mod.loader!(routeArgs(await signedInRequest(person, urlFor(file)), settingParams)))).toBe(404);
        if (mod.action) {
          const request = await signedInRequest(person, urlFor(file), { form: { intent: "submit" } });
          expect(await statusOf(mod.action(routeArgs(request, settingParams)))).toBe(404);
        }
      }
    });
  }
});

describe("moderators", () => {
  it("read submitted versions in their own partnership, and nothing else of the setting", async () => {
    const versions = await load("settings.$settingId.returns.$returnId.versions.$number.tsx");
    const url = urlFor("settings.$settingId.returns.$returnId.versions.$number.tsx");
    expect(await statusOf(versions.loader!(routeArgs(await signedInRequest(world.moderator, url), settingParams)))).toBe("returned");
    const returnsList = await load("partnerships.$slug.returns.tsx");
    expect(await statusOf(returnsList.loader!(routeArgs(await signedInRequest(world.moderator, "/partnerships/x/returns"), settingParams)))).toBe(
      "returned",
    );
    // Drafts and editing stay with the setting.
    const section = await load("settings.$settingId.returns.$returnId.sections.$sectionId.tsx");
    expect(await statusOf(section.loader!(routeArgs(await signedInRequest(world.moderator, "/x"), settingParams)))).toBe(404);
  });

  it("do not see returns outside their partnership", async () => {
    const versions = await load("settings.$settingId.returns.$returnId.versions.$number.tsx");
    expect(await statusOf(versions.loader!(routeArgs(await signedInRequest(moderatorElsewhere, "/x"), settingParams)))).toBe(404);
  });
});

describe("the setting's own DSL", () => {
  it("reaches every setting page", async () => {
    for (const [file] of Object.entries(ROUTES).filter(([, k]) => k === "setting")) {
      if (file.includes("confirmation")) continue; // needs ?version=
      if (!paramsOf(file).every((name) => name in settingParams)) continue;
      const mod = await load(file);
      const status = await statusOf(mod.loader!(routeArgs(await signedInRequest(world.dsl, urlFor(file)), settingParams)));
      expect([file, status === "returned" || status === 302]).toEqual([file, true]);
    }
  });

  it("and its signatory get past access control on every setting action (so the refusals above are about access)", async () => {
    let exercised = 0;
    for (const [file] of Object.entries(ROUTES).filter(([, k]) => k === "setting")) {
      const mod = await load(file);
      if (!mod.action) continue;
      exercised++;
      const request = await signedInRequest(world.signatory, urlFor(file), { form: { intent: "submit", mode: "blank" } });
      const status = await statusOf(mod.action(routeArgs(request, settingParams)));
      expect([file, status]).not.toEqual([file, 403]);
      expect([file, status]).not.toEqual([file, 404]);
    }
    expect(exercised).toBeGreaterThanOrEqual(5);
  });
});
