import { buildEmail, link as linkBlock, paragraph, summary, type EmailContent } from "./layout";

export type ChallengeUpdateKind = "message" | "responded" | "resubmitted" | "resolved" | "withdrawn";

export interface ChallengeUpdateEmail {
  kind: ChallengeUpdateKind;
  /** Whom it is to. */
  name: string;
  /** Who did it. */
  by: string;
  settingName: string;
  standard: { code: string; title: string };
  /** What they wrote (a message, the setting's answer, the resolution, the reason for withdrawing). */
  text: string;
  /** Extra lines for the summary (the outcome, the moderated rating, the version). */
  details?: [string, string][];
  link: string;
}

const HEADLINES: Record<ChallengeUpdateKind, (e: ChallengeUpdateEmail) => [subject: string, opening: string]> = {
  message: (e) => [
    `New message about standard ${e.standard.code} (${e.settingName})`,
    `${e.by} has added a message to the moderation panel's question about standard ${e.standard.code} in ${e.settingName}'s return.`,
  ],
  responded: (e) => [
    `${e.settingName} has answered your question about standard ${e.standard.code}`,
    `${e.by} has answered your question about standard ${e.standard.code}. The return will come back to you once their signatory has signed it off and submitted it again.`,
  ],
  resubmitted: (e) => [
    `${e.settingName} has resubmitted its return: standard ${e.standard.code} is ready to resolve`,
    `${e.settingName} has submitted its return again after answering your question about standard ${e.standard.code}. Read the new version and resolve the challenge: uphold the setting's rating or record the moderated rating.`,
  ],
  resolved: (e) => [
    `The moderation panel has resolved its question about standard ${e.standard.code} (${e.settingName})`,
    `${e.by} has resolved the moderation panel's question about standard ${e.standard.code}.`,
  ],
  withdrawn: (e) => [
    `The moderation panel has withdrawn its question about standard ${e.standard.code} (${e.settingName})`,
    `${e.by} has withdrawn the moderation panel's question about standard ${e.standard.code}. You do not need to answer it.`,
  ],
};

/** To the other side of a challenge when something happens in it. */
export function challengeUpdateEmail(e: ChallengeUpdateEmail): EmailContent {
  const [subject, opening] = HEADLINES[e.kind](e);
  return buildEmail(subject, [
    paragraph(`Hello ${e.name},`),
    paragraph(opening),
    summary([["Standard", `${e.standard.code} ${e.standard.title}`], ...(e.details ?? [])]),
    ...(e.text ? [paragraph(e.kind === "withdrawn" ? "The reason given:" : e.kind === "resolved" ? "The panel's resolution:" : "The message:"), paragraph(e.text)] : []),
    paragraph("Read the whole thread here:"),
    linkBlock(e.link),
  ]);
}
