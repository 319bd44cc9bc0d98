// Evidence documents in the browser (issue 14), with JavaScript on and off, on the demo seeded
// without this year's sample: Dana (Brookfield's DSL) starts the return from last year's, reviews
// every section, attaches a policy PDF to standard 3.1 (a plain multipart form; refused first
// when it is an executable named .pdf), updates the carried actions; Hana signs off and Dana
// submits; the lead draws a sample of every submitted return and assigns it; the panel member
// holding Brookfield downloads the policy from the review page (an attachment, the same bytes).
// The documents page meets WCAG 2.2 AA as far as axe-core can tell.
import fs from "node:fs";
import type { Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_USERS } from "../../db/seed/demo";
import { demoPolicyPdf } from "../../db/seed/demo-documents";
import { checkAccessibility, formatViolations, launchBrowser, pageErrors, signInAs, type TestBrowser } from "./support/browser";
import { printServerOutputOnFailure, startPortal, type Portal } from "./support/server";

const SETTING = "Brookfield Community Primary School";
const CYCLE = "Full audit 2026";
const PANEL = "/partnerships/demo/moderation";
const POLICY_NAME = "Brookfield child protection policy.pdf";
const POLICY = demoPolicyPdf("Brookfield Community Primary School");
const PANEL_MEMBERS: Record<string, string> = {
  "Lee Lead": DEMO_USERS.moderationLead,
  "Morgan Moderator": DEMO_USERS.moderator,
  "Priya Panel": DEMO_USERS.secondModerator,
};
const STEP_TIMEOUT_MS = 180_000;

async function expectAccessible(page: Page) {
  const violations = await checkAccessibility(page);
  expect(violations, `accessibility problems on ${page.url()}:\n${formatViolations(violations)}`).toEqual([]);
}

async function waitForHeading(page: Page, text: string | RegExp) {
  await page.getByRole("heading", { level: 1, name: text, exact: typeof text === "string" }).waitFor();
}

async function clickTo(page: Page, target: Locator, arrive: { path: string | RegExp; search?: (params: URLSearchParams) => boolean; heading?: string | RegExp }) {
  const at = (pathname: string) => (typeof arrive.path === "string" ? pathname === arrive.path : arrive.path.test(pathname));
  const arrived = page.waitForURL((url) => at(url.pathname) && (arrive.search?.(url.searchParams) ?? true));
  arrived.catch(() => undefined);
  await target.click();
  try {
    await arrived;
  } catch (error) {
    const h1 = await page.locator("h1").first().innerText().catch(() => "(no h1)");
    throw new Error(`Still at ${page.url()} ("${h1}"), not ${String(arrive.path)}; page errors: ${pageErrors(page).join(" / ") || "none"}`, { cause: error });
  }
  if (arrive.heading) await waitForHeading(page, arrive.heading);
}

const folded = (text: string) => text.replace(/\s+/g, " ").trim();

