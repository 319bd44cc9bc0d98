import { describe, expect, it } from "vitest";
import { formatDate, parseDateParts } from "./forms";

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
