// Sharing the sample between panel members, and choosing the returns moderated twice.
//
// The rule: the sample's returns are taken one at a time, in an order fixed by the seed (SHA-256
// of seed:returnId, as the sample is drawn). Each goes to the panel member with the fewest
// returns so far (what they already hold plus what this run has given them) among those with no
// conflict of interest with its setting: a role in the setting, or a conflict they declared. When
// several have the fewest, a fingerprint of seed:userId decides, then the user id, so nobody is
// always first in line. With nobody excluded, loads end up differing by at most one (with
// conflicts, as even as taking one return at a time allows, not always the most even). A return
// that every panel member is conflicted with is left unassigned with the reason, for the lead to
// settle by hand (bringing in another partnership's moderator, say).
//
// Calibration: a share of the assigned returns (10% unless the panel says otherwise, rounded up)
// is moderated a second time, by the least-loaded eligible panel member other than the first, so
// the panel can see how far its members agree (agreement.ts).
//
// Pure: the caller reads loads and conflicts from the database and writes the result.
import { ceilShare, seededKey } from "./sampling";

export interface ModerationMember {
  returnId: string;
  settingId: string;
}

export interface PanelMember {
  userId: string;
  name: string;
  /** Returns they already hold in this cycle, not yet finished. */
  currentLoad: number;
  /** Settings they hold a role in or declared a conflict of interest with. */
  excludedSettingIds: ReadonlySet<string>;
}

export interface AssignmentPlan {
  /** In the order the returns were taken (seeded). */
  assignments: { returnId: string; moderatorUserId: string }[];
  unassigned: { returnId: string; reason: string }[];
}

export const CONFLICT_REASON = "Every panel member has a conflict of interest with this setting";
export const NO_PANEL_REASON = "There is no one on the moderation panel to assign it to";
export const SECOND_CONFLICT_REASON = "Every other panel member has a conflict of interest with this setting";
export const NO_SECOND_REASON = "There is no other panel member to moderate it a second time";

export const DEFAULT_CALIBRATION_SHARE = 0.1;

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function inSeededOrder<T>(items: readonly T[], seed: string, id: (item: T) => string): T[] {
  const keys = new Map(items.map((item) => [id(item), seededKey(seed, id(item))]));
  return [...items].sort((a, b) => byText(keys.get(id(a))!, keys.get(id(b))!) || byText(id(a), id(b)));
}

function uniqueBy<T>(items: readonly T[], id: (item: T) => string, what: string) {
  const seen = new Set<string>();
  for (const item of items) {
    if (seen.has(id(item))) throw new Error(`${what} ${id(item)} is listed twice`);
    seen.add(id(item));
  }
}

/** Hands out returns one by one to the least-loaded eligible panel member, counting as it goes. */
function share(
  work: readonly { returnId: string; settingId: string; notUserId?: string }[],
  moderators: readonly PanelMember[],
  seed: string,
  reasons: { none: string; conflicted: string },
): AssignmentPlan {
  uniqueBy(moderators, (m) => m.userId, "Panel member");
  const load = new Map(moderators.map((m) => [m.userId, m.currentLoad]));
  const tie = new Map(moderators.map((m) => [m.userId, seededKey(seed, m.userId)]));
  const plan: AssignmentPlan = { assignments: [], unassigned: [] };
  for (const item of work) {
    const others = moderators.filter((m) => m.userId !== item.notUserId);
    const eligible = others.filter((m) => !m.excludedSettingIds.has(item.settingId));
    if (eligible.length === 0) {
      plan.unassigned.push({ returnId: item.returnId, reason: others.length === 0 ? reasons.none : reasons.conflicted });
      continue;
    }
    const chosen = eligible.reduce((best, m) => {
      const order = load.get(m.userId)! - load.get(best.userId)! || byText(tie.get(m.userId)!, tie.get(best.userId)!) || byText(m.userId, best.userId);
      return order < 0 ? m : best;
    });
    load.set(chosen.userId, load.get(chosen.userId)! + 1);
    plan.assignments.push({ returnId: item.returnId, moderatorUserId: chosen.userId });
  }
  return plan;
}

/** Assigns each of the sample's returns to a panel member by the rule above. */
export function assignModeration(input: { members: readonly ModerationMember[]; moderators: readonly PanelMember[]; seed: string }): AssignmentPlan {
  uniqueBy(input.members, (m) => m.returnId, "Return");
  return share(inSeededOrder(input.members, input.seed, (m) => m.returnId), input.moderators, input.seed, {
    none: NO_PANEL_REASON,
    conflicted: CONFLICT_REASON,
  });
}

/**
 * The returns to be moderated a second time: ceil(share × returns) of them (none for a share of
 * 0), first in seeded order. The order has its own label in the fingerprint, so the same seed
 * does not make the first returns assigned the ones calibrated.
 */
export function pickCalibration(input: { members: readonly string[]; share?: number; seed: string }): string[] {
  const shareOf = input.share ?? DEFAULT_CALIBRATION_SHARE;
  if (!Number.isFinite(shareOf) || shareOf < 0 || shareOf > 1) throw new RangeError(`A calibration share must be from 0 to 1 (got ${shareOf})`);
  uniqueBy(input.members, (id) => id, "Return");
  if (shareOf === 0 || input.members.length === 0) return [];
  const ordered = inSeededOrder(input.members, `${input.seed}:calibration`, (id) => id);
  return ordered.slice(0, ceilShare(shareOf, ordered.length));
}

/**
 * The second moderator for one calibration return: the least-loaded eligible panel member other
 * than the first (ties as in assignModeration). currentLoad should include this run's work.
 */
export function secondModerator(input: {
  member: ModerationMember;
  firstModeratorUserId: string;
  moderators: readonly PanelMember[];
  seed: string;
}): { moderatorUserId: string } | { reason: string } {
  const plan = share([{ ...input.member, notUserId: input.firstModeratorUserId }], input.moderators, input.seed, {
    none: NO_SECOND_REASON,
    conflicted: SECOND_CONFLICT_REASON,
  });
  return plan.assignments[0] ? { moderatorUserId: plan.assignments[0].moderatorUserId } : { reason: plan.unassigned[0].reason };
}

/** Second moderators for all the calibration returns at once, counting loads as it goes. */
export function assignSecondModerators(input: {
  calibration: readonly (ModerationMember & { firstModeratorUserId: string })[];
  moderators: readonly PanelMember[];
  seed: string;
}): AssignmentPlan {
  uniqueBy(input.calibration, (m) => m.returnId, "Return");
  const work = inSeededOrder(input.calibration, input.seed, (m) => m.returnId).map((m) => ({ ...m, notUserId: m.firstModeratorUserId }));
  return share(work, input.moderators, input.seed, { none: NO_SECOND_REASON, conflicted: SECOND_CONFLICT_REASON });
}
