// A GIAS extract waiting between its preview and "Apply" (decision 023): kept as a file under
// DATA_DIR, named by its SHA-256 in a directory of the partnership's, so the apply step imports
// exactly the bytes that were previewed (the name is checked against the bytes read back) and
// the import, given the preview's fingerprint, refuses if the register changed in between. No
// table is needed; a pending file older than a day is removed when the next one is kept.
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

const KEPT_FOR_MS = 24 * 60 * 60 * 1000;
const SHA256 = /^[0-9a-f]{64}$/;

const directoryOf = (dataDir: string, partnershipId: string) => path.join(dataDir, "gias-imports", partnershipId.replace(/[^0-9a-f-]/gi, ""));

export function keepPendingImport(dataDir: string, partnershipId: string, bytes: Uint8Array, now = Date.now()): string {
  const dir = directoryOf(dataDir, partnershipId);
  fs.mkdirSync(dir, { recursive: true });
  for (const name of fs.readdirSync(dir)) {
    const file = path.join(dir, name);
    if (now - fs.statSync(file).mtimeMs > KEPT_FOR_MS) fs.rmSync(file, { force: true });
  }
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  const target = path.join(dir, `${sha256}.csv`);
  const temporary = `${target}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, bytes);
  fs.renameSync(temporary, target);
  return sha256;
}

/** The kept bytes, or null if there are none by that name (or they no longer hash to it). */
export function readPendingImport(dataDir: string, partnershipId: string, sha256: string): Buffer | null {
  if (!SHA256.test(sha256)) return null;
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(path.join(directoryOf(dataDir, partnershipId), `${sha256}.csv`));
  } catch {
    return null;
  }
  return createHash("sha256").update(bytes).digest("hex") === sha256 ? bytes : null;
}

export function dropPendingImport(dataDir: string, partnershipId: string, sha256: string): void {
  if (SHA256.test(sha256)) fs.rmSync(path.join(directoryOf(dataDir, partnershipId), `${sha256}.csv`), { force: true });
}
