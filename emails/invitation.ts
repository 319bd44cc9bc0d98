import { buildEmail, link as linkBlock, minutesText, paragraph, SERVICE_NAME, summary, type EmailContent } from "./layout";

export interface InvitationEmail {
  name: string;
  /** The name of the person who sent the invitation. */
  invitedBy: string;
  partnershipName: string;
  /** The role in the partnership's own words, such as "Designated safeguarding lead". */
  roleLabel: string;
  /** What the role lets them do in the portal today (ROLE_DESCRIPTIONS). */
  roleDescription?: string;
  /** For a role held in one setting (a DSL or signatory); absent for partnership roles. */
  settingName?: string | null;
  link: string;
  /** How long the link works for. */
  minutes: number;
}

export function invitationEmail({ name, invitedBy, partnershipName, roleLabel, roleDescription, settingName, link, minutes }: InvitationEmail): EmailContent {
  const origin = new URL(link).origin;
  const role: [string, string][] = [["Partnership", partnershipName]];
  if (settingName) role.push(["Setting", settingName]);
  role.push(["Your role", roleLabel]);
  if (roleDescription) role.push(["What the role can do", roleDescription]);
  return buildEmail(`You have been invited to ${SERVICE_NAME} for ${partnershipName}`, [
    paragraph(`Hello ${name},`),
    paragraph(`${invitedBy} has invited you to use ${SERVICE_NAME} for ${partnershipName}.`),
    paragraph(
      `${SERVICE_NAME} is where schools, colleges and agencies complete the partnership's safeguarding ` +
        "self-assessment (the section 175, section 157 or section 11 audit) and keep their action plans up to date, " +
        "and where the partnership reads the returns they submit.",
    ),
    summary(role),
    paragraph("Use this link to accept the invitation and sign in:"),
    linkBlock(link),
    paragraph(
      `The link works once and stops working after ${minutesText(minutes)}. If it has stopped working, ` +
        `go to ${origin} and ask for a new sign-in link with this email address.`,
    ),
    paragraph("If you were not expecting this invitation, you can ignore this email."),
  ]);
}
