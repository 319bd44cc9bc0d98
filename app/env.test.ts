import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "./env.server";

const problems = (env: Record<string, string>) => {
  try {
    parseConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.message.split("\n").slice(1);
    throw error;
  }
  return [];
};

describe("parseConfig", () => {
  it("gives the embedded demo's defaults with nothing set", () => {
    const config = parseConfig({});
    expect(config).toMatchObject({
      nodeEnv: "development",
      port: 3000,
      baseUrl: "http://localhost:3000",
      secureCookies: false,
      databaseUrl: undefined,
      session: { idleMinutes: 120, absoluteHours: 12 },
      signIn: { linkMinutes: 10, limitPerAddress: 5, limitPerClient: 30, windowMinutes: 15 },
      mail: { transport: "file", devPage: true, worker: true, maxAttempts: 8 },
      trustProxy: 0,
    });
    expect(config.pgliteDir).toMatch(/\.data\/db$/);
  });

  it("names each bad value on a line of its own", () => {
    expect(problems({ PORT: "abc", DATABASE_URL: "mysql://x", SESSION_IDLE_MINUTES: "-1", BASE_URL: "not a url" })).toEqual([
      "- PORT: PORT must be a whole number",
      "- BASE_URL: BASE_URL must be a full URL such as https://audit.example.org.uk",
      "- DATABASE_URL: DATABASE_URL must start with postgres:// or postgresql://",
      "- SESSION_IDLE_MINUTES: SESSION_IDLE_MINUTES must be more than 0",
    ]);
  });

  it("treats empty variables as unset", () => {
    expect(parseConfig({ PORT: "", BASE_URL: "" }).baseUrl).toBe("http://localhost:3000");
  });

  it("makes cookies Secure over https, and trims the base URL", () => {
    const config = parseConfig({ BASE_URL: "https://audit.example.org.uk/", NODE_ENV: "production" });
    expect(config.baseUrl).toBe("https://audit.example.org.uk");
    expect(config.secureCookies).toBe(true);
  });

  it("needs a BASE_URL in production", () => {
    expect(problems({ NODE_ENV: "production" })).toEqual([
      "- BASE_URL: BASE_URL is needed in production: links in emails and the check on where forms come from are built from it",
    ]);
  });

  it("shows the development email page only outside production, with email written to files", () => {
    expect(parseConfig({}).mail.devPage).toBe(true);
    expect(parseConfig({ NODE_ENV: "production", BASE_URL: "http://10.0.0.5:3000" }).mail.devPage).toBe(false);
    expect(parseConfig({ SMTP_URL: "smtp://mail.example.org.uk" }).mail.devPage).toBe(false);
    // Turned on by hand for a local production build (the browser tests do this).
    expect(parseConfig({ NODE_ENV: "production", BASE_URL: "http://127.0.0.1:4100", DEV_EMAIL_PAGE: "true" }).mail.devPage).toBe(true);
    // Whatever else is set, never on an address other people can reach.
    expect(parseConfig({ BASE_URL: "https://audit.example.org.uk" }).mail.devPage).toBe(false);
    expect(parseConfig({ NODE_ENV: "test", BASE_URL: "https://localhost:3000" }).mail.devPage).toBe(false);
    expect(parseConfig({ BASE_URL: "http://audit.example.org.uk" }).mail.devPage).toBe(false);
    expect(parseConfig({ BASE_URL: "http://[::1]:3000" }).mail.devPage).toBe(true);
    const refused =
      "- DEV_EMAIL_PAGE: DEV_EMAIL_PAGE shows every sign-in link to anyone, so it can only be on when BASE_URL is a local http address (localhost or 127.0.0.1)";
    expect(problems({ DEV_EMAIL_PAGE: "true", BASE_URL: "https://audit.example.org.uk" })).toEqual([refused]);
    expect(problems({ DEV_EMAIL_PAGE: "true", BASE_URL: "http://10.0.0.5:3000" })).toEqual([refused]);
    expect(problems({ DEV_EMAIL_PAGE: "true", SMTP_URL: "smtp://mail.example.org.uk" })).toEqual([
      "- DEV_EMAIL_PAGE: DEV_EMAIL_PAGE can only be on when email is written to files (MAIL_TRANSPORT=file)",
    ]);
  });

  it("chooses the email transport from what is configured, and asks for what a transport needs", () => {
    expect(parseConfig({ SMTP_URL: "smtps://u:p@mail.example.org.uk:465" }).mail.transport).toBe("smtp");
    const key = `portal-${"0".repeat(8)}-1111-2222-3333-${"4".repeat(12)}-${"5".repeat(8)}-6666-7777-8888-${"9".repeat(12)}`;
    expect(parseConfig({ NOTIFY_API_KEY: key, NOTIFY_TEMPLATE_ID: "f33517ff-2a88-4f6e-b855-c550268ce08a" }).mail).toMatchObject({
      transport: "notify",
      notify: { apiKey: key, baseUrl: "https://api.notifications.service.gov.uk" },
    });
    expect(problems({ MAIL_TRANSPORT: "smtp" })).toEqual(["- SMTP_URL: SMTP_URL is needed when MAIL_TRANSPORT is smtp"]);
    expect(problems({ MAIL_TRANSPORT: "notify" })).toEqual([
      "- NOTIFY_API_KEY: NOTIFY_API_KEY and NOTIFY_TEMPLATE_ID are needed when MAIL_TRANSPORT is notify",
    ]);
  });

  it("leaves the installation's own facts unset by default, for the footer pages to mark as missing", () => {
    expect(parseConfig({}).about).toEqual({
      serviceContactEmail: undefined,
      accessibilityContactEmail: undefined,
      dataController: undefined,
      retentionPeriod: undefined,
      securityContact: undefined,
    });
  });

  it("takes the installation's contact, data controller, retention period and security contact", () => {
    expect(
      parseConfig({
        SERVICE_CONTACT_EMAIL: "audit@halton-lscp.example.org.uk",
        DATA_CONTROLLER: " Halton Safeguarding Children Partnership ",
        RETENTION_PERIOD: "6 years after the cycle closes",
        SECURITY_CONTACT: "security@halton.example.org.uk",
      }).about,
    ).toEqual({
      serviceContactEmail: "audit@halton-lscp.example.org.uk",
      // The accessibility contact is the service's unless set apart.
      accessibilityContactEmail: "audit@halton-lscp.example.org.uk",
      dataController: "Halton Safeguarding Children Partnership",
      retentionPeriod: "6 years after the cycle closes",
      securityContact: "mailto:security@halton.example.org.uk",
    });
    expect(parseConfig({ ACCESSIBILITY_CONTACT_EMAIL: "access@example.org.uk", SECURITY_CONTACT: "https://example.org.uk/report" }).about).toMatchObject({
      accessibilityContactEmail: "access@example.org.uk",
      securityContact: "https://example.org.uk/report",
    });
    expect(problems({ SERVICE_CONTACT_EMAIL: "nobody", SECURITY_CONTACT: "http://example.org.uk" })).toEqual([
      "- SERVICE_CONTACT_EMAIL: SERVICE_CONTACT_EMAIL must be an email address",
      "- SECURITY_CONTACT: SECURITY_CONTACT must be an email address or an https:// address",
    ]);
  });

  it("trusts a number of proxies, never every address a client sends", () => {
    expect(parseConfig({ TRUST_PROXY: "false" }).trustProxy).toBe(0);
    expect(parseConfig({ TRUST_PROXY: "true" }).trustProxy).toBe(1);
    expect(parseConfig({ TRUST_PROXY: "2" }).trustProxy).toBe(2);
    expect(problems({ TRUST_PROXY: "everything" })).toEqual([
      "- TRUST_PROXY: TRUST_PROXY must be false, true (one proxy) or the number of proxies in front of the portal",
    ]);
  });
});
