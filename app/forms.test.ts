import { describe, expect, it } from "vitest";
import { z } from "zod";
import { formatDate, hasHiddenControlCharacters, parseDateParts, parseForm, typedText } from "./forms";

describe("hidden control characters", () => {
  it("are every C0 control character but tab, line feed and carriage return", () => {
    expect(hasHiddenControlCharacters("Line one\r\nLine two\n\tindented")).toBe(false);
    expect(hasHiddenControlCharacters("Café – “quoted” 😀")).toBe(false);
    for (const c of ["\u0000", "\u0001", "\u0008", "\u000b", "\u000c", "\u000e", "\u001b", "\u001f"])
      expect(hasHiddenControlCharacters(`a${c}b`), JSON.stringify(c)).toBe(true);
  });

  it("are refused in typed text by the field's name, before its other rules", () => {
    const schema = z.object({ name: typedText("Full name").trim().min(1, "Enter a name").max(5, "Too long") });
    const form = (name: string) => {
      const data = new FormData();
      data.set("name", name);
      return data;
    };
    expect(parseForm(schema, form("Hana\u0000 Hughes"))).toEqual({
      ok: false,
      errors: { name: "Full name must not contain hidden control characters: remove them and try again" },
      values: { name: "Hana\u0000 Hughes" },
    });
    expect(parseForm(schema, form(" Hana "))).toEqual({ ok: true, data: { name: "Hana" } });
  });

  it("are refused in any other field a form sends, even one its schema lets through", () => {
    const data = new FormData();
    data.set("intent", "save");
    data.set("fingerprint", "abc\u0000");
    const result = parseForm(z.object({ intent: z.string(), fingerprint: z.string().optional() }), data);
    expect(result).toMatchObject({
      ok: false,
      errors: { fingerprint: "This answer must not contain hidden control characters: remove them and try again" },
    });
  });
});

describe("parseDateParts", () => {
  it("turns three fields into an ISO date", () => {
    expect(parseDateParts("31", "3", "2027", "Due date")).toEqual({ ok: true, value: "2027-03-31" });
    expect(parseDateParts("", "", "", "Due date")).toEqual({ ok: true, value: null });
  });
  it("names what is missing or wrong", () => {
    expect(parseDateParts("", "3", "2027", "Due date")).toEqual({ ok: false, message: "Due date must include a day" });
    expect(parseDateParts("31", "2", "2027", "Due date")).toEqual({ ok: false, message: "Due date must be a real date, like 31 3 2027" });
    expect(parseDateParts("1", "1", "27", "Due date").ok).toBe(false);
  });
});

describe("formatDate", () => {
  it("writes dates the GOV.UK way", () => {
    expect(formatDate("2026-12-18")).toBe("18 December 2026");
  });
});
