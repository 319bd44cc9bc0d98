// The return journey as a new user meets it (issue 9), through Remix's own request handler: the
// pages as rendered, with and without a failed form, exactly as a browser without JavaScript
// receives them.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as taskListPage from "../../app/routes/settings.$settingId.returns.$returnId._index";
import * as signInPage from "../../app/routes/sign-in._index";
import * as checkPage from "../../app/routes/settings.$settingId.returns.$returnId.check";
import * as sectionPage from "../../app/routes/settings.$settingId.returns.$returnId.sections.$sectionId";
import { answerFingerprint, loadAnswers } from "../../app/domain/returns.server";
import type { ReturnContext } from "../../app/domain/return-context.server";
import { useTestDatabase, type TestDatabase } from "../support/database";
import { buildScenario, returnFor } from "../support/scenario";
import { anonymousRequest, signedInRequest } from "../support/auth";
import { requestHandlerFor } from "../support/remix";
import { textOfPage, titleOfPage } from "../support/pages";

const handle = requestHandlerFor({
  "routes/task-list": { path: "settings/:settingId/returns/:returnId", module: taskListPage },
  "routes/sign-in": { path: "sign-in", module: signInPage },
  "routes/check": { path: "settings/:settingId/returns/:returnId/check", module: checkPage },
  "routes/section": { path: "settings/:settingId/returns/:returnId/sections/:sectionId", module: sectionPage },
});

let database: TestDatabase;
let world: Awaited<ReturnType<typeof buildScenario>>;

beforeAll(async () => {
  database = await useTestDatabase();
  world = await buildScenario(database.db);
});
afterAll(async () => {
  await database?.destroy();
});

/** What a section page posts: every standard as stored, with `changes` by standard code. */
async function sectionForm(ctx: ReturnContext, sectionId: string, intent: string, changes: Record<string, { rating?: string; evidence?: string }> = {}) {
  const form: Record<string, string | string[]> = { intent, standardId: [] };
  for (const a of (await loadAnswers(database.db, ctx)).filter((answer) => answer.sectionId === sectionId)) {
    (form.standardId as string[]).push(a.standardId);
    form[`revision.${a.standardId}`] = String(a.revision);
    form[`fingerprint.${a.standardId}`] = answerFingerprint(a);
    const change = changes[a.code] ?? {};
    const rating = change.rating ?? a.rating;
    if (rating) form[`rating.${a.standardId}`] = rating;
    form[`evidence.${a.standardId}`] = change.evidence ?? a.evidence;
    form[`notes.${a.standardId}`] = a.notes;
  }
  return form;
}

/** A page as the signed-in `user`'s browser receives it; with `form`, the answer to posting it. */
async function render(user: { id: string }, path: string, form?: Record<string, string | string[]>) {
  const response = await handle(await signedInRequest(user, `http://localhost${path}`, form ? { form } : {}));
  const html = await response.text();
  return { status: response.status, location: response.headers.get("Location"), html, text: textOfPage(html), title: titleOfPage(html) };
}

describe("a submitted return's task list", () => {
  it("says when it was submitted, not when it is due", async () => {
    const page = await render(world.dsl, `/settings/${world.school.id}/returns/${world.earlier.ret.id}`);
    expect(page.status).toBe(200);
    expect(page.text).not.toContain("Due by");
    expect(page.text).toMatch(/Version 1 submitted on \d+ \w+ \d{4} at (\d{1,2}(:\d\d)?[ap]m|midday|midnight)\./);
  });
});

describe("starting a return", () => {
  it("offers the choice of how to start with neither option chosen, and asks for one", async () => {
    const ctx = await returnFor(database.db, world.cycle, world.school.id);
    const path = `/settings/${world.school.id}/returns/${ctx.ret.id}`;
    const page = await render(world.dsl, path);
    expect(page.text).toContain("How do you want to start?");
    expect([...page.html.matchAll(/<input[^>]*name="mode"[^>]*>/g)].map((m) => m[0]).filter((tag) => / checked/.test(tag))).toEqual([]);

    const refused = await render(world.dsl, path, { intent: "start" });
    expect(refused.status).toBe(400);
    expect(refused.title).toBe(`Error: ${page.title}`);
    expect(refused.text).toContain("There is a problem Select how to start your return");
    expect(refused.html).toMatch(/<a href="#mode">Select how to start your return<\/a>/);

    const started = await render(world.dsl, path, { intent: "start", mode: "earlier" });
    expect(started.status).toBe(302);
    expect(started.location).toBe(path);
  });

  it("needs no choice when there is nothing earlier to start from", async () => {
    const ctx = await returnFor(database.db, world.cycle, world.otherSchool.id);
    const path = `/settings/${world.otherSchool.id}/returns/${ctx.ret.id}`;
    expect((await render(world.otherDsl, path)).text).toContain("This is your first return in this service");
    const started = await render(world.otherDsl, path, { intent: "start" });
    expect(started.status).toBe(302);
  });
});

