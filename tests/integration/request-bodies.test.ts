// What the HTTP server lets through to a page's action: only a form (the only thing our pages
// send), and only one of a sensible size, refused before it is read whether the client says how
// long it is or streams it in chunks. Behind the checks stands a page that reads the body the way
// Remix does (the request's own stream, then `formData()`), answering 500 when it cannot, as Remix would.
import type { AddressInfo } from "node:net";
import http, { type Server } from "node:http";
import { createReadableStreamFromReadable } from "@remix-run/node";
import express from "express";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { MAX_FORM_BYTES } from "../../app/http/request-bodies.server";
import { MAX_EVIDENCE, MAX_NOTES } from "../../app/domain/section-form.server";
import { applyRequestChecks } from "../../scripts/server";

const BASE_URL = "https://audit.example.org.uk";
let server: Server;
let origin: string;
/** Every request the page behind the checks was given. */
let reached: string[] = [];

beforeAll(async () => {
  const app = express();
  applyRequestChecks(app, { baseUrl: BASE_URL, secureCookies: true, trustProxy: 0 });
  app.all("*", async (req, res) => {
    reached.push(`${req.method} ${req.path}`);
    if (req.method === "GET") return res.send("A page");
    try {
      const request = new Request(`${origin}${req.originalUrl}`, {
        method: req.method,
        headers: req.get("content-type") ? { "Content-Type": req.get("content-type")! } : {},
        body: createReadableStreamFromReadable(req),
        duplex: "half",
      } as RequestInit);
      const sizes: Record<string, number> = {};
      for (const [key, value] of (await request.formData()).entries()) sizes[key] = (sizes[key] ?? 0) + String(value).length;
      res.json(sizes);
    } catch {
      res.status(500).send("Application error");
    }
  });
  server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, "127.0.0.1", () => resolve(s));
  });
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});
beforeEach(() => {
  reached = [];
});

const post = (body: BodyInit, headers: Record<string, string>) =>
  fetch(`${origin}/sign-in`, { method: "POST", headers: { Origin: BASE_URL, ...headers }, body });

/**
 * A post written to the socket piece by piece, as a client streaming a body would, and left
 * unfinished as soon as the server answers. Without a Content-Length the body is chunked.
 */
function streamedPost(pieces: number, piece: Buffer, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; text: string; written: number }>((resolve, reject) => {
    let written = 0;
    let answered = false;
    const request = http.request(`${origin}/sign-in`, {
      method: "POST",
      headers: { Origin: BASE_URL, "Content-Type": "application/x-www-form-urlencoded", ...headers },
    });
    request.on("response", (response) => {
      answered = true;
      let text = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => (text += chunk));
      response.on("end", () => {
        request.destroy();
        resolve({ status: response.statusCode ?? 0, text, written });
      });
    });
    // Once the server has answered, it may stop listening to the rest of an oversized body.
    request.on("error", (error) => (answered ? undefined : reject(error)));
    const writeNext = () => {
      if (answered) return;
      if (written === pieces) return void request.end();
      written += 1;
      if (request.write(piece)) setImmediate(writeNext);
      else request.once("drain", writeNext);
    };
    writeNext();
  });
}

