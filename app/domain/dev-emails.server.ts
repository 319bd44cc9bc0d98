// What the development email pages read: the outbox itself, newest first. These pages exist only
// while email is written to local files (the demo and tests), so a tester can follow a sign-in
// link without a mail server.
import { desc, eq } from "drizzle-orm";
import type { Db } from "../db.server";
import { emailOutbox, type EmailMessage } from "../../db/schema";
import { isUuid } from "../ids";

export type OutboxSummary = Pick<EmailMessage, "id" | "toAddress" | "subject" | "template" | "status" | "createdAt">;

export async function listOutbox(db: Db, limit = 100): Promise<OutboxSummary[]> {
  return db
    .select({
      id: emailOutbox.id,
      toAddress: emailOutbox.toAddress,
      subject: emailOutbox.subject,
      template: emailOutbox.template,
      status: emailOutbox.status,
      createdAt: emailOutbox.createdAt,
    })
    .from(emailOutbox)
    .orderBy(desc(emailOutbox.createdAt), desc(emailOutbox.id))
    .limit(Math.max(1, Math.min(limit, 1000)));
}

/** One message, or undefined when the id is malformed or unknown. */
export async function getOutboxMessage(db: Db, id: string): Promise<EmailMessage | undefined> {
  if (!isUuid(id)) return undefined;
  const [row] = await db.select().from(emailOutbox).where(eq(emailOutbox.id, id)).limit(1);
  return row;
}

/** Every distinct web link in a plain-text body, in order, without sentence punctuation after it. */
export function findLinks(text: string): string[] {
  const found = (text.match(/https?:\/\/[^\s<>"]+/gi) ?? []).map((l) => l.replace(/[.,;:!?)\]']+$/, ""));
  return [...new Set(found)];
}
