// The checks every request passes in the HTTP server before it reaches a page: changes refused
// unless they come from a page of this service, and the client's address taken only from the
// connection or the configured number of proxies.
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyRequestChecks } from "../../scripts/server";

const BASE_URL = "https://audit.example.org.uk";
const servers: Server[] = [];

/** A server with the portal's checks in front of a page that echoes the client's address. */
async function serve(trustProxy: number): Promise<string> {
  const app = express();
  applyRequestChecks(app, { baseUrl: BASE_URL, secureCookies: true, trustProxy });
  app.get("/static.css", (_req, res) => {
    res.set("Cache-Control", "public, max-age=3600").type("text/css").send("");
  });
  app.get("/redirect", (_req, res) => {
    res.redirect(302, "/home");
  });
  app.all("*", (req, res) => {
    res.json({ client: req.headers["x-portal-client-address"] });
  });
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, "127.0.0.1", () => resolve(s));
  });
  servers.push(server);
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

let direct: string;
let behindOneProxy: string;

beforeAll(async () => {
  [direct, behindOneProxy] = await Promise.all([serve(0), serve(1)]);
});
afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
});

const post = (url: string, headers: Record<string, string>) =>
  fetch(`${url}/sign-in`, { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded", ...headers }, body: "email=a%40b.c" });

describe("where a change comes from", () => {
  it("accepts a form posted from a page of the service", async () => {
    const response = await post(direct, { Origin: BASE_URL });
    expect(response.status).toBe(200);
    expect(response.headers.get("strict-transport-security")).toBe("max-age=31536000");
    expect(response.headers.get("x-frame-options")).toBe("DENY");
  });

  it("refuses one from another site, or from nowhere it can tell", async () => {
    const attempts: Record<string, string>[] = [
      { Origin: "https://evil.example.com" },
      { Origin: "http://audit.example.org.uk" },
      {},
      { Referer: "https://evil.example.com/page" },
    ];
    for (const headers of attempts) {
      const response = await post(direct, headers);
      expect(response.status, JSON.stringify(headers)).toBe(403);
      expect(await response.text()).toMatch(/did not come from a page of this service/);
    }
  });

  it("falls back to the Referer when a browser sends no Origin", async () => {
    expect((await post(direct, { Referer: `${BASE_URL}/sign-in` })).status).toBe(200);
  });

  it("lets reading through from anywhere", async () => {
    expect((await fetch(`${direct}/`, { headers: { Origin: "https://evil.example.com" } })).status).toBe(200);
  });
});

describe("the client's address", () => {
  it("is the connection's, whatever the client claims, when no proxy is trusted", async () => {
    const response = await fetch(`${direct}/`, { headers: { "X-Forwarded-For": "6.6.6.6", "X-Portal-Client-Address": "7.7.7.7" } });
    expect(await response.json()).toEqual({ client: "127.0.0.1" });
  });

  it("is the one the trusted proxy saw, not an address the client put in front of it", async () => {
    // The client forged 6.6.6.6; the proxy (this connection) appended the address it saw.
    const response = await fetch(`${behindOneProxy}/`, { headers: { "X-Forwarded-For": "6.6.6.6, 203.0.113.9" } });
    expect(await response.json()).toEqual({ client: "203.0.113.9" });
  });
});

describe("caching and referrers", () => {
  it("keeps every response out of caches and sends the referrer only to this service, redirects included", async () => {
    for (const path of ["/", "/redirect"]) {
      const response = await fetch(`${direct}${path}`, { redirect: "manual" });
      expect(response.headers.get("cache-control"), path).toBe("no-store");
      expect(response.headers.get("referrer-policy"), path).toBe("same-origin");
    }
  });

  it("leaves a response's own caching alone (the static files)", async () => {
    const response = await fetch(`${direct}/static.css`);
    expect(response.headers.get("cache-control")).toBe("public, max-age=3600");
  });
});
