// The outbox: an email is a row written in the same transaction as the change that causes it,
// so it exists exactly when the change does. The sender (sender.server.ts) delivers it later.
import type { Db } from "../db/client";
import { emailOutbox } from "../db/schema";
import type { EmailContent } from "./layout";

export interface EnqueueEmail {
  to: string;
  /** The template's name ("sign-in-link", "invitation", "return-receipt", ...), for reports and logs. */
  template: string;
  message: EmailContent;
  partnershipId?: string | null;
}

/**
 * Queues an email for sending. Call it with the caller's transaction handle so the email is
 * committed, or rolled back, with the change it is about. Returns the outbox row's id.
 */
export async function enqueueEmail(db: Db, email: EnqueueEmail): Promise<string> {
  const [id] = await enqueueEmails(db, [email]);
  return id;
}

/** Queues several emails in one insert (a receipt to each of a setting's people); their ids in order. */
export async function enqueueEmails(db: Db, emails: EnqueueEmail[]): Promise<string[]> {
  if (!emails.length) return [];
  const rows = await outboxInsert(db, emails).returning({ id: emailOutbox.id });
  return rows.map((r) => r.id);
}

/**
 * The emails' insert, not yet run (at least one email): awaited, it queues them; embedded in a
 * larger statement (a submission's receipts, return-versions.server.ts), that statement queues them.
 */
export function outboxInsert(db: Db, emails: EnqueueEmail[]) {
  // The sender compares against the application's clock (millisecond precision); the
  // database's now() has microseconds and could land just after a sender's "now".
  const nextAttemptAt = new Date();
  return db.insert(emailOutbox).values(
    emails.map(({ to, template, message, partnershipId }) => ({
      toAddress: validAddress(to),
      template,
      subject: message.subject,
      textBody: message.text,
      htmlBody: message.html,
      partnershipId: partnershipId ?? null,
      nextAttemptAt,
    })),
  );
}

function validAddress(to: string): string {
  const address = to.trim();
  // A line break in an address is a header-injection attempt; refuse it before it is stored.
  if (!/^[^\s@]+@[^\s@]+$/.test(address)) throw new Error("The email address is not valid");
  return address;
}
