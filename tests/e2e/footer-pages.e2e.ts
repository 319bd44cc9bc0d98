// The footer's pages, reached from the footer as a person would, with and without JavaScript,
// checked with axe; the header naming who is signed in; and the files public/ holds and the
// server answers for (robots.txt, security.txt from the configuration).
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkAccessibility, formatViolations, launchBrowser, pageErrors, signInAs, type TestBrowser } from "./support/browser";
import { printServerOutputOnFailure, startPortal, type Portal } from "./support/server";

const DSL = "dana.dsl@brookfield.example.org.uk";

let portal: Portal | undefined;
let browser: TestBrowser | undefined;

beforeAll(async () => {
  [portal, browser] = await Promise.all([
    startPortal({ env: { DATA_CONTROLLER: "Demo Safeguarding Children Partnership", SECURITY_CONTACT: "security@partnership.example.org.uk" } }),
    launchBrowser(),
  ]);
});

afterAll(async () => {
  await Promise.allSettled([browser?.close(), portal?.stop()]);
});

printServerOutputOnFailure(() => portal);

async function expectAccessible(page: Page) {
  const violations = await checkAccessibility(page);
  expect(violations, `accessibility problems on ${page.url()}:\n${formatViolations(violations)}`).toEqual([]);
}

describe.each([
  { javaScriptEnabled: true, label: "with JavaScript" },
  { javaScriptEnabled: false, label: "without JavaScript" },
])("the footer's pages $label", ({ javaScriptEnabled }) => {
  it("are linked from the footer of a signed-in page and meet WCAG 2.2 AA as far as axe can tell", async () => {
    const { baseUrl } = portal!;
    const page = await browser!.newPage({ javaScriptEnabled });
    try {
      await signInAs(page, baseUrl, DSL);
      const banner = page.getByRole("banner");
      expect(await banner.getByText("Signed in as Dana Singh").isVisible()).toBe(true);
      expect(await banner.getByRole("button", { name: "Sign out" }).isVisible()).toBe(true);
      await expectAccessible(page);
      const start = page.url();

      for (const [link, heading, path] of [
        ["Accessibility statement", "Accessibility statement for Safeguarding self-assessment", "/accessibility"],
        ["Privacy", "Privacy notice", "/privacy"],
        ["Cookies", "Cookies", "/cookies"],
      ]) {
        await page.goto(start);
        await page.getByRole("contentinfo").getByRole("link", { name: link, exact: true }).click();
        await page.getByRole("heading", { level: 1, name: heading }).waitFor();
        expect(new URL(page.url()).pathname).toBe(path);
        await expectAccessible(page);
      }
      // The configured organisation, and the marked gap where nothing is configured.
      await page.goto(`${baseUrl}/privacy`);
      expect(await page.getByText("The data controller for the information in this service is Demo Safeguarding Children Partnership.").count()).toBe(1);
      expect(await page.getByText("[Not set: the installation's administrator sets RETENTION_PERIOD]").count()).toBe(1);
      expect(pageErrors(page)).toEqual([]);
    } finally {
      await page.close();
    }
  });
});

describe("public/ and the files beside it", () => {
  it("serves robots.txt, keeping crawlers out, and security.txt with the configured contact", async () => {
    const { baseUrl } = portal!;
    const robots = await fetch(`${baseUrl}/robots.txt`);
    expect(robots.status).toBe(200);
    expect(robots.headers.get("content-type")).toMatch(/^text\/plain/);
    expect(await robots.text()).toBe("User-agent: *\nDisallow: /\n");

    const security = await fetch(`${baseUrl}/.well-known/security.txt`);
    expect(security.status).toBe(200);
    expect(security.headers.get("content-type")).toMatch(/^text\/plain/);
    const body = await security.text();
    expect(body).toMatch(/^Contact: mailto:security@partnership\.example\.org\.uk$/m);
    expect(body).toMatch(/^Expires: \d{4}-\d\d-\d\dT00:00:00Z$/m);
  });
});
