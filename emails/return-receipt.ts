import {
  buildEmail,
  formatDate,
  formatDateTime,
  heading,
  link as linkBlock,
  list,
  paragraph,
  SERVICE_NAME,
  summary,
  type EmailBlock,
  type EmailContent,
} from "./layout";

export interface ReturnReceiptEmail {
  name: string;
  settingName: string;
  cycleName: string;
  versionNumber: number;
  submittedAt: Date;
  /** How many standards were given each rating, in the order of the rating scale. */
  ratings: { label: string; count: number }[];
  actions: { description: string; theme: string; dueOn?: string | Date | null; overdue?: boolean }[];
  link: string;
}

export function returnReceiptEmail({
  name,
  settingName,
  cycleName,
  versionNumber,
  submittedAt,
  ratings,
  actions,
  link,
}: ReturnReceiptEmail): EmailContent {
  const blocks: EmailBlock[] = [
    paragraph(`Hello ${name},`),
    paragraph(`We have received the safeguarding self-assessment return for ${settingName}. Keep this email as your receipt.`),
    summary([
      ["Setting", settingName],
      ["Audit cycle", cycleName],
      ["Version", String(versionNumber)],
      ["Submitted", formatDateTime(submittedAt)],
    ]),
    heading("Ratings"),
    ratings.length > 0
      ? summary(ratings.map(({ label, count }) => [label, `${count} ${count === 1 ? "standard" : "standards"}`]))
      : paragraph("No standards were rated."),
    heading("Action plan"),
    actions.length > 0
      ? list(
          actions.map(
            ({ description, theme, dueOn, overdue }) =>
              `${description} (${theme}${dueOn ? `, due ${formatDate(dueOn)}` : ""}${overdue ? ", overdue" : ""})`,
          ),
        )
      : paragraph("The action plan has no actions."),
    paragraph(`You can see the submitted return in ${SERVICE_NAME}:`),
    linkBlock(link),
    paragraph("A submitted version cannot be changed. The partnership's administrators and moderation panel can read it."),
  ];
  return buildEmail(`Return received: ${settingName}, ${cycleName} (version ${versionNumber})`, blocks);
}
