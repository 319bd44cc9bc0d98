-- Forms kept before this change have no owner; they live a day at most, so they go.
DELETE FROM "pending_form_posts";--> statement-breakpoint
ALTER TABLE "pending_form_posts" ADD COLUMN "user_id" uuid NOT NULL;--> statement-breakpoint
ALTER TABLE "pending_form_posts" ADD CONSTRAINT "pending_form_posts_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;