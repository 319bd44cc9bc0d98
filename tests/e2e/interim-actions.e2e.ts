// An interim return's actions, with JavaScript on and off, in the demo's second partnership
// (Northshire, in its interim year): Nia Shah, DSL of Larkhill Primary School, opens this year's
// interim update from her setting's home page, starts it, and on its action plan records an
// update on one of the two actions carried from 2025 (in progress, with a progress note and a new
// due date) and completes the other. Nat Admin, Northshire's administrator, reads the outstanding
// actions page before and after: the completed action has gone from the list and its theme's
// count, the other shows its new status and date, and the share of settings that completed every
// action from their previous return is unchanged while Larkhill still has one to do. When Nia
// completes that one too, the share's numerator is one more than before she started. Every page
// on the way meets WCAG 2.2 AA as far as axe-core can tell.
import type { Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LARKHILL, NORTHSHIRE_CYCLES, NORTHSHIRE_NAME, NORTHSHIRE_SLUG, NORTHSHIRE_USERS } from "../../db/seed/demo-northshire";
import { formatDate } from "../../app/dates";
import { checkAccessibility, formatViolations, launchBrowser, pageErrors, signInAs, type TestBrowser } from "./support/browser";
import { printServerOutputOnFailure, startPortal, type Portal } from "./support/server";

const CYCLE = NORTHSHIRE_CYCLES.current.name;
const EARLIER_CYCLE = NORTHSHIRE_CYCLES.earlier.name;
const OUTSTANDING = `/partnerships/${NORTHSHIRE_SLUG}/actions`;
const NEW_DUE = { day: "31", month: "3", year: String(new Date().getFullYear() + 1) };
const NEW_DUE_ISO = `${NEW_DUE.year}-03-31`;
const PROGRESS_NOTE = "One of the two governors has done the course; the other is booked on the spring session.";
const DONE_NOTE = "Audit finished: every concern record this year has an outcome and a named member of staff.";
const LAST_DONE_NOTE = "The second governor completed the course.";

const STEP_TIMEOUT_MS = 120_000;

async function expectAccessible(page: Page) {
  const violations = await checkAccessibility(page);
  expect(violations, `accessibility problems on ${page.url()}:\n${formatViolations(violations)}`).toEqual([]);
}

async function waitForHeading(page: Page, text: string) {
  try {
    await page.getByRole("heading", { level: 1, name: text, exact: true }).waitFor();
  } catch (error) {
    const h1 = await page.locator("h1").first().innerText().catch(() => "(no h1)");
    throw new Error(`${page.url()} shows "${h1}", not "${text}"; page errors: ${pageErrors(page).join(" / ") || "none"}`, { cause: error });
  }
}

/** Clicks and waits until the browser is at `path` (and `search`/`hash`, if given) showing the h1 `heading`. */
async function clickTo(page: Page, target: Locator, arrive: { path: string; search?: (params: URLSearchParams) => boolean; hash?: string; heading?: string }) {
  const arrived = page.waitForURL(
    (url) => url.pathname === arrive.path && (arrive.search?.(url.searchParams) ?? true) && (arrive.hash === undefined || url.hash === arrive.hash),
  );
  arrived.catch(() => undefined);
  await target.click();
  try {
    await arrived;
  } catch (error) {
    const h1 = await page.locator("h1").first().innerText().catch(() => "(no h1)");
    throw new Error(`Still at ${page.url()} ("${h1}"), not ${arrive.path}; page errors: ${pageErrors(page).join(" / ") || "none"}`, { cause: error });
  }
  if (arrive.heading) await waitForHeading(page, arrive.heading);
}

const folded = (text: string) => text.replace(/\s+/g, " ").trim();

interface OutstandingFigures {
  actions: number;
  settings: number;
  numerator: number;
  denominator: number;
  /** Outstanding actions by theme label, from the "By theme" table. */
  byTheme: Map<string, number>;
  /** The "Actions" table's rows: setting, description, theme, due date, status, source. */
  rows: string[][];
}

