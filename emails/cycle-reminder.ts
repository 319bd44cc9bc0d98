import { buildEmail, formatDate, link as linkBlock, paragraph, SERVICE_NAME, type EmailBlock, type EmailContent } from "./layout";

export interface CycleReminderEmail {
  name: string;
  settingName: string;
  cycleName: string;
  /** The setting's due date (its extension, if it has one). */
  dueOn: string;
  kind: "opening" | "before" | "overdue" | "chase";
  /** Days left (before) or the overdue reminder's number (overdue). */
  n: number;
  /** Where the return stands, in words: "not started", "in progress", "waiting for sign-off". */
  standing: string;
  /** Sent to a signatory because the return waits for their sign-off. */
  forSignOff?: boolean;
  /** Sent to a signatory because the setting has no DSL who can sign in. */
  noDsl?: boolean;
  link: string;
  /** The last overdue reminder of the schedule. */
  last?: boolean;
}

/** A reminder to a setting that has not submitted its return (the cycle's schedule, or an administrator's chase). */
export function cycleReminderEmail(e: CycleReminderEmail): EmailContent {
  const due = formatDate(e.dueOn);
  const subject =
    e.kind === "opening"
      ? `${e.cycleName} is open: ${e.settingName}'s self-assessment is due by ${due}`
      : e.kind === "before"
        ? `Reminder: ${e.settingName}'s self-assessment is due ${e.n === 1 ? "tomorrow" : `in ${e.n} days`} (${due})`
        : e.kind === "overdue"
          ? `${e.settingName}'s self-assessment was due on ${due} and has not been submitted`
          : `Reminder: ${e.settingName}'s self-assessment for ${e.cycleName} has not been submitted`;
  const blocks: EmailBlock[] = [
    paragraph(`Hello ${e.name},`),
    ...(e.noDsl ? [paragraph(`You are getting this because ${e.settingName} has no designated safeguarding lead who can sign in to ${SERVICE_NAME}.`)] : []),
    paragraph(
      e.kind === "opening"
        ? `The safeguarding partnership has opened ${e.cycleName}. ${e.settingName}'s self-assessment is due by ${due}.`
        : `${e.settingName}'s self-assessment for ${e.cycleName} ${e.kind === "overdue" ? `was due on ${due}` : `is due by ${due}`}. It is ${e.standing}.`,
    ),
    ...(e.forSignOff ? [paragraph("It is waiting for your sign-off: once you have signed it off, it can be submitted.")] : []),
    paragraph(`Sign in to ${SERVICE_NAME} to ${e.kind === "opening" ? "start it. You can start from your last return" : "carry on with it"}.`),
    linkBlock(e.link),
    paragraph(
      e.last
        ? "This is the last reminder we will send about it. If you cannot submit, contact the partnership's business unit."
        : "If you need longer, contact the partnership's business unit: they can extend the due date for your setting.",
    ),
  ];
  return buildEmail(subject, blocks);
}
