import fs from "node:fs";
import path from "node:path";
import { asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { auditEvents, cycles, frameworks, returns, settings } from "../../db/schema";
import { createPartnership, getPartnershipBySlug } from "../../app/domain/partnerships.server";
import {
  importSettings,
  listSettings,
  SettingsImportError,
  settingsToCsv,
} from "../../app/domain/settings-register.server";
import { GiasFormatError } from "../../app/domain/gias";

const fixture = fs.readFileSync(path.resolve(import.meta.dirname, "../fixtures/gias-sample.csv"));

// Latin-1 round-trips every byte, so editing the text keeps the file's Windows-1252 bytes.
const editFixture = (edit: (text: string) => string) => Buffer.from(edit(fixture.toString("latin1")), "latin1");

/** The sample extract with one establishment's status changed, as a later GIAS download. */
function withStatus(urn: string, code: string, status: string): Buffer {
  return editFixture((text) =>
    text
      .split("\r\n")
      .map((line) => (line.startsWith(`"${urn}",`) ? line.replace(/"\d","(Open|Closed)"/, `"${code}","${status}"`) : line))
      .join("\r\n"),
  );
}

const S175 = ["900001", "900002", "900003", "900004", "900007", "900008", "900009", "900014"];
const S157 = ["900005", "900006", "900010", "900015"];

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.destroy();
});

async function freshPartnership(slug: string) {
  const { partnership } = await createPartnership(database.db, { name: `Partnership ${slug}`, slug });
  return partnership;
}

const registerOf = (partnershipId: string) =>
  database.db.select().from(settings).where(eq(settings.partnershipId, partnershipId)).orderBy(asc(settings.urn));

