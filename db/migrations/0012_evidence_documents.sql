CREATE TABLE "evidence_documents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"partnership_id" uuid NOT NULL,
	"setting_id" uuid NOT NULL,
	"storage_key" text NOT NULL,
	"file_name" text NOT NULL,
	"content_type" text NOT NULL,
	"size_bytes" bigint NOT NULL,
	"sha256" text NOT NULL,
	"uploaded_by_user_id" uuid,
	"uploaded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "evidence_documents_storage_key_unique" UNIQUE("storage_key")
);
--> statement-breakpoint
CREATE TABLE "return_documents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"partnership_id" uuid NOT NULL,
	"return_id" uuid NOT NULL,
	"document_id" uuid NOT NULL,
	"standard_id" uuid NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"carried_from_return_id" uuid,
	"added_by_user_id" uuid,
	"added_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "return_documents_return_document_unique" UNIQUE("return_id","document_id")
);
--> statement-breakpoint
CREATE TABLE "version_documents" (
	"partnership_id" uuid NOT NULL,
	"version_id" uuid NOT NULL,
	"document_id" uuid NOT NULL,
	"return_id" uuid NOT NULL,
	"setting_id" uuid NOT NULL,
	"standard_code" text NOT NULL,
	"file_name" text NOT NULL,
	"size_bytes" bigint NOT NULL,
	"sha256" text NOT NULL,
	"description" text NOT NULL,
	CONSTRAINT "version_documents_version_id_document_id_pk" PRIMARY KEY("version_id","document_id")
);
--> statement-breakpoint
ALTER TABLE "evidence_documents" ADD CONSTRAINT "evidence_documents_partnership_id_partnerships_id_fk" FOREIGN KEY ("partnership_id") REFERENCES "public"."partnerships"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evidence_documents" ADD CONSTRAINT "evidence_documents_setting_id_settings_id_fk" FOREIGN KEY ("setting_id") REFERENCES "public"."settings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evidence_documents" ADD CONSTRAINT "evidence_documents_uploaded_by_user_id_users_id_fk" FOREIGN KEY ("uploaded_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "return_documents" ADD CONSTRAINT "return_documents_partnership_id_partnerships_id_fk" FOREIGN KEY ("partnership_id") REFERENCES "public"."partnerships"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "return_documents" ADD CONSTRAINT "return_documents_return_id_returns_id_fk" FOREIGN KEY ("return_id") REFERENCES "public"."returns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "return_documents" ADD CONSTRAINT "return_documents_document_id_evidence_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."evidence_documents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "return_documents" ADD CONSTRAINT "return_documents_standard_id_standards_id_fk" FOREIGN KEY ("standard_id") REFERENCES "public"."standards"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "return_documents" ADD CONSTRAINT "return_documents_carried_from_return_id_returns_id_fk" FOREIGN KEY ("carried_from_return_id") REFERENCES "public"."returns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "return_documents" ADD CONSTRAINT "return_documents_added_by_user_id_users_id_fk" FOREIGN KEY ("added_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "version_documents" ADD CONSTRAINT "version_documents_version_id_return_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."return_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "version_documents" ADD CONSTRAINT "version_documents_document_id_evidence_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."evidence_documents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "evidence_documents_setting_idx" ON "evidence_documents" USING btree ("setting_id");--> statement-breakpoint
CREATE INDEX "return_documents_return_standard_idx" ON "return_documents" USING btree ("return_id","standard_id");--> statement-breakpoint
CREATE INDEX "return_documents_document_idx" ON "return_documents" USING btree ("document_id");--> statement-breakpoint
CREATE INDEX "version_documents_document_idx" ON "version_documents" USING btree ("document_id");--> statement-breakpoint
-- What a submitted version names is never changed or removed, like the version itself.
CREATE OR REPLACE FUNCTION forbid_version_document_change() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'version documents are immutable: document % of version % cannot be changed', OLD.document_id, OLD.version_id
    USING ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER version_documents_immutable
  BEFORE UPDATE OR DELETE ON version_documents
  FOR EACH ROW EXECUTE FUNCTION forbid_version_document_change();
--> statement-breakpoint
-- A stored file is never changed: a different file is a new document (removing one is allowed).
CREATE OR REPLACE FUNCTION forbid_evidence_document_update() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'evidence documents are never changed: document % is a stored file', OLD.id
    USING ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER evidence_documents_unchanged
  BEFORE UPDATE ON evidence_documents
  FOR EACH ROW EXECUTE FUNCTION forbid_evidence_document_update();