/** The figures the outstanding actions page shows, read off the page as it stands. */
async function readOutstanding(page: Page): Promise<OutstandingFigures> {
  const count = folded(await page.getByTestId("count").innerText());
  const counted = /^([\d,]+) outstanding actions? in ([\d,]+) settings?\.$/.exec(count);
  expect(counted, `the count says "${count}"`).not.toBeNull();
  const share = folded(await page.getByTestId("completion-share").innerText());
  const shared = /^(\d+) of ([\d,]+) settings? \((\d+)%\) completed every action from their previous return \((.+), before (.+)\)\.$/.exec(share);
  expect(shared, `the share says "${share}"`).not.toBeNull();
  const [, numerator, denominator, percent, previous, current] = shared!;
  expect([previous, current]).toEqual([EARLIER_CYCLE, CYCLE]);
  expect(Number(percent)).toBe(Math.round((Number(numerator) / Number(denominator)) * 100));
  const table = (caption: string) => page.locator("table.govuk-table", { has: page.locator("caption", { hasText: new RegExp(`^${caption}$`) }) });
  const cells = async (t: Locator) =>
    (await t.locator("tbody tr").evaluateAll((trs) => trs.map((tr) => Array.from(tr.children).map((c) => (c.textContent ?? "").replace(/\s+/g, " ").trim())))) as string[][];
  const themes = await cells(table("By theme"));
  const number = (text: string) => Number(text.replace(/,/g, ""));
  return {
    actions: number(counted![1]),
    settings: number(counted![2]),
    numerator: Number(numerator),
    denominator: number(denominator),
    byTheme: new Map(themes.map(([theme, actions]) => [theme, number(actions)])),
    rows: (await table("Actions").count()) > 0 ? await cells(table("Actions")) : [],
  };
}

/** The outstanding actions page, fresh. */
async function openOutstanding(page: Page, baseUrl: string): Promise<OutstandingFigures> {
  await page.goto(`${baseUrl}${OUTSTANDING}`);
  await waitForHeading(page, "Outstanding actions");
  return readOutstanding(page);
}

/** The theme counts with `theme` one fewer, the others as they were. */
const lessOne = (byTheme: Map<string, number>, theme: string) => new Map([...byTheme].map(([t, n]) => [t, t === theme ? n - 1 : n]));

