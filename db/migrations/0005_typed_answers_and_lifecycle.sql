-- Typed submitted answers (version_answers) and the return lifecycle's states. Rows for the
-- versions submitted before this migration are written by the fill that runs after every
-- migration (db/backfills.ts), which applies the same unsupported-Exceeds rule as submission.
CREATE TABLE "version_answers" (
	"partnership_id" uuid NOT NULL,
	"version_id" uuid NOT NULL,
	"return_id" uuid NOT NULL,
	"cycle_id" uuid NOT NULL,
	"setting_id" uuid NOT NULL,
	"version_number" integer NOT NULL,
	"standard_id" uuid NOT NULL,
	"standard_code" text NOT NULL,
	"section_code" text NOT NULL,
	"rating" "rating",
	"evidence_length" integer NOT NULL,
	"unsupported_exceeds" boolean NOT NULL,
	CONSTRAINT "version_answers_version_id_standard_id_pk" PRIMARY KEY("version_id","standard_id")
);
--> statement-breakpoint
ALTER TABLE "returns" ALTER COLUMN "status" SET DATA TYPE text;--> statement-breakpoint
ALTER TABLE "returns" ALTER COLUMN "status" SET DEFAULT 'not_started'::text;--> statement-breakpoint
-- The lifecycle's names (app/domain/return-lifecycle.ts): a challenge reopens the return; a
-- resubmitted return is submitted again (its version number says which time).
UPDATE "returns" SET "status" = 'reopened' WHERE "status" = 'challenged';--> statement-breakpoint
UPDATE "returns" SET "status" = 'submitted' WHERE "status" = 'resubmitted';--> statement-breakpoint
DROP TYPE "public"."return_status";--> statement-breakpoint
CREATE TYPE "public"."return_status" AS ENUM('not_started', 'in_progress', 'submitted', 'in_moderation', 'reopened', 'closed');--> statement-breakpoint
ALTER TABLE "returns" ALTER COLUMN "status" SET DEFAULT 'not_started'::"public"."return_status";--> statement-breakpoint
ALTER TABLE "returns" ALTER COLUMN "status" SET DATA TYPE "public"."return_status" USING "status"::"public"."return_status";--> statement-breakpoint
-- Judgements and challenges name the standard's code as well as its id (filled from the standard).
ALTER TABLE "challenges" ADD COLUMN "standard_code" text;--> statement-breakpoint
UPDATE "challenges" SET "standard_code" = "standards"."code" FROM "standards" WHERE "standards"."id" = "challenges"."standard_id";--> statement-breakpoint
ALTER TABLE "challenges" ALTER COLUMN "standard_code" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "judgements" ADD COLUMN "standard_code" text;--> statement-breakpoint
UPDATE "judgements" SET "standard_code" = "standards"."code" FROM "standards" WHERE "standards"."id" = "judgements"."standard_id";--> statement-breakpoint
ALTER TABLE "judgements" ALTER COLUMN "standard_code" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "version_answers" ADD CONSTRAINT "version_answers_partnership_id_partnerships_id_fk" FOREIGN KEY ("partnership_id") REFERENCES "public"."partnerships"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "version_answers" ADD CONSTRAINT "version_answers_version_id_return_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."return_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "version_answers" ADD CONSTRAINT "version_answers_return_id_returns_id_fk" FOREIGN KEY ("return_id") REFERENCES "public"."returns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "version_answers" ADD CONSTRAINT "version_answers_cycle_id_cycles_id_fk" FOREIGN KEY ("cycle_id") REFERENCES "public"."cycles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "version_answers" ADD CONSTRAINT "version_answers_setting_id_settings_id_fk" FOREIGN KEY ("setting_id") REFERENCES "public"."settings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "version_answers" ADD CONSTRAINT "version_answers_standard_id_standards_id_fk" FOREIGN KEY ("standard_id") REFERENCES "public"."standards"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "version_answers_cycle_code_idx" ON "version_answers" USING btree ("partnership_id","cycle_id","standard_code");--> statement-breakpoint
CREATE INDEX "version_answers_setting_code_idx" ON "version_answers" USING btree ("setting_id","standard_code","cycle_id");
