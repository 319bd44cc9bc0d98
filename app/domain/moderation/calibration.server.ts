// Calibration pairs: returns two panel members reviewed independently. Once both reviews are
// complete, the lead sees where they differ and records the agreed judgement on each such
// standard. A member's rating is the setting's own where they agreed, their moderated one where
// they revised it (as the dashboard's agreement figures count them).
import { aliasedTable, and, asc, eq, sql } from "drizzle-orm";
import type { Db } from "../../db.server";
import {
  calibrationAgreements,
  judgements,
  moderationAssignments,
  returns,
  returnVersions,
  settings,
  users,
  versionAnswers,
  type Rating,
} from "../../../db/schema";
import { recordAudit } from "../../accounts/audit.server";
import { DomainError } from "../../errors";
import { RATINGS } from "../ratings";

export interface CalibrationStandard {
  standardId: string;
  code: string;
  selfRating: Rating | null;
  first: { rating: Rating | null; reason: string };
  second: { rating: Rating | null; reason: string };
  differ: boolean;
  agreed: { rating: Rating | null; reason: string; recordedBy: string; recordedAt: Date } | null;
}

export interface CalibrationPair {
  returnId: string;
  settingName: string;
  firstModerator: string;
  secondModerator: string;
  standards: CalibrationStandard[];
}

interface PairRow {
  returnId: string;
  settingName: string;
  firstModerator: string;
  secondModerator: string;
  standardId: string;
  code: string;
  firstVerdict: "agree" | "revised";
  firstRating: Rating | null;
  firstReason: string;
  secondVerdict: "agree" | "revised";
  secondRating: Rating | null;
  secondReason: string;
  selfRating: Rating | null;
  agreedVerdict: "agree" | "revised" | null;
  agreedRating: Rating | null;
  agreedReason: string | null;
  agreedAt: Date | null;
  agreedBy: string | null;
}

const naturalCode = (a: string, b: string) => a.localeCompare(b, "en", { numeric: true });

/** The cycle's calibration returns whose two reviews are both complete, standard by standard. */
export async function listCalibrationPairs(db: Db, partnershipId: string, cycleId: string): Promise<CalibrationPair[]> {
  const first = aliasedTable(moderationAssignments, "first_assignment");
  const second = aliasedTable(moderationAssignments, "second_assignment");
  const firstJudgement = aliasedTable(judgements, "first_judgement");
  const secondJudgement = aliasedTable(judgements, "second_judgement");
  const firstUser = aliasedTable(users, "first_user");
  const secondUser = aliasedTable(users, "second_user");
  const agreedUser = aliasedTable(users, "agreed_user");
  const rows: PairRow[] = await db
    .select({
      returnId: first.returnId,
      settingName: settings.name,
      firstModerator: firstUser.name,
      secondModerator: secondUser.name,
      standardId: firstJudgement.standardId,
      code: firstJudgement.standardCode,
      firstVerdict: firstJudgement.verdict,
      firstRating: firstJudgement.moderatedRating,
      firstReason: firstJudgement.reason,
      secondVerdict: secondJudgement.verdict,
      secondRating: secondJudgement.moderatedRating,
      secondReason: secondJudgement.reason,
      selfRating: versionAnswers.rating,
      agreedVerdict: calibrationAgreements.verdict,
      agreedRating: calibrationAgreements.moderatedRating,
      agreedReason: calibrationAgreements.reason,
      agreedAt: calibrationAgreements.recordedAt,
      agreedBy: agreedUser.name,
    })
    .from(first)
    .innerJoin(returns, eq(returns.id, first.returnId))
    .innerJoin(settings, eq(settings.id, returns.settingId))
    .innerJoin(firstUser, eq(firstUser.id, first.moderatorUserId))
    .innerJoin(second, and(eq(second.returnId, first.returnId), eq(second.role, "second"), eq(second.status, "completed")))
    .innerJoin(secondUser, eq(secondUser.id, second.moderatorUserId))
    .innerJoin(firstJudgement, eq(firstJudgement.assignmentId, first.id))
    .innerJoin(secondJudgement, and(eq(secondJudgement.assignmentId, second.id), eq(secondJudgement.standardId, firstJudgement.standardId)))
    .leftJoin(
      versionAnswers,
      and(
        eq(versionAnswers.returnId, first.returnId),
        eq(versionAnswers.standardId, firstJudgement.standardId),
        sql`${versionAnswers.versionNumber} = (select max(rv.number) from ${returnVersions} rv where rv.return_id = ${first.returnId})`,
      ),
    )
    .leftJoin(calibrationAgreements, and(eq(calibrationAgreements.returnId, first.returnId), eq(calibrationAgreements.standardId, firstJudgement.standardId)))
    .leftJoin(agreedUser, eq(agreedUser.id, calibrationAgreements.recordedByUserId))
    .where(and(eq(first.partnershipId, partnershipId), eq(returns.cycleId, cycleId), eq(first.role, "primary"), eq(first.status, "completed")))
    .orderBy(asc(settings.name));
  const pairs = new Map<string, CalibrationPair>();
  for (const r of rows) {
    const pair = pairs.get(r.returnId) ?? {
      returnId: r.returnId,
      settingName: r.settingName,
      firstModerator: r.firstModerator,
      secondModerator: r.secondModerator,
      standards: [],
    };
    const firstRating = r.firstVerdict === "revised" ? r.firstRating : r.selfRating;
    const secondRating = r.secondVerdict === "revised" ? r.secondRating : r.selfRating;
    pair.standards.push({
      standardId: r.standardId,
      code: r.code,
      selfRating: r.selfRating,
      first: { rating: firstRating, reason: r.firstReason },
      second: { rating: secondRating, reason: r.secondReason },
      differ: firstRating !== secondRating,
      agreed:
        r.agreedVerdict && r.agreedAt
          ? { rating: r.agreedVerdict === "revised" ? r.agreedRating : r.selfRating, reason: r.agreedReason ?? "", recordedBy: r.agreedBy ?? "", recordedAt: r.agreedAt }
          : null,
    });
    pairs.set(r.returnId, pair);
  }
  for (const pair of pairs.values()) pair.standards.sort((a, b) => naturalCode(a.code, b.code));
  return [...pairs.values()];
}

