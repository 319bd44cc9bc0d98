// The partnership's home and its settings register, through their loaders: who may see them,
// and what the register's filters return.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Partnership, User } from "../../db/schema";
import { loader as homeLoader } from "../../app/routes/partnerships.$slug._index";
import { loader as registerLoader } from "../../app/routes/partnerships.$slug.settings";
import { anonymousRequest, signedInRequest } from "../support/auth";
import { useTestDatabase, type TestDatabase } from "../support/database";
import { makePartnership, makeSetting, makeUser } from "../support/factories";
import { routeArgs, thrownRedirect, thrownResponse } from "../support/routes";

let database: TestDatabase;
let a: Partnership;
let b: Partnership;
let adminOfA: User;
let moderatorOfA: User;
let chairOfA: User;
let dslOfA: User;
let adminOfB: User;

beforeAll(async () => {
  database = await useTestDatabase();
  const { db } = database;
  a = await makePartnership(db, { name: "North Halton Safeguarding Children Partnership", slug: "north-halton" });
  b = await makePartnership(db, { name: "South Halton Safeguarding Children Partnership", slug: "south-halton" });
  const school = await makeSetting(db, a.id, { name: "Bridge Street Primary", type: "primary", basis: "s175", urn: "100001" });
  await makeSetting(db, a.id, { name: "Abbey Primary", type: "primary", basis: "s175", urn: "100002" });
  await makeSetting(db, a.id, { name: "Closed Lane Primary", type: "primary", basis: "s175", urn: "100003", active: false });
  await makeSetting(db, a.id, { name: "Halton Academy", type: "academy", basis: "s157", urn: "100004" });
  await makeSetting(db, a.id, { name: "Halton Police", type: "police", basis: "s11" });
  await makeSetting(db, a.id, { name: "Riverside Leisure Trust", type: "sport_leisure", basis: "s11" });
  await makeSetting(db, b.id, { name: "Southern Primary", type: "primary", basis: "s175", urn: "200001" });
  adminOfA = await makeUser(db, { roles: [{ partnershipId: a.id, role: "admin" }] });
  moderatorOfA = await makeUser(db, { roles: [{ partnershipId: a.id, role: "moderator" }] });
  chairOfA = await makeUser(db, { roles: [{ partnershipId: a.id, role: "subgroup_chair" }] });
  dslOfA = await makeUser(db, { roles: [{ partnershipId: a.id, role: "dsl", settingId: school.id }] });
  adminOfB = await makeUser(db, { roles: [{ partnershipId: b.id, role: "admin" }] });
});

afterAll(async () => {
  await database?.destroy();
});

async function register(user: User, query = "", slug = a.slug) {
  const request = await signedInRequest(user, `/partnerships/${slug}/settings${query}`);
  return registerLoader(routeArgs(request, { slug }));
}

const names = (result: Awaited<ReturnType<typeof register>>) => result.settings.map((s) => s.name);

describe("the register's flags", () => {
  it("marks each setting with no DSL or no signatory who can sign in", async () => {
    const rows = (await register(adminOfA)).settings;
    const bridge = rows.find((s) => s.name === "Bridge Street Primary")!;
    expect([bridge.noDsl, bridge.noSignatory]).toEqual([false, true]);
    const police = rows.find((s) => s.name === "Halton Police")!;
    expect([police.noDsl, police.noSignatory]).toEqual([true, true]);
  });

  it("says what an import just did, and nothing for counts that are not numbers", async () => {
    expect((await register(adminOfA, "?created=2&updated=1&deactivated=0")).imported).toEqual({ created: 2, updated: 1, deactivated: 0 });
    expect((await register(adminOfA, "?created=two&updated=1&deactivated=0")).imported).toBeNull();
    expect((await register(adminOfA)).imported).toBeNull();
  });
});

