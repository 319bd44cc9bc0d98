// The moderation panel's whole workflow, with JavaScript on and off, on a demo seeded without
// this year's sample: the lead draws the sample (preview, then confirm) and assigns it; the panel
// member given Riverside College (whose return rates a standard Exceeds without the evidence)
// agrees the other standards and challenges that one; the college's DSL adds evidence and
// answers; its principal signs off and resubmits (version 2); the panel member upholds the
// rating and completes the review; the feedback letter is emailed and prints without the page's
// navigation. The pages on the way meet WCAG 2.2 AA as far as axe-core can tell.
import type { Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_USERS } from "../../db/seed/demo";
import { checkAccessibility, formatViolations, launchBrowser, pageErrors, signInAs, type TestBrowser } from "./support/browser";
import { printServerOutputOnFailure, startPortal, type Portal } from "./support/server";

const PARTNERSHIP = "Demo Safeguarding Children Partnership";
const PANEL = "/partnerships/demo/moderation";
const SETTING = "Riverside College";
const CYCLE = "Full audit 2026";
const PANEL_MEMBERS: Record<string, string> = {
  "Lee Lead": DEMO_USERS.moderationLead,
  "Morgan Moderator": DEMO_USERS.moderator,
  "Priya Panel": DEMO_USERS.secondModerator,
};
const CHALLENGE_MESSAGE = "You rated this standard Exceeds, but the evidence does not show practice beyond what it asks. Please add what shows it.";
const NEW_EVIDENCE =
  "Our termly audit of 30 safeguarding concern records found every referral made within 24 hours, each with a recorded outcome. A student survey in February showed 92% know how to raise a concern, and the safeguarding governor reviewed the records in person, reporting to the board.";
const ANSWER_MESSAGE = "We have added the findings of our termly audit and this year's student survey.";
const RESOLUTION = "The new evidence shows practice beyond the standard: the college's rating stands.";
const SUMMARY = "Thank you for answering the panel's question so fully. The panel agrees every rating in your return.";

const STEP_TIMEOUT_MS = 120_000;

async function expectAccessible(page: Page) {
  const violations = await checkAccessibility(page);
  expect(violations, `accessibility problems on ${page.url()}:\n${formatViolations(violations)}`).toEqual([]);
}

/** The page's h1, once it says `text` (exactly, spaces folded; or matching a pattern). */
async function waitForHeading(page: Page, text: string | RegExp) {
  await page
    .getByRole("heading", {
      level: 1,
      name: text,
      exact: typeof text === "string",
    })
    .waitFor();
}

/**
 * Clicks and waits until the browser is at `path` (and `search`, if given) and shows the h1
 * `heading`. With JavaScript Remix navigates client-side, so the old page's elements would still
 * match until then.
 */