export const CALIBRATION_REFUSALS = {
  notPair: "That return is not a calibration return whose two reviews are both complete.",
  notJudged: "That standard was not judged in both reviews.",
  rating: "Select the agreed rating.",
  reason: "Say why the panel agreed this rating.",
} as const;

/**
 * The lead's agreed judgement on one standard of a calibration pair: "agree" when it is the
 * setting's own rating, "revised" otherwise. Recorded again, it replaces the earlier one.
 */
export async function recordAgreedJudgement(
  db: Db,
  input: { partnershipId: string; returnId: string; standardId: string; rating: Rating; reason: string; actor: { id: string }; now?: Date },
): Promise<void> {
  const reason = input.reason.trim();
  if (!RATINGS.includes(input.rating)) throw new DomainError(CALIBRATION_REFUSALS.rating, { status: 400, field: "rating" });
  if (!reason) throw new DomainError(CALIBRATION_REFUSALS.reason, { status: 400, field: "reason" });
  const now = input.now ?? new Date();
  await db.transaction(async (tx) => {
    const held = await tx
      .select({ role: moderationAssignments.role, status: moderationAssignments.status, id: moderationAssignments.id })
      .from(moderationAssignments)
      .where(and(eq(moderationAssignments.returnId, input.returnId), eq(moderationAssignments.partnershipId, input.partnershipId)))
      .for("update");
    const primary = held.find((a) => a.role === "primary");
    const second = held.find((a) => a.role === "second");
    if (!primary || !second || primary.status !== "completed" || second.status !== "completed") throw new DomainError(CALIBRATION_REFUSALS.notPair, { status: 404 });
    const judged = await tx
      .select({ code: judgements.standardCode })
      .from(judgements)
      .where(and(eq(judgements.standardId, input.standardId), sql`${judgements.assignmentId} in (${primary.id}, ${second.id})`));
    if (judged.length !== 2) throw new DomainError(CALIBRATION_REFUSALS.notJudged, { status: 404 });
    const [self] = await tx
      .select({ rating: versionAnswers.rating })
      .from(versionAnswers)
      .where(
        and(
          eq(versionAnswers.returnId, input.returnId),
          eq(versionAnswers.standardId, input.standardId),
          sql`${versionAnswers.versionNumber} = (select max(rv.number) from ${returnVersions} rv where rv.return_id = ${input.returnId})`,
        ),
      );
    const verdict = self?.rating === input.rating ? ("agree" as const) : ("revised" as const);
    const values = {
      verdict,
      moderatedRating: verdict === "revised" ? input.rating : null,
      reason,
      recordedByUserId: input.actor.id,
      recordedAt: now,
    };
    await tx
      .insert(calibrationAgreements)
      .values({ partnershipId: input.partnershipId, returnId: input.returnId, standardId: input.standardId, standardCode: judged[0].code, ...values })
      .onConflictDoUpdate({ target: [calibrationAgreements.returnId, calibrationAgreements.standardId], set: values });
    await recordAudit(tx, {
      action: "moderation.calibration_agreed",
      actorUserId: input.actor.id,
      partnershipId: input.partnershipId,
      entityType: "return",
      entityId: input.returnId,
      detail: { standardCode: judged[0].code, rating: input.rating, verdict },
    });
  });
}
