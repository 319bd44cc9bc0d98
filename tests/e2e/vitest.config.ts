// Browser tests: `npm run test:e2e` (after `npm run build`; a missing build is made once).
// Each file starts the built portal on its own port and data directory and drives Debian's
// Chromium through playwright-core. Files run one after another: each holds a server and a
// browser, and CI has two cores.
import path from "node:path";
import { defineConfig } from "vitest/config";

const root = path.resolve(import.meta.dirname, "..", "..");

export default defineConfig({
  root,
  resolve: { alias: { "~": path.join(root, "app") } },
  test: {
    include: ["tests/e2e/**/*.e2e.ts"],
    environment: "node",
    globalSetup: ["tests/e2e/support/global-setup.ts"],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 180_000,
    teardownTimeout: 30_000,
    pool: "forks",
  },
});
