// Build step for static assets: compiles our GOV.UK Frontend stylesheet and copies the images
// and the component JavaScript into public/. Fonts are not copied: GDS Transport is only for
// services on GOV.UK.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const govuk = path.join(root, "node_modules", "govuk-frontend", "dist", "govuk");
const publicDir = path.join(root, "public");

const result = sass.compile(path.join(root, "app", "styles", "application.scss"), {
  style: "compressed",
  importers: [new sass.NodePackageImporter(root)],
  quietDeps: true,
  silenceDeprecations: ["import"],
});
fs.mkdirSync(path.join(publicDir, "styles"), { recursive: true });
fs.writeFileSync(path.join(publicDir, "styles", "application.css"), result.css);

fs.mkdirSync(path.join(publicDir, "assets"), { recursive: true });
fs.cpSync(path.join(govuk, "assets", "images"), path.join(publicDir, "assets", "images"), { recursive: true });
fs.copyFileSync(path.join(govuk, "govuk-frontend.min.js"), path.join(publicDir, "assets", "govuk-frontend.min.js"));

console.log(`Assets built: public/styles/application.css (${Math.round(result.css.length / 1024)} KiB)`);
