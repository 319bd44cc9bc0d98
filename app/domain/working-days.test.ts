import { describe, expect, it } from "vitest";
import {
  BANK_HOLIDAYS_ENGLAND_AND_WALES,
  CHALLENGE_RESPONSE_WORKING_DAYS,
  addWorkingDays,
  bankHolidaysKnown,
  isWorkingDay,
  londonDate,
} from "./working-days";

// The London date the answer lands on, for short assertions.
const due = (from: string, days: number) => londonDate(addWorkingDays(new Date(from), days));

describe("addWorkingDays", () => {
  it("skips the weekend, and does not count the day it starts", () => {
    // Friday 6 March 2026 + 1 = Monday 9 March.
    expect(due("2026-03-06T10:00:00Z", 1)).toBe("2026-03-09");
    // From Saturday or Sunday, the first working day is the Monday.
    expect(due("2026-03-07T10:00:00Z", 1)).toBe("2026-03-09");
    expect(due("2026-03-08T10:00:00Z", 1)).toBe("2026-03-09");
    expect(due("2026-03-07T10:00:00Z", 0)).toBe("2026-03-07");
  });

  it("counts 15 working days from a Monday, worked by hand", () => {
    // From Monday 2 March 2026: Tue 3 (1), Wed 4 (2), Thu 5 (3), Fri 6 (4), Mon 9 (5), Tue 10 (6),
    // Wed 11 (7), Thu 12 (8), Fri 13 (9), Mon 16 (10), Tue 17 (11), Wed 18 (12), Thu 19 (13),
    // Fri 20 (14), Mon 23 (15).
    expect(due("2026-03-02T09:00:00Z", CHALLENGE_RESPONSE_WORKING_DAYS)).toBe("2026-03-23");
    expect(CHALLENGE_RESPONSE_WORKING_DAYS).toBe(15);
  });

  it("skips Easter", () => {
    // From Wednesday 25 March 2026: Thu 26 (1), Fri 27 (2), Mon 30 (3), Tue 31 (4), Wed 1 Apr (5),
    // Thu 2 (6), [Good Friday 3, weekend, Easter Monday 6], Tue 7 (7), Wed 8 (8), Thu 9 (9),
    // Fri 10 (10), Mon 13 (11), Tue 14 (12), Wed 15 (13), Thu 16 (14), Fri 17 (15).
    expect(due("2026-03-25T09:00:00Z", 15)).toBe("2026-04-17");
  });

  it("skips Christmas 2026, when Boxing Day's holiday is Monday 28 December", () => {
    // Wed 23 Dec + 1 = Thu 24; + 2 = Tue 29 (25 Fri holiday, 26-27 weekend, 28 Mon holiday).
    expect(due("2026-12-23T09:00:00Z", 1)).toBe("2026-12-24");
    expect(due("2026-12-23T09:00:00Z", 2)).toBe("2026-12-29");
    // + 5 = Mon 4 Jan 2027: Wed 30 (3), Thu 31 (4), [1 Jan Fri holiday, weekend], Mon 4 (5).
    expect(due("2026-12-23T09:00:00Z", 5)).toBe("2027-01-04");
    // A challenge on Monday 14 December: Tue 15 (1) … Thu 24 (8), Tue 29 (9), Wed 30 (10),
    // Thu 31 (11), Mon 4 (12), Tue 5 (13), Wed 6 (14), Thu 7 (15).
    expect(due("2026-12-14T09:00:00Z", 15)).toBe("2027-01-07");
  });

  it("counts from the London date on a summer evening", () => {
    // 23:30 UTC on Thursday 11 June 2026 is 00:30 on Friday 12 June in London (BST).
    expect(londonDate(new Date("2026-06-11T23:30:00Z"))).toBe("2026-06-12");
    // So one working day on is Monday 15 June, not Friday 12 June as the UTC date would give.
    expect(due("2026-06-11T23:30:00Z", 1)).toBe("2026-06-15");
    // In winter London is on UTC: 23:30 UTC on Thursday 10 December is still Thursday.
    expect(due("2026-12-10T23:30:00Z", 1)).toBe("2026-12-11");
  });

  it("returns noon UTC on the London date", () => {
    expect(addWorkingDays(new Date("2026-06-11T23:30:00Z"), 1).toISOString()).toBe("2026-06-15T12:00:00.000Z");
    expect(addWorkingDays(new Date("2026-12-10T00:10:00Z"), 0).toISOString()).toBe("2026-12-10T12:00:00.000Z");
  });

  it("counts only weekends after the listed years", () => {
    // Friday 28 December 2029 + 1 = Monday 31 December (whatever the 2029 list will hold).
    expect(due("2029-12-28T09:00:00Z", 1)).toBe("2029-12-31");
    expect(bankHolidaysKnown("2029-12-31")).toBe(false);
    expect(bankHolidaysKnown("2028-12-31")).toBe(true);
    expect(bankHolidaysKnown("2025-01-01")).toBe(true);
  });

  it("refuses a count that is not a whole number of days, or no date", () => {
    expect(() => addWorkingDays(new Date("2026-03-02T09:00:00Z"), -1)).toThrow(RangeError);
    expect(() => addWorkingDays(new Date("2026-03-02T09:00:00Z"), 1.5)).toThrow(RangeError);
    expect(() => addWorkingDays(new Date("not a date"), 1)).toThrow(RangeError);
  });
});

describe("isWorkingDay", () => {
  it("knows weekends and bank holidays", () => {
    expect(isWorkingDay("2026-03-02")).toBe(true); // Monday
    expect(isWorkingDay("2026-03-07")).toBe(false); // Saturday
    expect(isWorkingDay("2026-03-08")).toBe(false); // Sunday
    expect(isWorkingDay("2026-12-25")).toBe(false); // Christmas Day, a Friday
    expect(isWorkingDay("2026-12-28")).toBe(false); // Boxing Day's substitute, a Monday
    expect(isWorkingDay("2026-12-29")).toBe(true);
  });

  it("refuses what is not a date", () => {
    for (const bad of ["2026-02-30", "2026-2-3", "tomorrow", "2026-03-02T00:00:00Z"]) expect(() => isWorkingDay(bad)).toThrow(RangeError);
  });
});

describe("the bank holiday list", () => {
  it("has eight for each year from 2025 to 2028, all on weekdays, in order", () => {
    for (const year of ["2025", "2026", "2027", "2028"]) expect(BANK_HOLIDAYS_ENGLAND_AND_WALES.filter((d) => d.startsWith(year))).toHaveLength(8);
    expect(BANK_HOLIDAYS_ENGLAND_AND_WALES).toHaveLength(32);
    expect([...BANK_HOLIDAYS_ENGLAND_AND_WALES].sort()).toEqual(BANK_HOLIDAYS_ENGLAND_AND_WALES);
    for (const day of BANK_HOLIDAYS_ENGLAND_AND_WALES) {
      const weekday = new Date(`${day}T12:00:00Z`).getUTCDay();
      expect(weekday === 0 || weekday === 6, day).toBe(false);
    }
  });
});
