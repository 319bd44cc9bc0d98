// The framework pages (issue 12), through their loaders and actions against a real database, and
// a few whole pages through Remix's handler: the list, one version, a new version, editing the
// draft with the GOV.UK error summary, publishing with a confirmation, the JSON download and the
// import upload. Only the partnership's administrators reach them.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Framework, Partnership, User } from "../../db/schema";
import { loader as listLoader } from "../../app/routes/partnerships.$slug.frameworks._index";
import { action as versionAction, loader as versionLoader } from "../../app/routes/partnerships.$slug.frameworks.$frameworkId._index";
import { action as newVersionAction } from "../../app/routes/partnerships.$slug.frameworks.$frameworkId.new-version";
import { action as addStandardAction } from "../../app/routes/partnerships.$slug.frameworks.$frameworkId.standards.new";
import { action as editStandardAction, loader as editStandardLoader } from "../../app/routes/partnerships.$slug.frameworks.$frameworkId.standards.$standardId";
import { action as addSectionAction } from "../../app/routes/partnerships.$slug.frameworks.$frameworkId.sections.new";
import { action as editSectionAction } from "../../app/routes/partnerships.$slug.frameworks.$frameworkId.sections.$sectionId";
import { action as detailsAction } from "../../app/routes/partnerships.$slug.frameworks.$frameworkId.details";
import { action as publishAction, loader as publishLoader } from "../../app/routes/partnerships.$slug.frameworks.$frameworkId.publish";
import { loader as exportLoader } from "../../app/routes/partnerships.$slug.frameworks.$frameworkId.export[.]json";
import { action as importAction } from "../../app/routes/partnerships.$slug.frameworks.import";
import { loader as homeLoader } from "../../app/routes/partnerships.$slug._index";
import { readFrameworkForEditing } from "../../app/domain/framework-editing.server";
import { installFramework } from "../../app/domain/frameworks.server";
import { agencyFramework } from "../../db/seed/frameworks/agency";
import { educationFramework } from "../../db/seed/frameworks/education";
import { sessionCookie, signedInRequest } from "../support/auth";
import { useTestDatabase, type TestDatabase } from "../support/database";
import { makePartnership, makeUser } from "../support/factories";
import { textOfPage } from "../support/pages";
import { appRequestHandler } from "../support/remix";
import { dataResult, routeArgs, thrownRedirect, thrownResponse } from "../support/routes";

let database: TestDatabase;
let partnership: Partnership;
let education: Framework;
let admin: User;
let moderator: User;
let adminElsewhere: User;
let handle: (request: Request) => Promise<Response>;

beforeAll(async () => {
  database = await useTestDatabase();
  const { db } = database;
  partnership = await makePartnership(db, { name: "Northshire Safeguarding Children Partnership", slug: "northshire" });
  education = await installFramework(db, partnership.id, educationFramework);
  await installFramework(db, partnership.id, agencyFramework);
  admin = await makeUser(db, { name: "Nat Admin", roles: [{ partnershipId: partnership.id, role: "admin" }] });
  moderator = await makeUser(db, { roles: [{ partnershipId: partnership.id, role: "moderator" }] });
  const elsewhere = await makePartnership(db);
  adminElsewhere = await makeUser(db, { roles: [{ partnershipId: elsewhere.id, role: "admin" }] });
  handle = await appRequestHandler();
}, 120_000);
afterAll(async () => {
  await database?.destroy();
});

const base = "/partnerships/northshire/frameworks";
const args = async (user: User, path: string, params: Record<string, string>, form?: Record<string, string>) =>
  routeArgs(await signedInRequest(user, path, form ? { form } : {}), { slug: "northshire", ...params });
const read = async (id: string) => (await readFrameworkForEditing(database.db, partnership.id, id))!;

/** The draft made from version 1 by the new-version page, shared by the editing tests below. */
let draftId: string;

