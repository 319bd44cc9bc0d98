// The return journey as a new user meets it (issue 9), through Remix's own request handler: the
// pages as rendered, with and without a failed form, exactly as a browser without JavaScript
// receives them.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as taskListPage from "../../app/routes/settings.$settingId.returns.$returnId._index";
import * as signInPage from "../../app/routes/sign-in._index";
import { useTestDatabase, type TestDatabase } from "../support/database";
import { buildScenario, returnFor } from "../support/scenario";
import { anonymousRequest, signedInRequest } from "../support/auth";
import { requestHandlerFor } from "../support/remix";
import { textOfPage, titleOfPage } from "../support/pages";

const handle = requestHandlerFor({
  "routes/task-list": { path: "settings/:settingId/returns/:returnId", module: taskListPage },
  "routes/sign-in": { path: "sign-in", module: signInPage },
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
