import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  CONFLICT_REASON,
  NO_PANEL_REASON,
  NO_SECOND_REASON,
  SECOND_CONFLICT_REASON,
  assignModeration,
  assignSecondModerators,
  pickCalibration,
  secondModerator,
  type AssignmentPlan,
  type ModerationMember,
  type PanelMember,
} from "./assignment";

const fingerprint = (seed: string, id: string) => createHash("sha256").update(`${seed}:${id}`).digest("hex");

function returnsAt(n: number, settingId = (i: number) => `setting-${i}`): ModerationMember[] {
  return Array.from({ length: n }, (_, i) => ({ returnId: `return-${i + 1}`, settingId: settingId(i + 1) }));
}

function panel(...members: [userId: string, currentLoad?: number, excluded?: string[]][]): PanelMember[] {
  return members.map(([userId, currentLoad = 0, excluded = []]) => ({ userId, name: userId.toUpperCase(), currentLoad, excludedSettingIds: new Set(excluded) }));
}

function newLoads(plan: AssignmentPlan): Record<string, number> {
  const loads: Record<string, number> = {};
  for (const a of plan.assignments) loads[a.moderatorUserId] = (loads[a.moderatorUserId] ?? 0) + 1;
  return loads;
}

const reversed = <T>(items: readonly T[]) => [...items].reverse();

describe("assignModeration", () => {
  it("balances the work so loads differ by at most one", () => {
    for (const [returns, moderators] of [
      [10, 3],
      [17, 5],
      [4, 6],
      [60, 7],
    ]) {
      const people = panel(...Array.from({ length: moderators }, (_, i): [string] => [`user-${i}`]));
      const plan = assignModeration({ members: returnsAt(returns), moderators: people, seed: "balance" });
      expect(plan.assignments).toHaveLength(returns);
      expect(plan.unassigned).toEqual([]);
      const counts = people.map((p) => newLoads(plan)[p.userId] ?? 0);
      expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
    }
  });

  it("counts what panel members already hold", () => {
    // Ann holds 5 already; 10 new returns bring Ben and Cat to 5 each, and Ann gets none.
    const plan = assignModeration({ members: returnsAt(10), moderators: panel(["ann", 5], ["ben"], ["cat"]), seed: "loads" });
    expect(newLoads(plan)).toEqual({ ben: 5, cat: 5 });
    // Two more: everybody is at 5, so the totals end 6, 6, 5 in some order.
    const more = assignModeration({ members: returnsAt(12), moderators: panel(["ann", 5], ["ben"], ["cat"]), seed: "loads" });
    const totals = { ann: 5, ben: 0, cat: 0, ...Object.fromEntries(Object.entries(newLoads(more)).map(([k, v]) => [k, v + (k === "ann" ? 5 : 0)])) };
    expect(Object.values(totals).sort()).toEqual([5, 6, 6]);
  });

  it("never gives a panel member a return from a setting they are excluded from", () => {
    // Twelve returns from three settings; each panel member is conflicted with one of them.
    const members = returnsAt(12, (i) => `setting-${i % 3}`);
    const people = panel(["ann", 0, ["setting-0"]], ["ben", 0, ["setting-1"]], ["cat", 0, ["setting-2"]], ["dev", 0, ["setting-0", "setting-1"]]);
    const plan = assignModeration({ members, moderators: people, seed: "conflicts" });
    expect(plan.unassigned).toEqual([]);
    const settingOf = new Map(members.map((m) => [m.returnId, m.settingId]));
    for (const a of plan.assignments) expect(people.find((p) => p.userId === a.moderatorUserId)!.excludedSettingIds.has(settingOf.get(a.returnId)!)).toBe(false);
  });

  it("reports a return nobody on the panel can take", () => {
    const members = [
      { returnId: "r1", settingId: "st-marys" },
      { returnId: "r2", settingId: "oak-hill" },
    ];
    const plan = assignModeration({ members, moderators: panel(["ann", 0, ["st-marys"]], ["ben", 0, ["st-marys"]]), seed: "s" });
    expect(plan.assignments.map((a) => a.returnId)).toEqual(["r2"]);
    expect(plan.unassigned).toEqual([{ returnId: "r1", reason: CONFLICT_REASON }]);
    expect(CONFLICT_REASON).toBe("Every panel member has a conflict of interest with this setting");
    expect(assignModeration({ members, moderators: [], seed: "s" }).unassigned.map((u) => u.reason)).toEqual([NO_PANEL_REASON, NO_PANEL_REASON]);
  });

  it("takes returns in seeded order and breaks ties by a seeded fingerprint of the user", () => {
    const members = returnsAt(6);
    const people = panel(["ann"], ["ben"], ["cat"]);
    const plan = assignModeration({ members, moderators: people, seed: "order" });
    const returnOrder = members.map((m) => m.returnId).sort((a, b) => (fingerprint("order", a) < fingerprint("order", b) ? -1 : 1));
    expect(plan.assignments.map((a) => a.returnId)).toEqual(returnOrder);
    // Everybody starts at 0: the first three go one each, in the users' fingerprint order, and
    // the next three the same way round again.
    const userOrder = ["ann", "ben", "cat"].sort((a, b) => (fingerprint("order", a) < fingerprint("order", b) ? -1 : 1));
    expect(plan.assignments.map((a) => a.moderatorUserId)).toEqual([...userOrder, ...userOrder]);
  });

  it("gives the same plan for a seed whatever order its inputs come in", () => {
    const members = returnsAt(20, (i) => `setting-${i % 4}`);
    const people = panel(["ann", 2, ["setting-1"]], ["ben", 0], ["cat", 1, ["setting-3"]], ["dev", 0]);
    const plan = assignModeration({ members, moderators: people, seed: "same" });
    expect(assignModeration({ members: reversed(members), moderators: reversed(people), seed: "same" })).toEqual(plan);
    expect(assignModeration({ members, moderators: people, seed: "other" })).not.toEqual(plan);
  });

  it("refuses a return or a panel member listed twice", () => {
    expect(() => assignModeration({ members: [...returnsAt(2), ...returnsAt(1)], moderators: panel(["ann"]), seed: "s" })).toThrow(/return-1 is listed twice/);
    expect(() => assignModeration({ members: returnsAt(1), moderators: panel(["ann"], ["ann"]), seed: "s" })).toThrow(/ann is listed twice/);
  });
});

