// The first journey: a person signs in with an emailed link and signs out again, with JavaScript
// on and off, and the pages on the way meet WCAG 2.2 AA as far as axe-core can tell.
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkAccessibility, formatViolations, launchBrowser, pageErrors, signInAs, type TestBrowser } from "./support/browser";
import { printServerOutputOnFailure, startPortal, type Portal } from "./support/server";

const ADMIN = "alex.admin@partnership.example.org.uk";

let portal: Portal | undefined;
let browser: TestBrowser | undefined;

beforeAll(async () => {
  [portal, browser] = await Promise.all([startPortal(), launchBrowser()]);
});

afterAll(async () => {
  await Promise.allSettled([browser?.close(), portal?.stop()]);
});

printServerOutputOnFailure(() => portal);

const server = () => portal!;

async function expectAccessible(page: Page) {
  const violations = await checkAccessibility(page);
  expect(violations, `accessibility problems on ${page.url()}:\n${formatViolations(violations)}`).toEqual([]);
}

describe.each([
  { javaScriptEnabled: true, label: "with JavaScript" },
  { javaScriptEnabled: false, label: "without JavaScript" },
])("signing in and out $label", ({ javaScriptEnabled }) => {
  it("signs in with an emailed link, and signs out again", async () => {
    const { baseUrl } = server();
    const page = await browser!.newPage({ javaScriptEnabled });
    try {
      await page.goto(`${baseUrl}/sign-in`);
      await expect(page.getByRole("button", { name: "Send me a sign-in link" }).count()).resolves.toBe(1);
      await expectAccessible(page);

      await signInAs(page, baseUrl, ADMIN);
      expect(await page.getByRole("banner").getByRole("button", { name: "Sign out" }).isVisible()).toBe(true);
      await expectAccessible(page);

      await page.getByRole("banner").getByRole("button", { name: "Sign out" }).click();
      await page.getByRole("heading", { name: "You have signed out" }).waitFor();

      await page.goto(`${baseUrl}/home`);
      expect(new URL(page.url()).pathname).toBe("/sign-in");
      expect(pageErrors(page)).toEqual([]);
    } finally {
      await page.close();
    }
  });
});

describe("the start page", () => {
  it("is styled with GOV.UK Frontend", async () => {
    const { baseUrl } = server();
    const page = await browser!.newPage();
    try {
      const stylesheet = page.waitForResponse((r) => new URL(r.url()).pathname === "/styles/application.css");
      stylesheet.catch(() => undefined); // reported through the await below, not as unhandled
      await page.goto(`${baseUrl}/`);
      expect((await stylesheet).status()).toBe(200);
      const fontFamily = await page.locator("body").evaluate((body) => getComputedStyle(body).fontFamily);
      expect(fontFamily.toLowerCase()).toContain("arial");
    } finally {
      await page.close();
    }
  });
});

describe("cross-site requests", () => {
  it("refuses a form post from another site", async () => {
    const { baseUrl } = server();
    const response = await fetch(`${baseUrl}/sign-in`, {
      method: "POST",
      headers: { Origin: "https://evil.example", "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ email: ADMIN }).toString(),
      redirect: "manual",
    });
    expect(response.status).toBe(403);
  });
});
