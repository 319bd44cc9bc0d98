import { buildEmail, heading, link as linkBlock, list, paragraph, SERVICE_NAME, summary, formatDate, type EmailContent } from "./layout";
import type { LetterContent } from "../app/domain/moderation/letters.server";
import { RATING_LABELS } from "../app/domain/ratings";
import { THEME_LABELS } from "../app/domain/action-themes";
import { CHALLENGE_STATUS_LABELS } from "../app/domain/moderation/review-words";

export interface FeedbackLetterEmail {
  /** The DSL's or signatory's name. */
  name: string;
  letter: LetterContent;
  /** The letter's page for the setting. */
  link: string;
}

const ratingText = (r: LetterContent["standards"][number]["selfAssessed"]) => (r ? RATING_LABELS[r] : "No rating");

/** To each of the setting's DSLs and signatories when the panel completes the review. */
export function feedbackLetterEmail({ name, letter, link }: FeedbackLetterEmail): EmailContent {
  return buildEmail(`Moderation feedback: ${letter.settingName}, ${letter.cycleName}`, [
    paragraph(`Hello ${name},`),
    paragraph(`The moderation panel has reviewed version ${letter.versionNumber} of the self-assessment return for ${letter.settingName}.`),
    summary([
      ["Setting", letter.settingName],
      ["Audit cycle", letter.cycleName],
      ["Outcome", letter.outcomeLabel],
    ]),
    ...(letter.summary ? [paragraph(letter.summary)] : []),
    heading("Ratings"),
    summary(
      letter.standards.map((s) => [
        `${s.code} ${s.title}`,
        s.verdict === "revised"
          ? `Your rating: ${ratingText(s.selfAssessed)}. Moderated rating: ${ratingText(s.moderated)}. ${s.reason}`
          : `Your rating: ${ratingText(s.selfAssessed)}. Moderated rating: ${ratingText(s.moderated)} (agreed)`,
      ]),
    ),
    heading("Challenges"),
    letter.challenges.length
      ? list(
          letter.challenges.map(
            (c) => `Standard ${c.standardCode}: ${CHALLENGE_STATUS_LABELS[c.status] ?? c.status}${c.resolution ? `. ${c.resolution}` : ""}`,
          ),
        )
      : paragraph("The panel raised no challenges."),
    heading("Actions the panel added to your plan"),
    letter.actions.length
      ? list(
          letter.actions.map(
            (a) =>
              `${a.standardCode ? `Standard ${a.standardCode}: ` : ""}${a.description} (${THEME_LABELS[a.theme]}, owner ${a.owner}${a.dueOn ? `, due ${formatDate(a.dueOn)}` : ""})`,
          ),
        )
      : paragraph("The panel added no actions."),
    paragraph(`Completed by ${letter.completedBy} on ${formatDate(letter.completedAt)}.`),
    paragraph(`Sign in to ${SERVICE_NAME} to read or print the letter:`),
    linkBlock(link),
  ]);
}
