CREATE TABLE "cycle_reminders" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"partnership_id" uuid NOT NULL,
	"cycle_id" uuid NOT NULL,
	"return_id" uuid NOT NULL,
	"reminder" text NOT NULL,
	"due_on" date NOT NULL,
	"recipients" text[] NOT NULL,
	"sent_by_user_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "cycle_reminders_once" UNIQUE("return_id","reminder","due_on")
);
--> statement-breakpoint
ALTER TABLE "cycles" ADD COLUMN "closes_on" date;--> statement-breakpoint
ALTER TABLE "cycles" ADD COLUMN "previous_cycle_id" uuid;--> statement-breakpoint
ALTER TABLE "cycles" ADD COLUMN "remind_on_opening" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "cycles" ADD COLUMN "reminder_days_before" integer[] DEFAULT '{28,14,7,1}'::integer[] NOT NULL;--> statement-breakpoint
ALTER TABLE "cycles" ADD COLUMN "overdue_every_days" integer DEFAULT 7 NOT NULL;--> statement-breakpoint
ALTER TABLE "cycles" ADD COLUMN "overdue_limit" integer DEFAULT 3 NOT NULL;--> statement-breakpoint
ALTER TABLE "cycles" ADD COLUMN "opened_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "cycles" ADD COLUMN "closed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "framework_sections" ADD COLUMN "retired" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "returns" ADD COLUMN "due_on" date;--> statement-breakpoint
ALTER TABLE "returns" ADD COLUMN "due_extended_reason" text;--> statement-breakpoint
ALTER TABLE "settings" ADD COLUMN "reference" text;--> statement-breakpoint
ALTER TABLE "settings" ADD COLUMN "deactivated_reason" text;--> statement-breakpoint
ALTER TABLE "settings" ADD COLUMN "deactivated_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "standards" ADD COLUMN "retired" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "cycle_reminders" ADD CONSTRAINT "cycle_reminders_partnership_id_partnerships_id_fk" FOREIGN KEY ("partnership_id") REFERENCES "public"."partnerships"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cycle_reminders" ADD CONSTRAINT "cycle_reminders_cycle_id_cycles_id_fk" FOREIGN KEY ("cycle_id") REFERENCES "public"."cycles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cycle_reminders" ADD CONSTRAINT "cycle_reminders_return_id_returns_id_fk" FOREIGN KEY ("return_id") REFERENCES "public"."returns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cycle_reminders" ADD CONSTRAINT "cycle_reminders_sent_by_user_id_users_id_fk" FOREIGN KEY ("sent_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "cycle_reminders_cycle_idx" ON "cycle_reminders" USING btree ("cycle_id","created_at");--> statement-breakpoint
ALTER TABLE "cycles" ADD CONSTRAINT "cycles_previous_cycle_id_cycles_id_fk" FOREIGN KEY ("previous_cycle_id") REFERENCES "public"."cycles"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "settings" ADD CONSTRAINT "settings_partnership_reference_unique" UNIQUE("partnership_id","reference");--> statement-breakpoint
ALTER TABLE "cycles" ADD CONSTRAINT "cycles_closes_check" CHECK ("cycles"."closes_on" is null or "cycles"."closes_on" >= "cycles"."due_on");