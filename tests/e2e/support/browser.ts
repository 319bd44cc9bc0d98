// Debian's Chromium driven by playwright-core (never a browser download), plus the steps most
// journeys share: signing in through the development email pages, and an axe-core check.
import fs from "node:fs";
import { createRequire } from "node:module";
import type { AxeResults } from "axe-core";
import { chromium, type Browser, type Page } from "playwright-core";

/** /usr/bin/chromium (Debian's package); CHROMIUM_PATH points elsewhere on other machines. */
export const chromiumPath = process.env.CHROMIUM_PATH || "/usr/bin/chromium";

const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
];

export interface NewPageOptions {
  /** Default true. With false, the page behaves as in a browser with JavaScript off. */
  javaScriptEnabled?: boolean;
}

export interface TestBrowser {
  browser: Browser;
  /** A page in a fresh browser context (its own cookies); closing the page closes the context. */
  newPage(options?: NewPageOptions): Promise<Page>;
  close(): Promise<void>;
}

const pageErrorsByPage = new WeakMap<Page, string[]>();
const javaScriptByPage = new WeakMap<Page, boolean>();

/** Uncaught exceptions thrown by the page's own scripts since it opened. */
export function pageErrors(page: Page): string[] {
  return pageErrorsByPage.get(page) ?? [];
}

export async function launchBrowser(): Promise<TestBrowser> {
  if (!fs.existsSync(chromiumPath)) {
    throw new Error(
      `No Chromium at ${chromiumPath}. Install Debian's: apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium (or set CHROMIUM_PATH).`,
    );
  }
  const browser = await chromium.launch({ executablePath: chromiumPath, args: CHROMIUM_ARGS, timeout: 60_000 });
  return {
    browser,
    async newPage({ javaScriptEnabled = true }: NewPageOptions = {}) {
      const context = await browser.newContext({ javaScriptEnabled, viewport: { width: 1280, height: 800 } });
      context.setDefaultTimeout(15_000);
      context.setDefaultNavigationTimeout(30_000);
      const page = await context.newPage();
      const errors: string[] = [];
      pageErrorsByPage.set(page, errors);
      javaScriptByPage.set(page, javaScriptEnabled);
      page.on("pageerror", (error) => errors.push(error.stack ?? error.message));
      // Anything the Content-Security-Policy blocked is a page that would not work as built.
      page.on("console", (message) => {
        // Except an email's own inline styles in the development email page's preview frame,
        // which the policy (rightly) leaves unstyled: that frame is not a page of the service.
        const inEmailPreview = message.location().url === "about:srcdoc" && page.url().includes("/dev/emails/");
        if (message.type() === "error" && !inEmailPreview && /Content Security Policy|Refused to (execute|load|apply)/i.test(message.text())) {
          errors.push(`Blocked by the Content-Security-Policy: ${message.text()}`);
        }
      });
      page.once("close", () => {
        context.close().catch(() => {});
      });
      return page;
    },
    close: () => browser.close(),
  };
}

/** Where the page is and what it says, for error messages: its h1, or the start of its text. */
async function describePage(page: Page): Promise<string> {
  const heading = page.locator("h1").first();
  const text = (await heading.count()) > 0 ? await heading.innerText() : await page.locator("body").innerText().catch(() => "");
  return `${page.url()} says "${text.trim().replace(/\s+/g, " ").slice(0, 300) || "(nothing)"}"`;
}

function sameOriginUrl(baseUrl: string, href: string, what: string): string {
  const url = new URL(href, baseUrl);
  if (url.origin !== new URL(baseUrl).origin) {
    throw new Error(`${what} points to ${url.origin}, not to the server under test (${baseUrl}): is BASE_URL passed through?`);
  }
  return url.toString();
}

