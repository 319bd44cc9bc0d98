import { buildEmail, link as linkBlock, paragraph, SERVICE_NAME, summary, type EmailContent } from "./layout";

export interface SignOffRequestEmail {
  /** The signatory's name. */
  name: string;
  /** Who asked: the setting's designated safeguarding lead. */
  requestedBy: string;
  settingName: string;
  cycleName: string;
  /** The return's sign-off page. */
  link: string;
}

/** To each of the setting's signatories when the DSL says the return is ready to sign off. */
export function signOffRequestEmail({ name, requestedBy, settingName, cycleName, link }: SignOffRequestEmail): EmailContent {
  return buildEmail(`Ready for you to sign off: ${settingName}, ${cycleName}`, [
    paragraph(`Hello ${name},`),
    paragraph(
      `${requestedBy} has finished the safeguarding self-assessment return for ${settingName} and asks you to sign it off.`,
    ),
    summary([
      ["Setting", settingName],
      ["Audit cycle", cycleName],
    ]),
    paragraph(`Sign in to ${SERVICE_NAME}, read the answers and sign the return off:`),
    linkBlock(link),
    paragraph("Once you have signed it off, you or your designated safeguarding lead can submit it."),
  ]);
}
