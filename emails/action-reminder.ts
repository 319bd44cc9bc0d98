import { buildEmail, formatDate, link as linkBlock, list, paragraph, SERVICE_NAME, type EmailBlock, type EmailContent } from "./layout";

export interface OverdueActionLine {
  description: string;
  /** The theme's label ("Training"). */
  theme: string;
  owner: string;
  /** The UK calendar date it was due ("2026-03-31"). */
  dueOn: string;
  /** The status's label ("Not started", "In progress"). */
  status: string;
  /** This is the last reminder about this action's due date. */
  last: boolean;
}

export interface ActionReminderEmail {
  /** The DSL's (or, failing one, the signatory's) name. */
  name: string;
  settingName: string;
  actions: OverdueActionLine[];
  /** The setting's action plan page. */
  link: string;
  /** The rule the reminders follow, said as it is: at most this many, this many days apart. */
  rule: { maxReminders: number; daysBetween: number };
  /** Sent to a signatory because the setting has no designated safeguarding lead who can sign in. */
  noDsl?: boolean;
}

/** To a setting's DSLs when actions in its action plan pass their due date and are still to be done. */
export function actionReminderEmail({ name, settingName, actions, link, rule, noDsl }: ActionReminderEmail): EmailContent {
  const one = actions.length === 1;
  const subject = one
    ? `Reminder: an action for ${settingName} is past its due date`
    : `Reminder: ${actions.length} actions for ${settingName} are past their due dates`;
  const blocks: EmailBlock[] = [
    paragraph(`Hello ${name},`),
    ...(noDsl ? [paragraph(`You are getting this because ${settingName} has no designated safeguarding lead who can sign in to ${SERVICE_NAME}.`)] : []),
    paragraph(
      one
        ? `This action in ${settingName}'s action plan is past its due date and is not done yet:`
        : `These actions in ${settingName}'s action plan are past their due dates and are not done yet:`,
    ),
    list(
      actions.map(
        (a) => `${a.description} (${a.theme}, owner ${a.owner}, due ${formatDate(a.dueOn)}, ${a.status.toLowerCase()})${a.last ? ": the last reminder about it" : ""}`,
      ),
    ),
    paragraph(`Sign in to ${SERVICE_NAME} to update the action plan: mark an action done or no longer needed, or give it a new due date.`),
    linkBlock(link),
    paragraph(
      `We remind you on the first day an action is overdue, then every ${rule.daysBetween} days while it is still not done, up to ${rule.maxReminders} times. If you give it a new due date, the reminders start again only once that date has passed.`,
    ),
  ];
  return buildEmail(subject, blocks);
}
