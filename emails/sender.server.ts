// Delivers what the outbox holds. Several senders may run at once (app servers behind a load
// balancer, the command-line tool): each claims a batch in a short transaction that skips rows
// another sender has locked, and holds them for a lease. Delivery happens outside the transaction,
// so a slow mail server never holds database locks. A sender that dies mid-batch leaves its rows
// in `sending`; once the lease has run out another sender claims them again, which can deliver a
// message twice but never loses one.
import { and, asc, eq, inArray, isNull, lt, lte, or, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { emailOutbox } from "../db/schema";
import { PermanentDeliveryError, type MailTransport } from "./transports";

export interface SendOptions {
  /** The From address, such as `Safeguarding audit <no-reply@example.org.uk>`. */
  from: string;
  /** Attempts after which a message that keeps failing is marked `failed`. */
  maxAttempts: number;
  batchSize?: number;
  /** How long a claimed batch stays reserved for this sender. */
  leaseSeconds?: number;
  /** The current time (tests move it forward); defaults to the clock. */
  now?: Date;
}

export interface SendResult {
  sent: number;
  failed: number;
  retried: number;
}

/** Seconds to wait after the given number of failed attempts: 30s, 60s, 2m, 4m ... at most an hour. */
export function backoffSeconds(attempts: number): number {
  const n = Number.isNaN(attempts) ? 1 : Math.max(1, Math.floor(attempts));
  return Math.min(30 * 2 ** (n - 1), 60 * 60);
}

type Claimed = typeof emailOutbox.$inferSelect;

async function claimBatch(db: Db, now: Date, batchSize: number, leaseSeconds: number): Promise<Claimed[]> {
  const lockedUntil = new Date(now.getTime() + leaseSeconds * 1000);
  const claimed = await db.transaction(async (tx) => {
    const due = await tx
      .select({ id: emailOutbox.id })
      .from(emailOutbox)
      .where(
        and(
          lte(emailOutbox.nextAttemptAt, now),
          or(
            and(eq(emailOutbox.status, "pending"), or(isNull(emailOutbox.lockedUntil), lt(emailOutbox.lockedUntil, now))),
            // Left behind by a sender that stopped before it could record the outcome.
            and(eq(emailOutbox.status, "sending"), lt(emailOutbox.lockedUntil, now)),
          ),
        ),
      )
      .orderBy(asc(emailOutbox.createdAt))
      .limit(batchSize)
      .for("update", { skipLocked: true });
    if (due.length === 0) return [];
    return tx
      .update(emailOutbox)
      .set({ status: "sending", lockedUntil, attempts: sql`${emailOutbox.attempts} + 1` })
      .where(
        inArray(
          emailOutbox.id,
          due.map((row) => row.id),
        ),
      )
      .returning();
  });
  return claimed.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
}

/** The row as this sender claimed it: a later claim by another sender has a higher attempt count. */
const stillOurs = (row: Claimed) =>
  and(eq(emailOutbox.id, row.id), eq(emailOutbox.status, "sending"), eq(emailOutbox.attempts, row.attempts));

function oneLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.replace(/\s+/g, " ").trim().slice(0, 1000);
}