describe.each([
  { javaScriptEnabled: true, label: "with JavaScript" },
  { javaScriptEnabled: false, label: "without JavaScript" },
])("evidence documents $label", ({ javaScriptEnabled }) => {
  let portal: Portal | undefined;
  let browser: TestBrowser | undefined;
  let returnPath = "";
  let submitted = false;
  let assignedTo = "";

  beforeAll(async () => {
    [portal, browser] = await Promise.all([startPortal({ seedArgs: ["--without-moderation"] }), launchBrowser()]);
  });
  afterAll(async () => {
    await Promise.allSettled([browser?.close(), portal?.stop()]);
  });
  printServerOutputOnFailure(() => portal);

  it(
    "the DSL attaches a policy PDF to a standard, refused an executable first, and the return is submitted",
    async () => {
      const { baseUrl } = portal!;
      const page = await browser!.newPage({ javaScriptEnabled });
      try {
        await signInAs(page, baseUrl, DEMO_USERS.dsl);
        await waitForHeading(page, SETTING);
        const startLink = page.getByRole("link", { name: "Start your return" });
        returnPath = (await startLink.getAttribute("href"))!;
        await clickTo(page, startLink, { path: returnPath, heading: CYCLE });
        await page.getByRole("radio", { name: /^Start from your last return/ }).check();
        await page.getByRole("button", { name: "Start your return" }).click();
        await page.getByRole("heading", { level: 2, name: "Standards" }).waitFor();

        // Every section reviewed with "Save and continue" (the new standard rated).
        const sectionLinks = page.locator(`a.govuk-task-list__link[href^="${returnPath}/sections/"]`);
        const sections = await sectionLinks.evaluateAll((links) =>
          links.map((a) => ({ path: a.getAttribute("href") ?? "", title: (a.textContent ?? "").trim().replace(/\s+/g, " ") })),
        );
        let policySection = "";
        await clickTo(page, sectionLinks.first(), { path: sections[0].path, heading: sections[0].title });
        for (const [index, { path: sectionPath }] of sections.entries()) {
          if ((await page.getByRole("link", { name: "Add or remove documents for standard 3.1" }).count()) > 0) policySection = sectionPath;
          for (const id of await page.locator('input[name="standardId"]').evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value))) {
            if ((await page.locator(`input[name="rating.${id}"]:checked`).count()) > 0) continue;
            await page.locator(`input[name="rating.${id}"][value="met"]`).check();
            await page.locator(`textarea[name="evidence.${id}"]`).fill("Our policy is reviewed every year by governors; staff sign to say they have read it and the DSL checks in September.");
          }
          const nextPath = sections[index + 1]?.path ?? returnPath;
          const warned = page.waitForURL((url) => url.pathname === sectionPath && url.searchParams.get("saved") === "1");
          const movedOn = page.waitForURL((url) => url.pathname === nextPath);
          warned.catch(() => undefined);
          movedOn.catch(() => undefined);
          await page.getByRole("button", { name: "Save and continue" }).click();
          const outcome = await Promise.race([warned.then(() => "warned"), movedOn.then(() => "moved on")]);
          if (outcome === "warned") {
            const banner = page.locator(".govuk-notification-banner--success", { hasText: "Your answers are saved" });
            await banner.waitFor();
            await clickTo(page, banner.getByRole("link", { name: /^Continue without changing (it|them)$/ }), { path: nextPath });
          }
          // With JavaScript the address changes before the next section is on screen.
          await waitForHeading(page, sections[index + 1]?.title ?? CYCLE);
        }
        expect(policySection, "a section has standard 3.1").not.toBe("");

        // The documents page of standard 3.1: limits stated, no virus scanning said plainly.
        await page.goto(`${baseUrl}${policySection}`);
        await clickTo(page, page.getByRole("link", { name: "Add or remove documents for standard 3.1" }), {
          path: /\/standards\/[^/]+\/documents$/,
          heading: /^Documents for /,
        });
        const documentsPath = new URL(page.url()).pathname;
        expect(folded(await page.locator("main").innerText())).toContain("each smaller than 20 MB, and up to 200 MB for the whole return");
        expect(await page.getByText("Files are not checked for viruses by this installation.").count()).toBe(1);
        await expectAccessible(page);

        // An executable named .pdf is refused next to the field, with the error summary.
        await page.getByLabel("Upload a file").setInputFiles({ name: "policy.pdf", mimeType: "application/pdf", buffer: Buffer.from("MZ\u0090\u0000\u0003\u0000\u0000\u0000\u0004\u0000\u0000\u0000\u00ff\u00ff".padEnd(0x3c, "\u0000") + "\u0080\u0000\u0000\u0000".padEnd(0x44, "\u0000") + "PE\u0000\u0000", "latin1") });
        await page.getByRole("button", { name: "Add document" }).click();
        const summary = page.locator(".govuk-error-summary", { hasText: "The selected file must be a PDF, Word, Excel, PowerPoint, OpenDocument, CSV, plain text, PNG or JPEG file" });
        await summary.waitFor();
        expect(await page.locator("#file-error").innerText()).toContain("The selected file must be a PDF");
        await expectAccessible(page);

        await page.getByLabel("Describe the document (optional)").fill("Approved by governors in September");
        await page.getByLabel("Upload a file").setInputFiles({ name: POLICY_NAME, mimeType: "application/pdf", buffer: POLICY });
        await clickTo(page, page.getByRole("button", { name: "Add document" }), { path: documentsPath, search: (params) => params.get("added") === "1" });
        await page.locator(".govuk-notification-banner--success", { hasText: "The document was added" }).waitFor();
        expect(await page.getByRole("link", { name: POLICY_NAME }).count()).toBe(1);
        expect(await page.getByText("Approved by governors in September").count()).toBe(1);
        await expectAccessible(page);

        // The carried actions, each updated.
        await page.goto(`${baseUrl}${returnPath}/actions`);
        await waitForHeading(page, "Action plan");
        const carried = page.locator('.govuk-summary-card[id^="action-"]', { hasText: "Carried forward – review" });
        for (const cardId of await carried.evaluateAll((cards) => cards.map((c) => c.id))) {
          const card = page.locator(`[id="${cardId}"]`);
          await card.getByRole("radio", { name: "Done", exact: true }).check();
          await card.locator('textarea[name="progressNote"]').fill("Completed and checked by the DSL.");
          await clickTo(page, card.getByRole("button", { name: /^Save update/ }), { path: `${returnPath}/actions`, search: (params) => params.get("saved") === "updated" });
          await card.locator(".govuk-summary-list__value", { hasText: "Completed and checked by the DSL." }).waitFor();
        }
        expect(pageErrors(page)).toEqual([]);
      } finally {
        await page.close();
      }

      // Hana signs off; Dana submits.
      const head = await browser!.newPage({ javaScriptEnabled });
      try {
        await signInAs(head, baseUrl, DEMO_USERS.signatory);
        await head.goto(`${baseUrl}${returnPath}/sign-off`);
        await waitForHeading(head, "Sign off the return");
        await head.getByLabel("Full name").fill("Hana Hughes");
        await head.getByLabel("Role").fill("Headteacher");
        await head.locator("#declaration").check();
        await clickTo(head, head.getByRole("button", { name: "Sign off" }), { path: `${returnPath}/check`, heading: "Check your answers before submitting your return" });
      } finally {
        await head.close();
      }
      const dsl = await browser!.newPage({ javaScriptEnabled });
      try {
        await signInAs(dsl, baseUrl, DEMO_USERS.dsl);
        await dsl.goto(`${baseUrl}${returnPath}/check`);
        await waitForHeading(dsl, "Check your answers before submitting your return");
        await clickTo(dsl, dsl.getByRole("button", { name: "Submit return" }), { path: `${returnPath}/confirmation`, search: (params) => params.get("version") === "1" });
        await dsl.locator(".govuk-panel--confirmation").getByRole("heading", { name: "Return submitted" }).waitFor();
        submitted = true;
      } finally {
        await dsl.close();
      }
    },
    STEP_TIMEOUT_MS,
  );

  it(
    "the panel member holding the return downloads the policy from the review page",
    async () => {
      expect(submitted, "the return was submitted").toBe(true);
      const { baseUrl } = portal!;
      const lead = await browser!.newPage({ javaScriptEnabled });
      try {
        await signInAs(lead, baseUrl, DEMO_USERS.moderationLead);
        await lead.goto(`${baseUrl}${PANEL}/sample`);
        await waitForHeading(lead, "Draw the moderation sample");
        await lead.getByLabel("Sampling rate (%)").fill("100");
        await lead.getByLabel("Calibration share (%)").fill("0");
        await lead.getByRole("button", { name: "Preview" }).click();
        await lead.getByRole("button", { name: "Confirm the sample" }).waitFor();
        await clickTo(lead, lead.getByRole("button", { name: "Confirm the sample" }), { path: `${PANEL}/sample`, search: (params) => params.get("done") === "drawn" });
        await lead.goto(`${baseUrl}${PANEL}/assign`);
        await waitForHeading(lead, "Assign returns");
        await clickTo(lead, lead.getByRole("button", { name: "Assign automatically" }), { path: `${PANEL}/assign`, search: (params) => params.get("done") === "assigned" });
        const row = lead.locator("table", { has: lead.locator("caption", { hasText: "The sample" }) }).locator("tbody tr", { hasText: SETTING });
        const holder = folded(await row.locator("td").first().locator("p").innerText());
        const name = /^(.+) \(Not started\)$/.exec(holder)?.[1];
        expect(name && PANEL_MEMBERS[name], `a panel member holds ${SETTING}: "${holder}"`).toBeTruthy();
        assignedTo = PANEL_MEMBERS[name!];
      } finally {
        await lead.close();
      }

      const page = await browser!.newPage({ javaScriptEnabled });
      try {
        await signInAs(page, baseUrl, assignedTo);
        await page.goto(`${baseUrl}${PANEL}`);
        await waitForHeading(page, "Moderation panel");
        await clickTo(page, page.getByRole("link", { name: SETTING, exact: true }), { path: new RegExp(`^${PANEL}/reviews/[^/]+$`) });
        const row = page.locator(".govuk-summary-list__row", { has: page.locator("dt", { hasText: /^Documents$/ }) }).filter({ hasText: POLICY_NAME });
        // With JavaScript the address changes before the review is on screen.
        await row.waitFor();
        expect(await row.count()).toBe(1);
        expect(folded(await row.innerText())).toContain("Approved by governors in September");
        const link = row.getByRole("link", { name: POLICY_NAME });
        const href = (await link.getAttribute("href"))!;
        expect(href).toMatch(/^\/settings\/[^/]+\/documents\/[^/]+$/);
        const downloading = page.waitForEvent("download");
        await link.click();
        const download = await downloading;
        expect(download.suggestedFilename()).toBe(POLICY_NAME);
        expect(fs.readFileSync((await download.path())!)).toEqual(POLICY);
        // As the portal sends it: an attachment, its content type, never sniffed.
        const response = await page.request.get(`${baseUrl}${href}`);
        expect(response.status()).toBe(200);
        expect(response.headers()["content-type"]).toBe("application/pdf");
        expect(response.headers()["content-disposition"]).toMatch(/^attachment; filename="Brookfield child protection policy\.pdf"/);
        // The HTTP server sends nosniff on every response and the download says so itself too.
        expect(response.headers()["x-content-type-options"].split(/,\s*/)).toEqual(expect.arrayContaining(["nosniff"]));
        expect(new Set(response.headers()["x-content-type-options"].split(/,\s*/))).toEqual(new Set(["nosniff"]));
        expect(pageErrors(page)).toEqual([]);
      } finally {
        await page.close();
      }
    },
    STEP_TIMEOUT_MS,
  );
});
