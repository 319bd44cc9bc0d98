// Once per `npm run test:e2e`: fail early and clearly without Chromium, and build the portal if
// there is no build yet (CI builds first; run `npm run build` yourself after changing the app).
import fs from "node:fs";
import { chromiumPath } from "./browser";
import { ensureBuilt } from "./server";

export default async function setup(): Promise<void> {
  if (!fs.existsSync(chromiumPath)) {
    throw new Error(
      `Browser tests need Chromium at ${chromiumPath}: apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium (or set CHROMIUM_PATH).`,
    );
  }
  await ensureBuilt();
}
