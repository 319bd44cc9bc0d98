// The return journey of a full audit, with JavaScript on and off: the DSL starts Brookfield's
// return from last cycle's, reviews every section (an Exceeds without evidence draws the warning,
// the new standard is answered), updates the carried-forward actions and adds one; the signatory
// signs off and submits; both get a receipt by email. The pages on the way meet WCAG 2.2 AA as far
// as axe-core can tell.
import type { Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_USERS } from "../../db/seed/demo";
import { checkAccessibility, formatViolations, launchBrowser, pageErrors, signInAs, type TestBrowser } from "./support/browser";
import { printServerOutputOnFailure, startPortal, type Portal } from "./support/server";

const SETTING = "Brookfield Community Primary School";
const CYCLE = "Full audit 2026";
const EARLIER_CYCLE = "Full audit 2024";
const EXCEEDS_WARNING = "An Exceeds rating needs evidence";
const DUE_YEAR = new Date().getFullYear() + 1;
const NEW_ACTION = {
  description: "Run a refresher on online safety reporting for all lunchtime supervisors",
  owner: "Deputy DSL",
  day: "31",
  month: "3",
  year: String(DUE_YEAR),
};

const JOURNEY_TIMEOUT_MS = 120_000;

async function expectAccessible(page: Page) {
  const violations = await checkAccessibility(page);
  expect(violations, `accessibility problems on ${page.url()}:\n${formatViolations(violations)}`).toEqual([]);
}

/** The page's h1, once it says `text` (exactly, spaces folded). */
async function waitForHeading(page: Page, text: string) {
  await page.getByRole("heading", { level: 1, name: text, exact: true }).waitFor();
}

/**
 * Clicks and waits until the browser is at `path` (and `search`, if given) and shows the h1
 * `heading`. With JavaScript Remix navigates client-side, so the old page's elements would still
 * match until then.
 */
async function clickTo(page: Page, target: Locator, arrive: { path: string; search?: (params: URLSearchParams) => boolean; heading?: string }) {
  const arrived = page.waitForURL((url) => url.pathname === arrive.path && (arrive.search?.(url.searchParams) ?? true));
  await target.click();
  await arrived;
  if (arrive.heading) await waitForHeading(page, arrive.heading);
}

