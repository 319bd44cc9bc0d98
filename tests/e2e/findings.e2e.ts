// The findings (issue 13) in a browser, with JavaScript on and off: Sam, the demo partnership's
// education subgroup chair, signs in, follows Findings from the partnership's home, reads the
// headline figures and downloads the workbook. The file opens, its Summary holds the figures
// the page shows, and every chart is an image with a title and a description beside a table of
// its numbers. The page meets WCAG 2.2 AA as far as axe-core can tell.
import fs from "node:fs";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as XLSX from "xlsx";
import { DEMO_SLUG, DEMO_USERS } from "../../db/seed/demo";
import { checkAccessibility, formatViolations, launchBrowser, pageErrors, signInAs, type TestBrowser } from "./support/browser";
import { printServerOutputOnFailure, startPortal, type Portal } from "./support/server";

const STEP_TIMEOUT_MS = 120_000;
const folded = (text: string) => text.replace(/\s+/g, " ").trim();

describe.each([
  { javaScriptEnabled: true, label: "with JavaScript" },
  { javaScriptEnabled: false, label: "without JavaScript" },
])("a subgroup chair's findings $label", ({ javaScriptEnabled }) => {
  let portal: Portal | undefined;
  let browser: TestBrowser | undefined;
  let page: Page | undefined;

  beforeAll(async () => {
    [portal, browser] = await Promise.all([startPortal(), launchBrowser()]);
    page = await browser.newPage({ javaScriptEnabled });
  }, STEP_TIMEOUT_MS);

  afterAll(async () => {
    await Promise.allSettled([browser?.close(), portal?.stop()]);
  });

  printServerOutputOnFailure(() => portal);

  it(
    "opens the findings, downloads the workbook, and its Summary matches the page",
    async () => {
      const p = page!;
      await signInAs(p, portal!.baseUrl, DEMO_USERS.subgroupChair);
      await p.goto(`${portal!.baseUrl}/partnerships/${DEMO_SLUG}`);
      await p.getByRole("link", { name: "Findings", exact: true }).click();
      await p.waitForURL((url) => url.pathname === `/partnerships/${DEMO_SLUG}/findings`);
      await p.locator("h1", { hasText: /^Findings: / }).waitFor();
      expect(pageErrors(p)).toEqual([]);

      // The headline figures as the page shows them: label and "n of d (x%)".
      const shown = (await p.locator("[data-testid=headline] tbody tr[data-figure]").evaluateAll((trs) =>
        trs.map((tr) => [tr.querySelector("th")?.textContent ?? "", tr.querySelector("td")?.textContent ?? ""]),
      )) as [string, string][];
      expect(shown.length).toBe(9);
      const submitted = shown.find(([label]) => label.startsWith("Settings that submitted"))!;
      expect(submitted[1]).toMatch(/^[1-9][\d,]* of [1-9][\d,]* \(\d+\.\d%\)$/);

      // Charts: SVG images named by their title and description, each beside a table of its numbers.
      const charts = p.locator("svg[role=img]");
      expect(await charts.count()).toBe(3);
      for (const chart of await charts.all()) {
        const name = await chart.evaluate((svg) => {
          const ids = (svg.getAttribute("aria-labelledby") ?? "").split(" ");
          return ids.map((id) => document.getElementById(id)?.textContent ?? "").join(" ");
        });
        expect(folded(name)).toMatch(/\S.+The table below gives the numbers\.$/);
      }
      const violations = await checkAccessibility(p);
      expect(violations, `accessibility problems on ${p.url()}:\n${formatViolations(violations)}`).toEqual([]);

      const downloading = p.waitForEvent("download");
      await p.getByTestId("workbook-link").click();
      const download = await downloading;
      expect(download.suggestedFilename()).toMatch(new RegExp(`^findings-${DEMO_SLUG}-.+-\\d{4}-\\d{2}-\\d{2}\\.xlsx$`));
      const file = await download.path();
      const book = XLSX.read(fs.readFileSync(file), { type: "buffer" });
      expect(book.SheetNames).toEqual(["Summary", "By standard", "By setting type", "Moderation", "Inflation", "Outstanding actions", "Non-submitters", "Returns"]);
      const rows = XLSX.utils.sheet_to_json<unknown[]>(book.Sheets.Summary, { header: 1, raw: true, defval: null });
      const inBook = rows
        .filter((r) => typeof r[2] === "number" && typeof r[3] === "number" && !String(r[0]).startsWith("Outstanding"))
        .map((r) => [
          String(r[0]),
          `${(r[2] as number).toLocaleString("en-GB")} of ${(r[3] as number).toLocaleString("en-GB")} (${r[3] === 0 ? "–" : `${(Math.round((r[4] as number) * 1000) / 10).toFixed(1)}%`})`,
        ]);
      expect(inBook).toEqual(shown.map(([label, figure]) => [folded(label), folded(figure)]));
    },
    STEP_TIMEOUT_MS * 3,
  );
});
