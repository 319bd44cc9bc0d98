-- version_answers keeps foreign keys only to its version and standard: the version pins the
-- return, cycle, setting and partnership the row copies (decision 017).
ALTER TABLE "version_answers" DROP CONSTRAINT "version_answers_partnership_id_partnerships_id_fk";
--> statement-breakpoint
ALTER TABLE "version_answers" DROP CONSTRAINT "version_answers_return_id_returns_id_fk";
--> statement-breakpoint
ALTER TABLE "version_answers" DROP CONSTRAINT "version_answers_cycle_id_cycles_id_fk";
--> statement-breakpoint
ALTER TABLE "version_answers" DROP CONSTRAINT "version_answers_setting_id_settings_id_fk";
