// The portal's HTTP server: Express in front of the Remix build, plus the email worker.
// `npm start` (after `npm run build`) or `npm run demo`.
import path from "node:path";
import { pathToFileURL } from "node:url";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import express from "express";
import { getDatabaseHandle, getDb } from "../app/db.server";
import { ConfigError, getConfig, type Config } from "../app/env.server";
import { isAllowedOrigin } from "../app/http/origin.server";
import { checkRequestBodies } from "../app/http/request-bodies.server";
import { runInRequestScope } from "../app/http/request-scope.server";
import { startHousekeeping } from "../app/auth/housekeeping.server";
import { startEmailWorker } from "../emails/sender.server";
import { sendChallengeReminders } from "../app/domain/moderation/challenges.server";
import { sendActionReminders } from "../app/domain/action-reminders.server";
import { sweepEvidenceOrphans } from "../app/domain/evidence-documents.server";
import { documentStoreFor } from "../app/storage/document-store.server";
import { sendCycleReminders } from "../app/domain/cycle-reminders.server";
import { closeCyclesPastTheirClosingDay } from "../app/domain/cycle-admin.server";
import { createTransport } from "../emails/transports";
import { projectRoot } from "../db/client";
import { formatDemoSignIns, listDemoSignIns } from "../db/seed/demo-sign-ins";

export async function createServer() {
  const config = getConfig();
  const root = projectRoot();
  const build = (await import(pathToFileURL(path.join(root, "build", "index.js")).href)) as ServerBuild;
  await getDb(); // migrate the embedded database before taking requests

  const app = express();
  app.use(compression());
  applyRequestChecks(app, config);
  app.use("/build", express.static(path.join(root, "public", "build"), { immutable: true, maxAge: "1y" }));
  app.use(express.static(path.join(root, "public"), { maxAge: "1h" }));
  // Some clients ask for /favicon.ico whatever the page links: they get our own icon (an SVG,
  // said so in its content type), never GOV.UK's crown (decision 006).
  app.get("/favicon.ico", (_req, res) =>
    res.type("image/svg+xml").sendFile(path.join(root, "public", "assets", "favicon.svg"), { maxAge: "1h" }),
  );
  const handleWithRemix = createRequestHandler({ build, mode: config.nodeEnv === "development" ? "development" : "production" });
  // Each request in its own scope, so its loaders share one look-up of who is signed in.
  app.all("*", (req, res, next) => runInRequestScope(() => handleWithRemix(req, res, next)));
  return app;
}

/**
 * What every request passes before it reaches a page: the client's address recorded where the
 * client cannot choose it, security headers, and the refusal of a change (any non-GET request)
 * that did not come from a page of this service, or is not a form of a sensible size.
 */