describe.each([
  { javaScriptEnabled: true, label: "with JavaScript" },
  { javaScriptEnabled: false, label: "without JavaScript" },
])("a full-audit return from start to submission $label", ({ javaScriptEnabled }) => {
  let portal: Portal | undefined;
  let browser: TestBrowser | undefined;
  /** /settings/<id>/returns/<id>, once the DSL has started the return. */
  let returnPath = "";
  /** How many standards the DSL rated, for the receipt's figures. */
  let standardCount = 0;
  /** Each part of the journey builds on the one before. */
  let readyForSignOff = false;
  let submitted = false;

  beforeAll(async () => {
    [portal, browser] = await Promise.all([startPortal(), launchBrowser()]);
  });

  afterAll(async () => {
    await Promise.allSettled([browser?.close(), portal?.stop()]);
  });

  printServerOutputOnFailure(() => portal);

  it(
    "the DSL starts from last cycle's return, reviews every section and the action plan, and cannot submit before sign-off",
    async () => {
      const { baseUrl } = portal!;
      const page = await browser!.newPage({ javaScriptEnabled });
      try {
        // 1. Sign in: Dana works at one setting, so she lands on its home page.
        await signInAs(page, baseUrl, DEMO_USERS.dsl);
        await waitForHeading(page, SETTING);
        const settingPath = new URL(page.url()).pathname;
        expect(settingPath).toMatch(/^\/settings\/[^/]+$/);

        const startLink = page.getByRole("link", { name: "Start your return" });
        const returnHref = await startLink.getAttribute("href");
        expect(returnHref).toMatch(/^\/settings\/[^/]+\/returns\/[^/]+$/);
        returnPath = returnHref!;
        await clickTo(page, startLink, { path: returnPath, heading: CYCLE });

        const earlier = page.getByRole("radio", { name: new RegExp(`^Start from your last return \\(${EARLIER_CYCLE}, version 1\\)`) });
        await expect(page.getByRole("group", { name: "How do you want to start?" }).count()).resolves.toBe(1);
        // Neither way to start is chosen for her; starting without choosing asks her to, and the
        // page's title says there is an error. The address stays the return's own.
        expect(await page.locator('input[name="mode"]:checked').count()).toBe(0);
        const title = await page.title();
        expect(title).not.toMatch(/^Error: /);
        await page.getByRole("button", { name: "Start your return" }).click();
        await page.locator(".govuk-error-summary", { hasText: "Select how to start your return" }).waitFor();
        await page.waitForFunction((expected) => document.title === expected, `Error: ${title}`);
        expect(new URL(page.url()).pathname + new URL(page.url()).search).toBe(returnPath);
        await expectAccessible(page);
        await earlier.check();
        // The task list replaces the start form at the same address: wait for its first section.
        await page.getByRole("button", { name: "Start your return" }).click();
        await page.getByRole("heading", { level: 2, name: "Standards" }).waitFor();
        expect(new URL(page.url()).pathname).toBe(returnPath);

        // 2. Every section needs review; the carried-forward answers and the retired standard are explained.
        const sectionLinks = page.locator(`a.govuk-task-list__link[href^="${returnPath}/sections/"]`);
        const sections = await sectionLinks.evaluateAll((links) =>
          links.map((a) => ({ title: (a.textContent ?? "").trim().replace(/\s+/g, " "), path: a.getAttribute("href") ?? "" })),
        );
        expect(sections.length).toBeGreaterThan(1);
        const statuses = await page.locator('[id^="sections-"][id$="-status"]').allInnerTexts();
        expect(statuses.map((s) => s.trim())).toEqual(sections.map(() => "Needs review"));
        const inset = await page.locator(".govuk-inset-text").innerText();
        expect(inset).toMatch(new RegExp(`^\\d+ answers were carried forward from your last return \\(${EARLIER_CYCLE}\\)`));
        const retired = page.locator("details", { hasText: "from your last return no longer in the framework" });
        await expect(retired.locator("summary").innerText()).resolves.toMatch(/^1 standard from your last return no longer in the framework$/);
        expect(await retired.textContent()).toContain("Pupils are told once a year who the designated safeguarding lead is.");
        expect(await page.title()).not.toMatch(/^Error: /);
        // What is said about saving is true in this browser: autosave needs JavaScript.
        const asYouType = page.getByText("Your answers are saved as you type.");
        const byButton = page.getByText("Your answers are saved when you press “Save and continue” or “Save and come back later”.");
        expect(await asYouType.isVisible()).toBe(javaScriptEnabled);
        expect(await byButton.isVisible()).toBe(!javaScriptEnabled);
        // Nothing can be submitted yet, so that task has no link; every status tag is on one line.
        const submitTask = page.locator("#submit-2-status").locator("xpath=..");
        expect(await submitTask.innerText()).toMatch(/^Check your answers and submit[\s\S]*Cannot submit yet$/);
        expect(await submitTask.getByRole("link").count()).toBe(0);
        const tagHeights = await page.locator(".govuk-task-list__status .govuk-tag").evaluateAll((tags) => tags.map((t) => t.getBoundingClientRect().height));
        expect(Math.max(...tagHeights) - Math.min(...tagHeights), `tag heights ${tagHeights.join(", ")}`).toBeLessThan(2);
        await expectAccessible(page);

        // 3. Every section, in order, with "Save and continue". Autosaves are watched: each must
        // post to the section that was typed in, never to the one shown after a save.
        const autosaves: string[] = [];
        page.on("request", (request) => {
          if (request.method() === "POST" && (request.postData() ?? "").includes("autosave")) {
            autosaves.push(new URL(request.url()).pathname.replace(/\.data$/, ""));
          }
        });
        await clickTo(page, sectionLinks.first(), { path: sections[0].path, heading: sections[0].title });
        for (const [index, section] of sections.entries()) {
          const first = index === 0;
          const last = index === sections.length - 1;
          const standardIds = await page.locator('input[name="standardId"]').evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value));
          expect(standardIds.length, `standards on ${section.title}`).toBeGreaterThan(0);
          standardCount += standardIds.length;
          expect(await page.getByText("Carried forward – review").count(), `carried-forward answers on ${section.title}`).toBeGreaterThan(0);
          const rating = (id: string, value: string) => page.locator(`input[name="rating.${id}"][value="${value}"]`);
          const evidence = (id: string) => page.locator(`textarea[name="evidence.${id}"]`);

          if (first) {
            // The evidence box says its limit before it is reached: a plain hint without
            // JavaScript, GOV.UK Frontend's count with it.
            const limit = page.locator(`#${await evidence(standardIds[0]).getAttribute("id")}-info`);
            expect(await limit.textContent()).toBe("You can enter up to 10,000 characters");
            if (javaScriptEnabled) await page.locator(".govuk-character-count__status", { hasText: /^You have [\d,]+ characters? remaining$/ }).first().waitFor();
            else expect(await limit.isVisible()).toBe(true);
            expect(await page.getByText("Nothing on this page is saved until you press").isVisible()).toBe(!javaScriptEnabled);
            // A new, thin "Exceeds" for the first standard: it needs evidence.
            const id = standardIds[0];
            expect(await evidence(id).inputValue()).not.toBe("");
            await evidence(id).fill("Outstanding.");
            await rating(id, "exceeds").check();
            if (javaScriptEnabled) {
              // Saved in the background a moment after typing stops, and warned about before saving.
              await page.locator(".app-autosave-status", { hasText: /^Saved at (\d|midday|midnight)/ }).waitFor({ timeout: 8_000 });
              await page.locator(".govuk-warning-text", { hasText: EXCEEDS_WARNING }).first().waitFor();
            }
          }

          if (index === 1) {
            // A quick reviewer: a note, then straight on, before the autosave's pause is over.
            await page.locator(`textarea[name="notes.${standardIds[0]}"]`).fill("Checked with the safeguarding governor.");
          }
          if (index === 2 && javaScriptEnabled) {
            // Long enough for an autosave left over from the section before to fire here.
            await page.waitForTimeout(2_500);
          }

          if (last) {
            // The standard new in this version of the framework starts without an answer.
            const unrated: string[] = [];
            for (const id of standardIds) if ((await page.locator(`input[name="rating.${id}"]:checked`).count()) === 0) unrated.push(id);
            expect(unrated).toEqual([standardIds.at(-1)]);
            expect(await evidence(unrated[0]).inputValue()).toBe("");
            // Continuing without its rating is refused, with the problem linked to its field.
            await page.getByRole("button", { name: "Save and continue" }).click();
            const problem = page.locator(".govuk-error-summary li", { hasText: /^Select a rating for standard / });
            await problem.waitFor();
            await waitForHeading(page, section.title);
            // Typing after the error stays in the field it is typed in (the summary must not take the focus back).
            await evidence(unrated[0]).click();
            await evidence(unrated[0]).pressSequentially("Typed after the error");
            expect(await evidence(unrated[0]).inputValue()).toBe("Typed after the error");
            await rating(unrated[0], "met").check();
            await evidence(unrated[0]).fill(
              "Our online safety policy covers generative AI tools; staff were trained in September and the filtering log is reviewed weekly by the DSL.",
            );
          }

          const nextPath = last ? returnPath : sections[index + 1].path;
          const warned = page.waitForURL((url) => url.pathname === section.path && url.searchParams.get("saved") === "1");
          const movedOn = page.waitForURL((url) => url.pathname === nextPath);
          warned.catch(() => undefined);
          movedOn.catch(() => undefined);
          await page.getByRole("button", { name: "Save and continue" }).click();
          const outcome = await Promise.race([warned.then(() => "warned" as const), movedOn.then(() => "moved on" as const)]);

          if (first) expect(outcome, "an unsupported Exceeds shows the section again").toBe("warned");
          if (outcome === "warned") {
            // Saved, the same section again, with the warning and a way on.
            // The same success banner as the other pages' "saved" messages.
            const banner = page.locator(".govuk-notification-banner--success", { hasText: "Your answers are saved" });
            await banner.waitFor();
            expect(await banner.innerText()).toContain(EXCEEDS_WARNING);
            await waitForHeading(page, section.title);
            expect(await page.locator(".govuk-warning-text", { hasText: EXCEEDS_WARNING }).count()).toBeGreaterThan(0);
            if (first) {
              expect(await rating(standardIds[0], "exceeds").isChecked()).toBe(true);
              expect(await evidence(standardIds[0]).inputValue()).toBe("Outstanding.");
              await expectAccessible(page);
            }
            await clickTo(page, banner.getByRole("link", { name: /^Continue without changing (it|them)$/ }), { path: nextPath });
          }
          if (!last) await waitForHeading(page, sections[index + 1].title);
        }

        if (javaScriptEnabled) {
          expect(autosaves.length).toBeGreaterThan(0);
          expect(autosaves.filter((path) => path !== sections[0].path), "autosaves to a section nobody typed in").toEqual([]);
        }

        // Back on the task list: every section reviewed.
        await waitForHeading(page, CYCLE);
        const reviewed = await page.locator('[id^="sections-"][id$="-status"]').allInnerTexts();
        expect(reviewed.map((s) => s.trim())).toEqual(sections.map(() => "Completed"));
        expect(await page.locator(".govuk-warning-text").innerText()).toContain(EXCEEDS_WARNING);

        // 4. The action plan: an update on each carried-forward action, and a new action.
        await clickTo(page, page.getByRole("link", { name: "Action plan", exact: true }), { path: `${returnPath}/actions`, heading: "Action plan" });
        const carried = page.locator('.govuk-summary-card[id^="action-"]', { hasText: "Carried forward – review" });
        const carriedIds = await carried.evaluateAll((cards) => cards.map((c) => c.id));
        expect(carriedIds.length).toBeGreaterThan(0);
        for (const [i, cardId] of carriedIds.entries()) {
          const card = page.locator(`[id="${cardId}"]`);
          const status = i === 0 ? "Done" : "In progress";
          const note = `Update ${i + 1}: ${status === "Done" ? "completed and checked by the DSL" : "half the staff trained, the rest booked for January"}.`;
          await card.getByRole("radio", { name: status, exact: true }).check();
          await card.locator('textarea[name="progressNote"]').fill(note);
          await clickTo(page, card.getByRole("button", { name: /^Save update/ }), {
            path: `${returnPath}/actions`,
            search: (params) => params.get("saved") === "updated",
          });
          // The card shows the update once the page has the saved plan.
          await card.locator(".govuk-summary-list__value", { hasText: note }).waitFor();
          expect(await card.getByText("Carried forward – review").count()).toBe(0);
          // Every "saved" banner is GOV.UK's success banner.
          await page.locator(".govuk-notification-banner--success", { hasText: "Update saved" }).waitFor();
        }

        // 9. The "Add an action" form checks what it is given and keeps what was typed.
        const add = page.locator("#add");
        const errorSummary = page.locator(".govuk-error-summary");
        await add.getByRole("button", { name: "Add action" }).click();
        await errorSummary.waitFor();
        const emptyErrors = await errorSummary.locator("li").allInnerTexts();
        expect(emptyErrors).toEqual(["Enter what needs to be done", "Enter who owns the action, for example DSL or their name"]);
        expect(await add.locator(".govuk-error-message").count()).toBe(2);

        // What was typed is kept when something else is wrong (a date that does not exist).
        await add.getByLabel("What needs to be done", { exact: true }).fill(NEW_ACTION.description);
        await add.getByLabel("Who owns this action").fill(NEW_ACTION.owner);
        await add.locator("#dueOn-day").fill("31");
        await add.locator("#dueOn-month").fill("2");
        await add.locator("#dueOn-year").fill(NEW_ACTION.year);
        await add.getByRole("button", { name: "Add action" }).click();
        await errorSummary.locator("li").filter({ hasText: "Enter what needs to be done" }).waitFor({ state: "detached" });
        expect(await errorSummary.locator("li").count()).toBe(1);
        expect(await add.getByLabel("What needs to be done", { exact: true }).inputValue()).toBe(NEW_ACTION.description);
        expect(await add.getByLabel("Who owns this action").inputValue()).toBe(NEW_ACTION.owner);
        expect(await add.locator("#dueOn-month").inputValue()).toBe("2");
        await expectAccessible(page);

        // No theme chosen: one is suggested from what needs to be done ("refresher": Training).
        await add.locator("#dueOn-day").fill(NEW_ACTION.day);
        await add.locator("#dueOn-month").fill(NEW_ACTION.month);
        await clickTo(page, add.getByRole("button", { name: "Add action" }), {
          path: `${returnPath}/actions`,
          search: (params) => params.get("saved") === "added",
        });
        await page.locator(".govuk-notification-banner--success", { hasText: "Action added" }).waitFor();
        await page.locator(".govuk-notification-banner--success", { hasText: "its theme was suggested from what needs to be done: Training" }).waitFor();
        const added = page.locator('.govuk-summary-card[id^="action-"]', { hasText: NEW_ACTION.description });
        await added.waitFor();
        expect(await added.innerText()).toContain(`31 March ${DUE_YEAR}`);
        expect(await errorSummary.count()).toBe(0);
        expect(await carried.count()).toBe(0);
        await expectAccessible(page);

        // 5. Check your answers: everything is done but the sign-off.
        await clickTo(page, page.getByRole("link", { name: "Back to your return" }).first(), { path: returnPath, heading: CYCLE });
        // Each task's status tag is on one line, "Cannot submit yet" included.
        for (const tag of await page.locator(".govuk-task-list__status .govuk-tag").all()) {
          const box = await tag.evaluate((el) => ({ lines: Math.round(el.getBoundingClientRect().height / parseFloat(getComputedStyle(el).lineHeight)), text: el.textContent }));
          expect(box.lines, `the tag "${box.text}" on one line`).toBe(1);
        }
        // Only the sign-off is left, so "Check your answers and submit" is not a link yet (a task
        // that cannot be done has none): she reads her answers from the sign-off task instead.
        expect(await page.getByRole("link", { name: "Check your answers and submit" }).count()).toBe(0);
        await clickTo(page, page.getByRole("link", { name: "Sign-off by your headteacher, chair of governors or agency lead" }), {
          path: `${returnPath}/sign-off`,
        });
        await clickTo(page, page.getByRole("link", { name: "Back to check your answers" }), {
          path: `${returnPath}/check`,
          heading: "Check your answers before submitting your return",
        });
        const cannotSubmit = page.getByRole("heading", { level: 2, name: "You cannot submit yet" }).locator("xpath=following-sibling::ul[1]");
        expect(await cannotSubmit.locator("li").allInnerTexts()).toEqual(["The return has not been signed off"]);
        expect(await page.locator(".govuk-warning-text", { hasText: EXCEEDS_WARNING }).count()).toBe(1);
        expect(await page.getByText("The return has not been signed off yet.").count()).toBe(1);
        expect(await page.getByRole("button", { name: "Submit return" }).count()).toBe(0);
        // Standards rated below Met with nothing planned are listed, each a link to add an action
        // for it, the standard already chosen.
        const needing = page.locator("#needs-an-action a");
        expect(await needing.count()).toBeGreaterThan(0);
        const needingText = await needing.first().innerText();
        const needingCode = /^Add an action for standard (\S+),/.exec(needingText)?.[1];
        expect(needingCode, needingText).toBeTruthy();
        await expectAccessible(page);
        await clickTo(page, needing.first(), { path: `${returnPath}/actions`, search: (params) => params.get("standard") === needingCode, heading: "Action plan" });
        expect(await page.locator("#standardCode").inputValue()).toBe(needingCode);
        await clickTo(page, page.getByRole("link", { name: "Back to your return" }).first(), { path: returnPath, heading: CYCLE });
        await clickTo(page, page.getByRole("link", { name: "Sign-off by your headteacher, chair of governors or agency lead" }), {
          path: `${returnPath}/sign-off`,
        });
        await clickTo(page, page.getByRole("link", { name: "Back to check your answers" }), {
          path: `${returnPath}/check`,
          heading: "Check your answers before submitting your return",
        });

        // "Change" on an answer, then "Save and continue", comes back here (GOV.UK's pattern).
        const change = page.locator('.govuk-summary-list__actions a[href*="/sections/"]').last();
        const changePath = new URL((await change.getAttribute("href"))!, baseUrl).pathname;
        await clickTo(page, change, { path: changePath, search: (params) => params.get("returnTo") === "check" });
        await page.getByRole("link", { name: "Back to check your answers" }).waitFor();
        const backAtCheck = page.waitForURL((url) => url.pathname === `${returnPath}/check`);
        const warnedFirst = page.waitForURL((url) => url.pathname === changePath && url.searchParams.get("saved") === "1");
        backAtCheck.catch(() => undefined);
        warnedFirst.catch(() => undefined);
        await page.getByRole("button", { name: "Save and continue" }).click();
        if ((await Promise.race([backAtCheck.then(() => "back"), warnedFirst.then(() => "warned")])) === "warned") {
          // A warning about that section's evidence comes first; going on from it goes back too.
          await page.getByRole("link", { name: /^Continue without changing/ }).click();
        }
        await backAtCheck;
        await waitForHeading(page, "Check your answers before submitting your return");

        // 6. Everything but the sign-off is done: she emails the headteacher to ask for it.
        await clickTo(page, page.getByRole("link", { name: "Ask for sign-off" }), { path: `${returnPath}/sign-off` });
        await clickTo(page, page.getByRole("button", { name: "Email them to ask for sign-off" }), {
          path: `${returnPath}/sign-off`,
          search: (params) => params.get("requested") === "1",
        });
        await page.locator(".govuk-notification-banner--success", { hasText: "to say the return is ready to sign off" }).waitFor();
        expect(await page.getByText(/^You last asked for sign-off on /).count()).toBe(1);
        await expectAccessible(page);

        await page.getByRole("banner").getByRole("button", { name: "Sign out" }).click();
        await waitForHeading(page, "You have signed out");
        expect(pageErrors(page)).toEqual([]);
        readyForSignOff = true;
      } finally {
        await page.close();
      }
    },
    JOURNEY_TIMEOUT_MS,
  );

  it(
    "keeps what is typed in a section when the DSL leaves it, and says when nothing saves by itself",
    async () => {
      expect(readyForSignOff, "the DSL's part of the journey got the return ready for sign-off").toBe(true);
      const { baseUrl } = portal!;
      const page = await browser!.newPage({ javaScriptEnabled });
      try {
        await signInAs(page, baseUrl, DEMO_USERS.dsl);
        await waitForHeading(page, SETTING);
        await page.goto(`${baseUrl}${returnPath}`);
        await waitForHeading(page, CYCLE);
        const firstSection = page.locator(`a.govuk-task-list__link[href^="${returnPath}/sections/"]`).first();
        const sectionPath = (await firstSection.getAttribute("href"))!;
        await clickTo(page, firstSection, { path: sectionPath });
        const notes = page.locator('textarea[name^="notes."]').first();
        const noAutosave = page.getByText("Nothing on this page is saved until you press");
        expect(await noAutosave.isVisible()).toBe(!javaScriptEnabled);
        if (!javaScriptEnabled) return;

        // Typed, then straight to another page of the service: saved on the way out.
        await notes.click();
        await notes.pressSequentially(" Checked again in the spring.");
        await clickTo(page, page.getByRole("link", { name: "Back to your return" }), { path: returnPath, heading: CYCLE });
        await clickTo(page, firstSection, { path: sectionPath });
        await expect.poll(() => notes.inputValue()).toMatch(/ Checked again in the spring\.$/);

        // Typed, then the tab closed at once: the browser asks first. Once saved, it does not.
        const dialogs: string[] = [];
        page.on("dialog", (dialog) => {
          dialogs.push(dialog.type());
          void dialog.dismiss();
        });
        await notes.click();
        await notes.pressSequentially(" And in the summer.");
        await page.close({ runBeforeUnload: true });
        await expect.poll(() => dialogs).toEqual(["beforeunload"]);
        expect(page.isClosed()).toBe(false);
        await page.locator(".app-autosave-status", { hasText: /^Saved at / }).waitFor({ timeout: 8_000 });
        const closed = new Promise((resolve) => page.once("close", resolve));
        await page.close({ runBeforeUnload: true });
        await closed;
        expect(dialogs).toEqual(["beforeunload"]);
      } finally {
        if (!page.isClosed()) await page.close();
      }
    },
    JOURNEY_TIMEOUT_MS,
  );

  it(
    "the signatory signs the return off and submits it",
    async () => {
      expect(readyForSignOff, "the DSL's part of the journey got the return ready for sign-off").toBe(true);
      const { baseUrl } = portal!;
      const page = await browser!.newPage({ javaScriptEnabled });
      try {
        await signInAs(page, baseUrl, DEMO_USERS.signatory);
        await waitForHeading(page, SETTING);
        await clickTo(page, page.getByRole("link", { name: "Continue your return" }), { path: returnPath, heading: CYCLE });
        await clickTo(page, page.getByRole("link", { name: "Sign-off by your headteacher, chair of governors or agency lead" }), {
          path: `${returnPath}/sign-off`,
          heading: "Sign off the return",
        });
        // Nothing but the sign-off is left, so there is no "not finished yet" warning.
        expect(await page.locator(".govuk-warning-text").count()).toBe(0);
        await page.getByLabel("Full name").fill("Hana Hughes");
        await page.getByLabel("Role").fill("Headteacher");
        await page.locator("#declaration").check();
        await clickTo(page, page.getByRole("button", { name: "Sign off" }), {
          path: `${returnPath}/check`,
          heading: "Check your answers before submitting your return",
        });
        const signOff = page.locator(".govuk-summary-list", { hasText: "Signed off by" });
        expect(await signOff.innerText()).toMatch(/Signed off by\s+Hana Hughes/);
        expect(await signOff.innerText()).toMatch(/Role\s+Headteacher/);
        expect(await page.getByRole("heading", { name: "You cannot submit yet" }).count()).toBe(0);

        await clickTo(page, page.getByRole("button", { name: "Submit return" }), {
          path: `${returnPath}/confirmation`,
          search: (params) => params.get("version") === "1",
        });
        const panel = page.locator(".govuk-panel--confirmation");
        await panel.getByRole("heading", { name: "Return submitted" }).waitFor();
        const panelText = (await panel.innerText()).replace(/\s+/g, " ");
        expect(panelText).toContain("Version 1");
        expect(panelText).toContain(`${SETTING} – ${CYCLE}`);
        await expectAccessible(page);
        expect(pageErrors(page)).toEqual([]);
        submitted = true;
      } finally {
        await page.close();
      }
    },
    JOURNEY_TIMEOUT_MS,
  );

  it(
    "shows the submitted version, printable without the page's navigation",
    async () => {
      expect(submitted, "the signatory's part of the journey submitted the return").toBe(true);
      const { baseUrl } = portal!;
      const page = await browser!.newPage({ javaScriptEnabled });
      try {
        await signInAs(page, baseUrl, DEMO_USERS.dsl);
        await waitForHeading(page, SETTING);
        // The task list of a submitted return says when it went in, not when it was due.
        await page.goto(`${baseUrl}${returnPath}`);
        await waitForHeading(page, CYCLE);
        const statusLine = page.locator("p.govuk-body", { has: page.locator(".govuk-tag") }).first();
        expect(await statusLine.innerText()).toMatch(/^Submitted Version 1 submitted on \d{1,2} \w+ \d{4} at (\d{1,2}(:\d\d)?[ap]m|midday|midnight)\.$/);
        expect(await page.getByText(/Due by/).count()).toBe(0);
        await page.goto(`${baseUrl}${returnPath}/versions/1`);
        await waitForHeading(page, "Submitted return: version 1");
        expect(await page.locator(".app-version-standard").count()).toBe(standardCount);
        expect(await page.getByText(NEW_ACTION.description).count()).toBeGreaterThan(0);
        await expectAccessible(page);

        const displayOf = (selector: string) => page.locator(selector).first().evaluate((el) => getComputedStyle(el).display);
        expect(await displayOf(".govuk-service-navigation")).not.toBe("none");
        await page.emulateMedia({ media: "print" });
        for (const furniture of [".govuk-service-navigation", ".govuk-footer", ".govuk-skip-link", ".app-no-print"])
          expect(await displayOf(furniture), `${furniture} when printed`).toBe("none");
        expect(await displayOf("h1")).not.toBe("none");
        expect(await displayOf(".app-version-standard")).not.toBe("none");
        expect(pageErrors(page)).toEqual([]);
      } finally {
        await page.close();
      }
    },
    JOURNEY_TIMEOUT_MS,
  );

  it("sends a receipt to the DSL and the signatory", async () => {
    expect(submitted, "the signatory's part of the journey submitted the return").toBe(true);
    const { baseUrl } = portal!;
    const page = await browser!.newPage({ javaScriptEnabled });
    try {
      await page.goto(`${baseUrl}/dev/emails`);
      const receipts = page.locator("tr", { hasText: "return-receipt" });
      const rows = (await receipts.allInnerTexts()).map((text) => text.replace(/\s+/g, " "));
      for (const email of [DEMO_USERS.dsl, DEMO_USERS.signatory]) {
        const row = rows.find((r) => r.includes(email));
        expect(row, `a receipt to ${email} in:\n${rows.join("\n")}`).toBeDefined();
        expect(row).toContain(SETTING);
        expect(row).toContain(CYCLE);
      }

      // The DSL's request for sign-off went to the signatory before the receipts.
      const requests = (await page.locator("tr", { hasText: "sign-off-request" }).allInnerTexts()).map((t) => t.replace(/\s+/g, " "));
      expect(requests.some((r) => r.includes(DEMO_USERS.signatory) && r.includes(`Ready for you to sign off: ${SETTING}`)), requests.join("\n")).toBe(true);

      const receipt = receipts.filter({ hasText: DEMO_USERS.dsl }).first();
      const subject = (await receipt.getByRole("link").innerText()).trim();
      await receipt.getByRole("link").click();
      await waitForHeading(page, subject);
      const text = await page.locator("pre").innerText();
      expect(text).toContain("Hello Dana Singh,");
      expect(text).toMatch(/^Ratings$/m);
      const counts = [...text.matchAll(/^(Not met|Partially met|Met|Exceeds|Not applicable): (\d+) standards?$/gm)];
      expect(counts.map((m) => m[1])).toContain("Met");
      expect(counts.map((m) => m[1])).toContain("Exceeds");
      expect(counts.reduce((sum, m) => sum + Number(m[2]), 0)).toBe(standardCount);
      expect(text).toContain(`- ${NEW_ACTION.description} (Training, due 31 March ${DUE_YEAR})`);
      expect(pageErrors(page)).toEqual([]);
    } finally {
      await page.close();
    }
  });
});
