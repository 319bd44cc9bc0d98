// Where evidence documents' bytes live (decision 021), one contract for both stores: the local
// directory on a temporary directory, and the S3 store against a real S3-protocol server
// (s3rver, started here on loopback, speaking the same HTTP API as Amazon S3 to the real
// @aws-sdk/client-s3). Then clamd's INSTREAM protocol, and the HTTP server letting an upload
// through to the documents page, and nowhere else, without holding it.
import { mkdtempSync, rmSync, writeFileSync, existsSync } from "node:fs";
import http, { type Server } from "node:http";
import net from "node:net";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import S3rver from "s3rver";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LocalDocumentStore, S3DocumentStore, type DocumentStore } from "../../app/storage/document-store.server";
import { startClamdScan } from "../../app/storage/virus-scan.server";
import { receiveDocumentUpload } from "../../app/http/document-upload.server";
import { applyRequestChecks } from "../../scripts/server";
import { pdfBytes } from "../support/evidence-files";

let dir: string;
let s3: S3rver;
let s3Endpoint: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "portal-storage-"));
  s3 = new S3rver({ address: "127.0.0.1", port: 0, silent: true, directory: path.join(dir, "s3rver"), configureBuckets: [{ name: "portal-evidence" }] });
  const { port } = await s3.run();
  s3Endpoint = `http://127.0.0.1:${port}`;
});
afterAll(async () => {
  await s3?.close();
  rmSync(dir, { recursive: true, force: true });
});

const KEY = "11111111-1111-4111-8111-111111111111/22222222-2222-4222-8222-222222222222";

async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks);
}

const stores: [string, () => DocumentStore][] = [
  ["the local directory", () => new LocalDocumentStore(path.join(dir, "local"))],
  [
    "the S3-compatible store",
    () =>
      new S3DocumentStore({
        bucket: "portal-evidence",
        prefix: "evidence/",
        endpoint: s3Endpoint,
        region: "eu-west-2",
        forcePathStyle: true,
        credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" },
      }),
  ],
];

describe.each(stores)("%s", (_name, makeStore) => {
  it("keeps a staged file under its key, streams it back, lists it and removes it", async () => {
    const store = makeStore();
    const bytes = Buffer.from(pdfBytes("stored"));
    const staged = path.join(dir, `staged-${store.kind}`);
    writeFileSync(staged, bytes);
    await store.save(KEY, staged, { sizeBytes: bytes.length, contentType: "application/pdf" });
    const opened = await store.open(KEY);
    expect(opened).not.toBeNull();
    expect(await readAll(opened!)).toEqual(bytes);
    const listed = [];
    for await (const o of store.list()) listed.push(o);
    expect(listed.map((o) => o.key)).toEqual([KEY]);
    expect(Math.abs(listed[0].modifiedAt.getTime() - Date.now())).toBeLessThan(60_000);
    await store.remove(KEY);
    expect(await store.open(KEY)).toBeNull();
    // Removing what is not there is not an error.
    await store.remove(KEY);
    const after = [];
    for await (const o of store.list()) after.push(o);
    expect(after).toEqual([]);
  });

  it("refuses a key the portal did not make", async () => {
    const store = makeStore();
    await expect(store.open("../../etc/passwd")).rejects.toThrow(/Not a document storage key/);
  });
});

/**
 * A stand-in for clamd on loopback. clamd itself needs a signature database that the tests
 * cannot download, so this speaks clamd's documented INSTREAM protocol instead: it reads
 * "zINSTREAM\0", then chunks each preceded by a four-byte big-endian length, until a zero
 * length; then answers "stream: OK\0", or "stream: Eicar-Test-Signature FOUND\0" when the
 * stream held the EICAR test string, or (told to) closes without answering.
 */
