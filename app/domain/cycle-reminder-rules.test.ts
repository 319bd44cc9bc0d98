import { describe, expect, it } from "vitest";
import { addIsoDays } from "../dates";
import { DEFAULT_SCHEDULE, milestones, reminderDue, type ReminderSchedule, type SentReminder } from "./cycle-reminder-rules";

const schedule: ReminderSchedule = { ...DEFAULT_SCHEDULE, opensOn: "2027-01-04", dueOn: "2027-03-31", closesOn: null };

/** Runs the rule once a day from `from` to `to`, recording what it sends, as the worker would. */
function everyDay(s: ReminderSchedule, from: string, to: string, sent: SentReminder[] = []) {
  const days: { on: string; key: string }[] = [];
  for (let day = from; day <= to; day = addIsoDays(day, 1)) {
    const due = reminderDue(s, day, sent);
    if (due) {
      sent.push({ reminder: due.key, dueOn: s.dueOn });
      days.push({ on: day, key: due.key });
    }
  }
  return days;
}

describe("the cycle reminder schedule", () => {
  it("sends on opening, 28, 14, 7 and 1 days before the due date, then weekly while overdue, three times", () => {
    expect(everyDay(schedule, "2027-01-01", "2027-06-30")).toEqual([
      { on: "2027-01-04", key: "opening" },
      { on: "2027-03-03", key: "before-28" },
      { on: "2027-03-17", key: "before-14" },
      { on: "2027-03-24", key: "before-7" },
      { on: "2027-03-30", key: "before-1" },
      { on: "2027-04-01", key: "overdue-1" },
      { on: "2027-04-08", key: "overdue-2" },
      { on: "2027-04-15", key: "overdue-3" },
    ]);
  });

  it("sends only the latest reminder when runs were missed, never a backlog", () => {
    const sent: SentReminder[] = [{ reminder: "opening", dueOn: schedule.dueOn }];
    expect(reminderDue(schedule, "2027-03-25", sent)?.key).toBe("before-7");
    expect(reminderDue(schedule, "2027-03-26", [...sent, { reminder: "before-7", dueOn: schedule.dueOn }])).toBeNull();
  });

  it("leaves out a days-before reminder that would fall on or before the opening day", () => {
    const late = { ...schedule, opensOn: "2027-03-20" };
    expect(milestones(late).map((m) => m.key)).toEqual(["opening", "before-7", "before-1", "overdue-1", "overdue-2", "overdue-3"]);
  });

  it("starts the days-before and overdue reminders again for an extended due date, but not the opening one", () => {
    const sent: SentReminder[] = [];
    everyDay(schedule, "2027-01-04", "2027-04-02", sent);
    const extended = { ...schedule, dueOn: "2027-04-30" };
    expect(everyDay(extended, "2027-04-03", "2027-05-02", sent)).toEqual([
      { on: "2027-04-03", key: "before-28" },
      { on: "2027-04-16", key: "before-14" },
      { on: "2027-04-23", key: "before-7" },
      { on: "2027-04-29", key: "before-1" },
      { on: "2027-05-01", key: "overdue-1" },
    ]);
  });

  it("sends nothing before opening or after the closing day", () => {
    const closes = { ...schedule, closesOn: "2027-04-05" };
    expect(reminderDue(closes, "2027-01-03", [])).toBeNull();
    expect(everyDay(closes, "2027-04-06", "2027-05-01")).toEqual([]);
  });

  it("follows the cycle's own schedule", () => {
    const own = { ...schedule, remindOnOpening: false, reminderDaysBefore: [10], overdueEveryDays: 14, overdueLimit: 1 };
    expect(everyDay(own, "2027-01-01", "2027-06-30").map((d) => `${d.on} ${d.key}`)).toEqual(["2027-03-21 before-10", "2027-04-01 overdue-1"]);
  });
});
