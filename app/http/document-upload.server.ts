// Reads a documents page's multipart form as it arrives (decision 021): the file part is written
// to a staging file on this server's disk while its SHA-256 and size are worked out and, when
// clamd is configured, it is streamed to clamd too; the whole file is never held in memory. Then
// its type is read from its content. Only a file that passed every check leaves here, to be kept
// by the document store; anything refused is removed from the staging directory before this returns.
import { randomUUID, createHash } from "node:crypto";
import { createWriteStream, type WriteStream } from "node:fs";
import { mkdir, open, rm } from "node:fs/promises";
import path from "node:path";
import { unstable_parseMultipartFormData as parseMultipartFormData } from "@remix-run/node";
import { fileTypeFromFile } from "file-type";
import { judgeFileType, type AcceptedType } from "../domain/evidence-types";
import { startClamdScan, type VirusScan } from "../storage/virus-scan.server";

export interface StagedUpload {
  path: string;
  fileName: string;
  sizeBytes: number;
  sha256: string;
  type: AcceptedType;
}

export type UploadRefusal =
  | { reason: "no_file" }
  | { reason: "empty" }
  | { reason: "too_large" }
  | { reason: "type"; message: string }
  | { reason: "infected"; signature: string }
  | { reason: "unscannable"; detail: string }
  | { reason: "not_multipart" };

export type ReceivedUpload = { ok: true; fields: Record<string, string>; file: StagedUpload } | ({ ok: false; fields: Record<string, string> } & UploadRefusal);

export interface UploadOptions {
  /** The most the file may be (the smaller of the file limit and what is left of the return's). */
  maxBytes: number;
  stagingDir: string;
  clamd?: { host: string; port: number; timeoutMs: number };
  /** The file input's name. */
  fileField?: string;
}

/** Text fields (a description, an intent) are short: anything longer is cut, never held. */
const MAX_FIELD_BYTES = 16 * 1024;
/** How much more than the limit is read (and thrown away) before the request is given up on. */
const DRAIN_ALLOWANCE = 8 * 1024 * 1024;
/** Room for the form's other fields and the multipart framing around the file. */
const FRAMING_ALLOWANCE = 64 * 1024;

export function isMultipart(request: Request): boolean {
  return (request.headers.get("content-type") ?? "").split(";")[0].trim().toLowerCase() === "multipart/form-data";
}

