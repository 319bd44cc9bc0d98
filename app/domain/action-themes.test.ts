import { describe, expect, it } from "vitest";
import { isOverdueAction } from "./action-themes";

describe("isOverdueAction", () => {
  const today = "2026-04-01";
  it("is overdue from the day after the due date while the action is still to be done", () => {
    expect(isOverdueAction({ status: "open", dueOn: "2026-03-31" }, today)).toBe(true);
    expect(isOverdueAction({ status: "in_progress", dueOn: "2025-12-01" }, today)).toBe(true);
  });
  it("is not overdue on the due date itself, nor without one", () => {
    expect(isOverdueAction({ status: "open", dueOn: "2026-04-01" }, today)).toBe(false);
    expect(isOverdueAction({ status: "open", dueOn: null }, today)).toBe(false);
  });
  it("is never overdue once done or no longer needed", () => {
    expect(isOverdueAction({ status: "done", dueOn: "2026-03-31" }, today)).toBe(false);
    expect(isOverdueAction({ status: "dropped", dueOn: "2026-03-31" }, today)).toBe(false);
  });
});
