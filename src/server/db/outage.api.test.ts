import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { sql } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import type { WsServerMessage } from "../../shared/api.js";
import { buildApp } from "../app.js";
import { type Services, startServices } from "../bootstrap.js";
import { type Config, loadConfig } from "../config.js";
import * as usersRepo from "../modules/users/repository.js";
import type { PgBus } from "../realtime/pg-bus.js";
import {
  createOffice,
  createRegistry,
  createTicket,
  expectError,
  TEST_DB,
  type TestContext,
} from "../test/harness.js";
import { connectPostgres, type Database } from "./client.js";
import { clientMemberships } from "./schema/index.js";

/**
 * The app must survive its PostgreSQL connections being cut (pg_terminate_backend, a failover, a
 * restart): log, drop the broken connection, answer 503 while the database is away and recover by
 * itself. Before the fix, an unhandled 'error' event (57P01) from the pool or a checked-out client
 * threw and killed the process (here: an unhandled error that fails the run).
 */

const url = process.env.TEST_DATABASE_URL as string;
const silentLog = { info() {}, warn() {}, error() {} };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor<T>(what: string, fn: () => Promise<T | undefined | false>, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (err) {
      last = err;
    }
    await sleep(100);
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ""}`);
}

/** A URL of the test database whose connections carry `appName`, optionally through a proxy port. */
function urlWith(appName: string, port?: number) {
  const u = new URL(url);
  if (port) {
    u.hostname = "127.0.0.1";
    u.port = String(port);
  }
  u.searchParams.set("application_name", appName);
  return u.toString();
}

/** Terminates every backend of `appName` (from a connection of its own); returns how many. */
async function terminate(appName: string): Promise<number> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    const { rows } = await admin.query(
      `SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity
        WHERE datname = current_database() AND pid <> pg_backend_pid() AND application_name = $1`,
      [appName],
    );
    return rows.length;
  } finally {
    await admin.end();
  }
}

/** backends of `appName` currently running a query that contains `text` */
async function activeQueries(appName: string, text: string): Promise<number> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    const { rows } = await admin.query(
      `SELECT count(*)::int AS n FROM pg_stat_activity
        WHERE datname = current_database() AND application_name = $1 AND query LIKE '%' || $2 || '%'
          AND state <> 'idle'`,
      [appName, text],
    );
    return rows[0].n as number;
  } finally {
    await admin.end();
  }
}

/** A TCP proxy in front of PostgreSQL: `down()` cuts every connection and refuses new ones. */
async function startProxy() {
  const target = new URL(url);
  const sockets = new Set<net.Socket>();
  let server: net.Server | null = null;
  let port = 0;
  const up = () =>
    new Promise<void>((resolve, reject) => {
      const s = net.createServer((inbound) => {
        const outbound = net.connect(Number(target.port || 5432), target.hostname);
        for (const sock of [inbound, outbound]) {
          sockets.add(sock);
          sock.on("close", () => sockets.delete(sock));
          sock.on("error", () => {});
        }
        inbound.pipe(outbound).pipe(inbound);
        inbound.on("close", () => outbound.destroy());
        outbound.on("close", () => inbound.destroy());
      });
      s.once("error", reject);
      s.listen(port, "127.0.0.1", () => {
        port = (s.address() as net.AddressInfo).port;
        server = s;
        resolve();
      });
    });
  await up();
  return {
    get port() {
      return port;
    },
    up,
    async down() {
      const s = server;
      server = null;
      for (const sock of sockets) sock.destroy();
      if (s) await new Promise<void>((r) => s.close(() => r()));
    },
  };
}

interface Instance extends TestContext {
  base: string;
  appName: string;
  stop(): Promise<void>;
}

/** One app on its own pool and LISTEN connection (tagged with `appName`), listening on a free port. */
async function startInstance(
  dbUrl: string,
  appName: string,
  config: Config,
  listenUrl = dbUrl,
): Promise<Instance> {
  const database: Database = connectPostgres(dbUrl, 4, { log: silentLog });
  const services: Services = await startServices(config, database, {
    ephemeral: true,
    listenUrl,
    log: silentLog,
  });
  const app = await buildApp({
    config,
    database,
    jobs: services.jobs,
    secretKey: services.secretKey,
    bus: services.bus,
  });
  testRoutes(app);
  await app.listen({ port: 0, host: "127.0.0.1" });
  const base = `http://127.0.0.1:${(app.server.address() as net.AddressInfo).port}`;
  return {
    app,
    database,
    config,
    services,
    base,
    appName,
    async stop() {
      await app.close();
      await services.stop();
      await database.close();
    },
  };
}