export async function receiveDocumentUpload(request: Request, options: UploadOptions): Promise<ReceivedUpload> {
  const fileField = options.fileField ?? "file";
  const fields: Record<string, string> = {};
  if (!isMultipart(request)) return { ok: false, fields, reason: "not_multipart" };
  // A browser says how long the whole form is: far over the limit is refused before reading it.
  const declared = Number(request.headers.get("content-length") ?? NaN);
  if (Number.isFinite(declared) && declared > options.maxBytes + FRAMING_ALLOWANCE) return { ok: false, fields, reason: "too_large" };

  await mkdir(options.stagingDir, { recursive: true });
  const stagedPath = path.join(options.stagingDir, `${randomUUID()}.upload`);
  let staged: { fileName: string; sizeBytes: number; sha256: string } | null = null;
  let refusal: UploadRefusal | null = null;
  let scan: VirusScan | undefined;
  // The staging file's stream: a refused upload waits for it to close before removing the file,
  // or the stream's own (asynchronous) open could create the file again after it was removed.
  let stream: WriteStream | undefined;
  const closeStream = async () => {
    if (!stream || stream.closed) return;
    const closing = new Promise<void>((resolve) => stream!.once("close", () => resolve()));
    stream.destroy();
    await closing;
  };

  try {
    await parseMultipartFormData(request, async (part) => {
      if (part.filename === undefined || part.name !== fileField) {
        let text = "";
        let size = 0;
        for await (const chunk of part.data) {
          size += chunk.length;
          if (size <= MAX_FIELD_BYTES) text += Buffer.from(chunk).toString("utf8");
        }
        fields[part.name] = text.slice(0, MAX_FIELD_BYTES);
        return undefined;
      }
      if (staged || refusal) {
        // One file a form: a second is read and thrown away.
        for await (const chunk of part.data) void chunk;
        return undefined;
      }
      scan = options.clamd ? startClamdScan(options.clamd) : undefined;
      const hash = createHash("sha256");
      const out = createWriteStream(stagedPath, { flags: "wx" });
      stream = out;
      let size = 0;
      let overLimit = false;
      for await (const chunk of part.data) {
        size += chunk.length;
        if (overLimit || size > options.maxBytes) {
          if (!overLimit) {
            overLimit = true;
            await closeStream();
            scan?.abort();
          }
          if (size > options.maxBytes + DRAIN_ALLOWANCE) throw new UploadTooLarge();
          continue;
        }
        hash.update(chunk);
        await Promise.all([writeWithBackpressure(out, chunk), scan?.write(chunk)]);
      }
      if (overLimit) {
        refusal = { reason: "too_large" };
        return undefined;
      }
      await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
      // A form sent with no file chosen has a file part with no name and nothing in it.
      if (!part.filename && size === 0) refusal = { reason: "no_file" };
      else if (size === 0) refusal = { reason: "empty" };
      else staged = { fileName: cleanFileName(part.filename ?? ""), sizeBytes: size, sha256: hash.digest("hex") };
      return undefined;
    });
  } catch (error) {
    scan?.abort();
    await closeStream();
    await rm(stagedPath, { force: true });
    if (error instanceof UploadTooLarge) return { ok: false, fields, reason: "too_large" };
    throw error;
  }

  const refuse = async (r: UploadRefusal): Promise<ReceivedUpload> => {
    scan?.abort();
    await closeStream();
    await rm(stagedPath, { force: true });
    return { ok: false, fields, ...r };
  };
  if (refusal) return refuse(refusal);
  if (!staged) return refuse({ reason: "no_file" });
  const file: { fileName: string; sizeBytes: number; sha256: string } = staged;

  // The type from the content: file-type reads as far into the file as its signatures need
  // (a Word file's zip entries, for example); text is told by its first bytes.
  const detected = await fileTypeFromFile(stagedPath);
  const sample = detected ? new Uint8Array() : await readStart(stagedPath, 64 * 1024);
  const verdict = judgeFileType(detected?.ext, file.fileName, sample);
  if (!verdict.ok) return refuse({ reason: "type", message: verdict.message });

  if (scan) {
    const result = await (scan as VirusScan).finish();
    if (!result.clean) return refuse(result.reason === "infected" ? { reason: "infected", signature: result.signature } : { reason: "unscannable", detail: result.detail });
  }
  return { ok: true, fields, file: { ...file, path: stagedPath, type: verdict.type } };
}

/** Removes what is left of a staged upload (once kept, or when keeping it failed). */
export async function discardStaged(file: Pick<StagedUpload, "path">): Promise<void> {
  await rm(file.path, { force: true });
}

class UploadTooLarge extends Error {}

function writeWithBackpressure(out: WriteStream, chunk: Uint8Array): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    out.once("error", onError);
    if (out.write(chunk)) {
      out.off("error", onError);
      resolve();
    } else
      out.once("drain", () => {
        out.off("error", onError);
        resolve();
      });
  });
}

async function readStart(file: string, bytes: number): Promise<Uint8Array> {
  const handle = await open(file, "r");
  try {
    const buffer = Buffer.alloc(bytes);
    const { bytesRead } = await handle.read(buffer, 0, bytes, 0);
    return new Uint8Array(buffer.subarray(0, bytesRead));
  } finally {
    await handle.close();
  }
}

/** The name as the person's computer had it, without any folder, control characters or excess length. */
export function cleanFileName(name: string): string {
  const base = name.split(/[/\\]/).pop() ?? "";
  // eslint-disable-next-line no-control-regex
  const cleaned = base.replace(/[\u0000-\u001f\u007f"]/g, "").trim();
  if (cleaned.length <= 200) return cleaned || "document";
  const ending = /\.[a-z0-9]{1,8}$/i.exec(cleaned)?.[0] ?? "";
  return cleaned.slice(0, 200 - ending.length) + ending;
}
