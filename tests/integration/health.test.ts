// The probes a load balancer or orchestrator asks: /healthz (the process is up, whatever the
// database is doing) and /readyz (the database answers).
import net from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type DatabaseHandle } from "../../db/client";
import { setDatabaseHandle } from "../../app/db.server";
import { loader as healthz } from "../../app/routes/healthz";
import { loader as readyz } from "../../app/routes/readyz";
import { useTestDatabase, type TestDatabase } from "../support/database";
import { takeConsoleErrors } from "../support/setup";

let database: TestDatabase;
const opened: DatabaseHandle[] = [];

beforeAll(async () => {
  database = await useTestDatabase();
});
afterEach(() => {
  setDatabaseHandle(database);
});
afterAll(async () => {
  await Promise.all(opened.map((h) => h.close()));
  await database.destroy();
});

/**
 * A PostgreSQL handle on a loopback port nobody listens on: every query fails at once, as when
 * the database server has gone away.
 */
async function unreachableDatabase() {
  const port = await new Promise<number>((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 1));
    });
  });
  const handle = openDatabase({ databaseUrl: `postgres://postgres@127.0.0.1:${port}/postgres`, pgliteDir: "memory://" });
  opened.push(handle);
  return handle;
}

async function expectPlainText(response: Response, status: number, body: string | RegExp) {
  expect(response.status).toBe(status);
  expect(response.headers.get("Content-Type")).toMatch(/^text\/plain/);
  expect(response.headers.get("Cache-Control")).toBe("no-store");
  expect(await response.text()).toMatch(body);
}

describe("/healthz", () => {
  it("answers ok, never cached", async () => {
    await expectPlainText(healthz(), 200, /^ok$/);
  });

  it("still answers ok when the database does not", async () => {
    setDatabaseHandle(await unreachableDatabase());
    await expectPlainText(healthz(), 200, /^ok$/);
  });
});

describe("/readyz", () => {
  it("answers ready when the database answers", async () => {
    await expectPlainText(await readyz(), 200, /^ready$/);
  });

  it("answers 503 in plain words when the database fails, and logs why", async () => {
    setDatabaseHandle(await unreachableDatabase());
    await expectPlainText(await readyz(), 503, /^not ready: the database did not answer$/);
    const logged = takeConsoleErrors();
    expect(logged).toHaveLength(1);
    expect(String(logged[0][0])).toMatch(/^readyz: the database did not answer: /);
  });

  it("is ready again once the database is back", async () => {
    setDatabaseHandle(await unreachableDatabase());
    await readyz();
    takeConsoleErrors();
    setDatabaseHandle(database);
    await expectPlainText(await readyz(), 200, /^ready$/);
  });
});
