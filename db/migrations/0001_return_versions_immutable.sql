-- A submitted version is never edited or removed: the database refuses it, whatever the code does.
CREATE OR REPLACE FUNCTION forbid_return_version_change() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'return versions are immutable: version % of return % cannot be changed', OLD.number, OLD.return_id
    USING ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER return_versions_immutable
  BEFORE UPDATE OR DELETE ON return_versions
  FOR EACH ROW EXECUTE FUNCTION forbid_return_version_change();