describe("the frameworks list", () => {
  it("shows each kind's versions with their status, for administrators only", async () => {
    const list = await listLoader(await args(admin, base, {}));
    expect(list.kinds.map((k) => [k.kind, k.versions.map((v) => [v.version, v.status])])).toEqual([
      ["education", [[1, "published"]]],
      ["agency", [[1, "published"]]],
    ]);
    expect((await thrownResponse(listLoader(await args(moderator, base, {})))).status).toBe(403);
    expect((await thrownResponse(listLoader(await args(adminElsewhere, base, {})))).status).toBe(404);
  });

  it("is linked from the partnership's home for administrators", async () => {
    const home = await homeLoader(await args(admin, "/partnerships/northshire", {}));
    expect(home.links.map((l) => [l.text, l.href])).toContainEqual(["Frameworks", base]);
    const asModerator = await homeLoader(await args(moderator, "/partnerships/northshire", {}));
    expect(asModerator.links.map((l) => l.text)).not.toContain("Frameworks");
  });
});

describe("a version's page", () => {
  it("shows a published version's sections and standards, and offers no change", async () => {
    const page = await versionLoader(await args(admin, `${base}/${education.id}`, { frameworkId: education.id }));
    expect(page.framework).toMatchObject({ kind: "education", version: 1, status: "published", editable: false });
    expect(page.sections[0].standards[0].code).toBe("1.1");
    const response = await handle(new Request(`http://localhost${base}/${education.id}`, { headers: { Cookie: await sessionCookie(admin) } }));
    const text = textOfPage(await response.text());
    expect(text).toContain("This version is published: it cannot be changed.");
    expect(text).toContain("Create a new version from this one");
    expect(text).not.toContain("Publish this version");
    // Another partnership's administrator, or an unknown id: not found.
    expect((await thrownResponse(versionLoader(await args(admin, `${base}/x`, { frameworkId: "00000000-0000-4000-8000-000000000000" })))).status).toBe(404);
  });

  it("refuses a change to a published version with the error summary, changing nothing", async () => {
    const before = await read(education.id);
    const result = dataResult<{ error: string }>(
      await versionAction(await args(admin, `${base}/${education.id}`, { frameworkId: education.id }, { intent: "standard-retire", standardId: before.sections[0].standards[0].id })),
    );
    expect(result).toEqual({ status: 409, data: { error: "Version 1 is published, so it cannot be changed. Create a new version from it to make changes." } });
    expect(await read(education.id)).toEqual(before);
  });
});

