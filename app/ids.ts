// Ids arrive in URLs and forms. PostgreSQL rejects a malformed uuid with an error rather than
// finding nothing, so callers check the shape first and answer "not found" themselves.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: unknown): value is string {
  return typeof value === "string" && UUID.test(value);
}
