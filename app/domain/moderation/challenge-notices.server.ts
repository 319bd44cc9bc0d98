// Who hears about a challenge, and where its links go: shared by the challenge's own writes
// (challenges.server.ts) and the resubmission that answers it (resubmission.server.ts).
import { eq, sql } from "drizzle-orm";
import { settingPeople } from "../setting-people.server";
import type { Db } from "../../db.server";
import { challenges, cycles, moderationAssignments, partnerships, returnVersions, returns, settings, standards, users } from "../../../db/schema";
import { enqueueEmail } from "../../../emails/outbox.server";
import { challengeUpdateEmail, type ChallengeUpdateKind } from "../../../emails/challenge-update";
import { getConfig } from "../../env.server";
import { fieldId } from "../return-progress";
import type { Actor } from "../return-context.server";

export type Challenge = typeof challenges.$inferSelect;

// ---------------------------------------------------------------------------------------------
// Who hears about it, and where the links go
// ---------------------------------------------------------------------------------------------

/** The setting's DSLs and signatories who can still sign in. */
export { settingPeople };

/** The panel member who holds the challenge: the assignment's moderator, else whoever raised it. */
export async function panelMember(tx: Db, challenge: Challenge) {
  const [assignment] = challenge.assignmentId
    ? await tx.select({ userId: moderationAssignments.moderatorUserId }).from(moderationAssignments).where(eq(moderationAssignments.id, challenge.assignmentId))
    : [];
  const [person] = await tx
    .select({ id: users.id, email: users.email, name: users.name, active: users.active })
    .from(users)
    .where(eq(users.id, assignment?.userId ?? challenge.raisedByUserId));
  return person ?? null;
}

export function settingChallengePath(c: { id: string; returnId: string }, settingId: string) {
  return `/settings/${settingId}/returns/${c.returnId}/challenges/${c.id}`;
}

export function panelChallengePath(c: { id: string }, partnershipSlug: string) {
  return `/partnerships/${partnershipSlug}/moderation/challenges/${c.id}`;
}

/** Where the setting changes the challenged standard: its field on the section page. */
export function standardChangePath(c: { returnId: string; standardCode: string }, settingId: string, sectionId: string) {
  return `/settings/${settingId}/returns/${c.returnId}/sections/${sectionId}?returnTo=check#${fieldId("rating", c.standardCode)}`;
}

export interface ChallengeFacts {
  challenge: Challenge;
  settingId: string;
  settingName: string;
  cycleName: string;
  partnershipSlug: string;
  standard: { id: string; code: string; title: string; sectionId: string };
}

export async function factsOf(tx: Db, challenge: Challenge): Promise<ChallengeFacts> {
  const [row] = await tx
    .select({
      settingId: settings.id,
      settingName: settings.name,
      cycleName: cycles.name,
      partnershipSlug: partnerships.slug,
      standard: { id: standards.id, code: standards.code, title: standards.title, sectionId: standards.sectionId },
    })
    .from(returns)
    .innerJoin(settings, eq(settings.id, returns.settingId))
    .innerJoin(cycles, eq(cycles.id, returns.cycleId))
    .innerJoin(partnerships, eq(partnerships.id, returns.partnershipId))
    .innerJoin(standards, eq(standards.id, challenge.standardId))
    .where(eq(returns.id, challenge.returnId));
  return { challenge, ...row };
}

export async function emailSetting(tx: Db, facts: ChallengeFacts, kind: ChallengeUpdateKind, by: Actor, text: string, details?: [string, string][]) {
  const link = `${getConfig().baseUrl}${settingChallengePath(facts.challenge, facts.settingId)}`;
  for (const person of await settingPeople(tx, { partnershipId: facts.challenge.partnershipId, settingId: facts.settingId })) {
    if (person.id === by.id) continue;
    await enqueueEmail(tx, {
      to: person.email,
      template: `challenge-${kind}`,
      partnershipId: facts.challenge.partnershipId,
      message: challengeUpdateEmail({ kind, name: person.name, by: by.name, settingName: facts.settingName, standard: facts.standard, text, details, link }),
    });
  }
}

export async function emailPanel(tx: Db, facts: ChallengeFacts, kind: ChallengeUpdateKind, by: Actor | null, text: string, details?: [string, string][]) {
  const person = await panelMember(tx, facts.challenge);
  if (!person || !person.active || person.id === by?.id) return;
  await enqueueEmail(tx, {
    to: person.email,
    template: `challenge-${kind}`,
    partnershipId: facts.challenge.partnershipId,
    message: challengeUpdateEmail({
      kind,
      name: person.name,
      by: by?.name ?? facts.settingName,
      settingName: facts.settingName,
      standard: facts.standard,
      text,
      details,
      link: `${getConfig().baseUrl}${panelChallengePath(facts.challenge, facts.partnershipSlug)}`,
    }),
  });
}

export async function latestVersionNumber(tx: Db, returnId: string): Promise<number> {
  const [{ latest }] = await tx
    .select({ latest: sql<number>`coalesce(max(${returnVersions.number}), 0)` })
    .from(returnVersions)
    .where(eq(returnVersions.returnId, returnId));
  return Number(latest);
}

