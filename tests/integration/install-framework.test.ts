// Installing a framework writes its sections and standards in two statements for the whole
// framework (not two per section): each standard must still land in its own section, in order,
// exactly as the definition has it.
import { afterAll, beforeAll, expect, it } from "vitest";
import { installFramework, loadFramework } from "../../app/domain/frameworks.server";
import { agencyFramework } from "../../db/seed/frameworks/agency";
import { educationFramework } from "../../db/seed/frameworks/education";
import type { FrameworkDefinition } from "../../db/seed/frameworks/types";
import { useTestDatabase, type TestDatabase } from "../support/database";
import { makePartnership } from "../support/factories";

let database: TestDatabase;
beforeAll(async () => {
  database = await useTestDatabase();
});
afterAll(() => database.destroy());

it.each([
  { definition: educationFramework, kind: "education" },
  { definition: agencyFramework, kind: "agency" },
])("installs the $kind framework's sections and standards as defined", async ({ definition }) => {
  const partnership = await makePartnership(database.db);
  const installed = await installFramework(database.db, partnership.id, definition);
  const loaded = await loadFramework(database.db, partnership.id, installed.id);

  const stored = loaded!.sections.map((section) => ({
    code: section.code,
    title: section.title,
    position: section.position,
    standards: section.standards.map((s) => ({ code: s.code, title: s.title, guidance: s.guidance, allowsNotApplicable: s.allowsNotApplicable, position: s.position })),
  }));
  expect(stored).toEqual(
    definition.sections.map((section, i) => ({
      code: section.code,
      title: section.title,
      position: i + 1,
      standards: section.standards.map((s, j) => ({ ...s, position: j + 1 })),
    })),
  );
  for (const section of loaded!.sections) {
    for (const standard of section.standards) {
      expect(standard.sectionId).toBe(section.id);
      expect(standard.frameworkId).toBe(installed.id);
      expect(standard.partnershipId).toBe(partnership.id);
    }
  }
});

it("installs a framework without sections", async () => {
  const partnership = await makePartnership(database.db);
  const empty: FrameworkDefinition = { ...educationFramework, sections: [] };
  const installed = await installFramework(database.db, partnership.id, empty);
  expect((await loadFramework(database.db, partnership.id, installed.id))!.sections).toEqual([]);
});
