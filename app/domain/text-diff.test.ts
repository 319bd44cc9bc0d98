import { describe, expect, it } from "vitest";
import { diffWords } from "./text-diff";

const join = (parts: ReturnType<typeof diffWords>, kinds: string[]) =>
  parts.filter((p) => kinds.includes(p.kind)).map((p) => p.text).join("");

describe("diffWords", () => {
  it("finds the words added and removed", () => {
    const parts = diffWords("Staff trained in 2024.", "All staff trained in September 2026.");
    expect(join(parts, ["same", "removed"])).toBe("Staff trained in 2024.");
    expect(join(parts, ["same", "added"])).toBe("All staff trained in September 2026.");
    expect(parts.some((p) => p.kind === "added" && p.text.includes("September"))).toBe(true);
  });
  it("says nothing changed for equal texts", () => {
    expect(diffWords("same", "same")).toEqual([{ kind: "same", text: "same" }]);
    expect(diffWords("", "")).toEqual([]);
  });
});