describe("the task list of a return in progress", () => {
  it("offers no link to check and submit while the return cannot be submitted", async () => {
    const ctx = await returnFor(database.db, world.cycle, world.school.id);
    const path = `/settings/${world.school.id}/returns/${ctx.ret.id}`;
    const page = await render(world.dsl, path);
    expect(page.text).toContain("Check your answers and submit");
    expect(page.text).toContain("Cannot submit yet");
    expect(page.html).not.toContain(`href="${path}/check"`);
    // Reading the answers before sign-off is still a link away, from the sign-off task.
    expect(page.html).toContain(`href="${path}/sign-off"`);
  });
});

describe("a page showing an error summary", () => {
  it("has a title that starts with Error:, and only then", async () => {
    const asked = await handle(anonymousRequest("http://localhost/sign-in"));
    expect(titleOfPage(await asked.text())).toBe("Sign in – Safeguarding self-assessment");
    const refused = await handle(anonymousRequest("http://localhost/sign-in", { form: { email: "", redirectTo: "" } }));
    expect(refused.status).toBe(400);
    const html = await refused.text();
    expect(textOfPage(html)).toContain("There is a problem Enter your email address");
    expect(titleOfPage(html)).toBe("Error: Sign in – Safeguarding self-assessment");
  });
});

describe("changing an answer from check your answers", () => {
  let ctx: ReturnContext;
  let base: string;
  beforeAll(async () => {
    ctx = await returnFor(database.db, world.cycle, world.school.id);
    base = `/settings/${world.school.id}/returns/${ctx.ret.id}`;
  });

  it("links each Change to the standard's section, saying where to come back to", async () => {
    const page = await render(world.dsl, `${base}/check`);
    const first = ctx.framework.sections[0];
    expect(page.html).toContain(`href="${base}/sections/${first.id}?returnTo=check#rating-1-1"`);
  });

  it("comes back to check your answers after Save and continue, with the way back pointing there", async () => {
    const [first, second] = ctx.framework.sections;
    const page = await render(world.dsl, `${base}/sections/${first.id}?returnTo=check`);
    expect(page.html).toMatch(new RegExp(`<a [^>]*href="${base}/check"[^>]*>Back to check your answers</a>`));
    expect(page.html).toContain('<input type="hidden" name="returnTo" value="check"/>');

    const saved = await render(world.dsl, `${base}/sections/${first.id}?returnTo=check`, {
      ...(await sectionForm(ctx, first.id, "continue")),
      returnTo: "check",
    });
    expect(saved.status).toBe(302);
    expect(saved.location).toBe(`${base}/check`);
    // Without it, on to the next section as before.
    const onwards = await render(world.dsl, `${base}/sections/${first.id}`, await sectionForm(ctx, first.id, "continue"));
    expect(onwards.location).toBe(`${base}/sections/${second.id}`);
  });

  it("goes nowhere else a returnTo names", async () => {
    const [first, second] = ctx.framework.sections;
    for (const returnTo of ["https://evil.example/check", "//evil.example", "/home", "check/../../home"]) {
      const page = await render(world.dsl, `${base}/sections/${first.id}?returnTo=${encodeURIComponent(returnTo)}`);
      expect(page.html).not.toContain('name="returnTo"');
      const saved = await render(world.dsl, `${base}/sections/${first.id}`, { ...(await sectionForm(ctx, first.id, "continue")), returnTo });
      expect(saved.location, returnTo).toBe(`${base}/sections/${second.id}`);
    }
  });

  it("keeps where to come back to through the warning about an unsupported Exceeds", async () => {
    const first = ctx.framework.sections[0];
    const warned = await render(world.dsl, `${base}/sections/${first.id}?returnTo=check`, {
      ...(await sectionForm(ctx, first.id, "continue", { "1.1": { rating: "exceeds", evidence: "Brilliant." } })),
      returnTo: "check",
    });
    expect(warned.location).toBe(`${base}/sections/${first.id}?saved=1&returnTo=check`);
    const page = await render(world.dsl, warned.location!);
    expect(page.html).toMatch(new RegExp(`<a [^>]*href="${base}/check"[^>]*>Continue without changing it</a>`));
  });
});

