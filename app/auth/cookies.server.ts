// Every cookie the portal sets, in the words the cookies page shows. All are strictly necessary
// (no analytics, no preferences), so none needs consent; a test checks this list against the
// cookies the code really writes, so the page cannot drift from it.
import { getConfig, type Config } from "../env.server";
import { KEPT_FORM_COOKIE, KEPT_FORM_HOURS } from "./kept-forms.server";
import { sessionCookieName } from "./sessions.server";
import { SIGN_IN_LINK_COOKIE } from "./sign-in-link-cookie.server";

export interface PortalCookie {
  name: string;
  purpose: string;
  expires: string;
}

/** "10 minutes", "2 hours", "90 minutes". */
export function inWords(minutes: number): string {
  if (minutes % 60 !== 0) return `${minutes} minute${minutes === 1 ? "" : "s"}`;
  const hours = minutes / 60;
  return `${hours} hour${hours === 1 ? "" : "s"}`;
}

export function portalCookies(config: Config = getConfig()): PortalCookie[] {
  return [
    {
      name: sessionCookieName(config),
      purpose: "Keeps you signed in as you move from page to page. It holds a random code, not your name or email address.",
      expires: `When you sign out, after ${inWords(config.session.idleMinutes)} without using the service, or ${inWords(config.session.absoluteHours * 60)} after you signed in, whichever comes first`,
    },
    {
      name: SIGN_IN_LINK_COOKIE,
      purpose:
        "Set when you open a sign-in link from your email. It holds the link's code until you press Continue, so that email security software opening the link first cannot use it up.",
      expires: `When you press Continue, or after ${inWords(config.signIn.linkMinutes)}`,
    },
    {
      name: KEPT_FORM_COOKIE,
      purpose:
        "Set only if you send a form after you have been signed out. It lets this browser offer you back what you typed once you have signed in again.",
      expires: `When you are offered the form back, or after ${inWords(KEPT_FORM_HOURS * 60)}`,
    },
  ];
}