/** Links to the messages to `email` on the current /dev/emails page, in page order (newest first). */
async function messageLinksTo(page: Page, email: string): Promise<string[]> {
  const links = page.locator('a[href*="/dev/emails/"]');
  const found: string[] = [];
  for (let i = 0, n = await links.count(); i < n; i++) {
    const link = links.nth(i);
    const href = await link.getAttribute("href");
    if (!href || !/\/dev\/emails\/[^/?#]+\/?([?#].*)?$/.test(href)) continue;
    // The message's row (table row, list item or card) names its recipient.
    const row = link.locator("xpath=ancestor-or-self::*[self::tr or self::li or self::article or contains(@class, 'govuk-summary-card')][1]");
    const text = (await row.count()) > 0 ? await row.first().innerText() : await link.locator("xpath=..").innerText();
    if (text.toLowerCase().includes(email.toLowerCase())) found.push(href);
  }
  return found;
}

async function openDevEmails(page: Page, baseUrl: string): Promise<void> {
  const response = await page.goto(`${baseUrl}/dev/emails`);
  if (!response || response.status() !== 200) {
    throw new Error(`GET /dev/emails answered ${response?.status() ?? "nothing"}: is the development email page on (MAIL_TRANSPORT=file)?`);
  }
}

/**
 * Signs `page` in as `email` the way a person does: asks for a link on /sign-in, opens the newest
 * message to that address on the development email pages, follows its sign-in link and presses
 * Continue. Resolves when the page shows the header's "Sign out" button.
 */
export async function signInAs(page: Page, baseUrl: string, email: string, options: { timeoutMs?: number } = {}): Promise<void> {
  const timeoutMs = options.timeoutMs ?? 30_000;

  // Messages already there (an earlier sign-in of the same person) must not be mistaken for ours.
  await openDevEmails(page, baseUrl);
  const earlier = new Set(await messageLinksTo(page, email));

  await page.goto(`${baseUrl}/sign-in`);
  await page.locator('input[name="email"]').fill(email);
  await page.getByRole("button", { name: "Send me a sign-in link" }).click();
  try {
    await page.waitForURL((url) => url.pathname !== "/sign-in", { timeout: 15_000 });
  } catch {
    const errors = await page.locator(".govuk-error-summary, .govuk-error-message").allInnerTexts();
    throw new Error(`Asking for a sign-in link for ${email} stayed on /sign-in${errors.length ? `: ${errors.join(" / ")}` : ""}`);
  }

  // The email worker delivers within a second or two; wait for the new message to show.
  let messageHref: string | undefined;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await openDevEmails(page, baseUrl);
    messageHref = (await messageLinksTo(page, email)).find((href) => !earlier.has(href));
    if (messageHref) break;
    if (Date.now() > deadline) throw new Error(`No new email to ${email} appeared on /dev/emails within ${timeoutMs / 1000}s`);
    await page.waitForTimeout(500);
  }

  await page.goto(sameOriginUrl(baseUrl, messageHref, "The message link"));
  const signInLink = page.locator('a[href*="/sign-in/"]').first();
  const signInHref = await signInLink.getAttribute("href");
  if (!signInHref) throw new Error(`The email at ${messageHref} has no sign-in link`);

  await page.goto(sameOriginUrl(baseUrl, signInHref, "The sign-in link"));
  const continueButton = page.getByRole("button", { name: "Continue" });
  if ((await continueButton.count()) === 0) {
    throw new Error(`The sign-in link did not offer "Continue": ${await describePage(page)}`);
  }
  await continueButton.click();
  try {
    await page.getByRole("banner").getByRole("button", { name: "Sign out" }).waitFor({ state: "visible", timeout: 15_000 });
  } catch {
    throw new Error(`After Continue, ${email} was not signed in: ${await describePage(page)}`);
  }
}

export interface AccessibilityViolation {
  id: string;
  impact: string | null;
  help: string;
  helpUrl: string;
  nodes: { target: string; html: string; failureSummary: string }[];
}

const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];
let axeSource: string | undefined;

