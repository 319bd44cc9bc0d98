// Environment is parsed once, here, with a clear message for each bad value. Nothing else in
// the code reads process.env.
import path from "node:path";
import { z } from "zod";

const flag = z
  .enum(["true", "false", "1", "0", "yes", "no", "on", "off"], {
    error: "must be true or false",
  })
  .transform((v) => ["true", "1", "yes", "on"].includes(v));

const positiveInt = (name: string) =>
  z.coerce.number({ error: `${name} must be a whole number` }).int(`${name} must be a whole number`).positive(`${name} must be more than 0`);

const EnvSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    PORT: positiveInt("PORT").max(65535, "PORT must be at most 65535").default(3000),
    BASE_URL: z
      .url({ error: "BASE_URL must be a full URL such as https://audit.example.org.uk" })
      .refine((u) => /^https?:\/\//.test(u), "BASE_URL must start with http:// or https://")
      .optional(),
    DATABASE_URL: z
      .string()
      .refine((u) => /^postgres(ql)?:\/\//.test(u), "DATABASE_URL must start with postgres:// or postgresql://")
      .optional(),
    DATA_DIR: z.string().min(1).default(".data"),
    PGLITE_DIR: z.string().min(1).optional(),
    SESSION_IDLE_MINUTES: positiveInt("SESSION_IDLE_MINUTES").default(120),
    SESSION_ABSOLUTE_HOURS: positiveInt("SESSION_ABSOLUTE_HOURS").default(12),
    SIGN_IN_LINK_MINUTES: positiveInt("SIGN_IN_LINK_MINUTES").default(10),
    SIGN_IN_LIMIT_PER_ADDRESS: positiveInt("SIGN_IN_LIMIT_PER_ADDRESS").default(5),
    SIGN_IN_LIMIT_PER_CLIENT: positiveInt("SIGN_IN_LIMIT_PER_CLIENT").default(30),
    SIGN_IN_LIMIT_WINDOW_MINUTES: positiveInt("SIGN_IN_LIMIT_WINDOW_MINUTES").default(15),
    MAIL_TRANSPORT: z
      .enum(["file", "smtp", "notify"], { error: "MAIL_TRANSPORT must be file, smtp or notify" })
      .optional(),
    MAIL_FROM: z.string().min(3).default("Safeguarding audit <no-reply@localhost>"),
    SMTP_URL: z
      .string()
      .refine((u) => /^smtps?:\/\//.test(u), "SMTP_URL must start with smtp:// or smtps://")
      .optional(),
    NOTIFY_API_KEY: z
      .string()
      .regex(/-[0-9a-f-]{36}-[0-9a-f-]{36}$/i, "NOTIFY_API_KEY must be a GOV.UK Notify API key (name-serviceid-secret)")
      .optional(),
    NOTIFY_TEMPLATE_ID: z.uuid({ error: "NOTIFY_TEMPLATE_ID must be the id of a Notify email template" }).optional(),
    NOTIFY_BASE_URL: z.url().default("https://api.notifications.service.gov.uk"),
    EMAIL_WORKER: flag.default(true),
    EMAIL_WORKER_INTERVAL_SECONDS: positiveInt("EMAIL_WORKER_INTERVAL_SECONDS").default(10),
    EMAIL_MAX_ATTEMPTS: positiveInt("EMAIL_MAX_ATTEMPTS").default(8),
    DEV_EMAIL_PAGE: flag.optional(),
    // How many reverse proxies stand in front of the portal. "true" means one. Never "trust
    // everything": the client could then choose its own address by sending X-Forwarded-For.
    // What the footer pages (privacy, accessibility) and security.txt say about the installation.
    // Unset, those pages show a marked placeholder naming the variable.
    SERVICE_CONTACT_EMAIL: z.email({ error: "SERVICE_CONTACT_EMAIL must be an email address" }).optional(),
    ACCESSIBILITY_CONTACT_EMAIL: z.email({ error: "ACCESSIBILITY_CONTACT_EMAIL must be an email address" }).optional(),
    DATA_CONTROLLER: z.string().trim().min(2, "DATA_CONTROLLER must name an organisation").max(300).optional(),
    RETENTION_PERIOD: z.string().trim().min(2, "RETENTION_PERIOD must say how long, such as 6 years after the cycle closes").max(300).optional(),
    SECURITY_CONTACT: z
      .string()
      .refine(
        (v) => z.email().safeParse(v).success || /^https:\/\/\S+$/.test(v),
        "SECURITY_CONTACT must be an email address or an https:// address",
      )
      .optional(),
    // Evidence documents (decision 021): limits, where files are kept, and optional virus scanning.
    EVIDENCE_MAX_FILE_MB: positiveInt("EVIDENCE_MAX_FILE_MB").default(20),
    EVIDENCE_MAX_RETURN_MB: positiveInt("EVIDENCE_MAX_RETURN_MB").default(200),
    EVIDENCE_MAX_FILES_PER_STANDARD: positiveInt("EVIDENCE_MAX_FILES_PER_STANDARD").default(10),
    DOCUMENT_STORAGE: z.enum(["local", "s3"], { error: "DOCUMENT_STORAGE must be local or s3" }).optional(),
    DOCUMENTS_DIR: z.string().min(1).optional(),
    S3_BUCKET: z.string().min(3, "S3_BUCKET must name a bucket").optional(),
    S3_ENDPOINT: z.url({ error: "S3_ENDPOINT must be a full URL such as https://s3.eu-west-2.amazonaws.com" }).optional(),
    S3_REGION: z.string().min(1).default("eu-west-2"),
    S3_ACCESS_KEY_ID: z.string().min(1).optional(),
    S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
    S3_FORCE_PATH_STYLE: flag.default(false),
    S3_PREFIX: z.string().default("evidence/"),
    CLAMD_HOST: z.string().min(1).optional(),
    CLAMD_PORT: positiveInt("CLAMD_PORT").max(65535, "CLAMD_PORT must be at most 65535").default(3310),
    CLAMD_TIMEOUT_SECONDS: positiveInt("CLAMD_TIMEOUT_SECONDS").default(60),
    // The day's public establishment extract (decision 023): {date} becomes YYYYMMDD.
    GIAS_EXTRACT_URL: z
      .string()
      .refine((u) => /^https?:\/\/\S+$/.test(u), "GIAS_EXTRACT_URL must be an http:// or https:// address, with {date} where the day goes")
      .default("https://ea-edubase-api-prod.azurewebsites.net/edubase/downloads/public/edubasealldata{date}.csv"),
    GIAS_MAX_MB: positiveInt("GIAS_MAX_MB").default(200),
    TRUST_PROXY: z
      .string()
      .regex(/^(true|false|yes|no|on|off|\d{1,2})$/, "TRUST_PROXY must be false, true (one proxy) or the number of proxies in front of the portal")
      .default("false")
      .transform((v) => (/^\d+$/.test(v) ? Number(v) : ["true", "yes", "on"].includes(v) ? 1 : 0)),
  })
  .superRefine((env, ctx) => {
    const transport = env.MAIL_TRANSPORT ?? (env.SMTP_URL ? "smtp" : env.NOTIFY_API_KEY ? "notify" : "file");
    if (transport === "smtp" && !env.SMTP_URL)
      ctx.addIssue({ code: "custom", path: ["SMTP_URL"], message: "SMTP_URL is needed when MAIL_TRANSPORT is smtp" });
    if (transport === "notify" && (!env.NOTIFY_API_KEY || !env.NOTIFY_TEMPLATE_ID))
      ctx.addIssue({
        code: "custom",
        path: ["NOTIFY_API_KEY"],
        message: "NOTIFY_API_KEY and NOTIFY_TEMPLATE_ID are needed when MAIL_TRANSPORT is notify",
      });
    if (env.DEV_EMAIL_PAGE && transport !== "file")
      ctx.addIssue({
        code: "custom",
        path: ["DEV_EMAIL_PAGE"],
        message: "DEV_EMAIL_PAGE can only be on when email is written to files (MAIL_TRANSPORT=file)",
      });
    // The page lists every sign-in link to anyone who opens it: only ever on this computer.
    if (env.DEV_EMAIL_PAGE && !isLocalDevelopmentAddress(env.BASE_URL ?? `http://localhost:${env.PORT}`))
      ctx.addIssue({
        code: "custom",
        path: ["DEV_EMAIL_PAGE"],
        message:
          "DEV_EMAIL_PAGE shows every sign-in link to anyone, so it can only be on when BASE_URL is a local http address (localhost or 127.0.0.1)",
      });
    if ((env.DOCUMENT_STORAGE ?? (env.S3_BUCKET ? "s3" : "local")) === "s3" && !env.S3_BUCKET)
      ctx.addIssue({ code: "custom", path: ["S3_BUCKET"], message: "S3_BUCKET is needed when DOCUMENT_STORAGE is s3" });
    if (Boolean(env.S3_ACCESS_KEY_ID) !== Boolean(env.S3_SECRET_ACCESS_KEY))
      ctx.addIssue({ code: "custom", path: ["S3_ACCESS_KEY_ID"], message: "S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY go together" });
    if (env.NODE_ENV === "production" && !env.BASE_URL)
      ctx.addIssue({
        code: "custom",
        path: ["BASE_URL"],
        message: "BASE_URL is needed in production: links in emails and the check on where forms come from are built from it",
      });
  });

export interface Config {
  nodeEnv: "development" | "production" | "test";
  port: number;
  baseUrl: string;
  /** Cookies get Secure and the __Host- prefix when the service is served over https. */
  secureCookies: boolean;
  databaseUrl?: string;
  dataDir: string;
  pgliteDir: string;
  session: { idleMinutes: number; absoluteHours: number };
  signIn: { linkMinutes: number; limitPerAddress: number; limitPerClient: number; windowMinutes: number };
  mail: {
    transport: "file" | "smtp" | "notify";
    from: string;
    smtpUrl?: string;
    notify?: { apiKey: string; templateId: string; baseUrl: string };
    outboxDir: string;
    maxAttempts: number;
    worker: boolean;
    workerIntervalSeconds: number;
    devPage: boolean;
  };
  /** The number of reverse proxies in front of the portal (0: none). */
  trustProxy: number;
  documents: DocumentsConfig;
  /** Where the day's GIAS extract is downloaded from ({date} is YYYYMMDD), and the most it may be. */
  gias: { extractUrl: string; maxBytes: number };
  /** The installation's own facts for the privacy, accessibility and security.txt pages. */
  about: AboutInstallation;
}

export interface DocumentsConfig {
  maxFileBytes: number;
  maxReturnBytes: number;
  maxFilesPerStandard: number;
  storage:
    | { kind: "local"; dir: string }
    | { kind: "s3"; bucket: string; prefix: string; endpoint?: string; region: string; forcePathStyle: boolean; credentials?: { accessKeyId: string; secretAccessKey: string } };
  /** Uploads are staged here while they are checked (always local: one server's own disk). */
  stagingDir: string;
  /** Without it, files are not scanned for viruses. */
  clamd?: { host: string; port: number; timeoutMs: number };
}

export interface AboutInstallation {
  serviceContactEmail?: string;
  /** Falls back to the service's contact. */
  accessibilityContactEmail?: string;
  dataController?: string;
  retentionPeriod?: string;
  /** A URI for security.txt's Contact field: mailto: or https:. */
  securityContact?: string;
}

export class ConfigError extends Error {}

/** A plain-http address on the loopback interface: nobody but this computer can reach it. */
export function isLocalDevelopmentAddress(baseUrl: string): boolean {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    return false;
  }
  if (url.protocol !== "http:") return false;
  return isLoopbackHost(url.hostname);
}

