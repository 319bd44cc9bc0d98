// What one HTTP request costs and carries, through Remix's own request handler: a page runs the
// root layout's loader and its own, and both ask who is signed in; that is worked out once. Every
// page also carries the security headers, its scripts bound to the response's nonce.
import { beforeAll, afterAll, describe, expect, it } from "vitest";
import * as sectionPage from "../../app/routes/settings.$settingId.returns.$returnId.sections.$sectionId";
import { startReturn } from "../../app/domain/returns.server";
import { useTestDatabase, type TestDatabase } from "../support/database";
import { buildScenario, returnFor } from "../support/scenario";
import { sessionCookie } from "../support/auth";
import { requestHandlerFor } from "../support/remix";

const queries: string[] = [];
let database: TestDatabase;
let world: Awaited<ReturnType<typeof buildScenario>>;
let sectionUrl: string;
let cookie: string;

const handle = requestHandlerFor({
  "routes/section": { path: "settings/:settingId/returns/:returnId/sections/:sectionId", module: sectionPage },
});

/** The queries one request makes, by what they read or write. */
async function countQueries(request: Request) {
  queries.length = 0;
  const response = await handle(request);
  const made = [...queries];
  return {
    response,
    all: made.length,
    sessionReads: made.filter((q) => /^select .* from "sessions"/is.test(q)).length,
    sessionWrites: made.filter((q) => /^update "sessions"/i.test(q)).length,
    membershipReads: made.filter((q) => /from "memberships"/i.test(q)).length,
    frameworkReads: made.filter((q) => /from "(frameworks|framework_sections|standards)"/i.test(q)).length,
  };
}

beforeAll(async () => {
  database = await useTestDatabase({ logger: { logQuery: (query) => queries.push(query) } });
  world = await buildScenario(database.db);
  const ctx = await returnFor(database.db, world.cycle, world.school.id);
  await startReturn(database.db, ctx, { mode: "earlier", actor: world.dsl });
  sectionUrl = `http://localhost/settings/${world.school.id}/returns/${ctx.ret.id}/sections/${ctx.framework.sections[0].id}`;
  cookie = await sessionCookie(world.dsl);
});

afterAll(async () => {
  await database?.destroy();
});

describe("one request to a section page", () => {
  it("authenticates once, although the root layout and the page both need the signed-in person", async () => {
    const first = await countQueries(new Request(sectionUrl, { headers: { Cookie: cookie } }));
    expect(first.response.status).toBe(200);
    expect(await first.response.text()).toContain("Leadership");
    expect(first.sessionReads).toBe(1);
    expect(first.membershipReads).toBe(1);
    // The session was made a moment ago: nothing to extend yet.
    expect(first.sessionWrites).toBe(0);
  });

  it("reads a published framework once per process, not on every page", async () => {
    const again = await countQueries(new Request(sectionUrl, { headers: { Cookie: cookie } }));
    expect(again.response.status).toBe(200);
    expect(again.frameworkReads).toBe(0);
    expect(again.sessionReads).toBe(1);
    // Session, memberships, the setting's partnership, the return, its answers, the earlier
    // version's answers for this section, and a kept form (if any): nothing else.
    expect(again.all).toBeLessThanOrEqual(8);
  });
});

describe("every page", () => {
  it("carries a Content-Security-Policy whose nonce is on every script, and no inline script without it", async () => {
    const response = await handle(new Request(sectionUrl, { headers: { Cookie: cookie } }));
    const csp = response.headers.get("Content-Security-Policy") ?? "";
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeTruthy();
    expect(csp).not.toContain("unsafe-inline");
    for (const directive of ["frame-ancestors 'none'", "object-src 'none'", "base-uri 'self'", "form-action 'self'"]) {
      expect(csp).toContain(directive);
    }
    const html = await response.text();
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    expect(scripts.length).toBeGreaterThan(2);
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
    expect(html).not.toMatch(/\sstyle="/);

    const next = await handle(new Request(sectionUrl, { headers: { Cookie: cookie } }));
    expect(next.headers.get("Content-Security-Policy")).not.toBe(csp);
  });

  it("is never cached and sends the referrer only to this service", async () => {
    for (const request of [
      new Request(sectionUrl, { headers: { Cookie: cookie } }),
      // The data request a client-side navigation makes (single fetch, as the app is built).
      new Request(`${sectionUrl}.data`, { headers: { Cookie: cookie } }),
    ]) {
      const response = await handle(request);
      expect(response.status, request.url).toBe(200);
      expect(response.headers.get("Cache-Control"), request.url).toBe("no-store");
      expect(response.headers.get("Referrer-Policy"), request.url).toBe("same-origin");
    }
  });
});
