// The feedback letter to a setting when its primary review is complete: what the panel found,
// standard by standard, frozen as JSON when it is sent (a database trigger refuses any change),
// so the letter reads the same in years to come whatever happens to the return since.
import { and, desc, eq } from "drizzle-orm";
import type { Db } from "../../db.server";
import { feedbackLetters, returns, type ActionTheme, type Rating } from "../../../db/schema";
import { isUuid } from "../../ids";
import { OUTCOME_LABELS, type ModerationOutcome } from "./review-words";

export type { ModerationOutcome };

export interface LetterStandard {
  code: string;
  title: string;
  sectionCode: string;
  sectionTitle: string;
  selfAssessed: Rating | null;
  /** The panel's rating: the setting's own when the panel agreed. */
  moderated: Rating | null;
  verdict: "agree" | "revised";
  reason: string;
}

export interface LetterChallenge {
  standardCode: string;
  status: string;
  suggestedRating: Rating | null;
  resolution: string | null;
}

export interface LetterAction {
  standardCode: string | null;
  description: string;
  theme: ActionTheme;
  owner: string;
  dueOn: string | null;
}

/** Everything the letter says, as it said it when sent. */
export interface LetterContent {
  schema: 1;
  settingId: string;
  settingName: string;
  cycleName: string;
  versionNumber: number;
  outcome: ModerationOutcome;
  outcomeLabel: string;
  summary: string;
  standards: LetterStandard[];
  challenges: LetterChallenge[];
  actions: LetterAction[];
  completedBy: string;
  completedAt: string;
}

export interface LetterInput {
  settingId: string;
  settingName: string;
  cycleName: string;
  versionNumber: number;
  outcome: ModerationOutcome;
  summary: string;
  standards: {
    code: string;
    title: string;
    sectionCode: string;
    sectionTitle: string;
    selfAssessed: Rating | null;
    judgement: { verdict: "agree" | "revised"; moderatedRating: Rating | null; reason: string } | null;
  }[];
  challenges: LetterChallenge[];
  actions: LetterAction[];
  completedBy: string;
  completedAt: Date;
}

/**
 * The letter's content, also used for the preview before completion. A standard not judged yet
 * (only in a preview) reads as agreed: completion refuses to send with any left.
 */
export function letterContent(input: LetterInput): LetterContent {
  return {
    schema: 1,
    settingId: input.settingId,
    settingName: input.settingName,
    cycleName: input.cycleName,
    versionNumber: input.versionNumber,
    outcome: input.outcome,
    outcomeLabel: OUTCOME_LABELS[input.outcome],
    summary: input.summary,
    standards: input.standards.map((s) => {
      const revised = s.judgement?.verdict === "revised";
      return {
        code: s.code,
        title: s.title,
        sectionCode: s.sectionCode,
        sectionTitle: s.sectionTitle,
        selfAssessed: s.selfAssessed,
        moderated: revised ? s.judgement!.moderatedRating : s.selfAssessed,
        verdict: revised ? "revised" : "agree",
        reason: revised ? s.judgement!.reason : "",
      };
    }),
    challenges: input.challenges,
    actions: input.actions,
    completedBy: input.completedBy,
    completedAt: input.completedAt.toISOString(),
  };
}

export interface LetterView {
  id: string;
  returnId: string;
  sentAt: Date;
  content: LetterContent;
}

/** A letter, only in the partnership (and, for a setting's page, the setting) it was authorised for. */
export async function loadLetter(db: Db, scope: { partnershipId: string; letterId: string; settingId?: string }): Promise<LetterView | null> {
  if (!isUuid(scope.letterId)) return null;
  const [row] = await db
    .select({ letter: feedbackLetters })
    .from(feedbackLetters)
    .innerJoin(returns, eq(returns.id, feedbackLetters.returnId))
    .where(
      and(
        eq(feedbackLetters.id, scope.letterId),
        eq(feedbackLetters.partnershipId, scope.partnershipId),
        scope.settingId === undefined ? undefined : eq(returns.settingId, scope.settingId),
      ),
    );
  if (!row) return null;
  return { id: row.letter.id, returnId: row.letter.returnId, sentAt: row.letter.sentAt, content: row.letter.content as LetterContent };
}

/** The setting's letters, newest first, for its home page. */
export async function listSettingLetters(
  db: Db,
  scope: { partnershipId: string; settingId: string },
): Promise<{ id: string; cycleName: string; outcomeLabel: string; sentAt: Date }[]> {
  const rows = await db
    .select({ id: feedbackLetters.id, content: feedbackLetters.content, sentAt: feedbackLetters.sentAt })
    .from(feedbackLetters)
    .innerJoin(returns, eq(returns.id, feedbackLetters.returnId))
    .where(and(eq(feedbackLetters.partnershipId, scope.partnershipId), eq(returns.settingId, scope.settingId)))
    .orderBy(desc(feedbackLetters.sentAt));
  return rows.map((r) => {
    const content = r.content as LetterContent;
    return { id: r.id, cycleName: content.cycleName, outcomeLabel: content.outcomeLabel, sentAt: r.sentAt };
  });
}