describe("a new version, edited and published", () => {
  it("is created from version 1 as a draft", async () => {
    const location = await thrownRedirect(newVersionAction(await args(admin, `${base}/${education.id}/new-version`, { frameworkId: education.id }, {})));
    draftId = location.split("/").at(-1)!;
    expect((await read(draftId)).framework).toMatchObject({ version: 2, status: "draft" });
    // A second draft of the same kind is refused on the page.
    const again = dataResult<{ error: string }>(await newVersionAction(await args(admin, `${base}/${education.id}/new-version`, { frameworkId: education.id }, {})));
    expect(again.status).toBe(409);
    expect(again.data.error).toMatch(/Version 2 of this framework is already a draft/);
  });

  it("adds a standard, or shows the error summary and the message by each field with what was typed, adding nothing", async () => {
    const draft = await read(draftId);
    const section = draft.sections[1];
    const path = `${base}/${draftId}/standards/new`;
    const bad = dataResult<{ errors: Record<string, string>; values: Record<string, string> }>(
      await addStandardAction(await args(admin, path, { frameworkId: draftId }, { sectionId: section.id, title: "  ", guidance: "Some guidance" })),
    );
    expect(bad.status).toBe(400);
    expect(bad.data.errors).toEqual({ title: "Enter the standard" });
    expect(bad.data.values.guidance).toBe("Some guidance");
    expect((await read(draftId)).sections[1].standards).toHaveLength(section.standards.length);

    // The same through the whole page: the summary links to the field, which has its message.
    const form = new URLSearchParams({ sectionId: section.id, title: "", guidance: "" });
    const response = await handle(
      new Request(`http://localhost${path}`, { method: "POST", body: form, headers: { Cookie: await sessionCookie(admin), "Content-Type": "application/x-www-form-urlencoded" } }),
    );
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain('class="govuk-error-summary"');
    expect(html).toContain('<a href="#title">Enter the standard</a>');
    expect(html).toMatch(/id="guidance-error"[^>]*>.*Enter the guidance/);
    expect(html).toMatch(/<title>Error: /);

    const location = await thrownRedirect(
      addStandardAction(await args(admin, path, { frameworkId: draftId }, { sectionId: section.id, title: "Staff know the new filtering rules.", guidance: "Training records.", allowsNotApplicable: "yes" })),
    );
    expect(location).toBe(`${base}/${draftId}#section-${section.id}`);
    const added = (await read(draftId)).sections[1].standards.at(-1)!;
    expect(added).toMatchObject({ code: `2.${section.standards.length + 1}`, title: "Staff know the new filtering rules.", allowsNotApplicable: true });
  });

  it("edits a standard, a section and the details; moves and retires from the version's page", async () => {
    const draft = await read(draftId);
    const st = draft.sections[0].standards[0];
    const editPath = `${base}/${draftId}/standards/${st.id}`;
    const form = await editStandardLoader(await args(admin, editPath, { frameworkId: draftId, standardId: st.id }));
    expect(form.standard.code).toBe("1.1");
    const bad = dataResult<{ errors: Record<string, string> }>(
      await editStandardAction(await args(admin, editPath, { frameworkId: draftId, standardId: st.id }, { title: "Governors lead.", guidance: "" })),
    );
    expect(bad).toMatchObject({ status: 400, data: { errors: { guidance: "Enter the guidance: what good evidence looks like" } } });
    await thrownRedirect(editStandardAction(await args(admin, editPath, { frameworkId: draftId, standardId: st.id }, { title: "Governors lead.", guidance: "Minutes." })));
    await thrownRedirect(editSectionAction(await args(admin, "/x", { frameworkId: draftId, sectionId: draft.sections[0].id }, { title: "Leadership" })));
    await thrownRedirect(detailsAction(await args(admin, "/x", { frameworkId: draftId }, { title: "Education standards 2027", description: "" })));
    const here = `${base}/${draftId}`;
    await thrownRedirect(versionAction(await args(admin, here, { frameworkId: draftId }, { intent: "standard-down", standardId: st.id })));
    await thrownRedirect(versionAction(await args(admin, here, { frameworkId: draftId }, { intent: "section-retire", sectionId: draft.sections[2].id })));
    await thrownRedirect(versionAction(await args(admin, here, { frameworkId: draftId }, { intent: "standard-retire", standardId: draft.sections[0].standards[2].id })));
    const first = await dataResult<{ error: string }>(await versionAction(await args(admin, here, { frameworkId: draftId }, { intent: "section-up", sectionId: draft.sections[0].id })));
    expect(first).toEqual({ status: 409, data: { error: "It is already first" } });
    const sectionLocation = await thrownRedirect(addSectionAction(await args(admin, "/x", { frameworkId: draftId }, { title: "Online safety" })));
    expect(sectionLocation).toMatch(new RegExp(`^${here}/standards/new\\?section=`));

    const after = await read(draftId);
    expect(after.framework.title).toBe("Education standards 2027");
    expect(after.sections[0]).toMatchObject({ title: "Leadership" });
    expect(after.sections[0].standards.map((s) => [s.code, s.title, s.retired])).toEqual([
      ["1.2", educationFramework.sections[0].standards[1].title, false],
      ["1.1", "Governors lead.", false],
      ["1.3", educationFramework.sections[0].standards[2].title, true],
    ]);
    expect(after.sections[2].retired).toBe(true);
    expect(after.sections.at(-1)).toMatchObject({ title: "Online safety", standards: [] });
  });

  it("publishes only once confirmed and once every section asked has a standard; then refuses every change", async () => {
    const here = `${base}/${draftId}`;
    const preview = await publishLoader(await args(admin, `${here}/publish`, { frameworkId: draftId }));
    expect(preview.problems).toEqual([expect.stringMatching(/^Section \d+ \(Online safety\) has no standard that is not retired/)]);
    const unconfirmed = dataResult<{ errors: Record<string, string> }>(await publishAction(await args(admin, `${here}/publish`, { frameworkId: draftId }, {})));
    expect(unconfirmed).toEqual({ status: 400, data: { errors: { confirm: "Confirm that the version is ready: once published it cannot be changed" } } });
    const blocked = dataResult<{ errors: Record<string, string> }>(await publishAction(await args(admin, `${here}/publish`, { frameworkId: draftId }, { confirm: "yes" })));
    expect(blocked.status).toBe(409);
    expect((await read(draftId)).framework.status).toBe("draft");

    const empty = (await read(draftId)).sections.at(-1)!;
    await thrownRedirect(versionAction(await args(admin, here, { frameworkId: draftId }, { intent: "section-retire", sectionId: empty.id })));
    expect(await thrownRedirect(publishAction(await args(admin, `${here}/publish`, { frameworkId: draftId }, { confirm: "yes" })))).toBe(here);
    expect((await read(draftId)).framework.status).toBe("published");

    const before = await read(draftId);
    const refused = dataResult<{ errors: Record<string, string> }>(
      await addStandardAction(await args(admin, "/x", { frameworkId: draftId }, { sectionId: before.sections[0].id, title: "More", guidance: "More" })),
    );
    expect(refused).toEqual({ status: 409, data: { errors: { title: "Version 2 is published, so it cannot be changed. Create a new version from it to make changes." }, values: expect.anything() } });
    expect(await read(draftId)).toEqual(before);
  });
});