/** Starts POST /test/tx and waits until it holds its connection; retries an attempt that got 503. */
async function openTransaction(app: FastifyInstance) {
  for (let attempt = 0; attempt < 10; attempt++) {
    const gate = randomUUID();
    const response = app.inject({ method: "POST", url: `/test/tx?gate=${gate}` });
    let answered: { statusCode: number; body: string } | undefined;
    void response.then((r) => {
      answered = r;
    });
    await waitFor("the transaction to hold its connection", async () => gates.has(gate) || answered);
    if (gates.has(gate)) return { gate, response };
    if (answered?.statusCode !== 503)
      throw new Error(`transaction: ${answered?.statusCode} ${answered?.body}`);
    await sleep(200);
  }
  throw new Error("no transaction could hold a connection");
}

/** Test-only routes that hold a database connection while the test cuts it. */
const gates = new Map<string, () => void>();
function testRoutes(app: FastifyInstance) {
  // a query in flight (pool.query)
  app.get("/test/sleep", async () => {
    await app.deps.db.execute(sql`select pg_sleep(20) as outage_probe_sleep`);
    return { ok: true };
  });
  // a transaction whose connection sits checked out and idle until the test opens the gate
  app.post<{ Querystring: { gate: string } }>("/test/tx", async (req) => {
    await app.deps.db.transaction(async (tx) => {
      await tx.execute(sql`select 1 as outage_probe_tx`);
      await new Promise<void>((resolve) => gates.set(req.query.gate, resolve));
      await tx.execute(sql`select 2`);
    });
    return { ok: true };
  });
}

