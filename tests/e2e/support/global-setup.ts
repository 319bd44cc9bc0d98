// Once per `npm run test:e2e`: fail early and clearly without Chromium, and build the portal if
// there is no build yet (CI builds first; run `npm run build` yourself after changing the app),
// and make the folder where the demo seed is kept once per variant.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromiumPath } from "./browser";
import { ensureBuilt } from "./server";

export default async function setup(): Promise<() => void> {
  if (!fs.existsSync(chromiumPath)) {
    throw new Error(
      `Browser tests need Chromium at ${chromiumPath}: apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium (or set CHROMIUM_PATH).`,
    );
  }
  await ensureBuilt();
  // Where each file's portals find the demo seed made once (server.ts, seedInto).
  const seeds = fs.mkdtempSync(path.join(os.tmpdir(), "portal-e2e-seeds-"));
  process.env.PORTAL_E2E_SEEDS = seeds;
  return () => fs.rmSync(seeds, { recursive: true, force: true });
}