describe("the partnership's home", () => {
  it("shows each partnership role the links its permissions allow", async () => {
    const asAdmin = await homeLoader(routeArgs(await signedInRequest(adminOfA, "/partnerships/north-halton"), { slug: a.slug }));
    expect(asAdmin.partnership.name).toBe("North Halton Safeguarding Children Partnership");
    expect(asAdmin.links.map((l) => [l.text, l.href])).toEqual([
      ["Settings register", "/partnerships/north-halton/settings"],
      ["Returns", "/partnerships/north-halton/returns"],
      ["Moderation", "/partnerships/north-halton/moderation"],
      ["Outstanding actions", "/partnerships/north-halton/actions"],
      ["Findings", "/partnerships/north-halton/findings"],
      ["Audit cycles", "/partnerships/north-halton/cycles"],
      ["Audit log", "/partnerships/north-halton/audit"],
      ["People and roles", "/partnerships/north-halton/people"],
      ["Frameworks", "/partnerships/north-halton/frameworks"],
    ]);
    const linksOf = async (user: User) =>
      (await homeLoader(routeArgs(await signedInRequest(user, "/partnerships/north-halton"), { slug: a.slug }))).links.map((l) => l.text);
    // The panel reads submitted returns; the subgroup chair sees aggregate findings, not returns.
    expect(await linksOf(moderatorOfA)).toEqual(["Settings register", "Returns", "Moderation", "Outstanding actions"]);
    expect(await linksOf(chairOfA)).toEqual(["Settings register", "Outstanding actions", "Findings"]);
  });

  it("refuses a DSL (403) and hides the partnership from outsiders (404)", async () => {
    const dsl = await thrownResponse(homeLoader(routeArgs(await signedInRequest(dslOfA, "/partnerships/north-halton"), { slug: a.slug })));
    expect(dsl.status).toBe(403);
    const outsider = await thrownResponse(
      homeLoader(routeArgs(await signedInRequest(adminOfB, "/partnerships/north-halton"), { slug: a.slug })),
    );
    expect(outsider.status).toBe(404);
    const unknown = await thrownResponse(homeLoader(routeArgs(await signedInRequest(adminOfA, "/partnerships/nowhere"), { slug: "nowhere" })));
    expect(unknown.status).toBe(404);
  });

  it("sends someone who is not signed in to sign in", async () => {
    const location = await thrownRedirect(homeLoader(routeArgs(anonymousRequest("/partnerships/north-halton"), { slug: a.slug })));
    expect(location).toBe(`/sign-in?${new URLSearchParams({ redirectTo: "/partnerships/north-halton" })}`);
  });
});

describe("the settings register", () => {
  it("lists the partnership's active settings by name, and none of another partnership's", async () => {
    const result = await register(moderatorOfA);
    expect(names(result)).toEqual(["Abbey Primary", "Bridge Street Primary", "Halton Academy", "Halton Police", "Riverside Leisure Trust"]);
    expect(result.filter).toEqual({ type: undefined, basis: undefined, showInactive: false });
    expect(result.settings.find((s) => s.name === "Halton Police")).toMatchObject({ urn: null, type: "police", basis: "s11", active: true });
  });

  it("filters by type, by statutory basis, and shows inactive settings when asked", async () => {
    expect(names(await register(chairOfA, "?type=primary"))).toEqual(["Abbey Primary", "Bridge Street Primary"]);
    expect(names(await register(chairOfA, "?type=primary&inactive=yes"))).toEqual([
      "Abbey Primary",
      "Bridge Street Primary",
      "Closed Lane Primary",
    ]);
    expect(names(await register(chairOfA, "?basis=s11"))).toEqual(["Halton Police", "Riverside Leisure Trust"]);
    expect(names(await register(chairOfA, "?basis=s157&type="))).toEqual(["Halton Academy"]);
    expect(names(await register(chairOfA, "?type=academy&basis=s175"))).toEqual([]);
    const inactive = await register(adminOfA, "?inactive=yes");
    expect(inactive.settings).toHaveLength(6);
    expect(inactive.filter.showInactive).toBe(true);
  });

  it("treats a filter value it does not know as no filter", async () => {
    const result = await register(adminOfA, "?type=castle&basis=s999");
    expect(result.filter).toEqual({ type: undefined, basis: undefined, showInactive: false });
    expect(result.settings).toHaveLength(5);
  });

  it("refuses a DSL (403) and someone of another partnership (404)", async () => {
    expect((await thrownResponse(register(dslOfA))).status).toBe(403);
    expect((await thrownResponse(register(adminOfB))).status).toBe(404);
    // Their own partnership's register shows only their own settings.
    expect(names(await register(adminOfB, "", b.slug))).toEqual(["Southern Primary"]);
  });
});