export function applyRequestChecks(app: express.Express, config: Pick<Config, "baseUrl" | "secureCookies" | "trustProxy">) {
  app.disable("x-powered-by");
  // A number of hops, never "trust all": the client would choose its own address.
  app.set("trust proxy", config.trustProxy > 0 ? config.trustProxy : false);
  app.use(
    (req, res, next) => {
      req.headers["x-portal-client-address"] = req.ip ?? req.socket.remoteAddress ?? "unknown";
      res.setHeader("X-Content-Type-Options", "nosniff");
      res.setHeader("X-Frame-Options", "DENY");
      res.setHeader("Cross-Origin-Opener-Policy", "same-origin");
      res.setHeader("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
      if (config.secureCookies) res.setHeader("Strict-Transport-Security", "max-age=31536000");
      defaultHeadersUnlessSet(res, PRIVATE_RESPONSE_HEADERS);
      next();
    },
    (req, res, next) => {
      if (isAllowedOrigin(req.method, { origin: req.get("origin"), referer: req.get("referer") }, config.baseUrl)) return next();
      res
        .status(403)
        .type("text/plain")
        .send("This request did not come from a page of this service, so it was refused. Go back, reload the page and try again.");
    },
    checkRequestBodies(),
  );
}

/**
 * Every response is private unless it says otherwise: the static files set their own caching,
 * and a page may ask for a stricter referrer policy. Applied as the headers go out, so a
 * redirect (which Remix returns without rendering) gets them too.
 */
const PRIVATE_RESPONSE_HEADERS = { "Cache-Control": "no-store", "Referrer-Policy": "same-origin" };

function defaultHeadersUnlessSet(res: express.Response, defaults: Record<string, string>) {
  const writeHead = res.writeHead;
  res.writeHead = function (this: express.Response, ...args: Parameters<typeof writeHead>) {
    for (const [name, value] of Object.entries(defaults)) if (!this.hasHeader(name)) this.setHeader(name, value);
    return writeHead.apply(this, args);
  } as typeof writeHead;
}

/**
 * What is running, said at start-up: the mode (the build is always an optimised one, whatever
 * mode then serves it), the database and where email goes. Never a password.
 */
export function describeStartup(config: Config): string[] {
  const mode =
    config.nodeEnv === "production"
      ? "production"
      : `${config.nodeEnv} (NODE_ENV is not production: for trying the portal on this computer; a real installation sets NODE_ENV=production)`;
  let database = `embedded PGlite in ${config.pgliteDir.startsWith("memory://") ? "memory (gone when the server stops)" : path.relative(process.cwd(), config.pgliteDir) || "."}`;
  if (config.databaseUrl) {
    const url = new URL(config.databaseUrl);
    database = `PostgreSQL at ${url.host}${url.pathname}`;
  }
  const emailDir = path.relative(process.cwd(), config.mail.outboxDir);
  const email = {
    file: `written to files in ${emailDir}${config.mail.devPage ? `, listed at ${config.baseUrl}/dev/emails` : ""}`,
    smtp: `sent through SMTP at ${config.mail.smtpUrl ? new URL(config.mail.smtpUrl).host : "?"}`,
    notify: "sent through GOV.UK Notify",
  }[config.mail.transport];
  return [
    `Safeguarding self-assessment portal on ${config.baseUrl} (port ${config.port})`,
    `  mode: ${mode}`,
    `  database: ${database}`,
    `  email: ${email}${config.mail.worker ? "" : " (the sender is off: EMAIL_WORKER=false)"}`,
  ];
}

/** Where evidence documents are kept, and whether they are scanned: without clamd they are not. */
export function describeDocuments(config: Config): string[] {
  const { storage, clamd } = config.documents;
  const where = storage.kind === "s3" ? `S3 bucket ${storage.bucket}${storage.endpoint ? ` at ${new URL(storage.endpoint).host}` : ""}` : `files in ${path.relative(process.cwd(), storage.dir) || "."}`;
  const scanning = clamd ? `scanned by clamd at ${clamd.host}:${clamd.port}` : "not scanned for viruses (CLAMD_HOST is not set)";
  return [`  evidence documents: ${where}, ${scanning}`];
}

/** The demo's sign-in addresses, when the database holds the demo partnership. */
export async function demoSignInLines(config: Config): Promise<string[]> {
  const people = await listDemoSignIns(await getDb());
  if (!people) return [];
  return formatDemoSignIns(people, { devEmailsUrl: config.mail.devPage ? `${config.baseUrl}/dev/emails` : undefined });
}

/** Serves the build, with the email sender and housekeeping, until SIGINT or SIGTERM. */
export async function startServer(config: Config = getConfig()) {
  const app = await createServer();
  const stopWorker = config.mail.worker
    ? startEmailWorker(getDb, createTransport(config.mail), { from: config.mail.from, maxAttempts: config.mail.maxAttempts }, config.mail.workerIntervalSeconds, [
        // Overdue moderation challenges: reminded the day after, then weekly (claimed with SKIP LOCKED, so several servers never send twice).
        { name: "challenge reminders", everySeconds: 15 * 60, run: (db) => sendChallengeReminders(db) },
        // Overdue actions: their setting's DSLs reminded on the first day, then weekly, at most four times (claimed the same way).
        { name: "action reminders", everySeconds: 15 * 60, run: (db) => sendActionReminders(db) },
        // Evidence documents: stored files no record names (after an hour's grace), records nothing refers to, records whose file is missing (decision 021).
        { name: "evidence document orphans", everySeconds: 6 * 60 * 60, run: (db) => sweepEvidenceOrphans(db, documentStoreFor(config.documents.storage)) },
        // Settings that have not submitted: the cycle's schedule, each reminder once (its row's unique key).
        { name: "cycle reminders", everySeconds: 15 * 60, run: (db) => sendCycleReminders(db) },
        // Cycles past their closing day close to edits (before their reminders would go on).
        { name: "closing cycles", everySeconds: 15 * 60, run: (db) => closeCyclesPastTheirClosingDay(db) },
      ])
    : async () => {};
  const stopHousekeeping = startHousekeeping(getDb);
  const signIns = await demoSignInLines(config);
  const server = await new Promise<ReturnType<typeof app.listen>>((resolve, reject) => {
    const listening = app.listen(config.port, () => resolve(listening)).once("error", reject);
  });
  for (const text of [...describeStartup(config), ...describeDocuments(config), ...signIns]) console.log(text);
  const shutdown = async () => {
    server.close();
    stopHousekeeping();
    await stopWorker();
    await getDatabaseHandle().close();
    process.exit(0);
  };
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
  return server;
}

async function main() {
  let config;
  try {
    config = getConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  await startServer(config);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  main().catch((error) => {
    console.error(`The server could not start: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