describe.skipIf(TEST_DB !== "postgres")("PostgreSQL connections cut under the app", () => {
  let dataDir: string;
  let config: Config;
  const instances: Instance[] = [];
  beforeAll(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), "atende-outage-"));
    config = loadConfig({
      NODE_ENV: "test",
      LOG_LEVEL: "silent",
      MAIL_WAIT_MS: "2000",
      MAIL_RETRY_DELAY_SECONDS: "1",
      DATA_DIR: dataDir,
    });
  });
  afterAll(async () => {
    for (const i of instances) await i.stop().catch(() => {});
    rmSync(dataDir, { recursive: true, force: true });
  });
  const start = async (dbUrl: string, appName: string, listenUrl?: string) => {
    const i = await startInstance(dbUrl, appName, config, listenUrl);
    instances.push(i);
    return i;
  };

  it("idle pooled connections that are terminated are dropped, without an unhandled error", async () => {
    const appName = `atende-test-idle-${randomUUID().slice(0, 8)}`;
    const lost: object[] = [];
    const database = connectPostgres(urlWith(appName), 4, { log: { warn: (o) => lost.push(o) } });
    try {
      // four connections open and back in the pool, idle
      await Promise.all([1, 2, 3, 4].map(() => database.rawQuery("SELECT pg_sleep(0.2)")));
      expect(await terminate(appName)).toBeGreaterThanOrEqual(1);
      await sleep(500); // the pool hears of it while the connections sit idle
      const { rows } = await database.rawQuery("SELECT 1 AS one");
      expect(rows).toEqual([{ one: 1 }]);
      expect(lost.length).toBeGreaterThanOrEqual(1); // logged, not thrown
    } finally {
      await database.close();
    }
  });

  it("a request whose connection is cut gets 503 with Retry-After, also inside a transaction", {
    timeout: 90_000,
  }, async () => {
    const appName = `atende-test-503-${randomUUID().slice(0, 8)}`;
    const inst = await start(urlWith(appName), appName);

    // a query in flight
    const sleeping = fetch(`${inst.base}/test/sleep`);
    await waitFor("the query to run", async () => (await activeQueries(appName, "outage_probe_sleep")) > 0);
    await terminate(appName);
    const res = await sleeping;
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toMatch(/^\d+$/);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("database_unavailable");
    expect(body.error.message).toMatch(/Banco de dados indisponível/);

    // a transaction holding its connection, idle, when it is cut
    // (a pooled connection cut a moment ago may not have been noticed yet: that attempt gets 503)
    const { gate, response: inTx } = await openTransaction(inst.app);
    await terminate(appName);
    await sleep(300); // the checked-out connection hears of it while nobody queries it
    gates.get(gate)?.();
    expectError(await inTx, 503, "database_unavailable");

    // no connection leaked: more transactions than the pool has connections all succeed
    for (let i = 0; i < 6; i++) {
      const g = randomUUID();
      const r = inst.app.inject({ method: "POST", url: `/test/tx?gate=${g}` });
      await waitFor("the transaction", async () => gates.has(g));
      gates.get(g)?.();
      expect((await r).statusCode).toBe(200);
    }
    const health = await fetch(`${inst.base}/api/health`);
    expect(health.status).toBe(200);
  });

  it("under traffic, cut connections give 503 or success (never 500); then everything works", {
    timeout: 90_000,
  }, async () => {
    const appName = `atende-test-traffic-${randomUUID().slice(0, 8)}`;
    const inst = await start(urlWith(appName), appName);
    const o = await createOffice(inst, "Escritório Queda de Conexão");
    const reg = await createRegistry(o.admin);
    const ticket = await createTicket(o.admin, reg);

    const statuses: number[] = [];
    const bad: string[] = [];
    let running = true;
    const worker = async (n: number) => {
      for (let i = 0; running; i++) {
        const res =
          (n + i) % 3 === 0
            ? await o.staff.post("/api/services", { name: `Serviço ${n}-${i}`, priceCents: 1000 })
            : (n + i) % 3 === 1
              ? await o.staff.get(`/api/tickets/${ticket.id}`)
              : await o.staff.get("/api/tickets?page=1&pageSize=10");
        statuses.push(res.statusCode);
        if (![200, 201, 503].includes(res.statusCode)) bad.push(`${res.statusCode} ${res.body}`);
      }
    };
    const load = [1, 2, 3, 4, 5, 6].map(worker);
    let cut = 0;
    for (let round = 0; round < 4; round++) {
      await sleep(400);
      cut += await terminate(appName);
    }
    await sleep(400);
    running = false;
    await Promise.all(load);
    expect(cut).toBeGreaterThan(0);
    expect(bad).toEqual([]);
    expect(statuses.filter((s) => s !== 503).length).toBeGreaterThan(0);

    // afterwards: requests succeed, health is ok, the LISTEN connection is back
    expect((await o.staff.get(`/api/tickets/${ticket.id}`)).statusCode).toBe(200);
    expect((await fetch(`${inst.base}/api/health`)).status).toBe(200);
    await waitFor("the LISTEN connection", async () => (inst.services.bus as PgBus).listening);
  });

  it("while the database is away: 503 and health 503; when it returns: health ok, realtime and jobs resume", {
    timeout: 90_000,
  }, async () => {
    const appName = `atende-test-away-${randomUUID().slice(0, 8)}`;
    const proxy = await startProxy();
    const inst = await start(urlWith(appName, proxy.port), appName);
    const o = await createOffice(inst, "Escritório Banco Fora do Ar");
    const reg = await createRegistry(o.admin);
    const ticket = await createTicket(o.admin, reg);
    // the chat is open only when the requester has portal users
    const clientUser = await usersRepo.insert(inst.database.db, o.office.id, {
      name: `Cliente ${o.tag}`,
      email: `cliente-${o.tag}@empresa.com.br`,
      role: "client",
      active: true,
      passwordHash: o.passwordHash,
    });
    await inst.database.db
      .insert(clientMemberships)
      .values({ userId: clientUser.id, clientId: reg.client.id, officeId: o.office.id });
    const queue = `test.outage.${randomUUID().slice(0, 8)}`;
    await inst.services.jobs.boss.createQueue(queue);
    const done: string[] = [];
    await inst.services.jobs.work<{ n: string }>(queue, async (job) => {
      done.push(job.data.n);
    });

    await proxy.down();
    const health = await fetch(`${inst.base}/api/health`);
    expect(health.status).toBe(503);
    expect(health.headers.get("retry-after")).toMatch(/^\d+$/);
    expect(((await health.json()) as { status: string }).status).toBe("error");
    const during = await o.staff.get(`/api/tickets/${ticket.id}`);
    expectError(during, 503, "database_unavailable");
    expect(during.headers["retry-after"]).toMatch(/^\d+$/);
    await sleep(1500); // workers, the LISTEN reconnect loop and the pool keep failing meanwhile

    await proxy.up();
    await waitFor("health ok", async () => (await fetch(`${inst.base}/api/health`)).status === 200, 20_000);
    expect((await o.staff.get(`/api/tickets/${ticket.id}`)).statusCode).toBe(200);

    // a job sent after recovery is worked
    await inst.services.jobs.boss.send(queue, { n: "after" });
    await waitFor("the job to be worked", async () => done.includes("after"));

    // a message published after recovery reaches a subscriber
    await waitFor("the LISTEN connection", async () => (inst.services.bus as PgBus).listening);
    const ws = new WebSocket(`${inst.base.replace(/^http/, "ws")}/api/ws`, {
      headers: { cookie: o.staff.cookie, origin: inst.base },
    });
    const received: WsServerMessage[] = [];
    ws.on("message", (d) => received.push(JSON.parse(d.toString()) as WsServerMessage));
    try {
      await new Promise((resolve, reject) => {
        ws.once("open", resolve);
        ws.once("error", reject);
      });
      ws.send(JSON.stringify({ type: "subscribe", ticketId: ticket.id }));
      await waitFor("subscribed", async () =>
        received.some((m) => m.type === "subscribed" && m.ticketId === ticket.id),
      );
      const posted = await o.admin.post(`/api/tickets/${ticket.id}/messages`, {
        body: "Depois da volta do banco",
        internal: true,
      });
      expect(posted.statusCode, posted.body).toBe(201);
      const id = (posted.json() as { id: string }).id;
      await waitFor("the message over the websocket", async () =>
        received.some((m) => m.type === "message" && m.message.id === id),
      );
    } finally {
      ws.terminate();
      await inst.stop();
      instances.splice(instances.indexOf(inst), 1);
      await proxy.down();
    }
  });

  it("a websocket subscribe while the pool cannot reach the database is told so in pt-BR, and works after", {
    timeout: 90_000,
  }, async () => {
    const appName = `atende-test-ws-${randomUUID().slice(0, 8)}`;
    const proxy = await startProxy();
    // the pool goes through the proxy; the LISTEN connection does not, so the socket stays open
    const inst = await start(urlWith(appName, proxy.port), appName, urlWith(appName));
    const o = await createOffice(inst, "Escritório Pool Fora do Ar");
    const reg = await createRegistry(o.admin);
    const ticket = await createTicket(o.admin, reg);
    const ws = new WebSocket(`${inst.base.replace(/^http/, "ws")}/api/ws`, {
      headers: { cookie: o.staff.cookie, origin: inst.base },
    });
    const received: WsServerMessage[] = [];
    ws.on("message", (d) => received.push(JSON.parse(d.toString()) as WsServerMessage));
    try {
      await new Promise((resolve, reject) => {
        ws.once("open", resolve);
        ws.once("error", reject);
      });
      await proxy.down();
      ws.send(JSON.stringify({ type: "subscribe", ticketId: ticket.id }));
      const refused = (await waitFor("the error", async () =>
        received.find((m) => m.type === "error" && m.ticketId === ticket.id),
      )) as Extract<WsServerMessage, { type: "error" }>;
      expect(refused.code).toBe("database_unavailable");
      expect(refused.message).toMatch(/Banco de dados indisponível/);
      await proxy.up();
      await waitFor(
        "the subscription",
        async () => {
          ws.send(JSON.stringify({ type: "subscribe", ticketId: ticket.id }));
          await sleep(300);
          return received.some((m) => m.type === "subscribed" && m.ticketId === ticket.id);
        },
        30_000,
      );
    } finally {
      ws.terminate();
      await inst.stop();
      instances.splice(instances.indexOf(inst), 1);
      await proxy.down();
    }
  });

  it("the real server process (main.ts) keeps answering when its connections are cut", {
    timeout: 120_000,
  }, async () => {
    const appName = `atende-test-main-${randomUUID().slice(0, 8)}`;
    const port = await freePort();
    const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
    const output: string[] = [];
    const child = spawn(path.join(root, "node_modules/.bin/tsx"), ["src/server/main.ts"], {
      cwd: root,
      env: {
        ...process.env,
        NODE_ENV: "production",
        DATABASE_URL: urlWith(appName),
        PORT: String(port),
        HOST: "127.0.0.1",
        SEED_DEMO: "false",
        RUN_WORKERS: "true",
        DATA_DIR: path.join(dataDir, "main"),
        LOG_LEVEL: "warn",
        COOKIE_SECURE: "false",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout.on("data", (d) => output.push(String(d)));
    child.stderr.on("data", (d) => output.push(String(d)));
    let exited: number | null | undefined;
    const gone = new Promise<void>((resolve) =>
      child.on("exit", (code) => {
        exited = code;
        resolve();
      }),
    );
    const health = async () => {
      try {
        return (await fetch(`http://127.0.0.1:${port}/api/health`)).status;
      } catch {
        return 0;
      }
    };
    try {
      await waitFor(
        "the server to start",
        async () => exited === undefined && (await health()) === 200,
        90_000,
      );
      for (let round = 0; round < 3; round++) {
        // connections in use and idle, then cut
        await Promise.all([health(), health(), health()]);
        expect(await terminate(appName)).toBeGreaterThan(0);
        await sleep(700);
        expect(exited, output.join("")).toBeUndefined();
        expect([200, 503]).toContain(await health());
      }
      await waitFor("health ok", async () => (await health()) === 200, 20_000);
      expect(exited, output.join("")).toBeUndefined();
    } finally {
      if (exited === undefined) child.kill("SIGTERM");
      await Promise.race([gone, sleep(15_000)]);
      if (exited === undefined) child.kill("SIGKILL");
    }
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}