function readAxeSource(): string {
  axeSource ??= fs.readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
  return axeSource;
}

type AxeWindow = { axe?: { run(context: Document, options: object): Promise<AxeResults> } };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Whether the page runs scripts: known for pages from newPage(), otherwise found by trying. */
async function scriptsRun(page: Page): Promise<boolean> {
  const known = javaScriptByPage.get(page);
  if (known !== undefined) return known;
  // With JavaScript off, evaluation still works but nothing asynchronous ever settles.
  const probe = page.evaluate(() => new Promise<boolean>((resolve) => queueMicrotask(() => resolve(true))));
  probe.catch(() => undefined);
  const runs = await Promise.race([probe, sleep(1_000).then(() => false)]);
  javaScriptByPage.set(page, runs);
  return runs;
}

/**
 * axe-core works asynchronously, which a page with JavaScript off cannot do. For such a page,
 * a copy of its document as it stands (scripts removed, <noscript> content kept as the no-JS
 * browser shows it) is loaded at the same address in a page that runs scripts, and checked there.
 */
async function scriptablePageLike(page: Page): Promise<{ page: Page; dispose(): Promise<void> }> {
  const html = await page.evaluate(() => {
    const copy = document.documentElement.cloneNode(true) as HTMLElement;
    copy.querySelectorAll("script").forEach((script) => script.remove());
    copy.querySelectorAll("noscript").forEach((noscript) => noscript.replaceWith(...Array.from(noscript.childNodes)));
    return `<!DOCTYPE html>\n${copy.outerHTML}`;
  });
  const browser = page.context().browser();
  if (!browser) throw new Error("checkAccessibility needs a page from a launched browser");
  const context = await browser.newContext({ javaScriptEnabled: true, viewport: page.viewportSize() });
  const copy = await context.newPage();
  const address = page.url();
  await copy.route(
    (url) => url.href === address,
    (route) => route.fulfill({ status: 200, contentType: "text/html; charset=utf-8", body: html }),
  );
  await copy.goto(address);
  return { page: copy, dispose: () => context.close() };
}

/**
 * Runs axe-core on the page as it is now against WCAG 2.2 AA (with the 2.0 and 2.1 A and AA rules)
 * and returns the violations: assert an empty list, with formatViolations() as the message.
 */
export async function checkAccessibility(page: Page): Promise<AccessibilityViolation[]> {
  const target = (await scriptsRun(page)) ? { page, dispose: async () => {} } : await scriptablePageLike(page);
  try {
    return await runAxe(target.page);
  } finally {
    await target.dispose();
  }
}

async function runAxe(page: Page): Promise<AccessibilityViolation[]> {
  const loaded = () => page.evaluate(() => typeof (window as unknown as AxeWindow).axe?.run === "function");
  if (!(await loaded())) {
    // Evaluated through the DevTools protocol rather than added as an inline script, which the
    // portal's Content-Security-Policy (rightly) refuses to run.
    await page.evaluate(readAxeSource());
    if (!(await loaded())) throw new Error("axe-core could not be loaded into the page");
  }
  return page.evaluate(async (tags) => {
    const axe = (window as unknown as AxeWindow).axe!;
    const results = await axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] });
    return results.violations.map((v) => ({
      id: v.id,
      impact: v.impact ?? null,
      help: v.help,
      helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => ({
        target: n.target.map((t) => (Array.isArray(t) ? t.join(" >>> ") : String(t))).join(" "),
        html: n.html,
        failureSummary: n.failureSummary ?? "",
      })),
    }));
  }, AXE_TAGS);
}

/** One line per violation and one per element, for an assertion message. */
export function formatViolations(violations: AccessibilityViolation[]): string {
  return violations
    .map((v) => [`${v.id} (${v.impact ?? "no impact"}): ${v.help} ${v.helpUrl}`, ...v.nodes.map((n) => `  at ${n.target}: ${n.html}`)].join("\n"))
    .join("\n");
}
