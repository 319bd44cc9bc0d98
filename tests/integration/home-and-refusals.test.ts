// Where a signed-in person lands: straight in their one place of work, or a choice between the
// settings and partnerships they hold roles in (and nothing else). Every refusal is audited.
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents, type Partnership, type Setting, type User } from "../../db/schema";
import { loader as homeLoader } from "../../app/routes/home";
import { loader as settingLoader } from "../../app/routes/settings.$settingId._index";
import { loader as peopleLoader } from "../../app/routes/partnerships.$slug.people._index";
import { signedInRequest } from "../support/auth";
import { useTestDatabase, type TestDatabase } from "../support/database";
import { makePartnership, makeSetting, makeUser } from "../support/factories";
import { routeArgs, thrownRedirect, thrownResponse } from "../support/routes";

let database: TestDatabase;
let north: Partnership;
let south: Partnership;
let brookfield: Setting;
let oakwood: Setting;
let southern: Setting;
let dana: User;
let sam: User;
let nobody: User;

beforeAll(async () => {
  database = await useTestDatabase();
  const { db } = database;
  north = await makePartnership(db, { name: "North Halton Safeguarding Children Partnership", slug: "north-halton" });
  south = await makePartnership(db, { name: "South Halton Safeguarding Children Partnership", slug: "south-halton" });
  brookfield = await makeSetting(db, north.id, { name: "Brookfield Primary" });
  oakwood = await makeSetting(db, north.id, { name: "Oakwood Nursery", type: "nursery" });
  southern = await makeSetting(db, south.id, { name: "Southern Primary" });
  dana = await makeUser(db, { name: "Dana Singh", roles: [{ partnershipId: north.id, settingId: brookfield.id, role: "dsl" }] });
  // A DSL of two schools who also sits on the moderation panel.
  sam = await makeUser(db, {
    name: "Sam Several",
    roles: [
      { partnershipId: north.id, settingId: oakwood.id, role: "dsl" },
      { partnershipId: north.id, settingId: oakwood.id, role: "signatory" },
      { partnershipId: south.id, settingId: southern.id, role: "dsl" },
      { partnershipId: north.id, role: "moderator" },
    ],
  });
  nobody = await makeUser(db, { name: "Norah Nobody" });
});
afterAll(async () => {
  await database.destroy();
});

const home = async (user: User) => homeLoader(routeArgs(await signedInRequest(user, "/home")));

describe("the home page", () => {
  it("takes someone with one place of work straight there", async () => {
    expect(await thrownRedirect(home(dana))).toBe(`/settings/${brookfield.id}`);
  });

  it("lets someone with several choose, with their roles in each, across partnerships", async () => {
    const page = await home(sam);
    expect(page.places).toEqual([
      {
        href: "/partnerships/north-halton",
        title: "North Halton Safeguarding Children Partnership",
        partnership: "North Halton Safeguarding Children Partnership",
        roles: ["Moderation panel member"],
      },
      {
        href: `/settings/${oakwood.id}`,
        title: "Oakwood Nursery",
        partnership: "North Halton Safeguarding Children Partnership",
        roles: ["Designated safeguarding lead", "Signatory (headteacher, chair of governors or agency lead)"],
      },
      {
        href: `/settings/${southern.id}`,
        title: "Southern Primary",
        partnership: "South Halton Safeguarding Children Partnership",
        roles: ["Designated safeguarding lead"],
      },
    ]);
  });

  it("tells someone with no roles whom to ask, and lists nothing", async () => {
    expect((await home(nobody)).places).toEqual([]);
  });
});

describe("refusals", () => {
  it("are written to the audit log with who, what and where", async () => {
    const path = `/settings/${oakwood.id}`;
    const response = await thrownResponse(settingLoader(routeArgs(await signedInRequest(dana, path), { settingId: oakwood.id })));
    expect(response.status).toBe(404);
    const people = `/partnerships/north-halton/people`;
    expect((await thrownResponse(peopleLoader(routeArgs(await signedInRequest(sam, people), { slug: "north-halton" })))).status).toBe(403);

    const refused = await database.db.select().from(auditEvents).where(eq(auditEvents.action, "authorisation.refused"));
    expect(refused).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ actorUserId: dana.id, detail: expect.objectContaining({ path, settingId: oakwood.id }) }),
        expect.objectContaining({ actorUserId: sam.id, partnershipId: north.id, detail: expect.objectContaining({ path: people, permission: "users.manage" }) }),
      ]),
    );
    const [danas] = await database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "authorisation.refused"), eq(auditEvents.actorUserId, dana.id)));
    // Dana holds no role at Oakwood, but she is in the same partnership.
    expect(danas.partnershipId).toBe(north.id);
  });
});
