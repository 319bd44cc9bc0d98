// The default frameworks are content, but content with rules: returns refer to standards by code,
// the section page groups standards by section, and the portal promises the partnership a
// framework of 30-60 standards covering what Keeping Children Safe in Education asks of schools.
import { describe, expect, it } from "vitest";
import { agencyFramework } from "./agency";
import { educationFramework } from "./education";
import type { FrameworkDefinition, SectionDefinition } from "./types";

const standardsOf = (framework: FrameworkDefinition) => framework.sections.flatMap((section) => section.standards.map((standard) => ({ section, standard })));

describe.each([
  { framework: educationFramework, kind: "education" },
  { framework: agencyFramework, kind: "agency" },
])("the default $kind framework", ({ framework, kind }) => {
  it("is the kind it says it is, with a title and a description", () => {
    expect(framework.kind).toBe(kind);
    expect(framework.title.trim()).not.toBe("");
    expect(framework.description.trim()).not.toBe("");
  });

  it("has between 30 and 60 standards", () => {
    const count = standardsOf(framework).length;
    expect(count).toBeGreaterThanOrEqual(30);
    expect(count).toBeLessThanOrEqual(60);
  });

  it("has sections with titles and at least one standard each, numbered 1, 2, 3...", () => {
    expect(framework.sections.length).toBeGreaterThan(1);
    for (const section of framework.sections) {
      expect(section.title.trim(), `section ${section.code}`).not.toBe("");
      expect(section.standards.length, `section ${section.code} "${section.title}"`).toBeGreaterThan(0);
    }
    expect(framework.sections.map((s) => s.code)).toEqual(framework.sections.map((_, i) => String(i + 1)));
  });

  it("gives every standard a code, a title, guidance and a yes/no on 'not applicable'", () => {
    for (const { standard } of standardsOf(framework)) {
      const where = `standard ${JSON.stringify(standard.code)}`;
      expect(typeof standard.code, where).toBe("string");
      expect(standard.code.trim(), where).not.toBe("");
      expect(standard.title.trim(), where).not.toBe("");
      expect(standard.guidance.trim(), where).not.toBe("");
      // Guidance says what good evidence looks like: more than a heading's worth of words.
      expect(standard.guidance.split(/\s+/).length, `${where} guidance`).toBeGreaterThanOrEqual(15);
      expect(typeof standard.allowsNotApplicable, where).toBe("boolean");
    }
  });

  it("numbers each standard within its section, with codes unique in the framework", () => {
    for (const { section, standard } of standardsOf(framework)) {
      expect(standard.code.startsWith(`${section.code}.`), `${standard.code} in section ${section.code}`).toBe(true);
      expect(standard.code, `${standard.code} in section ${section.code}`).toMatch(/^\d+\.\d+$/);
    }
    const codes = standardsOf(framework).map(({ standard }) => standard.code);
    const duplicates = codes.filter((code, i) => codes.indexOf(code) !== i);
    expect(duplicates).toEqual([]);
  });

  it("allows 'not applicable' only for some standards, not all", () => {
    const allowing = standardsOf(framework).filter(({ standard }) => standard.allowsNotApplicable);
    expect(allowing.length).toBeLessThan(standardsOf(framework).length / 2);
  });
});

describe("the education framework's coverage of Keeping Children Safe in Education", () => {
  // The topics issue 2 names, each found by its section's title; where the title is general
  // ("Specific safeguarding risks"), the section's standards must name the risks themselves.
  const topics: { topic: string; title: RegExp; standardsMention?: RegExp[] }[] = [
    { topic: "leadership and governance", title: /leadership/i, standardsMention: [/governor|trustee|proprietor/i] },
    { topic: "the designated safeguarding lead", title: /designated safeguarding lead/i },
    { topic: "policies", title: /polic(y|ies)/i },
    { topic: "safer recruitment and the single central record", title: /safer recruitment/i, standardsMention: [/single central record/i] },
    { topic: "staff and governor training", title: /training/i },
    { topic: "recognising and referring concerns, and early help", title: /referr/i, standardsMention: [/early help/i] },
    { topic: "record keeping", title: /record keeping/i },
    { topic: "managing allegations", title: /allegations/i },
    { topic: "curriculum and online safety", title: /online safety/i },
    { topic: "specific risks such as exploitation and Prevent", title: /risks|exploitation/i, standardsMention: [/exploitation/i, /\bPrevent\b/] },
    { topic: "attendance and children missing education", title: /attendance/i, standardsMention: [/missing (from )?education/i] },
    { topic: "multi-agency working and escalation", title: /multi-agency/i, standardsMention: [/escalat/i] },
    { topic: "pupil voice", title: /voice/i },
  ];

  const sectionFor = (title: RegExp): SectionDefinition | undefined => educationFramework.sections.find((s) => title.test(s.title));
  const textOf = (section: SectionDefinition) => section.standards.map((s) => `${s.title} ${s.guidance}`).join("\n");

  it.each(topics)("has a section on $topic", ({ title, standardsMention }) => {
    const section = sectionFor(title);
    expect(section, `no section title matches ${title}; titles: ${educationFramework.sections.map((s) => s.title).join(" | ")}`).toBeDefined();
    for (const mention of standardsMention ?? []) expect(textOf(section!)).toMatch(mention);
  });

  it("gives each topic a section of its own", () => {
    const sections = topics.map(({ title }) => sectionFor(title)?.code);
    expect(new Set(sections).size).toBe(topics.length);
  });
});