describe("pickCalibration", () => {
  const ids = (n: number) => returnsAt(n).map((m) => m.returnId);

  it("takes the share of the returns, rounded up, 10% unless told", () => {
    // 10% of 25 = 2.5 → 3; 10% of 30 = 3 exactly (0.1 × 30 is 3.0000000000000004 in floating point).
    expect(pickCalibration({ members: ids(25), seed: "c" })).toHaveLength(3);
    expect(pickCalibration({ members: ids(30), seed: "c" })).toHaveLength(3);
    expect(pickCalibration({ members: ids(1), seed: "c" })).toHaveLength(1);
    expect(pickCalibration({ members: ids(10), share: 0.25, seed: "c" })).toHaveLength(3);
    expect(new Set(pickCalibration({ members: ids(10), share: 1, seed: "c" }))).toEqual(new Set(ids(10)));
  });

  it("takes none for no returns or a share of 0, and refuses a share outside 0 to 1", () => {
    expect(pickCalibration({ members: [], seed: "c" })).toEqual([]);
    expect(pickCalibration({ members: ids(10), share: 0, seed: "c" })).toEqual([]);
    for (const share of [-0.1, 1.5, Number.NaN]) expect(() => pickCalibration({ members: ids(10), share, seed: "c" })).toThrow(RangeError);
  });

  it("is fixed by the seed, not the order the returns come in", () => {
    const picked = pickCalibration({ members: ids(40), share: 0.2, seed: "cal" });
    expect(pickCalibration({ members: reversed(ids(40)), share: 0.2, seed: "cal" })).toEqual(picked);
    const expected = ids(40).sort((a, b) => (fingerprint("cal:calibration", a) < fingerprint("cal:calibration", b) ? -1 : 1)).slice(0, 8);
    expect(picked).toEqual(expected);
    expect(pickCalibration({ members: ids(40), share: 0.2, seed: "other" })).not.toEqual(picked);
  });
});

describe("secondModerator", () => {
  const member = { returnId: "r1", settingId: "st-marys" };

  it("is the least-loaded eligible panel member other than the first", () => {
    const people = panel(["ann", 0], ["ben", 3], ["cat", 1, ["st-marys"]], ["dev", 2]);
    // Ann moderated it first; Cat is conflicted; Dev (2) has fewer than Ben (3).
    expect(secondModerator({ member, firstModeratorUserId: "ann", moderators: people, seed: "s" })).toEqual({ moderatorUserId: "dev" });
  });

  it("says why there is none", () => {
    expect(secondModerator({ member, firstModeratorUserId: "ann", moderators: panel(["ann"]), seed: "s" })).toEqual({ reason: NO_SECOND_REASON });
    expect(secondModerator({ member, firstModeratorUserId: "ann", moderators: panel(["ann"], ["ben", 0, ["st-marys"]]), seed: "s" })).toEqual({
      reason: SECOND_CONFLICT_REASON,
    });
  });
});

describe("assignSecondModerators", () => {
  it("never gives a return back to its first moderator, and spreads the work", () => {
    // Six calibration returns, two first moderated by each; everybody holds 10 already.
    const calibration = ["ann", "ann", "ben", "ben", "cat", "cat"].map((firstModeratorUserId, i) => ({
      returnId: `r${i}`,
      settingId: `setting-${i}`,
      firstModeratorUserId,
    }));
    const second = assignSecondModerators({ calibration, moderators: panel(["ann", 10], ["ben", 10], ["cat", 10]), seed: "cycle" });
    expect(second.unassigned).toEqual([]);
    const firstOf = new Map(calibration.map((c) => [c.returnId, c.firstModeratorUserId]));
    for (const a of second.assignments) expect(a.moderatorUserId).not.toBe(firstOf.get(a.returnId));
    expect(newLoads(second)).toEqual({ ann: 2, ben: 2, cat: 2 });
  });

  it("gives the least-loaded the returns they may take, when the first moderators are lopsided", () => {
    // Five of six were Cat's first: she can only take Ann's, and Ann and Ben share the rest.
    const calibration = ["cat", "cat", "ann", "cat", "cat", "cat"].map((firstModeratorUserId, i) => ({
      returnId: `r${i}`,
      settingId: `setting-${i}`,
      firstModeratorUserId,
    }));
    const second = assignSecondModerators({ calibration, moderators: panel(["ann", 10], ["ben", 10], ["cat", 10]), seed: "cycle" });
    expect(second.assignments.find((a) => a.returnId === "r2")!.moderatorUserId).not.toBe("ann");
    const loads = newLoads(second);
    expect((loads.ann ?? 0) + (loads.ben ?? 0) + (loads.cat ?? 0)).toBe(6);
    expect(loads.cat ?? 0).toBeLessThanOrEqual(1);
    expect(Math.abs((loads.ann ?? 0) - (loads.ben ?? 0))).toBeLessThanOrEqual(1);
  });
});