/** Sends one batch of due emails. Message bodies are never logged: they hold sign-in links. */
export async function sendPendingEmails(db: Db, transport: MailTransport, options: SendOptions): Promise<SendResult> {
  const { from, maxAttempts, batchSize = 20, leaseSeconds = 120 } = options;
  const clock = () => options.now ?? new Date();
  const result: SendResult = { sent: 0, failed: 0, retried: 0 };
  const claimed = await claimBatch(db, clock(), batchSize, leaseSeconds);
  // Stop well before the lease runs out, so another sender never picks up a row this one is
  // still sending. Measured on the real clock: `now` may be fixed by a test.
  const mustStopAt = Date.now() + leaseSeconds * 1000 * 0.8;

  for (const [index, row] of claimed.entries()) {
    if (Date.now() > mustStopAt) {
      const rest = claimed.slice(index);
      await db
        .update(emailOutbox)
        .set({ status: "pending", lockedUntil: null, attempts: sql`${emailOutbox.attempts} - 1` })
        .where(
          and(
            eq(emailOutbox.status, "sending"),
            or(...rest.map((r) => and(eq(emailOutbox.id, r.id), eq(emailOutbox.attempts, r.attempts)))),
          ),
        );
      break;
    }

    let providerMessageId: string | undefined;
    try {
      ({ providerMessageId } = await transport.send({
        outboxId: row.id,
        to: row.toAddress,
        from,
        subject: row.subject,
        text: row.textBody,
        html: row.htmlBody,
      }));
    } catch (error) {
      const lastError = oneLine(error);
      const givingUp = error instanceof PermanentDeliveryError || row.attempts >= maxAttempts;
      if (givingUp) {
        await db.update(emailOutbox).set({ status: "failed", lockedUntil: null, lastError }).where(stillOurs(row));
        result.failed++;
      } else {
        const wait = backoffSeconds(row.attempts);
        await db
          .update(emailOutbox)
          .set({ status: "pending", lockedUntil: null, lastError, nextAttemptAt: new Date(clock().getTime() + wait * 1000) })
          .where(stillOurs(row));
        result.retried++;
      }
      console.warn(
        `Email ${row.id} (${row.template}) not sent by ${transport.name}, attempt ${row.attempts} of ${maxAttempts}` +
          `${givingUp ? ", given up" : `, next try in ${backoffSeconds(row.attempts)}s`}: ${lastError}`,
      );
      continue;
    }

    // Outside the try: if recording fails the message has still gone, and must not count as a
    // failed delivery to be sent again straight away.
    await db
      .update(emailOutbox)
      .set({ status: "sent", sentAt: clock(), providerMessageId: providerMessageId ?? null, lockedUntil: null, lastError: null })
      .where(stillOurs(row));
    result.sent++;
  }
  return result;
}

/**
 * Work that queues emails on a timer (the reminders of overdue challenges): run by the worker
 * before it sends, at most every `everySeconds`, each with its own error handling so one failing
 * never stops the sending.
 */
export interface WorkerChore {
  name: string;
  everySeconds: number;
  run(db: Db): Promise<unknown>;
}

/**
 * Sends due emails every `intervalSeconds` (straight away again while batches come back full)
 * until the returned `stop` is called; `stop` resolves once a run in progress has finished.
 * Runs never overlap, and a run that fails is logged and the next one goes ahead.
 */
export function startEmailWorker(
  getDb: () => Db | Promise<Db>,
  transport: MailTransport,
  options: Omit<SendOptions, "now">,
  intervalSeconds: number,
  chores: readonly WorkerChore[] = [],
): () => Promise<void> {
  const batchSize = options.batchSize ?? 20;
  const choresLastRun = new Map<string, number>();
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;

  const schedule = (delayMs: number) => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = run().finally(() => {
        running = undefined;
      });
    }, delayMs);
    // The worker alone must not keep the process alive.
    timer.unref();
  };

  async function runChores(): Promise<void> {
    for (const chore of chores) {
      const last = choresLastRun.get(chore.name);
      if (last !== undefined && Date.now() - last < chore.everySeconds * 1000) continue;
      choresLastRun.set(chore.name, Date.now());
      try {
        await chore.run(await getDb());
      } catch (error) {
        console.warn(`The email worker's ${chore.name} failed, trying again in ${chore.everySeconds}s: ${oneLine(error)}`);
      }
    }
  }

  async function run(): Promise<void> {
    let fullBatch = false;
    await runChores();
    try {
      const result = await sendPendingEmails(await getDb(), transport, options);
      fullBatch = result.sent + result.failed + result.retried >= batchSize;
    } catch (error) {
      console.warn(`The email worker's run failed, trying again in ${intervalSeconds}s: ${oneLine(error)}`);
    }
    schedule(fullBatch ? 0 : intervalSeconds * 1000);
  }

  schedule(0);
  return async () => {
    stopped = true;
    clearTimeout(timer);
    await running;
  };
}
