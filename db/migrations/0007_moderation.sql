CREATE TYPE "public"."assignment_role" AS ENUM('primary', 'second');--> statement-breakpoint
CREATE TYPE "public"."challenge_response" AS ENUM('evidence_added', 'rating_accepted');--> statement-breakpoint
CREATE TYPE "public"."moderation_outcome" AS ENUM('agreed', 'agreed_with_changes', 'not_agreed');--> statement-breakpoint
CREATE TYPE "public"."sample_kind" AS ENUM('initial', 'top_up');--> statement-breakpoint
ALTER TYPE "public"."role" ADD VALUE 'moderation_lead' BEFORE 'subgroup_chair';--> statement-breakpoint
ALTER TYPE "public"."sample_reason" ADD VALUE 'not_moderated_last_cycle';--> statement-breakpoint
CREATE TABLE "calibration_agreements" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"partnership_id" uuid NOT NULL,
	"return_id" uuid NOT NULL,
	"standard_id" uuid NOT NULL,
	"standard_code" text NOT NULL,
	"verdict" "judgement_verdict" NOT NULL,
	"moderated_rating" "rating",
	"reason" text DEFAULT '' NOT NULL,
	"recorded_by_user_id" uuid NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "calibration_agreements_return_standard_unique" UNIQUE("return_id","standard_id"),
	CONSTRAINT "calibration_agreements_revised_check" CHECK (("calibration_agreements"."verdict" = 'revised') = ("calibration_agreements"."moderated_rating" is not null))
);
--> statement-breakpoint
CREATE TABLE "feedback_letters" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"partnership_id" uuid NOT NULL,
	"return_id" uuid NOT NULL,
	"assignment_id" uuid NOT NULL,
	"outcome" "moderation_outcome" NOT NULL,
	"content" jsonb NOT NULL,
	"sent_by_user_id" uuid,
	"sent_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "feedback_letters_assignment_unique" UNIQUE("assignment_id")
);
--> statement-breakpoint
CREATE TABLE "moderation_conflicts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"partnership_id" uuid NOT NULL,
	"moderator_user_id" uuid NOT NULL,
	"setting_id" uuid NOT NULL,
	"reason" text NOT NULL,
	"declared_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "moderation_conflicts_unique" UNIQUE("partnership_id","moderator_user_id","setting_id")
);
--> statement-breakpoint
ALTER TABLE "judgements" DROP CONSTRAINT "judgements_return_standard_unique";--> statement-breakpoint
ALTER TABLE "moderation_assignments" DROP CONSTRAINT "moderation_assignments_return_unique";--> statement-breakpoint
ALTER TABLE "actions" ADD COLUMN "origin_assignment_id" uuid;--> statement-breakpoint
ALTER TABLE "challenges" ADD COLUMN "assignment_id" uuid;--> statement-breakpoint
ALTER TABLE "challenges" ADD COLUMN "suggested_rating" "rating";--> statement-breakpoint
ALTER TABLE "challenges" ADD COLUMN "respond_by" date;--> statement-breakpoint
ALTER TABLE "challenges" ADD COLUMN "version_number" integer;--> statement-breakpoint
ALTER TABLE "challenges" ADD COLUMN "response" "challenge_response";--> statement-breakpoint
ALTER TABLE "challenges" ADD COLUMN "responded_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "challenges" ADD COLUMN "responded_version_number" integer;--> statement-breakpoint
ALTER TABLE "challenges" ADD COLUMN "resolved_by_user_id" uuid;--> statement-breakpoint
ALTER TABLE "challenges" ADD COLUMN "reminders_sent" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "challenges" ADD COLUMN "last_reminded_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "judgements" ADD COLUMN "revision" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "moderation_assignments" ADD COLUMN "role" "assignment_role" DEFAULT 'primary' NOT NULL;--> statement-breakpoint
ALTER TABLE "moderation_assignments" ADD COLUMN "outcome" "moderation_outcome";--> statement-breakpoint
ALTER TABLE "moderation_assignments" ADD COLUMN "summary" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "moderation_assignments" ADD COLUMN "assigned_by_user_id" uuid;--> statement-breakpoint
ALTER TABLE "moderation_assignments" ADD COLUMN "revision" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "sample_members" ADD COLUMN "version_number" integer NOT NULL;--> statement-breakpoint
ALTER TABLE "sample_members" ADD COLUMN "calibration" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "samples" ADD COLUMN "kind" "sample_kind" DEFAULT 'initial' NOT NULL;--> statement-breakpoint
ALTER TABLE "samples" ADD COLUMN "prefer_not_moderated_last_cycle" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "samples" ADD COLUMN "strata" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "samples" ADD COLUMN "calibration_share" numeric(4, 3) DEFAULT '0' NOT NULL;--> statement-breakpoint
ALTER TABLE "calibration_agreements" ADD CONSTRAINT "calibration_agreements_partnership_id_partnerships_id_fk" FOREIGN KEY ("partnership_id") REFERENCES "public"."partnerships"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calibration_agreements" ADD CONSTRAINT "calibration_agreements_return_id_returns_id_fk" FOREIGN KEY ("return_id") REFERENCES "public"."returns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calibration_agreements" ADD CONSTRAINT "calibration_agreements_standard_id_standards_id_fk" FOREIGN KEY ("standard_id") REFERENCES "public"."standards"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calibration_agreements" ADD CONSTRAINT "calibration_agreements_recorded_by_user_id_users_id_fk" FOREIGN KEY ("recorded_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feedback_letters" ADD CONSTRAINT "feedback_letters_partnership_id_partnerships_id_fk" FOREIGN KEY ("partnership_id") REFERENCES "public"."partnerships"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feedback_letters" ADD CONSTRAINT "feedback_letters_return_id_returns_id_fk" FOREIGN KEY ("return_id") REFERENCES "public"."returns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feedback_letters" ADD CONSTRAINT "feedback_letters_assignment_id_moderation_assignments_id_fk" FOREIGN KEY ("assignment_id") REFERENCES "public"."moderation_assignments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feedback_letters" ADD CONSTRAINT "feedback_letters_sent_by_user_id_users_id_fk" FOREIGN KEY ("sent_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "moderation_conflicts" ADD CONSTRAINT "moderation_conflicts_partnership_id_partnerships_id_fk" FOREIGN KEY ("partnership_id") REFERENCES "public"."partnerships"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "moderation_conflicts" ADD CONSTRAINT "moderation_conflicts_moderator_user_id_users_id_fk" FOREIGN KEY ("moderator_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "moderation_conflicts" ADD CONSTRAINT "moderation_conflicts_setting_id_settings_id_fk" FOREIGN KEY ("setting_id") REFERENCES "public"."settings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "feedback_letters_return_idx" ON "feedback_letters" USING btree ("return_id");--> statement-breakpoint
ALTER TABLE "actions" ADD CONSTRAINT "actions_origin_assignment_id_moderation_assignments_id_fk" FOREIGN KEY ("origin_assignment_id") REFERENCES "public"."moderation_assignments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "challenges" ADD CONSTRAINT "challenges_assignment_id_moderation_assignments_id_fk" FOREIGN KEY ("assignment_id") REFERENCES "public"."moderation_assignments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "challenges" ADD CONSTRAINT "challenges_resolved_by_user_id_users_id_fk" FOREIGN KEY ("resolved_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "moderation_assignments" ADD CONSTRAINT "moderation_assignments_assigned_by_user_id_users_id_fk" FOREIGN KEY ("assigned_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "judgements_return_idx" ON "judgements" USING btree ("return_id");--> statement-breakpoint
ALTER TABLE "judgements" ADD CONSTRAINT "judgements_assignment_standard_unique" UNIQUE("assignment_id","standard_id");--> statement-breakpoint
ALTER TABLE "moderation_assignments" ADD CONSTRAINT "moderation_assignments_return_role_unique" UNIQUE("return_id","role");--> statement-breakpoint
ALTER TABLE "moderation_assignments" ADD CONSTRAINT "moderation_assignments_return_moderator_unique" UNIQUE("return_id","moderator_user_id");--> statement-breakpoint
-- A feedback letter is frozen once sent: the database refuses any change, whatever the code does.
CREATE OR REPLACE FUNCTION forbid_feedback_letter_change() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'feedback letters are frozen once sent: letter % cannot be changed', OLD.id
    USING ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER feedback_letters_frozen
  BEFORE UPDATE OR DELETE ON feedback_letters
  FOR EACH ROW EXECUTE FUNCTION forbid_feedback_letter_change();
