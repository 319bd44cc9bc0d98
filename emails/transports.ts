// The ways an email leaves the portal: an .eml file on disk (development, the demo and
// installations that hand mail on some other way), an SMTP relay, or GOV.UK Notify. The sender
// only needs to know whether a failure is worth retrying.
import { createHmac } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import nodemailer from "nodemailer";
import type { Config } from "../app/env.server";

export interface OutgoingEmail {
  /** The outbox row's id: it names the .eml file, is Notify's reference and the Message-ID. */
  outboxId: string;
  to: string;
  from: string;
  subject: string;
  text: string;
  html: string;
}

export interface MailTransport {
  readonly name: string;
  send(message: OutgoingEmail): Promise<{ providerMessageId?: string }>;
  /** Releases connections, if the transport holds any. */
  close?(): void;
}

/** The provider refused this message for good: sending it again would get the same answer. */
export class PermanentDeliveryError extends Error {
  override name = "PermanentDeliveryError";
}

/** The provider could not take the message now (down, busy, unreachable): try again later. */
export class RetryableDeliveryError extends Error {
  override name = "RetryableDeliveryError";
}

// Message-IDs made from the outbox id let a receiving system recognise a message delivered twice
// (a sender that stopped after sending but before recording it sends it again).
function messageIdFor(outboxId: string, from: string): string {
  const domain = /@([^\s<>@]+)>?\s*$/.exec(from)?.[1] ?? "safeguarding-portal.invalid";
  return `<${outboxId}@${domain}>`;
}

function mailOptions(message: OutgoingEmail) {
  return {
    from: message.from,
    to: message.to,
    subject: message.subject,
    text: message.text,
    html: message.html,
    messageId: messageIdFor(message.outboxId, message.from),
  };
}

/** "20250304T140512.345Z": ISO 8601 basic format, sortable and safe in any file system. */
function fileTimestamp(date: Date): string {
  return date.toISOString().replace(/[-:]/g, "");
}

/** Writes each message as an RFC 822 .eml file (multipart/alternative, text and HTML) into `dir`. */
export function fileTransport(dir: string): MailTransport {
  const composer = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: "windows" });
  return {
    name: "file",
    async send(message) {
      const info = await composer.sendMail(mailOptions(message));
      const fileName = `${fileTimestamp(new Date())}-${message.outboxId}.eml`;
      await fs.mkdir(dir, { recursive: true });
      // Written under a temporary name and renamed, so a reader never sees half a message.
      const partial = path.join(dir, `.${fileName}.partial`);
      await fs.writeFile(partial, info.message as Buffer, { mode: 0o600 });
      await fs.rename(partial, path.join(dir, fileName));
      return { providerMessageId: fileName };
    },
  };
}

function classifySmtpError(error: unknown): Error {
  const e = error as { message?: string; code?: string; responseCode?: number; permanent?: boolean };
  const reason = e.message ?? String(error);
  // A 5xx reply to the recipient or the message itself is final. A 5xx to the login (EAUTH) is
  // a configuration problem that someone can fix, so those messages wait and are retried.
  if (e.permanent === true && (e.code === "EENVELOPE" || e.code === "EMESSAGE")) {
    return new PermanentDeliveryError(`The mail server refused the email: ${reason}`, { cause: error });
  }
  return new RetryableDeliveryError(`The mail server could not take the email: ${reason}`, { cause: error });
}

/** Sends through an SMTP relay given as smtp:// or smtps:// URL (credentials in the URL). */
export function smtpTransport(url: string, from: string): MailTransport {
  // Short timeouts: the sender holds its claim on a batch for a limited lease, and a silent
  // server must not use it all up (nodemailer's default is two minutes to connect).
  const mailer = nodemailer.createTransport(
    { url, connectionTimeout: 15_000, greetingTimeout: 15_000, socketTimeout: 60_000 },
    { from },
  );
  return {
    name: "smtp",
    async send(message) {
      try {
        const info = await mailer.sendMail(mailOptions({ ...message, from: message.from || from }));
        return { providerMessageId: info.messageId };
      } catch (error) {
        throw classifySmtpError(error);
      }
    },
    close: () => mailer.close(),
  };
}

