import { describe, expect, it } from "vitest";
import { can, POLICY, type Grant, type Permission } from "./permissions";

const P1 = "p1";
const P2 = "p2";
const dslOfA: Grant = { partnershipId: P1, settingId: "a", role: "dsl" };
const signatoryOfA: Grant = { partnershipId: P1, settingId: "a", role: "signatory" };
const adminOfP1: Grant = { partnershipId: P1, settingId: null, role: "admin" };
const moderatorOfP1: Grant = { partnershipId: P1, settingId: null, role: "moderator" };

describe("can", () => {
  it("lets a DSL edit their own setting's return and nobody else's", () => {
    expect(can([dslOfA], "return.edit", { partnershipId: P1, settingId: "a" })).toBe(true);
    expect(can([dslOfA], "return.edit", { partnershipId: P1, settingId: "b" })).toBe(false);
    // The same setting id in another partnership is another thing.
    expect(can([dslOfA], "return.edit", { partnershipId: P2, settingId: "a" })).toBe(false);
  });

  it("keeps sign-off for signatories", () => {
    expect(can([dslOfA], "return.signOff", { partnershipId: P1, settingId: "a" })).toBe(false);
    expect(can([signatoryOfA], "return.signOff", { partnershipId: P1, settingId: "a" })).toBe(true);
  });

  it("lets the setting's DSL and signatory submit (once signed off: the domain's rule), and nobody else", () => {
    expect(POLICY["return.submit"]).toEqual({ settingRoles: ["dsl", "signatory"], partnershipRoles: [] });
    expect(can([dslOfA], "return.submit", { partnershipId: P1, settingId: "a" })).toBe(true);
    expect(can([signatoryOfA], "return.submit", { partnershipId: P1, settingId: "a" })).toBe(true);
    expect(can([dslOfA], "return.submit", { partnershipId: P1, settingId: "b" })).toBe(false);
    expect(can([adminOfP1, moderatorOfP1], "return.submit", { partnershipId: P1, settingId: "a" })).toBe(false);
  });

  it("gives partnership roles nothing in another partnership", () => {
    for (const permission of Object.keys(POLICY) as Permission[]) {
      expect(can([adminOfP1, moderatorOfP1], permission, { partnershipId: P2, settingId: "x" })).toBe(false);
    }
  });

  it("does not let a setting role stand in for a partnership role", () => {
    expect(can([dslOfA, signatoryOfA], "register.view", { partnershipId: P1 })).toBe(false);
    expect(can([dslOfA], "moderation.judge", { partnershipId: P1, settingId: "a" })).toBe(false);
  });

  it("lets an admin read a setting but not edit its return", () => {
    expect(can([adminOfP1], "setting.view", { partnershipId: P1, settingId: "a" })).toBe(true);
    expect(can([adminOfP1], "return.edit", { partnershipId: P1, settingId: "a" })).toBe(false);
  });
});
