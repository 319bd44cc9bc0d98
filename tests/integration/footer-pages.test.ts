// The footer's pages (accessibility statement, privacy notice, cookies), security.txt and
// robots.txt, and the header saying who is signed in, through Remix's own request handler.
// What only the installation knows comes from its configuration, and shows as a marked gap
// when it is not set.
import fs from "node:fs";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import * as accessibility from "../../app/routes/accessibility";
import * as privacy from "../../app/routes/privacy";
import * as cookies from "../../app/routes/cookies";
import * as home from "../../app/routes/home";
import * as signedOut from "../../app/routes/signed-out";
import { loader as securityTxt } from "../../app/routes/[.well-known].security[.]txt";
import { portalCookies } from "../../app/auth/cookies.server";
import { serializeSessionCookie } from "../../app/auth/sessions.server";
import { serializeSignInLinkCookie } from "../../app/auth/sign-in-link-cookie.server";
import { serializeKeptFormCookie } from "../../app/auth/kept-forms.server";
import { resetConfig } from "../../app/env.server";
import { projectRoot } from "../../db/client";
import { useTestDatabase, type TestDatabase } from "../support/database";
import { makeUser } from "../support/factories";
import { sessionCookie } from "../support/auth";
import { requestHandlerFor } from "../support/remix";

const handle = requestHandlerFor({
  "routes/accessibility": { path: "accessibility", module: accessibility },
  "routes/privacy": { path: "privacy", module: privacy },
  "routes/cookies": { path: "cookies", module: cookies },
  "routes/home": { path: "home", module: home },
  "routes/signed-out": { path: "signed-out", module: signedOut },
});

const INSTALLATION = {
  SERVICE_CONTACT_EMAIL: "audit@halton-lscp.example.org.uk",
  ACCESSIBILITY_CONTACT_EMAIL: "access@halton-lscp.example.org.uk",
  DATA_CONTROLLER: "Halton Safeguarding Children Partnership",
  RETENTION_PERIOD: "6 years after the cycle closes",
  SECURITY_CONTACT: "security@halton.example.org.uk",
};

let database: TestDatabase;

beforeAll(async () => {
  database = await useTestDatabase();
});
afterEach(() => {
  resetConfig();
});
afterAll(async () => {
  await database.destroy();
});

/** The page's text, tags removed, entities decoded, white space folded. */
async function pageText(url: string, cookie?: string) {
  const response = await handle(new Request(`http://localhost${url}`, { headers: cookie ? { Cookie: cookie } : {} }));
  expect(response.status, url).toBe(200);
  const html = await response.text();
  const text = html
    .replace(/<script[\s\S]*?<\/script>/g, " ")
    .replace(/<!-- -->/g, "")
    .replace(/<\/?(a|strong|code|span|abbr)\b[^>]*>/g, "")
    .replace(/<[^>]+>/g, " ")
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&amp;/g, "&")
    .replace(/&lsquo;|&rsquo;/g, "'")
    .replace(/\s+/g, " ");
  return { html, text };
}

const between = (text: string, start: string, end: string) => text.slice(text.indexOf(start), text.indexOf(end, text.indexOf(start)));

describe("the footer", () => {
  it("links the accessibility statement, privacy notice and cookies from every page, signed in or not", async () => {
    const user = await makeUser(database.db);
    for (const { html } of [await pageText("/signed-out"), await pageText("/home", await sessionCookie(user))]) {
      const footer = html.slice(html.indexOf("<footer"));
      expect(footer).toContain('class="govuk-footer__inline-list"');
      for (const [href, words] of [
        ["/accessibility", "Accessibility statement"],
        ["/privacy", "Privacy"],
        ["/cookies", "Cookies"],
      ]) {
        expect(footer).toMatch(new RegExp(`<a class="govuk-footer__link"[^>]* href="${href}">${words}</a>`));
      }
    }
  });
});

describe("the header", () => {
  it("says who is signed in, beside Sign out", async () => {
    const dana = await makeUser(database.db, { name: "Dana Singh" });
    const { html } = await pageText("/home", await sessionCookie(dana));
    const header = html.slice(html.indexOf("<header"), html.indexOf("</header>"));
    expect(header).toMatch(/<span class="govuk-service-navigation__text">Signed in as <!-- -->Dana Singh<\/span>|Signed in as Dana Singh/);
    expect(header.indexOf("Dana Singh")).toBeLessThan(header.indexOf("Sign out"));
  });

  it("names nobody when nobody is signed in", async () => {
    const { html } = await pageText("/signed-out");
    expect(html.slice(html.indexOf("<header"), html.indexOf("</header>"))).not.toContain("Signed in as");
  });
});

describe("the privacy notice", () => {
  it("names the data controller, the contact and the retention period from the configuration", async () => {
    resetConfig(INSTALLATION);
    const { html, text } = await pageText("/privacy");
    expect(text).toContain("The data controller for the information in this service is Halton Safeguarding Children Partnership.");
    expect(html).toContain('href="mailto:audit@halton-lscp.example.org.uk"');
    expect(text).toContain("kept for 6 years after the cycle closes.");
    expect(text).not.toContain("Not set");
  });

  it("marks each of them as not set when the configuration does not give it", async () => {
    const { text } = await pageText("/privacy");
    for (const variable of ["DATA_CONTROLLER", "SERVICE_CONTACT_EMAIL", "RETENTION_PERIOD"]) {
      expect(text).toContain(`[Not set: the installation's administrator sets ${variable}]`);
    }
  });

  it("says what the service stores and that signing in is by an emailed link", async () => {
    const { text } = await pageText("/privacy");
    for (const stored of ["your name, your email address and your roles", "self-assessment returns", "internet (IP) address", "a copy of every email the service sends"]) {
      expect(text).toContain(stored);
    }
    expect(text).toContain("There are no passwords. To sign in you ask for a link, which we email to you; it works once, for 10 minutes.");
    // Which way email leaves is this installation's.
    expect(text).toContain("Emails leave nowhere: this installation writes emails to files");
    resetConfig({ SMTP_URL: "smtp://mail.example.org.uk" });
    expect((await pageText("/privacy")).text).toContain("Emails leave through the installation's own mail server.");
  });
});

