// Reads a V8 CPU profile (node --cpu-prof, or `npm run bench:load -- --profile DIR`) and prints
// where the time went: self time by package (or our own folder) and the heaviest functions.
//   npx tsx scripts/profile-summary.ts DIR-or-FILE.cpuprofile [--top 25]
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const { values, positionals } = parseArgs({ args: process.argv.slice(2), allowPositionals: true, options: { top: { type: "string", default: "25" } } });
const target = positionals[0];
if (!target) {
  console.error("Usage: tsx scripts/profile-summary.ts DIR-or-FILE.cpuprofile [--top N]");
  process.exit(1);
}
// A directory: its largest profile (the server's, not tsx's launcher).
const file = fs.statSync(target).isDirectory()
  ? fs
      .readdirSync(target)
      .filter((f) => f.endsWith(".cpuprofile"))
      .map((f) => path.join(target, f))
      .sort((a, b) => fs.statSync(b).size - fs.statSync(a).size)[0]
  : target;
if (!file) {
  console.error(`No .cpuprofile in ${target}`);
  process.exit(1);
}
const profile = JSON.parse(fs.readFileSync(file, "utf8")) as Profile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const selfMicros = new Map<number, number>();
profile.samples.forEach((id, i) => selfMicros.set(id, (selfMicros.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
const total = [...selfMicros.values()].reduce((a, b) => a + b, 0);

function place(url: string): string {
  if (!url) return "(V8 and native)";
  const modules = url.lastIndexOf("node_modules/");
  if (modules >= 0) {
    const rest = url.slice(modules + "node_modules/".length).split("/");
    return rest[0].startsWith("@") ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  if (url.startsWith("node:")) return "node (built-in)";
  const build = url.indexOf("/build/");
  if (build >= 0) return "build/index.js (our app, bundled)";
  return url.replace(/^file:\/\//, "").replace(process.cwd() + "/", "");
}

const byPlace = new Map<string, number>();
const byFunction = new Map<string, number>();
for (const [id, micros] of selfMicros) {
  const node = byId.get(id)!;
  const where = place(node.callFrame.url);
  byPlace.set(where, (byPlace.get(where) ?? 0) + micros);
  const fn = `${node.callFrame.functionName || "(anonymous)"}  ${where}:${node.callFrame.lineNumber + 1}`;
  byFunction.set(fn, (byFunction.get(fn) ?? 0) + micros);
}
const top = Number(values.top);
const pct = (micros: number) => `${((100 * micros) / total).toFixed(1).padStart(5)}%`;
console.log(`${path.basename(file)}: ${(total / 1e6).toFixed(1)} s of samples`);
console.log("\nSelf time by package or folder:");
for (const [where, micros] of [...byPlace].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${pct(micros)}  ${where}`);
console.log("\nHeaviest functions (self time):");
for (const [fn, micros] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${pct(micros)}  ${fn}`);
