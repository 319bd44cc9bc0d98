// The first journey: a person signs in with an emailed link and signs out again, with JavaScript
// on and off, and the pages on the way meet WCAG 2.2 AA as far as axe-core can tell.
import fs from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkAccessibility, formatViolations, launchBrowser, pageErrors, signInAs, type TestBrowser } from "./support/browser";
import { printServerOutputOnFailure, projectRoot, startPortal, type Portal } from "./support/server";

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

  it("keeps the page's own address after a failed attempt, and says Error: in its title", async () => {
    const { baseUrl } = server();
    const page = await browser!.newPage({ javaScriptEnabled });
    try {
      await page.goto(`${baseUrl}/sign-in?redirectTo=%2Fhome`);
      const title = await page.title();
      expect(title).toBe("Sign in – Safeguarding self-assessment");
      await page.locator('input[name="email"]').fill("not an address");
      await page.getByRole("button", { name: "Send me a sign-in link" }).click();
      await page.locator(".govuk-error-summary", { hasText: "Enter an email address in the correct format" }).waitFor();
      await page.waitForFunction((expected) => document.title === expected, `Error: ${title}`);
      const url = new URL(page.url());
      expect(url.pathname).toBe("/sign-in");
      expect([...url.searchParams.keys()]).toEqual(["redirectTo"]);
      expect(await page.locator('input[name="redirectTo"]').inputValue()).toBe("/home");
      await expectAccessible(page);

      // Put right, the title is the page's own again (an address nobody has: the same answer,
      // and no link counted against the administrator's).
      await page.locator('input[name="email"]').fill("nobody@elsewhere.example.org.uk");
      await page.getByRole("button", { name: "Send me a sign-in link" }).click();
      await page.waitForURL((next) => next.pathname === "/sign-in/check-email");
      expect(await page.title()).not.toMatch(/^Error: /);
      expect(pageErrors(page)).toEqual([]);
    } finally {
      await page.close();
    }
  });
});

describe("the start page", () => {
  it("is styled with GOV.UK Frontend, without the GOV.UK brand", async () => {
    const { baseUrl } = server();
    const page = await browser!.newPage();
    try {
      const stylesheet = page.waitForResponse((r) => new URL(r.url()).pathname === "/styles/application.css");
      stylesheet.catch(() => undefined); // reported through the await below, not as unhandled
      await page.goto(`${baseUrl}/`);
      const css = await stylesheet;
      expect(css.status()).toBe(200);
      expect(css.headers()["content-type"]).toMatch(/^text\/css/);
      const cssText = await css.text();
      expect(cssText).toMatch(/\.govuk-button\{/);
      expect(cssText).toContain(".govuk-width-container{max-width:960px");

      // Computed styles only GOV.UK Frontend's CSS gives: the page's width container and the
      // green start button (GOV.UK Frontend 6's #0f7a52; it was #00703c before the brand refresh).
      const container = page.locator("main").locator("xpath=ancestor::div[contains(@class, 'govuk-width-container')]");
      expect(await container.evaluate((el) => getComputedStyle(el).maxWidth)).toBe("960px");
      expect((await container.boundingBox())?.width).toBe(960);
      const startButton = page.locator("a.govuk-button--start");
      expect(await startButton.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe("rgb(15, 122, 82)");
      const fontFamily = await page.locator("body").evaluate((body) => getComputedStyle(body).fontFamily);
      expect(fontFamily.toLowerCase()).toContain("arial");
      expect(fontFamily.toLowerCase()).not.toContain("gds transport");

      // Our own favicon, linked as an SVG and served as one, also at /favicon.ico; none of
      // govuk-frontend's crown images is served.
      const iconHref = await page.locator('head link[rel="icon"]').getAttribute("href");
      expect(await page.locator('head link[rel="icon"]').getAttribute("type")).toBe("image/svg+xml");
      const ours = fs.readFileSync(path.join(projectRoot, "public", "assets", "favicon.svg"));
      const govukFavicon = fs.readFileSync(path.join(projectRoot, "node_modules", "govuk-frontend", "dist", "govuk", "assets", "images", "favicon.svg"));
      for (const iconPath of [iconHref!, "/favicon.ico"]) {
        const icon = await fetch(new URL(iconPath, baseUrl));
        expect(icon.status, iconPath).toBe(200);
        expect(icon.headers.get("content-type"), iconPath).toMatch(/^image\/svg\+xml/);
        const body = Buffer.from(await icon.arrayBuffer());
        expect(body.equals(ours), `${iconPath} is public/assets/favicon.svg`).toBe(true);
        expect(body.equals(govukFavicon), `${iconPath} is not govuk-frontend's favicon`).toBe(false);
      }
      for (const crown of ["favicon.ico", "favicon.svg", "govuk-crest.svg", "govuk-icon-180.png", "govuk-icon-mask.svg", "govuk-opengraph-image.png"]) {
        expect((await fetch(`${baseUrl}/assets/images/${crown}`)).status, crown).toBe(404);
      }
      expect((await fetch(`${baseUrl}/assets/manifest.json`)).status).toBe(404);
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
