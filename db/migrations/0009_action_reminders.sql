-- Overdue action reminders (issue 11, decision 018): the count sent about one due date, that due
-- date, and when the last was sent; claimed and written in the transaction that queues the emails.
ALTER TABLE "actions" ADD COLUMN "reminders_sent" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "actions" ADD COLUMN "reminded_due_on" date;--> statement-breakpoint
ALTER TABLE "actions" ADD COLUMN "last_reminded_at" timestamp with time zone;
