// A setting's people page (issue 12): its DSLs and signatories, flagged when it has no DSL; its
// signatory names a new DSL when the last one leaves (invited by email, the one who left losing
// the role), and the partnership's administrator sees it in the audit log.
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { emailOutbox, memberships, users, type User } from "../../db/schema";
import { action as peopleAction, loader as peopleLoader } from "../../app/routes/settings.$settingId.people";
import { loader as auditLoader } from "../../app/routes/partnerships.$slug.audit";
import { signedInRequest } from "../support/auth";
import { useTestDatabase, type TestDatabase } from "../support/database";
import { buildScenario } from "../support/scenario";
import { dataResult, routeArgs, thrownRedirect, thrownResponse } from "../support/routes";

let database: TestDatabase;
let world: Awaited<ReturnType<typeof buildScenario>>;

beforeAll(async () => {
  database = await useTestDatabase();
  world = await buildScenario(database.db);
}, 120_000);
afterAll(async () => {
  await database?.destroy();
});

const url = () => `/settings/${world.school.id}/people`;
const args = async (user: User, form?: Record<string, string | string[]>) => routeArgs(await signedInRequest(user, url(), form ? { form } : {}), { settingId: world.school.id });

describe("a setting's people", () => {
  it("are listed for the setting's people; only the signatory (or an administrator) may name a new DSL", async () => {
    const asDsl = await peopleLoader(await args(world.dsl));
    expect(asDsl.people.map((p) => [p.name, p.role])).toEqual([
      ["Dana Singh", "dsl"],
      ["Hana Hughes", "signatory"],
    ]);
    expect(asDsl.mayNominate).toBe(false);
    expect((await peopleLoader(await args(world.signatory))).mayNominate).toBe(true);
    expect((await thrownResponse(peopleAction(await args(world.dsl, { name: "X", email: "x@example.org.uk" })))).status).toBe(404);
    expect((await thrownResponse(peopleLoader(await args(world.otherDsl)))).status).toBe(404);
  });

  it("refuses a nomination without a name or a proper address, beside the field", async () => {
    const result = dataResult<{ errors: Record<string, string> }>(await peopleAction(await args(world.signatory, { name: "", email: "not an address" })));
    expect(result.status).toBe(400);
    expect(result.data.errors).toEqual({ name: "Enter the new DSL's full name", email: "Enter an email address in the correct format, like name@example.org.uk" });
  });

  it("lets the signatory name the new DSL when the last one leaves, and the administrator sees it in the audit log", async () => {
    const page = await peopleLoader(await args(world.signatory));
    const dana = page.people.find((p) => p.role === "dsl")!;
    const to = await thrownRedirect(peopleAction(await args(world.signatory, { name: "Deepa Shah", email: "Deepa.Shah@brookfield.example.org.uk", leaving: dana.membershipId })));
    expect(to).toBe(`${url()}?nominated=deepa.shah%40brookfield.example.org.uk`);
    const after = await peopleLoader(await args(world.signatory));
    expect(after.people.map((p) => [p.name, p.role])).toEqual([
      ["Deepa Shah", "dsl"],
      ["Hana Hughes", "signatory"],
    ]);
    const [invitation] = await database.db.select().from(emailOutbox).where(and(eq(emailOutbox.template, "invitation"), eq(emailOutbox.toAddress, "deepa.shah@brookfield.example.org.uk")));
    expect(invitation.textBody).toContain("Hana Hughes");
    const [deepa] = await database.db.select().from(users).where(eq(users.email, "deepa.shah@brookfield.example.org.uk"));
    expect(await database.db.select().from(memberships).where(and(eq(memberships.userId, world.dsl.id), eq(memberships.settingId, world.school.id)))).toEqual([]);

    const auditArgs = async (user: User, query = "") =>
      routeArgs(await signedInRequest(user, `/partnerships/${world.partnership.slug}/audit${query}`), { slug: world.partnership.slug });
    const log = await auditLoader(await auditArgs(world.admin, "?action=role."));
    expect(log.events.map((e) => [e.action, e.who.split(" (")[0]])).toEqual(expect.arrayContaining([["role.granted", "Hana Hughes"], ["role.revoked", "Hana Hughes"]]));
    expect(log.events.find((e) => e.action === "role.granted" && e.about === `user ${deepa.id}`)!.detail).toContain("role: dsl");
    expect((await auditLoader(await auditArgs(world.admin))).events.some((e) => e.action === "invitation.sent")).toBe(true);
    expect((await thrownResponse(auditLoader(await auditArgs(world.moderator)))).status).toBe(403);
  });
});
