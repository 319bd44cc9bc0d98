import { describe, expect, it } from "vitest";
import { settingType, statutoryBasis } from "../../db/schema";
import { BASIS_LABELS, isSettingType, isStatutoryBasis, SETTING_TYPE_LABELS, SETTING_TYPES, STATUTORY_BASES } from "./setting-types";

describe("setting type and basis labels", () => {
  it("name every value the database allows, in the schema's order", () => {
    expect(SETTING_TYPES).toEqual(settingType.enumValues);
    expect(STATUTORY_BASES).toEqual(statutoryBasis.enumValues);
    for (const label of [...Object.values(SETTING_TYPE_LABELS), ...Object.values(BASIS_LABELS)]) {
      expect(label.trim()).not.toBe("");
    }
  });

  it("use plain words", () => {
    expect(SETTING_TYPE_LABELS.alternative_provision).toBe("Alternative provision or pupil referral unit");
    expect(SETTING_TYPE_LABELS.fe_college).toBe("Further education college");
    expect(SETTING_TYPE_LABELS.sport_leisure).toBe("Sport or leisure organisation");
    expect(BASIS_LABELS.s11).toMatch(/^s11 /);
  });

  it("recognise only known values", () => {
    expect(isSettingType("primary")).toBe(true);
    expect(isSettingType("toString")).toBe(false);
    expect(isSettingType(undefined)).toBe(false);
    expect(isStatutoryBasis("s157")).toBe(true);
    expect(isStatutoryBasis("s999")).toBe(false);
  });
});