describe("the accessibility statement", () => {
  it("follows the model statement, honest about how it was tested", async () => {
    resetConfig(INSTALLATION);
    const { html, text } = await pageText("/accessibility");
    expect(text).toContain("This service is run by Halton Safeguarding Children Partnership.");
    expect(html).toContain('href="mailto:access@halton-lscp.example.org.uk"');
    const headings = [...html.matchAll(/<h[1-4] class="govuk-heading-[lms]">([^<]+)<\/h/g)].map((m) => m[1].replace(/&#x27;/g, "'"));
    expect(headings).toEqual([
      "Accessibility statement for Safeguarding self-assessment",
      "How accessible this service is",
      "Feedback and contact information",
      "Reporting accessibility problems with this service",
      "Enforcement procedure",
      "Technical information about this service's accessibility",
      "Compliance status",
      "Non-accessible content",
      "Non-compliance with the accessibility regulations",
      "Disproportionate burden",
      "Content that's not within the scope of the accessibility regulations",
      "Preparation of this accessibility statement",
    ]);
    expect(text).toContain("partially compliant with the Web Content Accessibility Guidelines version 2.2 AA standard");
    expect(text).toContain("The Equality and Human Rights Commission (EHRC) is responsible for enforcing");
    expect(text).toContain("Equality Commission for Northern Ireland");
    expect(between(text, "Preparation of this accessibility statement", "Support links")).toMatch(
      /axe-core .* WCAG 2\.2 AA .* with JavaScript on and with it off\. .* No manual audit has been done/,
    );
    // The time limits it names are the configured ones.
    expect(text).toContain("signed out after 2 hours without using the service, and 12 hours after you signed in");
  });

  it("falls back to the service's contact, and marks the organisation and contact when neither is set", async () => {
    resetConfig({ SERVICE_CONTACT_EMAIL: "audit@halton-lscp.example.org.uk" });
    expect((await pageText("/accessibility")).html).toContain('href="mailto:audit@halton-lscp.example.org.uk"');
    resetConfig();
    const { text } = await pageText("/accessibility");
    expect(text).toContain("This service is run by [Not set: the installation's administrator sets DATA_CONTROLLER]");
    expect(text).toContain("[Not set: the installation's administrator sets ACCESSIBILITY_CONTACT_EMAIL or SERVICE_CONTACT_EMAIL]");
  });
});

describe("the cookies page", () => {
  it("lists exactly the cookies the portal sets, with their configured lifetimes", async () => {
    const written = [
      serializeSessionCookie("abc.def", new Date()),
      serializeSignInLinkCookie("abcdefghijklmnop"),
      serializeKeptFormCookie("00000000-0000-0000-0000-000000000000"),
    ].map((header) => header.slice(0, header.indexOf("=")));
    expect(portalCookies().map((c) => c.name)).toEqual(written);

    const { html, text } = await pageText("/cookies");
    const listed = [...html.matchAll(/<th scope="row" class="govuk-table__header"><code[^>]*>([^<]+)<\/code>/g)].map((m) => m[1]);
    expect(listed).toEqual(["portal_session", "portal_sign_in_link", "portal_kept_form"]);
    expect(text).toContain("after 2 hours without using the service, or 12 hours after you signed in");
    expect(text).toContain("When you press Continue, or after 10 minutes");
    expect(text).toContain("We do not use cookies to measure how you use the service");
  });

  it("names the session cookie as the browser gets it over https", async () => {
    resetConfig({ BASE_URL: "https://audit.example.org.uk", SESSION_IDLE_MINUTES: "30" });
    const { text } = await pageText("/cookies");
    expect(text).toContain("__Host-portal_session");
    expect(text).toContain("after 30 minutes without using the service");
  });
});

describe("/.well-known/security.txt", () => {
  it("gives the configured contact and an expiry less than a year ahead (RFC 9116)", async () => {
    resetConfig(INSTALLATION);
    const response = securityTxt();
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("text/plain; charset=utf-8");
    const body = await response.text();
    expect(body).toMatch(/^Contact: mailto:security@halton\.example\.org\.uk\n/);
    const expires = new Date(/^Expires: (\S+)$/m.exec(body)![1]);
    expect(expires.getTime()).toBeGreaterThan(Date.now() + 300 * 86_400_000);
    expect(expires.getTime()).toBeLessThanOrEqual(Date.now() + 365 * 86_400_000);
    expect(body).toContain("Canonical: http://localhost:3000/.well-known/security.txt\n");
  });

  it("is not there when no security contact is configured", () => {
    let thrown: unknown;
    try {
      securityTxt();
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(Response);
    expect((thrown as Response).status).toBe(404);
  });
});

describe("public/", () => {
  it("holds robots.txt, asking every crawler to stay out of a private service", () => {
    expect(fs.readFileSync(path.join(projectRoot(), "public", "robots.txt"), "utf8")).toBe("User-agent: *\nDisallow: /\n");
  });

  it("holds the icon the pages link", () => {
    expect(fs.readFileSync(path.join(projectRoot(), "public", "assets", "favicon.svg"), "utf8")).toMatch(/^<svg/);
  });
});
