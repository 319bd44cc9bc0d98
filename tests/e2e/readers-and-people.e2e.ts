// A partnership's readers and administrators, with JavaScript on and off: a moderator reads a
// submitted return from the partnership's list and comes back to it (never to a page they may not
// open); an administrator deactivates someone only after a page saying what that does. The pages
// on the way meet WCAG 2.2 AA as far as axe-core can tell.
import type { Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_USERS } from "../../db/seed/demo";
import { checkAccessibility, formatViolations, launchBrowser, pageErrors, signInAs, type TestBrowser } from "./support/browser";
import { printServerOutputOnFailure, startPortal, type Portal } from "./support/server";

let portal: Portal | undefined;
let browser: TestBrowser | undefined;

beforeAll(async () => {
  [portal, browser] = await Promise.all([startPortal(), launchBrowser()]);
});

afterAll(async () => {
  await Promise.allSettled([browser?.close(), portal?.stop()]);
});

printServerOutputOnFailure(() => portal);

async function expectAccessible(page: Page) {
  const violations = await checkAccessibility(page);
  expect(violations, `accessibility problems on ${page.url()}:\n${formatViolations(violations)}`).toEqual([]);
}

/** Clicks and waits for the h1 `heading` at a new address (Remix navigates client-side with JavaScript). */
async function clickTo(page: Page, target: Locator, heading: string | RegExp) {
  const from = page.url();
  await target.click();
  await page.waitForURL((url) => url.href !== from);
  await page.getByRole("heading", { level: 1, name: heading }).waitFor();
}

describe.each([
  { javaScriptEnabled: true, label: "with JavaScript", deactivated: DEMO_USERS.secondModerator },
  { javaScriptEnabled: false, label: "without JavaScript", deactivated: DEMO_USERS.subgroupChair },
])("readers and people $label", ({ javaScriptEnabled, deactivated }) => {
  it("takes a moderator from the returns to a submitted version and back to the returns", async () => {
    const { baseUrl } = portal!;
    const page = await browser!.newPage({ javaScriptEnabled });
    try {
      await signInAs(page, baseUrl, DEMO_USERS.moderator);
      await clickTo(page, page.getByRole("link", { name: "Returns", exact: true }), "Returns");
      const returnsUrl = new URL(page.url());
      const version = page.getByRole("link", { name: /^Version \d+/ }).first();
      expect(await version.count(), "a submitted return in the current cycle of the demo data").toBe(1);
      await clickTo(page, version, /^Submitted return: version \d+$/);
      await expectAccessible(page);
      const back = page.getByRole("link", { name: "Back to returns" });
      expect(await back.count()).toBe(1);
      await clickTo(page, back, "Returns");
      expect(new URL(page.url()).pathname).toBe(returnsUrl.pathname);
      expect(pageErrors(page)).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it("gives an administrator reading a setting's return a reader's page, not the DSL's", async () => {
    const { baseUrl } = portal!;
    const page = await browser!.newPage({ javaScriptEnabled });
    try {
      await signInAs(page, baseUrl, DEMO_USERS.admin);
      await clickTo(page, page.getByRole("link", { name: "Returns", exact: true }), "Returns");
      const inProgress = page.getByRole("row").filter({ hasText: "In progress" }).getByRole("link").first();
      expect(await inProgress.count(), "a return in progress in the demo data").toBe(1);
      await clickTo(page, inProgress, /.+/);
      await clickTo(page, page.getByRole("link", { name: "View the return" }), /.+/);
      const text = await page.locator("main").innerText();
      for (const dslWords of ["This return cannot be changed now", "Save and continue confirms it", "Back to your setting"]) {
        expect(text).not.toContain(dslWords);
      }
      await expectAccessible(page);
      // Every link offered leads somewhere the administrator may go.
      for (const href of await page.locator("main a[href^='/']").evaluateAll((links) => links.map((a) => a.getAttribute("href")!))) {
        const response = await page.request.get(`${baseUrl}${href}`);
        expect([href, response.status()]).toEqual([href, 200]);
      }
      expect(pageErrors(page)).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it("has an administrator confirm a deactivation on a page that says what it does", async () => {
    const { baseUrl } = portal!;
    const page = await browser!.newPage({ javaScriptEnabled });
    try {
      await signInAs(page, baseUrl, DEMO_USERS.admin);
      await clickTo(page, page.getByRole("link", { name: "People and roles" }), "People and roles");
      // The person's page is headed with their name: wait for it, not the list's heading still showing
      // while a client-side navigation renders (a race seen on a loaded machine).
      await clickTo(page, page.getByRole("row").filter({ hasText: deactivated }).getByRole("link"), /^(?!People and roles$).+/);
      const personUrl = page.url();
      const name = (await page.getByRole("heading", { level: 1 }).innerText()).trim();

      await clickTo(page, page.getByRole("button", { name: `Deactivate ${name}` }), `Are you sure you want to deactivate ${name}?`);
      const text = await page.locator("main").innerText();
      expect(text).toContain("they are signed out at once, on every device");
      expect(text).toContain("their roles here are kept on record");
      await expectAccessible(page);
      // Cancel changes nothing.
      await clickTo(page, page.getByRole("link", { name: "Cancel" }), name);
      expect(page.url()).toBe(personUrl);
      expect(await page.locator("main").innerText()).toContain("Active");

      await clickTo(page, page.getByRole("button", { name: `Deactivate ${name}` }), `Are you sure you want to deactivate ${name}?`);
      await clickTo(page, page.getByRole("button", { name: `Deactivate ${name}`, exact: true }), name);
      expect(await page.locator(".govuk-notification-banner").innerText()).toContain("They have been deactivated here and signed out");
      expect(await page.locator("main").innerText()).toContain("Deactivated");
      expect(pageErrors(page)).toEqual([]);
    } finally {
      await page.close();
    }
  });
});