function clamdStandIn(behaviour: { silent?: boolean } = {}) {
  const received: Buffer[] = [];
  const server = net.createServer((socket) => {
    let buffer = Buffer.alloc(0);
    let commandRead = false;
    let body = Buffer.alloc(0);
    socket.on("data", (data) => {
      buffer = Buffer.concat([buffer, data]);
      if (!commandRead) {
        const end = buffer.indexOf(0);
        if (end < 0) return;
        expect(buffer.subarray(0, end).toString()).toBe("zINSTREAM");
        buffer = buffer.subarray(end + 1);
        commandRead = true;
      }
      while (buffer.length >= 4) {
        const length = buffer.readUInt32BE(0);
        if (length === 0) {
          received.push(body);
          if (behaviour.silent) return socket.destroy();
          socket.end(body.includes("EICAR-STANDARD-ANTIVIRUS-TEST-FILE") ? "stream: Eicar-Test-Signature FOUND\0" : "stream: OK\0");
          return;
        }
        if (buffer.length < 4 + length) return;
        body = Buffer.concat([body, buffer.subarray(4, 4 + length)]);
        buffer = buffer.subarray(4 + length);
      }
    });
  });
  return {
    received,
    listen: () => new Promise<number>((resolve) => server.listen(0, "127.0.0.1", () => resolve((server.address() as AddressInfo).port))),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const EICAR = "X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*";

function uploadRequest(name: string, bytes: Uint8Array | string) {
  const form = new FormData();
  form.append("description", "");
  form.append("file", new File([typeof bytes === "string" ? bytes : (bytes as Uint8Array<ArrayBuffer>)], name));
  return new Request("http://localhost/upload", { method: "POST", body: form });
}

describe("virus scanning through clamd's INSTREAM", () => {
  it("sends the whole file in length-prefixed chunks and accepts it when clamd says OK", async () => {
    const clamd = clamdStandIn();
    const port = await clamd.listen();
    const big = Buffer.alloc(300 * 1024, "a"); // several of the scanner's 64 KB chunks
    const result = await receiveDocumentUpload(uploadRequest("matrix.txt", big), {
      maxBytes: 1024 * 1024,
      stagingDir: path.join(dir, "staging"),
      clamd: { host: "127.0.0.1", port, timeoutMs: 5000 },
    });
    expect(result.ok).toBe(true);
    expect(clamd.received[0].equals(big)).toBe(true);
    if (result.ok) rmSync(result.file.path);
    await clamd.close();
  });

  it("refuses an infected file, and one clamd does not answer for, keeping nothing staged", async () => {
    const clamd = clamdStandIn();
    const port = await clamd.listen();
    const options = { maxBytes: 1024 * 1024, stagingDir: path.join(dir, "staging-infected"), clamd: { host: "127.0.0.1", port, timeoutMs: 5000 } };
    expect(await receiveDocumentUpload(uploadRequest("notes.txt", EICAR), options)).toMatchObject({ ok: false, reason: "infected", signature: "Eicar-Test-Signature" });
    await clamd.close();

    const silent = clamdStandIn({ silent: true });
    const silentPort = await silent.listen();
    expect(await receiveDocumentUpload(uploadRequest("notes.txt", "harmless"), { ...options, clamd: { ...options.clamd, port: silentPort } })).toMatchObject({
      ok: false,
      reason: "unscannable",
    });
    await silent.close();
    // Nobody listening at all: unscannable, refused.
    expect(await receiveDocumentUpload(uploadRequest("notes.txt", "harmless"), options)).toMatchObject({ ok: false, reason: "unscannable" });
    expect(existsSync(options.stagingDir) ? (await import("node:fs")).readdirSync(options.stagingDir) : []).toEqual([]);
  });

  it("is not asked at all without CLAMD_HOST", async () => {
    const scan = startClamdScan({ host: "127.0.0.1", port: 1, timeoutMs: 1000 });
    await scan.write(Buffer.from("x"));
    expect(await scan.finish()).toMatchObject({ clean: false, reason: "unscannable" });
    const result = await receiveDocumentUpload(uploadRequest("notes.txt", "harmless"), { maxBytes: 1024, stagingDir: path.join(dir, "staging-none") });
    expect(result.ok).toBe(true);
  });
});

describe("the HTTP server in front of the documents page", () => {
  const BASE_URL = "https://audit.example.org.uk";
  let server: Server;
  let origin: string;
  const reached: string[] = [];

  beforeAll(async () => {
    const app = express();
    applyRequestChecks(app, { baseUrl: BASE_URL, secureCookies: true, trustProxy: 0 });
    app.all("*", (req, res) => {
      let size = 0;
      req.on("data", (chunk: Buffer) => (size += chunk.length));
      req.on("end", () => {
        reached.push(`${req.method} ${req.path} ${size > 3 * 1024 * 1024 ? "large" : "small"}`);
        res.send("read");
      });
    });
    server = await new Promise<Server>((resolve) => {
      const s = http.createServer(app).listen(0, "127.0.0.1", () => resolve(s));
    });
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("lets a file of any size through to the page, which applies its own limits, and multipart nowhere else", async () => {
    const send = (p: string) => {
      const form = new FormData();
      form.append("file", new Blob([Buffer.alloc(4 * 1024 * 1024, "x")]), "policy.pdf");
      return fetch(`${origin}${p}`, { method: "POST", headers: { Origin: BASE_URL }, body: form });
    };
    const page = "/settings/s/returns/r/standards/t/documents";
    expect((await send(page)).status).toBe(200);
    expect((await send(`${page}.data`)).status).toBe(200);
    expect((await send("/settings/s/returns/r/sections/t")).status).toBe(400);
    expect(reached).toEqual([`POST ${page} large`, `POST ${page}.data large`]);
  });
});