describe.each([
  { javaScriptEnabled: true, label: "with JavaScript" },
  { javaScriptEnabled: false, label: "without JavaScript" },
])("updating the actions of an interim return $label", ({ javaScriptEnabled }) => {
  let portal: Portal | undefined;
  let browser: TestBrowser | undefined;
  let admin: Page | undefined;
  let dsl: Page | undefined;
  /** What the administrator read before the DSL changed anything. */
  let before: OutstandingFigures | undefined;
  /** /settings/<id>/returns/<id>/actions, once the DSL has started the return. */
  let actionsPath = "";
  /** The two carried actions, as their cards title them: the first is put in progress, the second done. */
  let inProgress = "";
  let completed = "";
  let updated = false;

  beforeAll(async () => {
    [portal, browser] = await Promise.all([startPortal(), launchBrowser()]);
  });

  afterAll(async () => {
    await Promise.allSettled([browser?.close(), portal?.stop()]);
  });

  printServerOutputOnFailure(() => portal);

  /** The card of the action titled `description` on the action plan page. */
  const card = (page: Page, description: string) =>
    page.locator(".govuk-summary-card", { has: page.getByRole("heading", { level: 2, name: description, exact: true }) });

  /** Records an update on an action card and waits for the page to say it was saved. */
  async function saveUpdate(page: Page, description: string, update: { status: string; note: string; due?: typeof NEW_DUE }) {
    const action = card(page, description);
    const id = await action.getAttribute("id");
    expect(id).toMatch(/^action-/);
    await action.getByRole("radio", { name: update.status, exact: true }).check();
    await action.getByLabel("Progress", { exact: true }).fill(update.note);
    if (update.due) {
      await action.locator('input[name="newDueOn-day"]').fill(update.due.day);
      await action.locator('input[name="newDueOn-month"]').fill(update.due.month);
      await action.locator('input[name="newDueOn-year"]').fill(update.due.year);
    }
    await clickTo(page, action.getByRole("button", { name: /^Save update/ }), {
      path: actionsPath,
      search: (params) => params.get("saved") === "updated",
      hash: `#${id}`,
      heading: "Action plan",
    });
    await page.locator(".govuk-notification-banner", { hasText: "Update saved" }).waitFor();
    return card(page, description);
  }

  /** A summary list row's value in a card. */
  const rowValue = (action: Locator, key: string) =>
    action.locator(".govuk-summary-list__row", { has: action.page().locator(".govuk-summary-list__key", { hasText: new RegExp(`^${key}$`) }) }).locator(".govuk-summary-list__value");

  it(
    "the Northshire administrator reads the outstanding actions and the share before anything changes",
    async () => {
      const { baseUrl } = portal!;
      admin = await browser!.newPage({ javaScriptEnabled });
      // Nat administers one partnership, so she lands on its page.
      await signInAs(admin, baseUrl, NORTHSHIRE_USERS.admin);
      await waitForHeading(admin, NORTHSHIRE_NAME);
      await expectAccessible(admin);
      await clickTo(admin, admin.getByRole("link", { name: "Outstanding actions", exact: true }), { path: OUTSTANDING, heading: "Outstanding actions" });
      before = await readOutstanding(admin);
      // Larkhill's two actions from 2025 are listed, not started; Larkhill has not completed them.
      const larkhill = before.rows.filter((r) => r[0] === LARKHILL);
      expect(larkhill.map((r) => [r[4], r[5]])).toEqual([
        ["Not started", "Self-assessment"],
        ["Not started", "Self-assessment"],
      ]);
      expect(before.actions).toBe(before.rows.length);
      expect(before.numerator).toBeLessThan(before.denominator);
      await expectAccessible(admin);
    },
    STEP_TIMEOUT_MS,
  );

  it(
    "the DSL starts the interim return from her setting's home page, puts one carried action in progress with a new date and completes the other",
    async () => {
      expect(before, "the administrator read the page first").toBeDefined();
      const { baseUrl } = portal!;
      dsl = await browser!.newPage({ javaScriptEnabled });
      // Nia works at one setting, so she lands on its home page.
      await signInAs(dsl, baseUrl, NORTHSHIRE_USERS.dsl);
      await waitForHeading(dsl, LARKHILL);
      const audit = dsl.locator(".govuk-summary-list__row", { hasText: "Audit" }).locator(".govuk-summary-list__value");
      expect(folded(await audit.innerText())).toBe(`${CYCLE} (interim update)`);
      const outstandingTable = dsl.getByRole("heading", { level: 2, name: "Outstanding actions", exact: true }).locator("xpath=following-sibling::table[1]");
      const listed = (await outstandingTable.locator("tbody tr th").allInnerTexts()).map(folded);
      const adminsLarkhill = before!.rows.filter((r) => r[0] === LARKHILL).map((r) => r[1]);
      expect([...listed].sort()).toEqual([...adminsLarkhill].sort());
      await expectAccessible(dsl);

      const startLink = dsl.getByRole("link", { name: "Start your return" });
      const returnPath = (await startLink.getAttribute("href")) ?? "";
      expect(returnPath).toMatch(/^\/settings\/[^/]+\/returns\/[^/]+$/);
      await clickTo(dsl, startLink, { path: returnPath, heading: CYCLE });
      // No choice of how to start: an interim update always copies the last return.
      expect(await dsl.getByRole("radio").count()).toBe(0);
      await dsl.getByText(`This is the interim update between full audits. We will copy your last return (${EARLIER_CYCLE})`).waitFor();
      await expectAccessible(dsl);
      await dsl.getByRole("button", { name: "Start your return" }).click();
      const actionsTask = dsl.getByRole("link", { name: "Update your outstanding actions" });
      await actionsTask.waitFor();
      expect(new URL(dsl.url()).pathname).toBe(returnPath);
      const task = actionsTask.locator("xpath=ancestor::li[1]");
      expect(folded(await task.innerText())).toMatch(/2 actions.*2 to review$/);
      await expectAccessible(dsl);

      actionsPath = `${returnPath}/actions`;
      await clickTo(dsl, actionsTask, { path: actionsPath, heading: "Action plan" });
      await dsl.locator(".govuk-inset-text", { hasText: "This is an interim update." }).waitFor();
      const carried = dsl.locator(".govuk-summary-card", { hasText: "Carried forward – review" });
      expect(await carried.count()).toBe(2);
      const titles = (await carried.locator(".govuk-summary-card__title").allInnerTexts()).map(folded);
      expect([...titles].sort()).toEqual([...adminsLarkhill].sort());
      [inProgress, completed] = titles;
      await expectAccessible(dsl);

      // One in progress, with a note and a new due date.
      let action = await saveUpdate(dsl, inProgress, { status: "In progress", note: PROGRESS_NOTE, due: NEW_DUE });
      expect(folded(await rowValue(action, "Status").innerText())).toBe("In progress");
      expect(folded(await rowValue(action, "Due date").innerText())).toBe(formatDate(NEW_DUE_ISO));
      expect(folded(await rowValue(action, "Update in this return").innerText())).toBe(
        folded(`In progress ${PROGRESS_NOTE} New due date: ${formatDate(NEW_DUE_ISO)}`),
      );
      expect(await action.getByText("Carried forward – review").count()).toBe(0);
      await expectAccessible(dsl);

      // The other done.
      action = await saveUpdate(dsl, completed, { status: "Done", note: DONE_NOTE });
      expect(folded(await rowValue(action, "Status").innerText())).toBe("Done");
      expect(folded(await rowValue(action, "Update in this return").innerText())).toBe(folded(`Done ${DONE_NOTE}`));
      expect(await dsl.getByText("Carried forward – review").count()).toBe(0);
      await expectAccessible(dsl);

      // The return's task list says the plan is reviewed.
      await clickTo(dsl, dsl.getByRole("link", { name: "Back to your return" }).first(), { path: returnPath, heading: CYCLE });
      expect(folded(await dsl.getByRole("link", { name: "Update your outstanding actions" }).locator("xpath=ancestor::li[1]").innerText())).toMatch(
        /2 actions.*Reviewed$/,
      );
      updated = true;
    },
    STEP_TIMEOUT_MS,
  );

  it(
    "the administrator sees the completed action gone and the other in progress; the share waits for Larkhill's last action",
    async () => {
      expect(updated, "the DSL updated the actions").toBe(true);
      const after = await openOutstanding(admin!, portal!.baseUrl);
      const larkhill = after.rows.filter((r) => r[0] === LARKHILL);
      expect(larkhill.map((r) => r[1])).toEqual([inProgress]);
      expect(larkhill[0][3]).toBe(formatDate(NEW_DUE_ISO));
      expect(larkhill[0][4]).toBe("In progress");
      expect(after.rows.some((r) => r[1] === completed)).toBe(false);
      // Every other row is as it was.
      const others = (rows: string[][]) => rows.filter((r) => r[0] !== LARKHILL);
      expect(others(after.rows)).toEqual(others(before!.rows));
      const completedTheme = before!.rows.find((r) => r[0] === LARKHILL && r[1] === completed)![2];
      expect([after.actions, after.settings]).toEqual([before!.actions - 1, before!.settings]);
      expect(after.byTheme).toEqual(lessOne(before!.byTheme, completedTheme));
      // Larkhill still has one action from its previous return to finish.
      expect([after.numerator, after.denominator]).toEqual([before!.numerator, before!.denominator]);
      await expectAccessible(admin!);
    },
    STEP_TIMEOUT_MS,
  );

  it(
    "the administrator follows Larkhill's row to its action plan, which shows each action's history and offers no changes; the DSL's own plan offers them",
    async () => {
      expect(updated, "the DSL updated the actions").toBe(true);
      const settingPlan = `${actionsPath.split("/returns/")[0]}/actions`;
      await clickTo(admin!, admin!.getByRole("link", { name: LARKHILL }).first(), { path: settingPlan, heading: "Action plan" });
      const outstanding = admin!.locator(".govuk-summary-card", { has: admin!.getByRole("heading", { name: inProgress }) });
      expect(folded(await outstanding.innerText())).toContain(PROGRESS_NOTE);
      expect(folded(await outstanding.innerText())).toContain(`in the ${CYCLE} return`);
      expect(folded(await outstanding.innerText())).toContain(`Added in the ${EARLIER_CYCLE} return`);
      expect(await admin!.getByText("Update this action").count()).toBe(0);
      expect(await admin!.getByRole("button", { name: "Add action" }).count()).toBe(0);
      await expectAccessible(admin!);

      await dsl!.goto(`${portal!.baseUrl}${settingPlan}`);
      await waitForHeading(dsl!, "Action plan");
      const done = dsl!.locator(".govuk-summary-card", { has: dsl!.getByRole("heading", { name: completed }) });
      expect(folded(await done.innerText())).toContain(DONE_NOTE);
      expect(await dsl!.getByText(/Update this action/).count()).toBe(1);
      await expectAccessible(dsl!);
    },
    STEP_TIMEOUT_MS,
  );

  it(
    "once the DSL completes the last one, the share's numerator is one more than before her change",
    async () => {
      expect(updated, "the DSL updated the actions").toBe(true);
      const { baseUrl } = portal!;
      await dsl!.goto(`${baseUrl}${actionsPath}`);
      await waitForHeading(dsl!, "Action plan");
      const action = await saveUpdate(dsl!, inProgress, { status: "Done", note: LAST_DONE_NOTE });
      expect(folded(await rowValue(action, "Status").innerText())).toBe("Done");

      const after = await openOutstanding(admin!, baseUrl);
      expect(after.rows.filter((r) => r[0] === LARKHILL)).toEqual([]);
      const trainingTheme = before!.rows.find((r) => r[0] === LARKHILL && r[1] === inProgress)![2];
      const completedTheme = before!.rows.find((r) => r[0] === LARKHILL && r[1] === completed)![2];
      expect([after.actions, after.settings]).toEqual([before!.actions - 2, before!.settings - 1]);
      expect(after.byTheme).toEqual(lessOne(lessOne(before!.byTheme, completedTheme), trainingTheme));
      expect([after.numerator, after.denominator]).toEqual([before!.numerator + 1, before!.denominator]);
      await expectAccessible(admin!);
    },
    STEP_TIMEOUT_MS,
  );
});
