import { describe, expect, it } from "vitest";
import { challengeStage, defaultRespondBy, isFutureDate, ratingsBelow, reminderDue } from "./challenge-rules";

describe("the ratings a panel member may suggest", () => {
  it("are only those below the setting's", () => {
    expect(ratingsBelow("exceeds")).toEqual(["not_met", "partially_met", "met"]);
    expect(ratingsBelow("partially_met")).toEqual(["not_met"]);
    expect(ratingsBelow("not_met")).toEqual([]);
    expect(ratingsBelow("not_applicable")).toEqual([]);
    expect(ratingsBelow(null)).toEqual([]);
  });
});

describe("the date to answer by", () => {
  it("is 15 working days on by default, and must be after today in the UK", () => {
    // Friday 18 December 2026: Christmas and Boxing Day (28th) and New Year's Day are skipped.
    expect(defaultRespondBy(new Date("2026-12-18T10:00:00Z"))).toBe("2027-01-13");
    expect(isFutureDate("2026-12-19", new Date("2026-12-18T23:30:00Z"))).toBe(true);
    // 23:30 UTC on 30 June is 1 July in London.
    expect(isFutureDate("2026-07-01", new Date("2026-06-30T23:30:00Z"))).toBe(false);
  });
});

describe("a challenge's stage", () => {
  it("follows its status and whether the answer has been resubmitted", () => {
    expect(challengeStage({ status: "open", respondedVersionNumber: null })).toBe("awaiting_answer");
    expect(challengeStage({ status: "responded", respondedVersionNumber: null })).toBe("awaiting_resubmission");
    expect(challengeStage({ status: "responded", respondedVersionNumber: 2 })).toBe("awaiting_panel");
    expect(challengeStage({ status: "withdrawn", respondedVersionNumber: null })).toBe("withdrawn");
  });
});

describe("a reminder", () => {
  const open = { status: "open", respondBy: "2026-11-02", remindersSent: 0, lastRemindedAt: null as Date | null };
  const at = (iso: string) => new Date(`${iso}T12:00:00Z`);
  it("is due the day after the date, then a week after the last, at most three times, and only while unanswered", () => {
    expect(reminderDue(open, at("2026-11-02"))).toBe(false);
    expect(reminderDue(open, at("2026-11-03"))).toBe(true);
    const once = { ...open, remindersSent: 1, lastRemindedAt: at("2026-11-03") };
    expect(reminderDue(once, at("2026-11-09"))).toBe(false);
    expect(reminderDue(once, at("2026-11-10"))).toBe(true);
    expect(reminderDue({ ...once, remindersSent: 3 }, at("2027-01-10"))).toBe(false);
    expect(reminderDue({ ...open, status: "responded" }, at("2026-11-10"))).toBe(false);
  });
});