describe("the nudges (warnings, never refusals)", () => {
  let ctx: ReturnContext;
  let base: string;
  beforeAll(async () => {
    ctx = await returnFor(database.db, world.cycle, world.school.id);
    base = `/settings/${world.school.id}/returns/${ctx.ret.id}`;
  });

  it("warns about Met with no evidence as it does about a thin Exceeds, with the standard's guidance", async () => {
    const first = ctx.framework.sections[0];
    const saved = await render(world.dsl, `${base}/sections/${first.id}`, {
      ...(await sectionForm(ctx, first.id, "continue", { "1.1": { rating: "met", evidence: "" } })),
    });
    expect(saved.status).toBe(302);
    expect(saved.location).toBe(`${base}/sections/${first.id}?saved=1`);
    const page = await render(world.dsl, saved.location!);
    const banner = /<div class="govuk-notification-banner[^"]*"[\s\S]*?Continue without changing it/.exec(page.html)?.[0] ?? "";
    expect(banner).toContain("govuk-notification-banner--success");
    expect(textOfPage(banner)).toContain("Your answers are saved Standard 1.1: A Met rating needs evidence.");
    const warning = /<div class="govuk-warning-text">[\s\S]*?<\/div>/.exec(page.html)?.[0] ?? "";
    expect(textOfPage(warning)).toBe(
      "! Warning A Met rating needs evidence. Say what you have in place and how you know it works, or choose a different rating. What good evidence looks like: Good evidence for 1.1.",
    );
  });

  it("lists the standards rated below Met with no action planned, each with a link to add one", async () => {
    const [first, second] = ctx.framework.sections;
    // 2.1 has the carried-forward action "Train all supply staff"; 1.2 has none.
    await render(world.dsl, `${base}/sections/${first.id}`, {
      ...(await sectionForm(ctx, first.id, "later", { "1.1": { evidence: "Minutes." }, "1.2": { rating: "partially_met" } })),
    });
    await render(world.dsl, `${base}/sections/${second.id}`, {
      ...(await sectionForm(ctx, second.id, "later", { "2.1": { rating: "not_met" } })),
    });
    const addFor = (code: string) => `href="${base}/actions?standard=${code}#add"`;
    const nudge = (html: string) => /<div[^>]*id="needs-an-action"[\s\S]*?<\/ul>/.exec(html)?.[0] ?? "";

    const section = await render(world.dsl, `${base}/sections/${first.id}`);
    expect(textOfPage(nudge(section.html))).toBe(
      "! Warning These standards are rated below Met and there is no action for them in the action plan. Add an action for standard 1.2, Governors challenge (Partially met)",
    );
    expect(nudge(section.html)).toContain(addFor("1.2"));
    expect(nudge((await render(world.dsl, `${base}/sections/${second.id}`)).html)).toBe("");

    const check = await render(world.dsl, `${base}/check`);
    expect(nudge(check.html)).toContain(addFor("1.2"));
    expect(nudge(check.html)).not.toContain(addFor("2.1"));
  });

  it("says how long the evidence can be before it is too long, without JavaScript", async () => {
    const page = await render(world.dsl, `${base}/sections/${ctx.framework.sections[0].id}`);
    // data-module is set as GOV.UK Frontend's script starts it, after hydration (CharacterCount.tsx).
    expect(page.html).toContain('<div class="govuk-form-group govuk-character-count" data-maxlength="10000">');
    expect(page.html).toMatch(/<textarea class="govuk-textarea govuk-js-character-count" id="evidence-1-1"[^>]*aria-describedby="evidence-1-1-info evidence-1-1-hint"/);
    expect(page.html).toContain('<div id="evidence-1-1-info" class="govuk-hint govuk-character-count__message">You can enter up to 10,000 characters</div>');
  });
});

describe("what the pages say about saving", () => {
  it("says answers are saved as you go only where JavaScript runs, and otherwise that a button saves them", async () => {
    const ctx = await returnFor(database.db, world.cycle, world.school.id);
    const base = `/settings/${world.school.id}/returns/${ctx.ret.id}`;
    const taskList = await render(world.dsl, base);
    expect(taskList.html).toMatch(/<span class="app-js-only">Your answers are saved as you type\.<\/span>/);
    expect(taskList.html).toMatch(/<span class="app-no-js">Your answers are saved when you press “Save and continue” or “Save and come back later”\.<\/span>/);
    const section = await render(world.dsl, `${base}/sections/${ctx.framework.sections[0].id}`);
    expect(section.html).toMatch(/<p class="govuk-body app-no-js">Nothing on this page is saved until you press “Save and continue” or “Save and come back later”\.<\/p>/);
  });
});
