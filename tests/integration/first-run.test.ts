// What the portal says when it starts and while it runs, as a newcomer reads it: which mode,
// database and email it is using, the demo's sign-in addresses at every start (read from the
// database, not only printed by the run that seeded), and a 404 as one line, not a stack trace.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import * as signedOut from "../../app/routes/signed-out";
import * as notFound from "../../app/routes/$";
import { parseConfig } from "../../app/env.server";
import { partnershipPeople } from "../../db/schema";
import { DEMO_SLUG } from "../../db/seed/demo";
import { formatDemoSignIns, listDemoSignIns } from "../../db/seed/demo-sign-ins";
import { demoSignInLines, describeStartup } from "../../scripts/server";
import { useTestDatabase, type TestDatabase } from "../support/database";
import { makePartnership, makeSetting, makeUser } from "../support/factories";
import { requestHandlerFor } from "../support/remix";
import { takeConsoleErrors } from "../support/setup";

let database: TestDatabase;

beforeAll(async () => {
  database = await useTestDatabase();
});
afterAll(async () => {
  await database.destroy();
});

describe("the log", () => {
  const failing = {
    loader() {
      throw new Error("the database went away");
    },
    default: () => null,
  };
  const handle = requestHandlerFor({
    "routes/signed-out": { path: "signed-out", module: signedOut },
    "routes/failing": { path: "failing", module: failing },
    "routes/$": { path: "*", module: notFound },
  });

  async function logged(request: Request) {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    try {
      const response = await handle(request);
      await response.text();
      return { status: response.status, warnings: warn.mock.calls.map((c) => c.map(String).join(" ")), errors: takeConsoleErrors() };
    } finally {
      warn.mockRestore();
    }
  }

  it("gives an address no page has one line, without a stack trace or the query string", async () => {
    const { status, warnings, errors } = await logged(new Request("http://localhost/no/such/page?token=secret"));
    expect(status).toBe(404);
    expect(warnings).toEqual(["404 GET /no/such/page"]);
    expect(errors).toEqual([]);
  });

  it("shows the root layout's Page not found for such an address", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    try {
      const response = await handle(new Request("http://localhost/no-such-page"));
      expect(response.status).toBe(404);
      expect(await response.text()).toContain('<h1 class="govuk-heading-l">Page not found</h1>');
    } finally {
      warn.mockRestore();
    }
  });

  it("gives a post to a page that takes none one line", async () => {
    const { status, warnings, errors } = await logged(
      new Request("http://localhost/signed-out", { method: "POST", body: new URLSearchParams({ a: "1" }) }),
    );
    expect(status).toBe(405);
    expect(warnings).toEqual(["405 POST /signed-out"]);
    expect(errors).toEqual([]);
  });

  it("logs a real error whole, with its stack", async () => {
    const { status, errors } = await logged(new Request("http://localhost/failing"));
    expect(status).toBe(500);
    expect(errors).toHaveLength(1);
    expect(errors[0][0]).toBeInstanceOf(Error);
    expect((errors[0][0] as Error).stack).toContain("the database went away");
  });
});

describe("start-up", () => {
  it("says which mode, database and email are in use", () => {
    expect(describeStartup(parseConfig({ PGLITE_DIR: "/srv/portal/db", DATA_DIR: "/srv/portal" })).join("\n")).toMatch(
      /^Safeguarding self-assessment portal on http:\/\/localhost:3000 \(port 3000\)\n {2}mode: development \(NODE_ENV is not production.*\)\n {2}database: embedded PGlite in .*srv\/portal\/db\n {2}email: written to files in .*srv\/portal\/emails, listed at http:\/\/localhost:3000\/dev\/emails$/,
    );
    const production = describeStartup(
      parseConfig({
        NODE_ENV: "production",
        BASE_URL: "https://audit.example.org.uk",
        DATABASE_URL: "postgres://portal:hunter2@db.internal:5432/portal",
        SMTP_URL: "smtps://mailer:secret@smtp.example.org.uk:465",
      }),
    );
    expect(production).toEqual([
      "Safeguarding self-assessment portal on https://audit.example.org.uk (port 3000)",
      "  mode: production",
      "  database: PostgreSQL at db.internal:5432/portal",
      "  email: sent through SMTP at smtp.example.org.uk:465",
    ]);
    expect(production.join("\n")).not.toMatch(/hunter2|secret/);
  });

  it("prints the demo's sign-in addresses whenever the database holds the demo partnership", async () => {
    const config = parseConfig({});
    expect(await demoSignInLines(config)).toEqual([]);
    expect(await listDemoSignIns(database.db)).toBeNull();

    const demo = await makePartnership(database.db, { slug: DEMO_SLUG });
    const school = await makeSetting(database.db, demo.id, { name: "Brookfield Primary School" });
    await makeUser(database.db, { name: "Dana Singh", email: "dana.dsl@brookfield.example.org.uk", roles: [{ partnershipId: demo.id, settingId: school.id, role: "dsl" }] });
    await makeUser(database.db, { name: "Alex Admin", email: "alex.admin@partnership.example.org.uk", roles: [{ partnershipId: demo.id, role: "admin" }] });
    const gone = await makeUser(database.db, { email: "gone@partnership.example.org.uk", roles: [{ partnershipId: demo.id, role: "moderator" }] });
    await database.db.insert(partnershipPeople).values({ partnershipId: demo.id, userId: gone.id, name: "Gone", deactivatedAt: new Date() });
    const elsewhere = await makePartnership(database.db);
    await makeUser(database.db, { email: "someone@elsewhere.example.org.uk", roles: [{ partnershipId: elsewhere.id, role: "admin" }] });

    expect(await demoSignInLines(config)).toEqual([
      "Demo partnership: sign in as any of these; the sign-in link arrives at http://localhost:3000/dev/emails",
      "  alex.admin@partnership.example.org.uk  Alex Admin (partnership administrator)",
      "  dana.dsl@brookfield.example.org.uk     Dana Singh (DSL, Brookfield Primary School)",
    ]);
  });

  it("lists a dozen people at most", () => {
    const people = Array.from({ length: 15 }, (_, i) => ({ email: `p${i}@example.org.uk`, name: `P ${i}`, roles: ["DSL"] }));
    const lines = formatDemoSignIns(people);
    expect(lines).toHaveLength(1 + 12 + 1);
    expect(lines.at(-1)).toBe("  and 3 more");
  });
});
