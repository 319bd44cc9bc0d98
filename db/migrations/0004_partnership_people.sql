CREATE TABLE "partnership_people" (
	"partnership_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"name" text NOT NULL,
	"deactivated_at" timestamp with time zone,
	"deactivated_by_user_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "partnership_people_partnership_id_user_id_pk" PRIMARY KEY("partnership_id","user_id")
);
--> statement-breakpoint
ALTER TABLE "partnership_people" ADD CONSTRAINT "partnership_people_partnership_id_partnerships_id_fk" FOREIGN KEY ("partnership_id") REFERENCES "public"."partnerships"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partnership_people" ADD CONSTRAINT "partnership_people_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partnership_people" ADD CONSTRAINT "partnership_people_deactivated_by_user_id_users_id_fk" FOREIGN KEY ("deactivated_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "partnership_people_user_idx" ON "partnership_people" USING btree ("user_id");--> statement-breakpoint
-- Hand-written: what each partnership knows of the people already holding its roles. The name is
-- the account's (no earlier invitation kept what was typed). An account closed by a partnership's
-- deactivation becomes that partnership's deactivation alone, dated from its audit event.
INSERT INTO "partnership_people" ("partnership_id", "user_id", "name", "deactivated_at", "deactivated_by_user_id")
SELECT DISTINCT ON (m."partnership_id", m."user_id")
  m."partnership_id",
  m."user_id",
  u."name",
  CASE WHEN u."active" THEN NULL ELSE coalesce(d."created_at", now()) END,
  CASE WHEN u."active" THEN NULL ELSE d."actor_user_id" END
FROM "memberships" m
JOIN "users" u ON u."id" = m."user_id"
LEFT JOIN LATERAL (
  SELECT e."created_at", e."actor_user_id"
  FROM "audit_events" e
  WHERE e."action" = 'user.deactivated' AND e."entity_id" = u."id"::text AND e."partnership_id" = m."partnership_id"
  ORDER BY e."created_at" DESC
  LIMIT 1
) d ON true;
--> statement-breakpoint
-- Those accounts were closed only by that deactivation: open them, so each partnership's own
-- deactivation decides from now on. users.active is left to operators.
UPDATE "users" SET "active" = true
WHERE NOT "active" AND "id" IN (SELECT "user_id" FROM "partnership_people" WHERE "deactivated_at" IS NOT NULL);
