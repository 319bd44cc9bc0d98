// Overdue actions are tagged wherever the setting's actions are listed (issue 9): the setting's
// home page, the action plan, check your answers and the receipt. The scenario's earlier return
// planned "Train all supply staff" by 31 March 2025, and it is still open.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, desc, eq } from "drizzle-orm";
import * as settingPage from "../../app/routes/settings.$settingId._index";
import * as actionsPage from "../../app/routes/settings.$settingId.returns.$returnId.actions";
import * as checkPage from "../../app/routes/settings.$settingId.returns.$returnId.check";
import { startReturn, submitReturn } from "../../app/domain/returns.server";
import { addAction, loadActions, updateAction } from "../../app/domain/action-plans.server";
import { useTestDatabase, type TestDatabase } from "../support/database";
import { buildScenario, completeAndSignOff, reload, returnFor } from "../support/scenario";
import { signedInRequest } from "../support/auth";
import { requestHandlerFor } from "../support/remix";
import { textOfPage } from "../support/pages";
import { emailOutbox } from "../../db/schema";
import type { ReturnContext } from "../../app/domain/return-context.server";

const handle = requestHandlerFor({
  "routes/setting": { path: "settings/:settingId", module: settingPage },
  "routes/actions": { path: "settings/:settingId/returns/:returnId/actions", module: actionsPage },
  "routes/check": { path: "settings/:settingId/returns/:returnId/check", module: checkPage },
});

let database: TestDatabase;
let world: Awaited<ReturnType<typeof buildScenario>>;
let ctx: ReturnContext;
let base: string;

beforeAll(async () => {
  database = await useTestDatabase();
  world = await buildScenario(database.db);
  ctx = await returnFor(database.db, world.cycle, world.school.id);
  await startReturn(database.db, ctx, { mode: "earlier", actor: world.dsl });
  ctx = await reload(database.db, ctx);
  // One more, due far ahead: never overdue.
  await addAction(database.db, ctx, { actor: world.dsl, description: "Brief governors on online safety", theme: "governance", owner: "Chair", dueOn: "2099-07-31", standardCode: null });
  base = `/settings/${world.school.id}/returns/${ctx.ret.id}`;
});
afterAll(async () => {
  await database?.destroy();
});

async function text(path: string) {
  const response = await handle(await signedInRequest(world.dsl, `http://localhost${path}`));
  expect(response.status).toBe(200);
  return textOfPage(await response.text());
}

describe("an action past its due date and still to be done", () => {
  it("is tagged Overdue on the setting's home page, and the one due later is not", async () => {
    const page = await text(`/settings/${world.school.id}`);
    expect(page).toMatch(/Train all supply staff Training 31 March 2025 Overdue Not started/);
    expect(page).toMatch(/Brief governors on online safety Governance 31 July 2099 Not started/);
  });

  it("is tagged Overdue on the action plan and on check your answers", async () => {
    const plan = await text(`${base}/actions`);
    expect(plan).toMatch(/Train all supply staff Overdue/);
    expect(plan).not.toMatch(/Brief governors on online safety Overdue/);
    const check = await text(`${base}/check`);
    expect(check).toMatch(/Train all supply staff Not started ?, due 31 March 2025 Overdue/);
    expect(check.match(/Overdue/g)).toHaveLength(1);
  });

  it("is marked overdue in the receipt", async () => {
    const carried = (await loadActions(database.db, ctx)).find((a) => a.description === "Train all supply staff")!;
    await updateAction(database.db, ctx, { actor: world.dsl, actionId: carried.id, status: "in_progress", progressNote: "Half trained.", newDueOn: null });
    const signed = await completeAndSignOff(database.db, await reload(database.db, ctx), world.signatory);
    expect((await submitReturn(database.db, signed, { actor: world.signatory })).ok).toBe(true);
    const [receipt] = await database.db
      .select()
      .from(emailOutbox)
      .where(and(eq(emailOutbox.partnershipId, world.partnership.id), eq(emailOutbox.template, "return-receipt"), eq(emailOutbox.toAddress, world.dsl.email)))
      .orderBy(desc(emailOutbox.createdAt));
    expect(receipt.textBody).toContain("Train all supply staff (Training, due 31 March 2025, overdue)");
    expect(receipt.subject).toContain(world.cycle.name);
    expect(receipt.textBody).toContain("Brief governors on online safety (Governance, due 31 July 2099)");
  });
});
