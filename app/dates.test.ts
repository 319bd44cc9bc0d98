import { describe, expect, it } from "vitest";
import * as emails from "../emails/layout";
import * as forms from "./forms";
import { formatDate, formatDateTime, formatTime, londonIsoDate } from "./dates";

// Pages and emails share one helper; each case is a UK wall-clock time.
describe.each([
  { from: "the pages", formatDateTime: forms.formatDateTime },
  { from: "the emails", formatDateTime: emails.formatDateTime },
])("formatDateTime for $from", ({ formatDateTime }) => {
  it.each([
    ["2026-01-15T00:00:00Z", "15 January 2026 at midnight"],
    ["2026-01-15T00:30:00Z", "15 January 2026 at 12:30am"],
    ["2026-01-15T09:00:00Z", "15 January 2026 at 9am"],
    ["2026-01-15T09:05:00Z", "15 January 2026 at 9:05am"],
    ["2026-01-15T12:00:00Z", "15 January 2026 at midday"],
    ["2026-01-15T12:45:00Z", "15 January 2026 at 12:45pm"],
    ["2026-01-15T13:30:00Z", "15 January 2026 at 1:30pm"],
    ["2026-01-15T23:59:00Z", "15 January 2026 at 11:59pm"],
    // British Summer Time: 23:00 UTC is midnight in London, on the next day.
    ["2026-07-03T23:00:00Z", "4 July 2026 at midnight"],
    ["2025-07-04T13:05:00Z", "4 July 2025 at 2:05pm"],
  ])("%s is %s", (iso, expected) => {
    expect(formatDateTime(new Date(iso))).toBe(expected);
    expect(formatDateTime(iso as never)).toBe(expected);
  });
});

describe("formatTime and formatDate", () => {
  it("give the time of day alone, as the autosave status shows it", () => {
    expect(formatTime("2026-01-15T00:00:00Z")).toBe("midnight");
    expect(formatTime("2026-01-15T12:00:00Z")).toBe("midday");
    expect(formatTime(new Date("2026-07-15T16:07:00Z"))).toBe("5:07pm");
  });

  it("read a stored calendar date as that day, and a moment as its UK day", () => {
    expect(formatDate("2026-12-18")).toBe("18 December 2026");
    expect(formatDate(null)).toBe("");
    // 11:30pm UTC on 3 July is 12:30am on 4 July in London.
    expect(formatDate("2026-07-03T23:30:00.000Z")).toBe("4 July 2026");
    expect(formatDate(new Date("2026-07-03T23:30:00Z"))).toBe("4 July 2026");
  });

  it("are the ones the pages and the emails use", () => {
    expect(forms.formatDateTime).toBe(formatDateTime);
    expect(emails.formatDateTime).toBe(formatDateTime);
    expect(emails.formatDate).toBe(formatDate);
  });
});

describe("londonIsoDate", () => {
  it("is the UK calendar date, a day ahead of UTC late on a summer evening", () => {
    expect(londonIsoDate(new Date("2026-01-15T23:59:00Z"))).toBe("2026-01-15");
    expect(londonIsoDate(new Date("2026-06-15T23:30:00Z"))).toBe("2026-06-16");
    expect(londonIsoDate(new Date("2026-06-15T22:59:00Z"))).toBe("2026-06-15");
  });
});