describe("importing a GIAS extract", () => {
  it("registers exactly the 12 open schools and colleges of the local authority", async () => {
    const p = await freshPartnership("halton");
    const result = await importSettings(database.db, { partnershipId: p.id, laCode: "876", file: fixture });

    expect([...result.created].sort()).toEqual([...S175, ...S157].sort());
    expect(result.updated).toEqual([]);
    expect(result.deactivated).toEqual([]);
    expect(result.unchanged).toEqual([]);
    expect(result.skipped.map((s) => s.urn)).toEqual(["900011", "900012", "900013"]);
    expect(result.skipped.map((s) => s.reason)).toEqual([
      "Closed, and not in the register",
      "Not a school or college the register holds (Children's centre, Children's Centres)",
      'Not open yet (status "Proposed to open")',
    ]);

    const rows = await registerOf(p.id);
    expect(rows).toHaveLength(12);
    expect(rows.every((r) => r.active)).toBe(true);
    expect(rows.filter((r) => r.basis === "s175").map((r) => r.urn)).toEqual(S175);
    expect(rows.filter((r) => r.basis === "s157").map((r) => r.urn)).toEqual(S157);
    expect(rows.every((r) => r.laCode === "876")).toBe(true);

    const byUrn = Object.fromEntries(rows.map((r) => [r.urn, r]));
    expect(byUrn["900002"].name).toBe("St Mary\u2019s Catholic Primary School");
    expect(byUrn["900006"].giasStatus).toBe("Open, but proposed to close");
    expect(byUrn["900009"]).toMatchObject({ type: "fe_college", basis: "s175", ukprn: "10090009", postcode: "WA8 8HJ" });
    expect(byUrn["900015"]).toMatchObject({ type: "special", basis: "s157", giasType: "Academy special converter" });
    expect(byUrn["900008"]).toMatchObject({ type: "alternative_provision", basis: "s175" });
    expect(byUrn["900004"]).toMatchObject({ type: "nursery", basis: "s175" });

    const [audit] = await database.db.select().from(auditEvents).where(eq(auditEvents.partnershipId, p.id));
    expect(audit).toMatchObject({
      action: "settings.imported",
      entityType: "partnership",
      entityId: p.id,
      detail: { laCode: "876", establishments: 15, created: 12, updated: 0, deactivated: 0, unchanged: 0, skipped: 3 },
    });
  });

  it("changes nothing when the same file is imported again", async () => {
    const p = await freshPartnership("twice");
    await importSettings(database.db, { partnershipId: p.id, laCode: "876", file: fixture });
    const before = await registerOf(p.id);

    const again = await importSettings(database.db, { partnershipId: p.id, laCode: "876", file: fixture });
    expect(again.created).toEqual([]);
    expect(again.updated).toEqual([]);
    expect(again.deactivated).toEqual([]);
    expect([...again.unchanged].sort()).toEqual([...S175, ...S157].sort());
    expect(again.skipped.map((s) => s.urn)).toEqual(["900011", "900012", "900013"]);
    // Every column, updated_at included.
    expect(await registerOf(p.id)).toEqual(before);

    const events = await database.db.select().from(auditEvents).where(eq(auditEvents.partnershipId, p.id));
    expect(events.map((e) => e.detail.unchanged)).toEqual([0, 12]);
  });

  it("deactivates a school that has since closed, keeping it and its returns", async () => {
    const p = await freshPartnership("later");
    await importSettings(database.db, { partnershipId: p.id, laCode: "876", file: fixture });
    const nursery = (await registerOf(p.id)).find((r) => r.urn === "900004")!;
    const returnId = await giveReturn(p.id, nursery.id);
    const before = await registerOf(p.id);

    const later = await importSettings(database.db, {
      partnershipId: p.id,
      laCode: "876",
      file: withStatus("900004", "2", "Closed"),
    });
    expect(later.deactivated).toEqual(["900004"]);
    expect(later.created).toEqual([]);
    expect(later.updated).toEqual([]);
    expect(later.unchanged).toHaveLength(11);

    const after = await registerOf(p.id);
    expect(after).toHaveLength(12);
    const closed = after.find((r) => r.urn === "900004");
    expect(closed).toMatchObject({ id: nursery.id, active: false, giasStatus: "Closed" });
    expect(closed!.updatedAt.getTime()).toBeGreaterThanOrEqual(nursery.updatedAt.getTime());
    // The other eleven are untouched.
    expect(after.filter((r) => r.urn !== "900004")).toEqual(before.filter((r) => r.urn !== "900004"));
    expect(await database.db.select().from(returns).where(eq(returns.id, returnId))).toHaveLength(1);
    expect(await listSettings(database.db, p.id, { active: true })).toHaveLength(11);

    // Importing the closed extract again is no change; reopening makes it active again.
    const repeat = await importSettings(database.db, { partnershipId: p.id, laCode: "876", file: withStatus("900004", "2", "Closed") });
    expect(repeat.unchanged).toHaveLength(12);
    const reopened = await importSettings(database.db, { partnershipId: p.id, laCode: "876", file: fixture });
    expect(reopened.updated).toEqual(["900004"]);
    expect((await listSettings(database.db, p.id, { active: true })).map((r) => r.urn)).toContain("900004");
  });

  it("rejects a file without the GIAS columns before touching the database", async () => {
    const p = await freshPartnership("bad-file");
    await importSettings(database.db, { partnershipId: p.id, laCode: "876", file: fixture });
    const before = await registerOf(p.id);
    const eventsBefore = await database.db.select().from(auditEvents).where(eq(auditEvents.partnershipId, p.id));

    const broken = editFixture((text) => text.replace('"URN","LA (code)"', '"Ref","LA"'));
    const attempt = importSettings(database.db, { partnershipId: p.id, laCode: "876", file: broken });
    await expect(attempt).rejects.toThrow(GiasFormatError);
    await expect(importSettings(database.db, { partnershipId: p.id, laCode: "876", file: broken })).rejects.toThrow(
      "The file is missing these GIAS columns: URN, LA (code)",
    );

    expect(await registerOf(p.id)).toEqual(before);
    expect(await database.db.select().from(auditEvents).where(eq(auditEvents.partnershipId, p.id))).toEqual(eventsBefore);
  });

  it("refuses a local authority code the file does not contain, or one that is not a code", async () => {
    const p = await freshPartnership("wrong-la");
    await expect(importSettings(database.db, { partnershipId: p.id, laCode: "999", file: fixture })).rejects.toThrow(
      new SettingsImportError("The file has no establishments for local authority 999"),
    );
    await expect(importSettings(database.db, { partnershipId: p.id, laCode: "Halton", file: fixture })).rejects.toThrow(
      SettingsImportError,
    );
    expect(await registerOf(p.id)).toEqual([]);
  });

  it("keeps each partnership's register to itself", async () => {
    const north = await freshPartnership("north");
    const south = await freshPartnership("south");
    await importSettings(database.db, { partnershipId: north.id, laCode: "876", file: fixture });
    const result = await importSettings(database.db, { partnershipId: south.id, laCode: "895", file: fixture });
    expect(result.created).toEqual(["900101", "900102", "900103"]);
    expect((await registerOf(south.id)).map((r) => [r.urn, r.type, r.basis])).toEqual([
      ["900101", "primary", "s175"],
      ["900102", "academy", "s157"],
      ["900103", "sixth_form_college", "s175"],
    ]);
    expect(await registerOf(north.id)).toHaveLength(12);
  });

  it("imports a large extract in batches", async () => {
    const p = await freshPartnership("national");
    const header =
      '"URN","EstablishmentName","LA (code)","TypeOfEstablishment (name)","EstablishmentTypeGroup (name)","EstablishmentStatus (name)","PhaseOfEducation (name)"';
    const lines = Array.from(
      { length: 2500 },
      (_, i) => `"${100000 + i}","School ${i}","876","Community school","Local authority maintained schools","Open","Primary"`,
    );
    const file = Buffer.from([header, ...lines].join("\r\n"), "latin1");
    const first = await importSettings(database.db, { partnershipId: p.id, laCode: "876", file });
    expect(first.created).toHaveLength(2500);
    const renamed = Buffer.from([header, ...lines.map((l) => l.replace("School ", "Renamed "))].join("\r\n"), "latin1");
    const second = await importSettings(database.db, { partnershipId: p.id, laCode: "876", file: renamed });
    expect(second.updated).toHaveLength(2500);
    expect((await listSettings(database.db, p.id)).every((r) => r.name.startsWith("Renamed "))).toBe(true);
  });
});

