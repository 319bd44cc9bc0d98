import { describe, expect, it } from "vitest";
import { actionReminderDue, daysFrom, type ActionReminderState } from "./action-reminder-rules";

// Noon UTC is the same UK date all year round.
const at = (iso: string, time = "12:00:00Z") => new Date(`${iso}T${time}`);
const fresh: ActionReminderState = { status: "open", dueOn: "2026-03-31", remindersSent: 0, remindedDueOn: null, lastRemindedAt: null };
const reminded = (count: number, on: string, time?: string): ActionReminderState => ({
  ...fresh,
  remindersSent: count,
  remindedDueOn: "2026-03-31",
  lastRemindedAt: at(on, time),
});

describe("daysFrom", () => {
  it("counts calendar days, across months and the clocks changing", () => {
    expect(daysFrom("2026-03-31", "2026-04-07")).toBe(7);
    expect(daysFrom("2026-03-25", "2026-04-01")).toBe(7);
    expect(daysFrom("2026-04-07", "2026-03-31")).toBe(-7);
  });
});

describe("actionReminderDue", () => {
  it("sends the first on the first day the action is overdue, or any day after", () => {
    expect(actionReminderDue(fresh, at("2026-03-31"))).toBeNull();
    expect(actionReminderDue(fresh, at("2026-04-01"))).toBe(1);
    expect(actionReminderDue(fresh, at("2026-09-01"))).toBe(1);
  });

  it("goes by the UK date: the first minutes of 1 April in summer time are still 31 March in UTC", () => {
    expect(actionReminderDue(fresh, at("2026-03-31", "23:30:00Z"))).toBe(1);
    expect(actionReminderDue(fresh, at("2026-03-31", "22:30:00Z"))).toBeNull();
  });

  it("sends the next once seven UK days have passed since the last, whatever the hour", () => {
    expect(actionReminderDue(reminded(1, "2026-04-01"), at("2026-04-01"))).toBeNull();
    expect(actionReminderDue(reminded(1, "2026-04-01"), at("2026-04-07", "22:30:00Z"))).toBeNull();
    expect(actionReminderDue(reminded(1, "2026-04-01", "07:00:05Z"), at("2026-04-08", "07:00:00Z"))).toBe(2);
    expect(actionReminderDue(reminded(3, "2026-04-15"), at("2026-04-22"))).toBe(4);
  });

  it("stops at four for one due date", () => {
    expect(actionReminderDue(reminded(4, "2026-04-22"), at("2026-04-29"))).toBeNull();
    expect(actionReminderDue(reminded(4, "2026-04-22"), at("2027-04-29"))).toBeNull();
  });

  it("starts again for a new due date, once that has passed", () => {
    const moved = { ...reminded(4, "2026-04-22"), dueOn: "2026-06-30" };
    expect(actionReminderDue(moved, at("2026-04-29"))).toBeNull();
    expect(actionReminderDue(moved, at("2026-07-01"))).toBe(1);
  });

  it("sends none once the action is done or no longer needed, or without a due date", () => {
    expect(actionReminderDue({ ...reminded(1, "2026-04-01"), status: "done" }, at("2026-04-08"))).toBeNull();
    expect(actionReminderDue({ ...fresh, status: "dropped" }, at("2026-04-08"))).toBeNull();
    expect(actionReminderDue({ ...fresh, status: "in_progress" }, at("2026-04-08"))).toBe(1);
    expect(actionReminderDue({ ...fresh, dueOn: null }, at("2026-04-08"))).toBeNull();
  });
});
