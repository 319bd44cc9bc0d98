// Suggesting an action's theme from its description, when the DSL has not chosen one. The rule is
// deliberately small so anyone can predict it (and the DSL can always change the result):
//
// - each theme has a list of words below; a word counts when it stands whole in the description
//   (any case; "governor" also counts "governors", and a phrase may wrap across spaces), never
//   inside another word ("log" is not found in "technology");
// - longer words and phrases are looked for first, and the text they cover is not counted again,
//   so "single central record" is safer recruitment, not record keeping as well;
// - the theme with the most words found wins; a tie goes to the theme listed first below, which is
//   why "governor training" is suggested as training (training comes first: most outstanding
//   actions are about training). Nothing found: no suggestion, and the action is "other".
import type { ActionTheme } from "../../db/schema";

export const TRAINING_WORDS = ["train", "trained", "training", "course", "induction", "refresher", "CPD", "e-learning"] as const;
export const GOVERNANCE_WORDS = ["governor", "governing body", "trustee", "board"] as const;
export const SAFER_RECRUITMENT_WORDS = ["recruitment", "DBS", "single central record", "SCR", "references", "vetting"] as const;
export const POLICY_PROCEDURES_WORDS = ["policy", "policies", "procedure", "handbook"] as const;
export const RECORD_KEEPING_WORDS = ["record", "recording", "log", "CPOMS", "chronology", "file"] as const;
export const CURRICULUM_ONLINE_SAFETY_WORDS = ["curriculum", "online safety", "filtering", "monitoring", "PSHE", "RSE"] as const;
export const MULTI_AGENCY_ESCALATION_WORDS = ["referral", "escalation", "multi-agency", "MASH", "early help", "LADO"] as const;
export const ATTENDANCE_WORDS = ["attendance", "absence", "missing education"] as const;

/** The themes in the order that breaks ties, each with its words. */
export const THEME_WORDS: readonly (readonly [ActionTheme, readonly string[]])[] = [
  ["training", TRAINING_WORDS],
  ["governance", GOVERNANCE_WORDS],
  ["safer_recruitment", SAFER_RECRUITMENT_WORDS],
  ["policy_procedures", POLICY_PROCEDURES_WORDS],
  ["record_keeping", RECORD_KEEPING_WORDS],
  ["curriculum_online_safety", CURRICULUM_ONLINE_SAFETY_WORDS],
  ["multi_agency_escalation", MULTI_AGENCY_ESCALATION_WORDS],
  ["attendance", ATTENDANCE_WORDS],
];

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Whole word or phrase, any case, with an optional plural "s" or "es". */
const patternOf = (word: string) =>
  new RegExp(`(?<![\\p{L}\\p{N}])${word.split(/\s+/).map(escapeRegExp).join("\\s+")}(?:e?s)?(?![\\p{L}\\p{N}])`, "giu");

// Longest first, so a phrase claims its text before a word inside it can.
const MATCHERS = THEME_WORDS.flatMap(([theme, words]) => words.map((word) => ({ theme, pattern: patternOf(word), length: word.length }))).sort(
  (a, b) => b.length - a.length,
);

/** How many of each theme's words the description holds, by the rule above. */
export function countThemeWords(description: string): Map<ActionTheme, number> {
  let text = description;
  const counts = new Map<ActionTheme, number>(THEME_WORDS.map(([theme]) => [theme, 0]));
  for (const { theme, pattern } of MATCHERS) {
    text = text.replace(pattern, (found) => {
      counts.set(theme, counts.get(theme)! + 1);
      return " ".repeat(found.length);
    });
  }
  return counts;
}

/** The suggested theme for an action's description, or null when none of the words are in it. */
export function suggestTheme(description: string): ActionTheme | null {
  const counts = countThemeWords(description);
  let best: ActionTheme | null = null;
  let most = 0;
  for (const [theme] of THEME_WORDS) {
    const count = counts.get(theme)!;
    if (count > most) {
      best = theme;
      most = count;
    }
  }
  return best;
}