async function clickTo(
  page: Page,
  target: Locator,
  arrive: {
    path: string | RegExp;
    search?: (params: URLSearchParams) => boolean;
    heading?: string | RegExp;
  },
) {
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

const pathOf = (page: Page) => new URL(page.url()).pathname;
const folded = (text: string) => text.replace(/\s+/g, " ").trim();

describe.each([
  { javaScriptEnabled: true, label: "with JavaScript" },
  { javaScriptEnabled: false, label: "without JavaScript" },
])("the moderation panel's workflow $label", ({ javaScriptEnabled }) => {
  let portal: Portal | undefined;
  let browser: TestBrowser | undefined;
  /** The email of the panel member Riverside College's return was assigned to. */
  let moderatorEmail = "";
  /** /partnerships/demo/moderation/reviews/<id>, and the standard challenged on it. */
  let reviewPath = "";
  let challengedCode = "";
  /** /settings/<id>/returns/<id>/challenges/<id>, as the setting sees it. */
  let settingChallengePath = "";
  let returnPath = "";
  // Each part of the workflow builds on the one before.
  let assigned = false;
  let challenged = false;
  let answered = false;
  let resubmitted = false;
  let completed = false;

  beforeAll(async () => {
    [portal, browser] = await Promise.all([startPortal({ seedArgs: ["--without-moderation"] }), launchBrowser()]);
  });

  afterAll(async () => {
    await Promise.allSettled([browser?.close(), portal?.stop()]);
  });

  printServerOutputOnFailure(() => portal);

  it(
    "the lead draws the sample at the default rate, after a preview, and assigns it automatically",
    async () => {
      const { baseUrl } = portal!;
      const page = await browser!.newPage({ javaScriptEnabled });
      try {
        await signInAs(page, baseUrl, DEMO_USERS.moderationLead);
        await page.goto(`${baseUrl}/partnerships/demo`);
        await waitForHeading(page, PARTNERSHIP);
        await clickTo(page, page.getByRole("link", { name: "Moderation", exact: true }), { path: PANEL, heading: "Moderation panel" });
        expect(await page.getByText("The sample for this cycle has not been drawn yet.").count()).toBe(1);

        await clickTo(page, page.getByRole("link", { name: "Draw the sample" }), { path: `${PANEL}/sample`, heading: "Draw the moderation sample" });
        expect(await page.getByLabel("Sampling rate (%)").inputValue()).toBe("60");
        expect(await page.getByLabel("Calibration share (%)").inputValue()).toBe("10");
        const seed = await page.getByLabel("Seed").inputValue();
        expect(seed).not.toBe("");
        // No calibration pairs: which return is moderated twice depends on the draw, and a blind
        // second review is not this journey's business.
        await page.getByLabel("Calibration share (%)").fill("0");
        await page.getByRole("button", { name: "Preview" }).click();

        // The preview: the size per type of setting, then who is in and why.
        const strata = page.locator("table", {
          has: page.locator("caption", { hasText: "Size by type of setting" }),
        });
        const members = page.locator("table", {
          has: page.locator("caption", { hasText: "Who is in and why" }),
        });
        await members.waitFor();
        const strataRows = (await strata.locator("tbody tr").allInnerTexts()).map(folded);
        expect(strataRows.length, strataRows.join("\n")).toBeGreaterThan(1);
        const memberRows = (await members.locator("tbody tr").allInnerTexts()).map(folded);
        expect(memberRows.length).toBeGreaterThan(1);
        const college = memberRows.find((r) => r.startsWith(SETTING));
        expect(college, memberRows.join("\n")).toBeDefined();
        expect(college).toContain("An Exceeds rating without the evidence to support it (always included)");
        expect(college).not.toContain("Moderated twice");
        expect(
          memberRows.every((r) => /Version \d+ (An Exceeds rating without|Drawn in the seeded order|Not moderated in the last)/.test(r)),
          memberRows.join("\n"),
        ).toBe(true);
        await expectAccessible(page);

        await clickTo(page, page.getByRole("button", { name: "Confirm the sample" }), {
          path: `${PANEL}/sample`,
          search: (params) => params.get("done") === "drawn",
          heading: "The moderation sample",
        });
        await page
          .locator(".govuk-notification-banner--success", {
            hasText: "The sample has been drawn.",
          })
          .waitFor();
        const kept = (
          await page
            .locator("table", {
              has: page.locator("caption", { hasText: "In the sample" }),
            })
            .locator("tbody tr")
            .allInnerTexts()
        ).map(folded);
        expect(kept).toEqual(memberRows);
        expect(await page.getByText(`at 60% with seed ${seed}`).count()).toBe(1);

        await clickTo(page, page.getByRole("link", { name: "Back to the moderation panel" }), { path: PANEL, heading: "Moderation panel" });
        await clickTo(page, page.getByRole("link", { name: "Assign returns" }), { path: `${PANEL}/assign`, heading: "Assign returns" });
        await expectAccessible(page);
        await clickTo(page, page.getByRole("button", { name: "Assign automatically" }), {
          path: `${PANEL}/assign`,
          search: (params) => params.get("done") === "assigned",
          heading: "Assign returns",
        });
        await page
          .locator(".govuk-notification-banner--success", {
            hasText: "The returns have been assigned.",
          })
          .waitFor();
        const row = page
          .locator("table", {
            has: page.locator("caption", { hasText: "The sample" }),
          })
          .locator("tbody tr", { hasText: SETTING });
        const holder = folded(await row.locator("td").first().locator("p").innerText());
        const name = /^(.+) \(Not started\)$/.exec(holder)?.[1];
        expect(name && PANEL_MEMBERS[name], `a panel member holds ${SETTING}: "${holder}"`).toBeTruthy();
        moderatorEmail = PANEL_MEMBERS[name!];
        expect(folded(await row.innerText())).toContain("Not calibrated");
        await expectAccessible(page);
        expect(pageErrors(page)).toEqual([]);
        assigned = true;
      } finally {
        await page.close();
      }
    },
    STEP_TIMEOUT_MS,
  );

  it(
    "the panel member agrees the other standards and challenges the unsupported Exceeds",
    async () => {
      expect(assigned, "the lead assigned the sample").toBe(true);
      const { baseUrl } = portal!;
      const page = await browser!.newPage({ javaScriptEnabled });
      try {
        await signInAs(page, baseUrl, moderatorEmail);
        await page.goto(`${baseUrl}${PANEL}`);
        await waitForHeading(page, "Moderation panel");
        const yours = page.getByRole("heading", { level: 2, name: "Your reviews" }).locator("xpath=following-sibling::table[1]");
        const reviewLink = yours.getByRole("link", { name: SETTING });
        reviewPath = (await reviewLink.getAttribute("href"))!;
        expect(reviewPath).toMatch(new RegExp(`^${PANEL}/reviews/[^/]+$`));
        await clickTo(page, reviewLink, {
          path: reviewPath,
          heading: `Review: ${SETTING}`,
        });

        // The standard flagged as an unsupported Exceeds is the one to challenge.
        const flagged = page
          .locator("section", {
            has: page.locator(".govuk-tag", { hasText: "Unsupported Exceeds" }),
          })
          .first();
        const caption = await flagged.locator("h3 .govuk-caption-m").innerText();
        challengedCode = /^Standard (\S+)$/.exec(caption.trim())?.[1] ?? "";
        expect(challengedCode, caption).not.toBe("");
        expect(folded(await flagged.locator(".govuk-summary-list").innerText())).toContain("Setting's rating Exceeds");

        const sections = page.locator("#judgements section");
        const count = await sections.count();
        expect(count).toBeGreaterThan(1);
        for (let i = 0; i < count; i++) {
          const section = sections.nth(i);
          if ((await section.locator("h3 .govuk-caption-m").innerText()).trim() === `Standard ${challengedCode}`) continue;
          await section.locator('input[type="radio"][value="agree"]').check();
        }
        await clickTo(page, page.getByRole("button", { name: "Save and come back later" }), {
          path: reviewPath,
          search: (params) => params.get("saved") === "1",
          heading: `Review: ${SETTING}`,
        });
        await page
          .locator(".govuk-notification-banner--success", {
            hasText: "Your judgements are saved",
          })
          .waitFor();
        expect(await page.locator('#judgements input[type="radio"][value="agree"]:checked').count()).toBe(count - 1);
        await expectAccessible(page);

        const challengePath = `${reviewPath}/challenge/${encodeURIComponent(challengedCode)}`;
        await clickTo(
          page,
          page.getByRole("link", {
            name: `Challenge this rating (standard ${challengedCode})`,
          }),
          {
            path: challengePath,
            heading: new RegExp(`^Challenge standard ${challengedCode.replace(/\./g, "\\.")}: `),
          },
        );
        // Sending nothing is refused, with the problem linked to its field.
        await page.getByRole("button", { name: "Send the challenge" }).click();
        await page
          .locator(".govuk-error-summary", {
            hasText: "Enter a message for the setting",
          })
          .waitFor();
        await expectAccessible(page);
        await page.getByLabel("Your message to the setting").fill(CHALLENGE_MESSAGE);
        await page.getByLabel("Rating you think the evidence supports (optional)").selectOption({ label: "Met" });
        await clickTo(page, page.getByRole("button", { name: "Send the challenge" }), {
          path: reviewPath,
          search: (params) => params.get("challenged") === challengedCode,
          heading: `Review: ${SETTING}`,
        });
        const target = page.locator("section", {
          has: page.locator("h3 .govuk-caption-m", {
            hasText: new RegExp(`^Standard ${challengedCode.replace(/\./g, "\\.")}$`),
          }),
        });
        expect(folded(await target.locator("h4 + ul").innerText())).toMatch(
          /^Waiting for the setting's answer \(standard \S+\) ?, suggested rating Met, answer by \d{1,2} \w+ \d{4}$/,
        );
        expect(pageErrors(page)).toEqual([]);
        challenged = true;
      } finally {
        await page.close();
      }
    },
    STEP_TIMEOUT_MS,
  );

  it(
    "the college's DSL sees the challenge, adds evidence and answers",
    async () => {
      expect(challenged, "the panel member challenged a standard").toBe(true);
      const { baseUrl } = portal!;
      const page = await browser!.newPage({ javaScriptEnabled });
      try {
        // The challenge was emailed to the setting's DSL and signatory.
        await page.goto(`${baseUrl}/dev/emails`);
        const notices = (await page.locator("tr").allInnerTexts()).map(folded).filter((r) => r.includes(SETTING) && /challenge/i.test(r));
        for (const email of [DEMO_USERS.collegeDsl, DEMO_USERS.collegeSignatory])
          expect(
            notices.some((r) => r.includes(email)),
            notices.join("\n"),
          ).toBe(true);

        await signInAs(page, baseUrl, DEMO_USERS.collegeDsl);
        await waitForHeading(page, SETTING);
        const home = pathOf(page);
        await page.getByText("The moderation panel has 1 question about your return waiting for your answer.").waitFor();
        const link = page.getByRole("link", {
          name: new RegExp(`^Standard ${challengedCode.replace(/\./g, "\\.")}: `),
        });
        settingChallengePath = (await link.getAttribute("href"))!;
        returnPath = settingChallengePath.replace(/\/challenges\/[^/]+$/, "");
        expect(returnPath).toMatch(new RegExp(`^${home}/returns/[^/]+$`));
        await clickTo(page, link, {
          path: settingChallengePath,
          heading: /^The moderation panel's question about standard /,
        });
        expect(await page.locator(".govuk-inset-text").first().innerText()).toContain(CHALLENGE_MESSAGE);
        expect(folded(await page.locator(".govuk-summary-list").innerText())).toContain("Rating the panel suggests Met");
        await expectAccessible(page);

        // The evidence, changed on its section page (only this standard can be).
        const change = page.getByRole("link", {
          name: `change the evidence for standard ${challengedCode}`,
          exact: true,
        });
        const changeUrl = new URL((await change.getAttribute("href"))!, baseUrl);
        await clickTo(page, change, {
          path: changeUrl.pathname,
          search: (params) => params.get("returnTo") === "check",
        });
        const evidence = page.locator(`#evidence-${challengedCode.replace(/\W/g, "-")}`);
        await evidence.waitFor();
        expect(await evidence.inputValue()).toBe("Outstanding practice throughout.");
        await evidence.fill(NEW_EVIDENCE);
        if (javaScriptEnabled) await page.locator(".app-autosave-status", { hasText: /^Saved at / }).waitFor({ timeout: 8_000 });
        const backAtCheck = page.waitForURL((url) => url.pathname === `${returnPath}/check`);
        const warnedFirst = page.waitForURL((url) => url.pathname === changeUrl.pathname && url.searchParams.get("saved") === "1");
        backAtCheck.catch(() => undefined);
        warnedFirst.catch(() => undefined);
        const refused = page.locator(".govuk-error-summary").waitFor();
        refused.catch(() => undefined);
        await page.getByRole("button", { name: "Save and continue" }).click();
        const outcome = await Promise.race([backAtCheck.then(() => "back"), warnedFirst.then(() => "warned"), refused.then(() => "refused")]);
        if (outcome === "refused") throw new Error(`Saving the evidence was refused: ${folded(await page.locator(".govuk-error-summary").innerText())}`);
        if (outcome === "warned") {
          // A warning about another standard's evidence in the section; going on goes back too.
          expect(await page.getByText(`Standard ${challengedCode}: `).count()).toBe(0);
          await page.getByRole("link", { name: /^Continue without changing/ }).click();
        }
        await backAtCheck;
        await waitForHeading(page, "Check your answers before submitting your return");

        await page.goto(`${baseUrl}${settingChallengePath}`);
        await waitForHeading(page, /^The moderation panel's question about standard /);
        expect(await page.locator(".govuk-summary-list").innerText()).toContain(NEW_EVIDENCE);
        await page.getByRole("radio", { name: "We have added evidence" }).check();
        await page.getByLabel("Your message to the panel").fill(ANSWER_MESSAGE);
        await clickTo(page, page.getByRole("button", { name: "Send your answer" }), {
          path: settingChallengePath,
          search: (params) => params.get("done") === "responded",
        });
        await page
          .locator(".govuk-notification-banner--success", {
            hasText: "Your answer has been sent to the moderation panel.",
          })
          .waitFor();
        expect(await page.getByText(ANSWER_MESSAGE).count()).toBeGreaterThan(0);
        expect(
          (await page.getByText("your signatory signs the return off and submit it").count()) +
            (await page.getByText("sign the return off and submit it").count()),
        ).toBeGreaterThan(0);
        await expectAccessible(page);
        expect(pageErrors(page)).toEqual([]);
        answered = true;
      } finally {
        await page.close();
      }
    },
    STEP_TIMEOUT_MS,
  );

  it(
    "the principal signs the return off again and resubmits it as version 2",
    async () => {
      expect(answered, "the DSL answered the challenge").toBe(true);
      const { baseUrl } = portal!;
      const page = await browser!.newPage({ javaScriptEnabled });
      try {
        await signInAs(page, baseUrl, DEMO_USERS.collegeSignatory);
        await waitForHeading(page, SETTING);
        await page.getByText("answered the moderation panel: the return must be signed off and submitted again.").waitFor();
        await page.goto(`${baseUrl}${returnPath}/sign-off`);
        await waitForHeading(page, "Sign off the return");
        await page.getByLabel("Full name").fill("Colin Price");
        await page.getByLabel("Role").fill("Principal");
        await page.locator("#declaration").check();
        await clickTo(page, page.getByRole("button", { name: "Sign off" }), {
          path: `${returnPath}/check`,
          heading: "Check your answers before submitting your return",
        });
        await clickTo(page, page.getByRole("button", { name: "Submit return" }), {
          path: `${returnPath}/confirmation`,
          search: (params) => params.get("version") === "2",
        });
        const panel = page.locator(".govuk-panel--confirmation");
        await panel.getByRole("heading", { name: "Return submitted" }).waitFor();
        const text = folded(await panel.innerText());
        expect(text).toContain("Version 2");
        expect(text).toContain(`${SETTING} – ${CYCLE}`);
        expect(pageErrors(page)).toEqual([]);
        resubmitted = true;
      } finally {
        await page.close();
      }
    },
    STEP_TIMEOUT_MS,
  );

  it(
    "the panel member upholds the rating and completes the review",
    async () => {
      expect(resubmitted, "the principal resubmitted the return").toBe(true);
      const { baseUrl } = portal!;
      const page = await browser!.newPage({ javaScriptEnabled });
      try {
        await signInAs(page, baseUrl, moderatorEmail);
        await page.goto(`${baseUrl}${reviewPath}`);
        await waitForHeading(page, `Review: ${SETTING}`);
        await clickTo(
          page,
          page.getByRole("link", {
            name: `Answered by the setting (standard ${challengedCode})`,
          }),
          {
            path: new RegExp(`^${PANEL}/challenges/[^/]+$`),
            heading: new RegExp(`^Challenge on standard ${challengedCode.replace(/\./g, "\\.")}: `),
          },
        );
        const facts = folded(await page.locator(".govuk-summary-list").innerText());
        expect(facts).toContain("The setting's answer Added evidence");
        expect(facts).toContain("Resubmitted as Version 2");
        expect(facts).toContain("Rating now Exceeds");
        expect(facts).toContain(NEW_EVIDENCE);
        expect(await page.getByText(ANSWER_MESSAGE).count()).toBe(1);
        await page
          .getByRole("radio", {
            name: "Yes, uphold the setting's rating (Exceeds)",
          })
          .check();
        await page.getByLabel("Resolution").fill(RESOLUTION);
        const challengePath = pathOf(page);
        await clickTo(page, page.getByRole("button", { name: "Resolve the challenge" }), {
          path: challengePath,
          search: (params) => params.get("done") === "resolved",
        });
        await page
          .locator(".govuk-notification-banner--success", {
            hasText: "The challenge is resolved and the setting has been told.",
          })
          .waitFor();

        await clickTo(page, page.getByRole("link", { name: "Back to the review" }), { path: reviewPath, heading: `Review: ${SETTING}` });
        await clickTo(page, page.getByRole("link", { name: "Complete the review", exact: true }), {
          path: `${reviewPath}/complete`,
          heading: "Complete the review",
        });
        // Every standard is judged: the upheld challenge recorded its judgement.
        expect(await page.getByText("These standards are not judged yet.").count()).toBe(0);
        await page.getByRole("radio", { name: "Agreed", exact: true }).check();
        await page.getByLabel("Summary for the setting's letter").fill(SUMMARY);
        await expectAccessible(page);
        await clickTo(
          page,
          page.getByRole("button", {
            name: "Complete the review and send the letter",
          }),
          {
            path: new RegExp(`^${PANEL}/letters/[^/]+$`),
            search: (params) => params.get("sent") === "1",
          },
        );
        await page
          .getByRole("heading", { name: `Moderation feedback: ${SETTING}` })
          .first()
          .waitFor();
        expect(pageErrors(page)).toEqual([]);
        completed = true;
      } finally {
        await page.close();
      }
    },
    STEP_TIMEOUT_MS,
  );

  it(
    "emails the feedback letter to the college, whose letter page prints without the page's furniture",
    async () => {
      expect(completed, "the panel member completed the review").toBe(true);
      const { baseUrl } = portal!;
      const page = await browser!.newPage({ javaScriptEnabled });
      try {
        // The email worker delivers within a second or two.
        let letters: string[] = [];
        await expect
          .poll(
            async () => {
              await page.goto(`${baseUrl}/dev/emails`);
              letters = (await page.locator("tr", { hasText: "feedback-letter" }).allInnerTexts()).map(folded);
              return letters.some((r) => r.includes(DEMO_USERS.collegeDsl));
            },
            { timeout: 20_000, interval: 500 },
          )
          .toBe(true);
        expect(letters.find((r) => r.includes(DEMO_USERS.collegeDsl))).toContain(SETTING);

        await signInAs(page, baseUrl, DEMO_USERS.collegeDsl);
        await waitForHeading(page, SETTING);
        const home = pathOf(page);
        await clickTo(page, page.getByRole("link", { name: `${CYCLE}: agreed` }), {
          path: new RegExp(`^${home}/letters/[^/]+$`),
          heading: `Moderation feedback: ${SETTING}`,
        });
        const ratings = page.locator(".app-letter table");
        const rows = (await ratings.locator("tbody tr").allInnerTexts()).map(folded);
        expect(rows.find((r) => r.startsWith(`${challengedCode} `))).toMatch(/Exceeds Exceeds \(agreed\)$/);
        expect(folded(await page.locator(".app-letter").innerText())).toContain(RESOLUTION);
        await expectAccessible(page);

        const shown = (locator: Locator) => locator.evaluate((el) => getComputedStyle(el).display !== "none" && getComputedStyle(el).visibility !== "hidden");
        expect(await shown(page.locator(".govuk-back-link"))).toBe(true);
        await page.emulateMedia({ media: "print" });
        for (const furniture of ["header", ".govuk-footer", ".govuk-back-link", ".app-no-print"]) {
          const elements = page.locator(furniture);
          expect(await elements.count(), `${furniture} on the page`).toBeGreaterThan(0);
          for (const el of await elements.all()) expect(await shown(el), `${furniture} when printed`).toBe(false);
        }
        for (const button of await page.locator("button, .govuk-button").all()) expect(await button.isVisible(), "a button when printed").toBe(false);
        expect(
          await shown(
            page.getByRole("heading", {
              level: 1,
              name: `Moderation feedback: ${SETTING}`,
            }),
          ),
        ).toBe(true);
        expect(await shown(ratings)).toBe(true);
        expect(await ratings.isVisible()).toBe(true);
        expect(pageErrors(page)).toEqual([]);
      } finally {
        await page.close();
      }
    },
    STEP_TIMEOUT_MS,
  );
});
