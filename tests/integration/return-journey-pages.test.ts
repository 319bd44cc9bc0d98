// The return journey as a new user meets it (issue 9), through Remix's own request handler: the
// pages as rendered, with and without a failed form, exactly as a browser without JavaScript
// receives them.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as taskListPage from "../../app/routes/settings.$settingId.returns.$returnId._index";
import { useTestDatabase, type TestDatabase } from "../support/database";
import { buildScenario } from "../support/scenario";
import { signedInRequest } from "../support/auth";
import { requestHandlerFor } from "../support/remix";
import { textOfPage } from "../support/pages";

const handle = requestHandlerFor({
  "routes/task-list": { path: "settings/:settingId/returns/:returnId", module: taskListPage },
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
  return { status: response.status, location: response.headers.get("Location"), html, text: textOfPage(html) };
}

describe("a submitted return's task list", () => {
  it("says when it was submitted, not when it is due", async () => {
    const page = await render(world.dsl, `/settings/${world.school.id}/returns/${world.earlier.ret.id}`);
    expect(page.status).toBe(200);
    expect(page.text).not.toContain("Due by");
    expect(page.text).toMatch(/Version 1 submitted on \d+ \w+ \d{4} at (\d{1,2}(:\d\d)?[ap]m|midday|midnight)\./);
  });
});