export interface NotifyOptions {
  /** `{key_name}-{service_id}-{secret_key}`, as GOV.UK Notify shows it. */
  apiKey: string;
  /** An email template whose subject is `((subject))` and body `((body))`. */
  templateId: string;
  baseUrl: string;
}

export function parseNotifyApiKey(apiKey: string): { serviceId: string; secretKey: string } {
  const match = /^(.*)-([0-9a-f-]{36})-([0-9a-f-]{36})$/i.exec(apiKey.trim());
  if (!match) throw new Error("The GOV.UK Notify API key should end with the service id and the secret key");
  return { serviceId: match[2], secretKey: match[3] };
}

/** Notify's bearer token: a JWT signed HS256 with the secret key, issued by the service. */
export function notifyToken(serviceId: string, secretKey: string, issuedAt = new Date()): string {
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const unsigned = `${encode({ typ: "JWT", alg: "HS256" })}.${encode({ iss: serviceId, iat: Math.floor(issuedAt.getTime() / 1000) })}`;
  const signature = createHmac("sha256", secretKey).update(unsigned).digest("base64url");
  return `${unsigned}.${signature}`;
}

async function notifyErrorMessages(response: Response): Promise<string> {
  try {
    const body = (await response.json()) as { errors?: { error?: string; message?: string }[] };
    const messages = (body.errors ?? []).map((e) => [e.error, e.message].filter(Boolean).join(": ")).filter(Boolean);
    if (messages.length > 0) return messages.join("; ");
  } catch {
    // Not JSON (a proxy's error page): the status says enough.
  }
  return response.statusText || "no details";
}

/** Sends through GOV.UK Notify's email API, with the subject and text as personalisation. */
export function notifyTransport({ apiKey, templateId, baseUrl }: NotifyOptions): MailTransport {
  const { serviceId, secretKey } = parseNotifyApiKey(apiKey);
  const endpoint = `${baseUrl.replace(/\/+$/, "")}/v2/notifications/email`;
  return {
    name: "notify",
    async send(message) {
      let response: Response;
      try {
        response = await fetch(endpoint, {
          method: "POST",
          headers: {
            // Made per request: Notify refuses a token issued more than 30 seconds ago.
            Authorization: `Bearer ${notifyToken(serviceId, secretKey)}`,
            "Content-Type": "application/json",
          },
          body: JSON.stringify({
            email_address: message.to,
            template_id: templateId,
            personalisation: { subject: message.subject, body: message.text },
            reference: message.outboxId,
          }),
          signal: AbortSignal.timeout(30_000),
        });
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        throw new RetryableDeliveryError(`GOV.UK Notify could not be reached: ${reason}`, { cause: error });
      }
      if (response.ok) {
        const body = (await response.json().catch(() => ({}))) as { id?: unknown };
        return { providerMessageId: typeof body.id === "string" ? body.id : undefined };
      }
      const detail = await notifyErrorMessages(response);
      // 400: the request is wrong (bad address, template, personalisation); 403: the key is
      // wrong or revoked. Neither gets better by sending the same request again.
      if (response.status === 400 || response.status === 403) {
        throw new PermanentDeliveryError(`GOV.UK Notify refused the email (${response.status}): ${detail}`);
      }
      throw new RetryableDeliveryError(`GOV.UK Notify could not take the email (${response.status}): ${detail}`);
    },
  };
}

/** The transport the configuration asks for. */
export function createTransport(mail: Config["mail"]): MailTransport {
  switch (mail.transport) {
    case "file":
      return fileTransport(mail.outboxDir);
    case "smtp":
      if (!mail.smtpUrl) throw new Error("SMTP_URL is needed when MAIL_TRANSPORT is smtp");
      return smtpTransport(mail.smtpUrl, mail.from);
    case "notify":
      if (!mail.notify) throw new Error("NOTIFY_API_KEY and NOTIFY_TEMPLATE_ID are needed when MAIL_TRANSPORT is notify");
      return notifyTransport(mail.notify);
  }
}