describe("the JSON download and the import upload", () => {
  it("downloads a version as an attachment, and imports it back as the next version", async () => {
    const response = (await exportLoader(await args(admin, `${base}/${draftId}/export.json`, { frameworkId: draftId }))) as Response;
    expect(response.headers.get("Content-Type")).toBe("application/json; charset=utf-8");
    expect(response.headers.get("Content-Disposition")).toBe('attachment; filename="framework-northshire-education-v2.json"');
    const text = await response.text();
    expect(JSON.parse(text)).toMatchObject({ kind: "education", version: 2, title: "Education standards 2027" });

    const upload = async (contents: string, publish = false) => {
      const body = new FormData();
      body.append("file", new Blob([contents], { type: "application/json" }), "framework.json");
      if (publish) body.append("publish", "yes");
      return importAction(routeArgs(await signedInRequest(admin, `${base}/import`, { method: "POST", body }), { slug: "northshire" }));
    };
    const location = await thrownRedirect(upload(text, true));
    const imported = await read(location.split("/").at(-1)!);
    expect(imported.framework).toMatchObject({ version: 3, status: "published", title: "Education standards 2027" });
    const again = (await exportLoader(await args(admin, "/x", { frameworkId: imported.framework.id }))) as Response;
    expect({ ...JSON.parse(await again.text()), version: 2 }).toEqual(JSON.parse(text));

    // A file with mistakes: each named by its path, nothing imported.
    const broken = JSON.parse(text);
    broken.sections[1].standards[0].code = "";
    const refused = dataResult<{ errors: string[] }>(await upload(JSON.stringify(broken)));
    expect(refused).toEqual({ status: 400, data: { errors: ["sections[1].standards[0].code: Enter the standard's code"] } });
    const noFile = dataResult<{ errors: string[] }>(await importAction(await args(admin, `${base}/import`, {}, {})));
    expect(noFile).toEqual({ status: 400, data: { errors: ["Select a framework file (JSON) to import"] } });
    const list = await listLoader(await args(admin, base, {}));
    expect(list.kinds[0].versions.map((v) => v.version)).toEqual([3, 2, 1]);
  });
});
