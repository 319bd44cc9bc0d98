import { describe, expect, it } from "vitest";
import { FRAMEWORK_JSON_FORMAT, parseFrameworkJson, pathOf } from "./framework-json";

const file = (sections: unknown) => JSON.stringify({ format: FRAMEWORK_JSON_FORMAT, formatVersion: 1, kind: "agency", title: "Agency standards", sections });
const standard = (code: string, extra: Record<string, unknown> = {}) => ({ code, title: `Standard ${code}`, guidance: "Evidence.", ...extra });

describe("a framework file", () => {
  it("names a place the way a reader finds it", () => {
    expect(pathOf(["sections", 1, "standards", 0, "code"])).toBe("sections[1].standards[0].code");
    expect(pathOf([])).toBe("");
  });

  it("reads a good file, with the optional fields filled in", () => {
    const result = parseFrameworkJson(`\uFEFF${file([{ code: "1", title: "Leadership", standards: [standard("1.1")] }])}`);
    expect(result).toEqual({
      ok: true,
      framework: expect.objectContaining({
        description: "",
        sections: [{ code: "1", title: "Leadership", retired: false, standards: [{ ...standard("1.1"), allowsNotApplicable: false, retired: false }] }],
      }),
    });
  });

  it("lists every problem once, by path: duplicates beside other mistakes, nothing left to ask", () => {
    const result = parseFrameworkJson(file([{ code: "1", title: "", standards: [standard("1.1"), standard("1.1", { retired: true })] }, { code: "1", title: "Again", retired: true, standards: [] }]));
    expect(result).toEqual({
      ok: false,
      errors: ["sections[0].title: Enter the section's title", "sections[0].standards[1].code: Standard code 1.1 is used by sections[0].standards[0] too", "sections[1].code: Section code 1 is used by sections[0] too"],
    });
    expect(parseFrameworkJson(file([{ code: "1", title: "A", standards: [standard("1.1", { retired: true })] }]))).toEqual({
      ok: false,
      errors: ["sections: At least one standard must not be retired"],
    });
  });
});
