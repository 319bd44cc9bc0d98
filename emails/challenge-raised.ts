import { buildEmail, formatDate, link as linkBlock, paragraph, SERVICE_NAME, summary, type EmailContent } from "./layout";

export interface ChallengeRaisedEmail {
  /** The DSL's or signatory's name. */
  name: string;
  settingName: string;
  cycleName: string;
  standard: { code: string; title: string };
  /** The panel member's message, as they wrote it. */
  message: string;
  /** The rating the panel member thinks the evidence supports, when they suggested one. */
  suggestedRating: string | null;
  /** The UK calendar date ("2026-03-31") the setting is asked to answer by. */
  respondBy: string;
  /** The setting's page for the challenge. */
  link: string;
  /** A reminder: the date has passed. Counted from 1. */
  reminder?: number;
}

/** To the setting's DSLs and signatories when the panel questions a standard, and as the reminder when the answer is late. */
export function challengeRaisedEmail(input: ChallengeRaisedEmail): EmailContent {
  const { name, settingName, cycleName, standard, message, suggestedRating, respondBy, link } = input;
  const subject = input.reminder
    ? `Reminder: the moderation panel is waiting for your answer on standard ${standard.code} (${settingName})`
    : `The moderation panel has a question about standard ${standard.code} (${settingName})`;
  return buildEmail(subject, [
    paragraph(`Hello ${name},`),
    paragraph(
      input.reminder
        ? `The moderation panel asked about standard ${standard.code} in ${settingName}'s return for ${cycleName} and asked for an answer by ${formatDate(respondBy)}. We have not had one yet.`
        : `A member of the moderation panel has read ${settingName}'s return for ${cycleName} and has a question about one standard.`,
    ),
    summary([
      ["Standard", `${standard.code} ${standard.title}`],
      ...(suggestedRating ? ([["Rating the panel suggests", suggestedRating]] as [string, string][]) : []),
      ["Please answer by", formatDate(respondBy)],
    ]),
    paragraph("The panel's message:"),
    paragraph(message),
    paragraph(
      `Sign in to ${SERVICE_NAME} to answer. You can add evidence to the standard${suggestedRating ? " or accept the suggested rating" : ""}; only this standard can be changed. Your signatory then signs the return off and submits it again.`,
    ),
    linkBlock(link),
  ]);
}
