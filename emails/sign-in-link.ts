import { buildEmail, link as linkBlock, minutesText, paragraph, SERVICE_NAME, type EmailContent } from "./layout";

export interface SignInLinkEmail {
  name: string;
  link: string;
  /** How long the link works for. */
  minutes: number;
}

export function signInLinkEmail({ name, link, minutes }: SignInLinkEmail): EmailContent {
  return buildEmail(`Your sign-in link for ${SERVICE_NAME}`, [
    paragraph(`Hello ${name},`),
    paragraph(`Use this link to sign in to ${SERVICE_NAME}:`),
    linkBlock(link),
    paragraph(`The link works once and stops working after ${minutesText(minutes)}. You can ask for a new one on the sign-in page.`),
    paragraph("Do not forward this email: anyone who has the link can sign in as you."),
    paragraph("If you did not ask to sign in, you can ignore this email. Someone may have typed your email address by mistake."),
  ]);
}