describe("what a page is sent", () => {
  it("takes a form as browsers send it", async () => {
    const response = await post(new URLSearchParams({ email: "dana@example.org.uk" }), {});
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ email: 19 });
  });

  it("refuses JSON, plain text, multipart or nothing at all with 400 and a plain message, before the page", async () => {
    const attempts: [BodyInit, Record<string, string>][] = [
      [JSON.stringify({ email: "dana@example.org.uk" }), { "Content-Type": "application/json" }],
      ["email=dana@example.org.uk", { "Content-Type": "text/plain" }],
      ["--x\r\nContent-Disposition: form-data; name=\"email\"\r\n\r\nd\r\n--x--\r\n", { "Content-Type": "multipart/form-data; boundary=x" }],
      ["garbage", { "Content-Type": "multipart/form-data" }],
    ];
    for (const [body, headers] of attempts) {
      const response = await post(body, headers);
      expect(response.status, JSON.stringify(headers)).toBe(400);
      expect(response.headers.get("content-type")).toMatch(/^text\/plain/);
      expect(await response.text()).toMatch(/only accepts forms sent from its own pages/);
    }
    const empty = await fetch(`${origin}/sign-in`, { method: "POST", headers: { Origin: BASE_URL } });
    expect(empty.status).toBe(400);
    expect(reached).toEqual([]);
  });

  it("lets multipart through to a page that takes a file, under that page's own limit, and to no other", async () => {
    const upload = (path: string, size: number) => {
      const form = new FormData();
      form.append("file", new Blob([Buffer.alloc(size, "x")]), "framework.json");
      return fetch(`${origin}${path}`, { method: "POST", headers: { Origin: BASE_URL }, body: form });
    };
    const ok = await upload("/partnerships/north/frameworks/import", 900 * 1024);
    expect(ok.status).toBe(200);
    expect(Object.keys(await ok.json())).toEqual(["file"]);
    expect((await upload("/partnerships/north/frameworks/import", 1200 * 1024)).status).toBe(413);
    expect((await upload("/partnerships/north/frameworks/elsewhere", 10)).status).toBe(400);
    // A GIAS extract's page reads its parts as they arrive, under its own limit (GIAS_MAX_MB).
    expect((await upload("/partnerships/north/settings/import", 10)).status).toBe(200);
    expect(reached).toEqual(["POST /partnerships/north/frameworks/import", "POST /partnerships/north/settings/import"]);
  });

  it("lets reading through whatever it says it carries", async () => {
    expect((await fetch(`${origin}/home`, { headers: { "Content-Type": "application/json" } })).status).toBe(200);
  });
});

describe("how much a page is sent", () => {
  it("is far more than the largest real form: a five-standard section filled to every limit", async () => {
    // Evidence and notes at their maximum length in characters that take three bytes in UTF-8,
    // each byte percent-encoded: nine bytes a character, the worst a browser can send.
    const form = new URLSearchParams({ intent: "continue" });
    for (let i = 1; i <= 5; i++) {
      form.append(`evidence.${i}`, "€".repeat(MAX_EVIDENCE));
      form.append(`notes.${i}`, "€".repeat(MAX_NOTES));
    }
    const body = form.toString();
    expect(body.length).toBeGreaterThan(600_000);
    expect(body.length).toBeLessThan(MAX_FORM_BYTES);
    const response = await post(body, { "Content-Type": "application/x-www-form-urlencoded" });
    expect(response.status).toBe(200);
    expect((await response.json())["evidence.5"]).toBe(MAX_EVIDENCE);
  });

  it("refuses an anonymous 25 MB post to sign in from its Content-Length, with 413, without reading it", async () => {
    const piece = Buffer.alloc(64 * 1024, "a");
    const result = await streamedPost(400, piece, { "Content-Length": String(400 * piece.length) });
    expect(result.status).toBe(413);
    expect(result.text).toMatch(/too large/);
    // Answered from the headers, long before the client had sent it all.
    expect(result.written).toBeLessThan(400);
    expect(reached).toEqual([]);
  });

  it("counts a streamed body as it arrives and refuses it once it passes the limit", async () => {
    const piece = Buffer.alloc(64 * 1024, "a");
    const result = await streamedPost(400, piece);
    expect(result.status).toBe(413);
    expect(result.text).toMatch(/too large/);
    expect(result.written).toBeLessThan(400);
    expect(reached).toEqual([]);
  });

  it("hands a streamed form within the limit to the page whole", async () => {
    const result = await streamedPost(8, Buffer.from(`e=${"b".repeat(64 * 1024 - 3)}&`));
    expect(result.status).toBe(200);
    expect(JSON.parse(result.text)).toEqual({ e: 8 * (64 * 1024 - 3) });
    expect(reached).toEqual(["POST /sign-in"]);
  });
});