/** localhost, 127.0.0.0/8 or ::1 (as a URL hostname or a socket address). */
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, "").toLowerCase();
  return h === "localhost" || h === "::1" || /^127(\.\d{1,3}){3}$/.test(h) || /^::ffff:127(\.\d{1,3}){3}$/.test(h);
}

export function parseConfig(env: Record<string, string | undefined>): Config {
  // Treat empty variables as unset, as shells and .env files commonly leave them.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const result = EnvSchema.safeParse(cleaned);
  if (!result.success) {
    // One line per variable: the first thing wrong with it is enough to fix it.
    const byVariable = new Map<string, string>();
    for (const i of result.error.issues) {
      const name = i.path.join(".") || "environment";
      if (!byVariable.has(name)) byVariable.set(name, i.message);
    }
    const lines = [...byVariable].map(([name, message]) => `- ${name}: ${message}`);
    throw new ConfigError(`The portal's configuration is not valid:\n${lines.join("\n")}`);
  }
  const e = result.data;
  const transport = e.MAIL_TRANSPORT ?? (e.SMTP_URL ? "smtp" : e.NOTIFY_API_KEY ? "notify" : "file");
  const baseUrl = (e.BASE_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, "");
  const dataDir = path.resolve(e.DATA_DIR);
  return {
    nodeEnv: e.NODE_ENV,
    port: e.PORT,
    baseUrl,
    secureCookies: baseUrl.startsWith("https://"),
    databaseUrl: e.DATABASE_URL,
    dataDir,
    pgliteDir: e.PGLITE_DIR?.startsWith("memory://") ? e.PGLITE_DIR : path.resolve(e.PGLITE_DIR ?? path.join(dataDir, "db")),
    session: { idleMinutes: e.SESSION_IDLE_MINUTES, absoluteHours: e.SESSION_ABSOLUTE_HOURS },
    signIn: {
      linkMinutes: e.SIGN_IN_LINK_MINUTES,
      limitPerAddress: e.SIGN_IN_LIMIT_PER_ADDRESS,
      limitPerClient: e.SIGN_IN_LIMIT_PER_CLIENT,
      windowMinutes: e.SIGN_IN_LIMIT_WINDOW_MINUTES,
    },
    mail: {
      transport,
      from: e.MAIL_FROM,
      smtpUrl: e.SMTP_URL,
      notify:
        e.NOTIFY_API_KEY && e.NOTIFY_TEMPLATE_ID
          ? { apiKey: e.NOTIFY_API_KEY, templateId: e.NOTIFY_TEMPLATE_ID, baseUrl: e.NOTIFY_BASE_URL }
          : undefined,
      outboxDir: path.join(dataDir, "emails"),
      maxAttempts: e.EMAIL_MAX_ATTEMPTS,
      worker: e.EMAIL_WORKER,
      workerIntervalSeconds: e.EMAIL_WORKER_INTERVAL_SECONDS,
      // Only while email goes to files and the service is addressed on this computer, whatever
      // else is set; on by default outside production, and by choice in a local production build.
      devPage:
        transport === "file" && isLocalDevelopmentAddress(baseUrl) && (e.DEV_EMAIL_PAGE ?? e.NODE_ENV !== "production"),
    },
    trustProxy: e.TRUST_PROXY,
    documents: {
      maxFileBytes: e.EVIDENCE_MAX_FILE_MB * 1024 * 1024,
      maxReturnBytes: e.EVIDENCE_MAX_RETURN_MB * 1024 * 1024,
      maxFilesPerStandard: e.EVIDENCE_MAX_FILES_PER_STANDARD,
      storage:
        (e.DOCUMENT_STORAGE ?? (e.S3_BUCKET ? "s3" : "local")) === "s3"
          ? {
              kind: "s3",
              bucket: e.S3_BUCKET ?? "",
              prefix: e.S3_PREFIX,
              endpoint: e.S3_ENDPOINT,
              region: e.S3_REGION,
              forcePathStyle: e.S3_FORCE_PATH_STYLE,
              credentials:
                e.S3_ACCESS_KEY_ID && e.S3_SECRET_ACCESS_KEY ? { accessKeyId: e.S3_ACCESS_KEY_ID, secretAccessKey: e.S3_SECRET_ACCESS_KEY } : undefined,
            }
          : { kind: "local", dir: path.resolve(e.DOCUMENTS_DIR ?? path.join(dataDir, "documents")) },
      stagingDir: path.join(dataDir, "uploads"),
      clamd: e.CLAMD_HOST ? { host: e.CLAMD_HOST, port: e.CLAMD_PORT, timeoutMs: e.CLAMD_TIMEOUT_SECONDS * 1000 } : undefined,
    },
    gias: { extractUrl: e.GIAS_EXTRACT_URL, maxBytes: e.GIAS_MAX_MB * 1024 * 1024 },
    about: {
      serviceContactEmail: e.SERVICE_CONTACT_EMAIL,
      accessibilityContactEmail: e.ACCESSIBILITY_CONTACT_EMAIL ?? e.SERVICE_CONTACT_EMAIL,
      dataController: e.DATA_CONTROLLER,
      retentionPeriod: e.RETENTION_PERIOD,
      securityContact: e.SECURITY_CONTACT && (e.SECURITY_CONTACT.startsWith("https://") ? e.SECURITY_CONTACT : `mailto:${e.SECURITY_CONTACT}`),
    },
  };
}

let cached: Config | undefined;

export function getConfig(): Config {
  cached ??= parseConfig(process.env);
  return cached;
}

/** Tests change the environment between files; this makes the next getConfig() re-read it. */
export function resetConfig(overrides?: Record<string, string | undefined>): Config {
  cached = overrides ? parseConfig({ ...process.env, ...overrides }) : undefined;
  return getConfig();
}