describe("listing the register", () => {
  it("filters by type, basis and active, ordered by name", async () => {
    const p = await freshPartnership("listing");
    await importSettings(database.db, { partnershipId: p.id, laCode: "876", file: fixture });
    const all = await listSettings(database.db, p.id);
    expect(all.map((r) => r.name)).toEqual([...all.map((r) => r.name)].sort((a, b) => a.localeCompare(b)));
    expect((await listSettings(database.db, p.id, { basis: "s157" })).map((r) => r.urn)).toEqual([
      "900015",
      "900005",
      "900010",
      "900006",
    ]);
    expect((await listSettings(database.db, p.id, { type: "primary" })).map((r) => r.urn)).toEqual([
      "900001",
      "900014",
      "900003",
      "900002",
    ]);
    expect(await listSettings(database.db, p.id, { active: false })).toEqual([]);
    expect(await getPartnershipBySlug(database.db, "listing")).toMatchObject({ id: p.id });
  });
});

describe("settingsToCsv", () => {
  it("quotes cells that need it and neutralises spreadsheet formulas", () => {
    const csv = settingsToCsv([
      { urn: "1", name: "Plain School", type: "primary", basis: "s175", active: true },
      { urn: "2", name: 'The "Quoted", School', type: "academy", basis: "s157", active: false },
      { urn: "3", name: "=HYPERLINK(\"http://x\")", type: "primary", basis: "s175", active: true },
      { urn: "4", name: "+44 School", type: "primary", basis: "s175", active: true },
      { urn: "5", name: "-1", type: "primary", basis: "s175", active: true },
      { urn: "6", name: "@SUM(A1)", type: "primary", basis: "s175", active: true },
      { urn: "7", name: "\tTabbed", type: "primary", basis: "s175", active: true },
      { urn: "8", name: "\rReturn", type: "primary", basis: "s175", active: true },
      { urn: null, name: "Police", type: "police", basis: "s11", active: true },
    ]);
    expect(csv.split("\r\n")).toEqual([
      "urn,name,type,basis,active",
      "1,Plain School,primary,s175,true",
      '2,"The ""Quoted"", School",academy,s157,false',
      `3,"'=HYPERLINK(""http://x"")",primary,s175,true`,
      "4,'+44 School,primary,s175,true",
      "5,'-1,primary,s175,true",
      "6,'@SUM(A1),primary,s175,true",
      "7,'\tTabbed,primary,s175,true",
      `8,"'\rReturn",primary,s175,true`,
      ",Police,police,s11,true",
      "",
    ]);
  });
});

/** A framework, a cycle and a return for the setting: the history an import must never lose. */
async function giveReturn(partnershipId: string, settingId: string): Promise<string> {
  const { db } = database;
  const [framework] = await db
    .insert(frameworks)
    .values({ partnershipId, kind: "education", version: 1, title: "Education standards" })
    .returning();
  const [cycle] = await db
    .insert(cycles)
    .values({
      partnershipId,
      name: "2025 audit",
      kind: "full",
      educationFrameworkId: framework.id,
      agencyFrameworkId: framework.id,
      opensOn: "2025-01-06",
      dueOn: "2025-03-31",
    })
    .returning();
  const [row] = await db.insert(returns).values({ partnershipId, cycleId: cycle.id, settingId, frameworkId: framework.id }).returning();
  return row.id;
}
