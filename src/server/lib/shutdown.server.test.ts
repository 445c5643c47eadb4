/**
 * Graceful shutdown of the real compiled server (dist/server/main.js as `npm start` runs it), in a
 * child process: SIGTERM while a request is in flight and a websocket is open.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import WebSocket from "ws";
import { BUNDLE_EXTERNAL, buildServer, ROOT } from "../../../scripts/build-server.mjs";
import { openPglite } from "../db/client.js";
import { offices } from "../db/schema/index.js";
import { hashPassword } from "../modules/auth/password.js";
import * as usersRepo from "../modules/users/repository.js";
import { freePort, TestSmtp, waitFor } from "../test/smtp.js";

mkdirSync(path.join(ROOT, "test-results"), { recursive: true });
const work = mkdtempSync(path.join(ROOT, "test-results", "shutdown-"));
const dataDir = mkdtempSync(path.join(os.tmpdir(), "atende-shutdown-"));
const LOGIN = { email: "admin@encerramento.teste.com.br", password: "senha-de-teste-123" };
let child: ChildProcess;
let output = "";
let base = "";
let port = 0;
let exited: Promise<number | null>;
beforeAll(async () => {
  // built apart from dist/ so the test never races a developer's `npm start`
  await buildServer({ quiet: true, outDir: path.join(work, "dist/server") });
  // an embedded database from the run's migrated template, with one office and its admin
  const seed = await openPglite(
    path.join(dataDir, "pglite"),
    new Blob([readFileSync(inject("pgliteTemplate"))]),
  );
  try {
    const [office] = await seed.db.insert(offices).values({ name: "Escritório Encerramento" }).returning();
    if (!office) throw new Error("office insert failed");
    await usersRepo.insert(seed.db, office.id, {
      name: "Admin",
      email: LOGIN.email,
      role: "admin",
      active: true,
      passwordHash: await hashPassword(LOGIN.password),
    });
  } finally {
    await seed.close();
  }
  port = await freePort();
  base = `http://127.0.0.1:${port}`;
  child = spawn(process.execPath, [path.join(work, "dist/server/main.js")], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: "development",
      DATABASE_URL: "",
      DATA_DIR: dataDir,
      PORT: String(port),
      HOST: "127.0.0.1",
      SEED_DEMO: "false",
      DEMO_MAILBOX_PORT: "0",
      LOG_LEVEL: "info",
      SHUTDOWN_TIMEOUT_SECONDS: "30",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (b: Buffer) => {
    output += b.toString();
  });
  child.stderr?.on("data", (b: Buffer) => {
    output += b.toString();
  });
  exited = new Promise((resolve) => child.once("exit", (code) => resolve(code)));
  await waitFor(async () => {
    if (child.exitCode !== null) throw new Error(`server exited at start:\n${output}`);
    return fetch(`${base}/api/health/ready`)
      .then((r) => r.status === 200)
      .catch(() => false);
  }, 120_000);
}, 180_000);

afterAll(() => {
  if (child && child.exitCode === null) child.kill("SIGKILL");
  rmSync(work, { recursive: true, force: true });
  rmSync(dataDir, { recursive: true, force: true });
});

/** a login whose body is sent in two halves: in flight from the server's view until `finish()` */
function slowLogin() {
  const body = JSON.stringify(LOGIN);
  const half = Math.floor(body.length / 2);
  const req = http.request(`${base}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json", "content-length": String(Buffer.byteLength(body)) },
  });
  const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
    req.on("response", (res) => {
      let text = "";
      res.on("data", (c: Buffer) => {
        text += c.toString();
      });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on("error", reject);
  });
  req.write(body.slice(0, half));
  return { response, finish: () => req.end(body.slice(half)) };
}

const connectRefused = () =>
  fetch(`${base}/api/health/live`).then(
    () => false,
    (err: { cause?: { code?: string } }) => err.cause?.code === "ECONNREFUSED",
  );

const smtp = new TestSmtp();
afterAll(() => smtp.stop());

describe("SIGTERM on the compiled server", () => {
  it("finishes the request and the e-mail in flight, refuses new connections, closes websockets with 1012 and exits 0", async () => {
    const login = await fetch(`${base}/api/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(LOGIN),
    });
    expect(login.status).toBe(200);
    const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0] as string;
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    const send = (method: string, url: string, body: unknown) =>
      fetch(`${base}${url}`, {
        method,
        headers: { "content-type": "application/json", cookie, "x-csrf-token": csrfToken },
        body: JSON.stringify(body),
      });

    // an e-mail being sent: a slow SMTP server holds it after its data arrived (longer than the rest of
    // the shutdown takes: without a graceful stop of the job queue the process would exit before it)
    smtp.dataDelayMs = 8000;
    const smtpPort = await smtp.start();
    const settings = await send("PUT", "/api/settings/mail", {
      host: "127.0.0.1",
      port: smtpPort,
      security: "none",
      fromName: "Escritório Encerramento",
      fromAddress: "atendimento@encerramento.teste.com.br",
    });
    expect(settings.status).toBe(200);
    expect((await send("POST", "/api/settings/mail/test", { to: "cliente@teste.com.br" })).status).toBe(200);
    await waitFor(() => smtp.attemptTimes.length > 0, 30_000);
    const ws = new WebSocket(`ws://127.0.0.1:${port}/api/ws`, { headers: { cookie, origin: base } });
    await new Promise((resolve, reject) => {
      ws.once("open", resolve);
      ws.once("error", reject);
    });
    const wsClosed = new Promise<{ code: number; reason: string }>((resolve) =>
      ws.once("close", (code, reason) => resolve({ code, reason: reason.toString() })),
    );

    const inFlight = slowLogin();
    await new Promise((r) => setTimeout(r, 300)); // the server has the request's head
    const signalled = Date.now();
    child.kill("SIGTERM");

    const closed = await wsClosed;
    expect(closed.code).toBe(1012);
    expect(closed.reason).toBe("Servidor reiniciando.");
    // the listener is closed while the login is still in flight: a new connection is refused
    await waitFor(connectRefused, 20_000);
    expect(child.exitCode).toBeNull();

    inFlight.finish();
    const res = await inFlight.response;
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body).user.email).toBe(LOGIN.email);

    expect(await exited).toBe(0);
    expect(Date.now() - signalled).toBeLessThan(30_000);
    // the e-mail in hand was delivered and recorded as sent before the process ended
    expect(smtp.received.map((m) => m.subject)).toHaveLength(1);
    const db = await openPglite(path.join(dataDir, "pglite"));
    try {
      const { rows } = await db.rawQuery("select state from emails where kind = 'test'");
      expect(rows).toEqual([{ state: "sent" }]);
    } finally {
      await db.close();
    }
    expect(output).toMatch(/shut down/);
  }, 90_000);
});

describe("the compiled server's start", () => {
  // each of these costs 40–300 ms of CPU to load and is needed only by some requests (docs/BENCHMARKS.md,
  // cold start): they are imported where they are used, never by the bundle's top level
  const loadedLater = [
    "exceljs",
    "@zxcvbn-ts/core",
    "pdfkit",
    "nodemailer",
    "qrcode",
    "smtp-server",
    "@aws-sdk/client-s3",
    "@aws-sdk/lib-storage",
    "mailparser",
    "imapflow",
  ];

  it("does not load the packages only some requests need", () => {
    const bundle = readFileSync(path.join(work, "dist/server/main.js"), "utf8");
    const topLevel = [...bundle.matchAll(/^import\s[^;]*?from\s*"([^"]+)";/gms)].map((m) => m[1]);
    expect(topLevel).toContain("@electric-sql/pglite"); // the pattern does find the static imports
    for (const pkg of loadedLater) {
      expect(topLevel, pkg).not.toContain(pkg);
      // not bundled in either, where its code would be compiled at every start
      const external = BUNDLE_EXTERNAL.some(
        (e) => e === pkg || (e.endsWith("/*") && pkg.startsWith(e.slice(0, -1))),
      );
      expect(external, pkg).toBe(true);
    }
  });
});
