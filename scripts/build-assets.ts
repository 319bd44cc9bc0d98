// Build step for static assets: compiles our GOV.UK Frontend stylesheet and copies GOV.UK
// Frontend's component JavaScript into public/, beside the files kept there in the repository
// (robots.txt, our own favicon in public/assets/). Partnerships are not central
// government (decision 006), so nothing of the GOV.UK brand is copied: not the GDS Transport
// fonts, not the crown, crest, favicons, app icons or manifest from govuk-frontend's assets.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const govuk = path.join(root, "node_modules", "govuk-frontend", "dist", "govuk");
const publicDir = path.join(root, "public");
const assetsDir = path.join(publicDir, "assets");

/**
 * Images the compiled CSS names but that we deliberately do not serve, each with the reason.
 * Anything else the CSS asks for under /assets/ must exist after the build, or the build fails.
 */
const NOT_SERVED: Record<string, string> = {
  "/assets/images/govuk-crest.svg":
    "the royal crest, drawn only by .govuk-footer__copyright-logo (the Crown copyright link), which our footer does not use",
};

const result = sass.compile(path.join(root, "app", "styles", "application.scss"), {
  style: "compressed",
  importers: [new sass.NodePackageImporter(root)],
  quietDeps: true,
  silenceDeprecations: ["import"],
});
fs.mkdirSync(path.join(publicDir, "styles"), { recursive: true });
fs.writeFileSync(path.join(publicDir, "styles", "application.css"), result.css);

// Earlier builds copied govuk-frontend's whole images folder (crown favicons included): remove
// it so a stale copy is never served.
fs.rmSync(path.join(assetsDir, "images"), { recursive: true, force: true });
fs.mkdirSync(assetsDir, { recursive: true });
fs.copyFileSync(path.join(govuk, "govuk-frontend.min.js"), path.join(assetsDir, "govuk-frontend.min.js"));

const missing = [...new Set([...result.css.matchAll(/url\(["']?(\/assets\/[^"')]+)["']?\)/g)].map((m) => m[1]))].filter(
  (url) => !(url in NOT_SERVED) && !fs.existsSync(path.join(publicDir, url)),
);
if (missing.length > 0) {
  console.error(`The stylesheet refers to assets the build does not provide: ${missing.join(", ")}`);
  console.error("Copy them in scripts/build-assets.ts, or list them in NOT_SERVED with the reason.");
  process.exit(1);
}

console.log(`Assets built: public/styles/application.css (${Math.round(result.css.length / 1024)} KiB), public/assets/govuk-frontend.min.js`);
