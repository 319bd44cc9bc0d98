import { describe, expect, it } from "vitest";
import { THEMES } from "./action-themes";
import { THEME_WORDS, suggestTheme } from "./theme-suggestion";

describe("suggestTheme", () => {
  it.each([
    ["Refresher training for all staff", "training"],
    ["Complete the Prevent e-learning", "training"],
    ["New staff to have an induction", "training"],
    ["Nominate a safeguarding trustee", "governance"],
    ["Report to the governing body each term", "governance"],
    ["Check DBS certificates for volunteers", "safer_recruitment"],
    ["Bring the single central record up to date", "safer_recruitment"],
    ["Take up two references before appointment", "safer_recruitment"],
    ["Rewrite the child protection policy", "policy_procedures"],
    ["Review policies with the staff handbook", "policy_procedures"],
    ["Move paper notes into CPOMS", "record_keeping"],
    ["Keep a chronology on each child's file", "record_keeping"],
    ["Put online safety into the PSHE curriculum", "curriculum_online_safety"],
    ["Test the web filtering and monitoring", "curriculum_online_safety"],
    ["Agree an escalation route with the MASH", "multi_agency_escalation"],
    ["Refer to early help sooner", "multi_agency_escalation"],
    ["Tell the LADO about allegations", "multi_agency_escalation"],
    ["Follow up every absence on the first day", "attendance"],
    ["Report children missing education", "attendance"],
  ] as const)("%s → %s", (description, theme) => {
    expect(suggestTheme(description)).toBe(theme);
  });

  it("ignores case", () => {
    expect(suggestTheme("dbs CHECKS")).toBe("safer_recruitment");
    expect(suggestTheme("TRAINING")).toBe("training");
  });

  it("counts whole words only, plurals included", () => {
    // "log" inside "technology", "board" inside "keyboard", "train" inside "strain": none count.
    expect(suggestTheme("Buy new technology keyboards to ease the strain")).toBeNull();
    expect(suggestTheme("Brief the governors")).toBe("governance");
    expect(suggestTheme("Keep records of concerns")).toBe("record_keeping");
  });

  it("lets a phrase claim its words, so one phrase counts once", () => {
    // "record" inside "single central record" is not record keeping as well.
    // One word each, and safer recruitment is listed before record keeping.
    expect(suggestTheme("Record the single central record checks")).toBe("safer_recruitment");
  });

  it("picks the theme with the most words", () => {
    // training 1 (course); record keeping 2 (log, file).
    expect(suggestTheme("Log the course on each staff file")).toBe("record_keeping");
    // governance 2 (governor, board); training 1.
    expect(suggestTheme("Governor training for the whole board")).toBe("governance");
  });

  it("breaks a tie by the order of the lists: governor training is training", () => {
    expect(suggestTheme("Governor training")).toBe("training");
    expect(suggestTheme("Safer recruitment training for the governing body")).toBe("training");
    // governance (board) before policy (policy).
    expect(suggestTheme("Board to approve the policy")).toBe("governance");
  });

  it("suggests nothing when no word is found", () => {
    expect(suggestTheme("Repaint the fence")).toBeNull();
    expect(suggestTheme("")).toBeNull();
  });

  it("lists words for every theme but other, each theme once", () => {
    expect(THEME_WORDS.map(([t]) => t).sort()).toEqual(THEMES.filter((t) => t !== "other").sort());
  });
});
