// The business unit runs a cycle (issue 12), with JavaScript on and off: the administrator
// creates one inviting the agencies, opens it, and its invited DSL finds the return on their
// home; the administrator then chases the settings that have not submitted after a preview of
// who is emailed, and the reminder is in the outbox. The pages on the way meet WCAG 2.2 AA as far
// as axe-core can tell.
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

const POLICE = "Demo Police – Public Protection Unit";

async function expectAccessible(page: Page) {
  const violations = await checkAccessibility(page);
  expect(violations, `accessibility problems on ${page.url()}:\n${formatViolations(violations)}`).toEqual([]);
}

async function clickTo(page: Page, target: Locator, heading: string | RegExp) {
  const from = page.url();
  await target.click();
  await page.waitForURL((url) => url.href !== from);
  await page.getByRole("heading", { level: 1, name: heading }).waitFor();
}

async function fillDate(page: Page, legend: string, [day, month, year]: [string, string, string]) {
  const group = page.getByRole("group", { name: legend });
  await group.getByLabel("Day").fill(day);
  await group.getByLabel("Month").fill(month);
  await group.getByLabel("Year").fill(year);
}

describe.each([
  // Each run makes its own cycle; the later-opening one is the agencies' current return.
  { javaScriptEnabled: true, label: "with JavaScript", name: "Agency check 2027", opens: ["4", "1", "2027"] as [string, string, string] },
  { javaScriptEnabled: false, label: "without JavaScript", name: "Agency check 2028", opens: ["3", "1", "2028"] as [string, string, string] },
])("an administrator running a cycle $label", ({ javaScriptEnabled, name, opens }) => {
  it("creates and opens a cycle, its invited DSL finds the return, and the administrator chases non-submitters", async () => {
    const { baseUrl } = portal!;
    const admin = await browser!.newPage({ javaScriptEnabled });
    const dsl = await browser!.newPage({ javaScriptEnabled });
    try {
      await signInAs(admin, baseUrl, DEMO_USERS.admin);
      await clickTo(admin, admin.getByRole("link", { name: "Audit cycles" }), "Audit cycles");
      await expectAccessible(admin);
      await clickTo(admin, admin.getByRole("button", { name: "Create a cycle" }), "Create a cycle");

      // Nothing filled in: the error summary lists each problem and nothing is made.
      await admin.getByRole("button", { name: "Create the cycle" }).click();
      await admin.getByRole("heading", { name: "There is a problem" }).waitFor();
      expect(await admin.locator(".govuk-error-summary").innerText()).toContain("Enter the cycle's name, like Full audit 2027");
      await expectAccessible(admin);

      await admin.getByLabel("Name", { exact: true }).fill(name);
      await admin.getByLabel("Full audit").check();
      await fillDate(admin, "Opens on", opens);
      await fillDate(admin, "Due by", ["31", "3", opens[2]]);
      await admin.getByLabel(/^s175/).uncheck();
      await admin.getByLabel(/^s157/).uncheck();
      await clickTo(admin, admin.getByRole("button", { name: "Create the cycle" }), name);
      expect(await admin.locator("main").innerText()).toContain("Check who it invites, then open it");
      const invited = await admin.getByRole("table", { name: "Invited settings" }).innerText();
      expect(invited).toContain(POLICE);
      expect(invited).not.toContain("Brookfield");
      await expectAccessible(admin);
      await admin.getByRole("button", { name: "Open the cycle" }).click();
      await admin.getByText("The cycle is open").waitFor();
      const cycleUrl = admin.url().replace(/\?.*$/, "");

      // The police's DSL finds it on their home page.
      await signInAs(dsl, baseUrl, DEMO_USERS.agencyDsl);
      await dsl.getByRole("heading", { level: 1, name: POLICE }).waitFor();
      const home = await dsl.locator("main").innerText();
      expect(home).toContain(name);
      expect(home).toContain("31 March");
      expect(await dsl.getByRole("link", { name: "Start your return" }).count()).toBe(1);

      // The administrator previews the chase, then sends it.
      await admin.goto(cycleUrl);
      await clickTo(admin, admin.getByRole("button", { name: "Chase non-submitters" }), "Chase non-submitters");
      const preview = await admin.getByRole("table", { name: "Who will be emailed" }).innerText();
      expect(preview).toContain(DEMO_USERS.agencyDsl);
      await expectAccessible(admin);
      await clickTo(admin, admin.getByRole("button", { name: "Send the reminders now" }), name);
      await admin.getByText(/Reminders queued for \d+ setting/).waitFor();
      expect(await admin.getByRole("table", { name: "Reminders sent, newest first" }).innerText()).toContain("Chased by the business unit");

      await admin.goto(`${baseUrl}/dev/emails`);
      const rows = (await admin.locator("tr").allInnerTexts()).filter((r) => r.includes(DEMO_USERS.agencyDsl) && r.includes(`for ${name} has not been submitted`));
      expect(rows, "the chase email in the outbox").toHaveLength(1);
      expect(pageErrors(admin)).toEqual([]);
      expect(pageErrors(dsl)).toEqual([]);
    } finally {
      await Promise.all([admin.close(), dsl.close()]);
    }
  });
});
