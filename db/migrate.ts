// `npm run db:migrate`: applies the committed migrations to the configured database.
import { getDatabaseHandle } from "../app/db.server";

const handle = getDatabaseHandle();
try {
  await handle.migrate();
  console.log(`Migrations applied (${handle.kind}).`);
  await handle.close();
} catch (error) {
  console.error(`Migration failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
