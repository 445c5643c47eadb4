import { createHash, randomBytes, randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdtemp, readdir, readFile, rm, stat } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { PDFParse } from "pdf-parse";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { todayInSaoPaulo } from "../../../shared/finance.js";
import { buildApp } from "../../app.js";
import { startServices } from "../../bootstrap.js";
import { loadConfig } from "../../config.js";
import { DEMO_LOGIN, seedDemo } from "../../seed/demo.js";
import { login, type Session, TEST_DB } from "../../test/harness.js";
import { connectPostgres, type Database, openPglite } from "../client.js";
import { MoveError } from "./errors.js";
import { moveToPostgres, redactUrl } from "./move.js";

/**
 * The demo office on the embedded database, used through the API (an upload, a chat message, a
 * status change with its e-mail, a payment with its receipt) → `moveToPostgres` into a new database
 * → the app on PostgreSQL answers the same: login, grid, history, chat, files, debts, PIX, receipts;
 * the next protocol and receipt numbers follow on. And the refusals, each leaving both sides as they
 * were: a wrong URL, an unreachable server, a database that does not exist, a non-empty target, the
 * app still running on the source, and a move interrupted half-way (failure, and the connection
 * killed) that leaves the target empty.
 * PostgreSQL only: the target is a new database on the server of TEST_DATABASE_URL.
 */

const SECRET_HEX = randomBytes(32).toString("hex");
const silentLog = { info() {}, warn() {}, error() {} };
const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");

let work: string;
let dataDir: string;
const created: string[] = [];
const base = () => new URL(process.env.TEST_DATABASE_URL as string);

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: base().toString() });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** A new, empty database on the test server; its URL. */
async function newDatabase(): Promise<string> {
  const name = `${base().pathname.slice(1)}_mv_${randomUUID().slice(0, 8)}`;
  await admin((c) => c.query(`CREATE DATABASE "${name}"`));
  created.push(name);
  const url = base();
  url.pathname = `/${name}`;
  return url.toString();
}

async function countIn(url: string, table: string): Promise<number> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const { rows } = await c.query(`SELECT count(*)::int AS n FROM ${table}`);
    return rows[0].n as number;
  } finally {
    await c.end();
  }
}

async function tablesIn(url: string): Promise<number> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const { rows } = await c.query(
      "SELECT count(*)::int AS n FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('r', 'p', 'S') AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'",
    );
    return rows[0].n as number;
  } finally {
    await c.end();
  }
}

/** Every path under dir with size and mtime: what "untouched" is checked against. */
async function fingerprint(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { recursive: true, withFileTypes: true })) {
    const p = path.join(e.parentPath, e.name);
    const s = await stat(p);
    out.push(`${path.relative(dir, p)} ${e.isFile() ? s.size : "dir"} ${s.mtimeMs}`);
  }
  return out.sort();
}

async function startApp(database: Database, databaseUrl?: string) {
  const config = {
    ...loadConfig({ NODE_ENV: "test", LOG_LEVEL: "silent", DATA_DIR: dataDir }),
    databaseUrl,
    secretKeyHex: SECRET_HEX,
  };
  const services = await startServices(config, database, {
    ephemeral: true,
    listenUrl: databaseUrl,
    log: silentLog,
  });
  const app = await buildApp({
    config,
    database,
    jobs: services.jobs,
    secretKey: services.secretKey,
    bus: services.bus,
    blobStore: services.blobStore,
  });
  await app.ready();
  return {
    app,
    async stop() {
      await app.close();
      await services.stop();
    },
  };
}

async function pdfText(body: Buffer): Promise<string> {
  const { text } = await new PDFParse({ data: new Uint8Array(body) }).getText();
  return text.replace(/[\s\u00a0]+/g, " ");
}

function multipart(name: string, data: Buffer) {
  const boundary = `----AtendeBoundary${randomUUID().replaceAll("-", "")}`;
  return {
    body: Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="${name}"\r\n` +
          "Content-Type: application/octet-stream\r\n\r\n",
      ),
      data,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]),
    headers: { "content-type": `multipart/form-data; boundary=${boundary}` },
  };
}

type Ids = {
  ticketId: string;
  otherTicketId: string;
  attachmentId: string;
  debtId: string;
  openDebtId: string;
  paymentId: string;
};

/** What the office sees through the API, for the before/after comparison. */
async function snapshot(s: Session, ids: Ids) {
  const json = async (url: string) => {
    const res = await s.get(url);
    expect(res.statusCode, url).toBe(200);
    return res.json() as unknown;
  };
  const download = await s.get(`/api/attachments/${ids.attachmentId}/download`);
  const receipt = await s.get(`/api/finance/debts/${ids.debtId}/payments/${ids.paymentId}/receipt`);
  expect(receipt.statusCode).toBe(200);
  return {
    grid: await json("/api/tickets?pageSize=100"),
    ticket: await json(`/api/tickets/${ids.ticketId}`),
    history: await json(`/api/tickets/${ids.ticketId}/history`),
    otherHistory: await json(`/api/tickets/${ids.otherTicketId}/history`),
    messages: await json(`/api/tickets/${ids.ticketId}/messages`),
    attachments: await json(`/api/tickets/${ids.ticketId}/attachments`),
    file: {
      status: download.statusCode,
      sha: sha(download.rawPayload),
      type: download.headers["content-type"],
    },
    debts: await json("/api/finance/debts?pageSize=100"),
    debt: await json(`/api/finance/debts/${ids.debtId}`),
    pix: await json(`/api/finance/debts/${ids.openDebtId}/pix`),
    receipt: await pdfText(receipt.rawPayload),
    emails: await json("/api/emails"),
  };
}

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), "atende-move-"));
  dataDir = path.join(work, "data");
});

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
  if (created.length)
    await admin(async (c) => {
      for (const db of created) await c.query(`DROP DATABASE IF EXISTS "${db}" WITH (FORCE)`);
    });
});

/**
 * Runs on the PGlite leg when TEST_DATABASE_URL names a server (CI): the source is the embedded
 * database, loaded in ~0.4 s from the run's migrated template (the PostgreSQL leg has no such template
 * and would spend seconds creating one); the target is a new database on that server. Skipped on the
 * PostgreSQL leg (it would run the same thing twice) and without a server.
 */
describe.skipIf(TEST_DB !== "pglite" || !process.env.TEST_DATABASE_URL)("npm run db -- move", () => {
  let ids: Ids;
  let before: Awaited<ReturnType<typeof snapshot>>;
  const uploaded = { name: "balancete março 2026.pdf", data: randomBytes(64 * 1024) };

  it("refuses while the app runs on the embedded database", async () => {
    const source = await openPglite(
      path.join(dataDir, "pglite"),
      new Blob([await readFile(inject("pgliteTemplate"))]),
    );
    try {
      await seedDemo(source.db, { tickets: 30 });
      const running = await startApp(source);
      try {
        const s = await login(running.app, DEMO_LOGIN.email, DEMO_LOGIN.password);
        const grid = (await s.get("/api/tickets?pageSize=100")).json() as {
          items: { id: string; actions: { message: boolean; changeStatus: string[] } }[];
        };
        // chat needs a client with portal users (Marta's padaria); the file and the status go elsewhere
        const chat = grid.items.find((t) => t.actions.message) as { id: string };
        const other = grid.items.find((t) => t.actions.changeStatus.includes("waiting")) as { id: string };
        const { body, headers } = multipart(uploaded.name, uploaded.data);
        const up = await s.request("POST", `/api/tickets/${other.id}/attachments`, body, headers);
        expect(up.statusCode, up.body).toBe(201);
        const msg = await s.post(`/api/tickets/${chat.id}/messages`, { body: "Segue o balancete de março." });
        expect(msg.statusCode, msg.body).toBe(201);
        const { version } = (await s.get(`/api/tickets/${other.id}`)).json() as { version: number };
        const status = await s.post(`/api/tickets/${other.id}/status`, { status: "waiting", version });
        expect(status.statusCode, status.body).toBe(200);

        const debts = (await s.get("/api/finance/debts?pageSize=100")).json() as {
          items: { id: string; status: string }[];
        };
        const [toPay, toCharge] = debts.items.filter((d) => d.status === "open" || d.status === "overdue");
        expect(toCharge).toBeDefined();
        const pay = await s.post(`/api/finance/debts/${toPay?.id}/payments`, {
          amountCents: 1000,
          paidOn: todayInSaoPaulo(),
          method: "pix",
        });
        expect(pay.statusCode, pay.body).toBe(201);
        ids = {
          ticketId: chat.id,
          otherTicketId: other.id,
          attachmentId: (up.json() as { id: string }[])[0]?.id as string,
          debtId: toPay?.id as string,
          openDebtId: toCharge?.id as string,
          paymentId: (pay.json() as { payments: { id: string }[] }).payments[0]?.id as string,
        };
        before = await snapshot(s, ids);
        expect(before.file).toMatchObject({ status: 200, sha: sha(uploaded.data) });

        // PGlite is one process: a move while the app has the data directory open is refused
        const target = await newDatabase();
        const busy = await moveToPostgres({ dataDir }, target).catch((e) => e);
        expect(busy).toBeInstanceOf(MoveError);
        expect(busy.code).toBe("source_in_use");
        expect(busy.message).toMatch(/pare o Atende/);
        expect(await tablesIn(target)).toBe(0);
      } finally {
        await running.stop();
      }
    } finally {
      await source.close();
    }
  }, 60_000);

  it("refuses a wrong URL, an unreachable server, a missing database and a non-empty target, touching neither side", async () => {
    expect(ids).toBeDefined();
    const sourceBefore = await fingerprint(path.join(dataDir, "pglite"));
    const free = await new Promise<number>((resolve) => {
      const srv = createServer().listen(0, "127.0.0.1", () => {
        const port = (srv.address() as { port: number }).port;
        srv.close(() => resolve(port));
      });
    });
    const missing = base();
    missing.pathname = `/${base().pathname.slice(1)}_nao_existe_${randomUUID().slice(0, 6)}`;
    const cases: [string, string, RegExp][] = [
      ["mysql://root@127.0.0.1/atende", "wrong_url", /precisa ser um PostgreSQL/],
      ["não é um endereço", "wrong_url", /Endereço do PostgreSQL inválido/],
      [`postgres://postgres@127.0.0.1:${free}`, "wrong_url", /Falta o nome do banco/],
      [
        `postgres://u:segredo@127.0.0.1:${free}/atende`,
        "target_unreachable",
        /conexão foi recusada.*Nada foi alterado/,
      ],
      [missing.toString(), "target_unreachable", /o banco não existe/],
    ];
    for (const [url, code, message] of cases) {
      const err = await moveToPostgres({ dataDir }, url).catch((e) => e);
      expect(err, url).toBeInstanceOf(MoveError);
      expect({ url, code: err.code }).toEqual({ url, code });
      expect(err.message).toMatch(message);
      expect(err.message).not.toContain("segredo");
    }
    expect(redactUrl("postgres://u:segredo@h/db")).toBe("postgres://u:***@h/db");

    const used = await newDatabase();
    const c = new pg.Client({ connectionString: used });
    await c.connect();
    await c.query("CREATE TABLE clientes_antigos (id int); INSERT INTO clientes_antigos VALUES (1)");
    await c.end();
    const err = await moveToPostgres({ dataDir }, used).catch((e) => e);
    expect(err.code).toBe("target_not_empty");
    expect(err.message).toMatch(/1 tabela\(s\)/);
    expect(await tablesIn(used)).toBe(1);
    expect(await fingerprint(path.join(dataDir, "pglite"))).toEqual(sourceBefore);
    expect(existsSync(path.join(dataDir, "pglite", "postmaster.pid"))).toBe(false);
  }, 30_000);

  it("an interrupted move leaves the target empty; the next one copies everything and the app on PostgreSQL answers the same", async () => {
    expect(ids).toBeDefined();
    const target = await newDatabase();
    const failing = await moveToPostgres({ dataDir }, target, {
      afterTable: (table) => {
        if (table === "public.tickets") throw new Error("disco cheio (simulado)");
      },
    }).catch((e) => e);
    expect(failing).toBeInstanceOf(MoveError);
    expect(failing.code).toBe("copy_failed");
    expect(failing.message).toMatch(/disco cheio \(simulado\).*continua vazio/);
    expect(await tablesIn(target)).toBe(0);

    // the server side of the move's connection is terminated (a kill, a network cut) mid-copy
    const killed = await moveToPostgres({ dataDir }, target, {
      afterTable: async (table) => {
        if (table !== "public.users") return;
        await admin((a) =>
          a.query(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'atende-move' AND datname = $1",
            [new URL(target).pathname.slice(1)],
          ),
        );
      },
    }).catch((e) => e);
    expect(killed).toBeInstanceOf(MoveError);
    expect(killed.code).toBe("copy_failed");
    expect(await tablesIn(target)).toBe(0);

    const lines: string[] = [];
    const report = await moveToPostgres({ dataDir }, target, { log: (l) => lines.push(l), batchRows: 25 });
    expect(lines.join("\n")).toMatch(/Copiando \d+ tabelas em ordem de dependência/);
    const rows = Object.fromEntries(report.tables.map((t) => [t.table, t.rows]));
    expect(rows["public.attachments"]).toBe(1);
    // the demo's requests and its generated obligations, all of them in the target
    expect(rows["public.tickets"]).toBeGreaterThan(30);
    expect(rows["public.tickets"]).toBe(await countIn(target, "tickets"));
    expect(rows["public.messages"]).toBeGreaterThan(0);
    expect(rows["public.payments"]).toBeGreaterThan(0);
    expect(rows["public.ticket_counters"]).toBe(1);
    expect(rows["public.receipt_counters"]).toBe(1);
    expect(rows["drizzle.__drizzle_migrations"]).toBeGreaterThan(10);
    // parents before children
    const order = report.tables.map((t) => t.table);
    expect(order.indexOf("public.offices")).toBeLessThan(order.indexOf("public.users"));
    expect(order.indexOf("public.users")).toBeLessThan(order.indexOf("public.tickets"));
    expect(order.indexOf("public.tickets")).toBeLessThan(order.indexOf("public.ticket_events"));
    expect(order.indexOf("pgboss.queue")).toBeLessThan(order.indexOf("pgboss.job ('email.deliver')"));

    // a second move into it is refused: it is not empty any more
    const again = await moveToPostgres({ dataDir }, target).catch((e) => e);
    expect(again.code).toBe("target_not_empty");

    const database = connectPostgres(target, 4);
    try {
      const running = await startApp(database, target);
      try {
        const s = await login(running.app, DEMO_LOGIN.email, DEMO_LOGIN.password);
        expect(await snapshot(s, ids)).toEqual(before);
        // the protocol counter follows on: the next atendimento gets the next number
        const { rows: counter } = await database.rawQuery(
          "SELECT c.last_seq AS n, (SELECT max(protocol_seq) FROM tickets t WHERE t.office_id = c.office_id AND t.protocol_year = c.year) AS max FROM ticket_counters c",
        );
        const { n, max } = counter[0] as { n: number; max: number };
        expect(n).toBe(max);
      } finally {
        await running.stop();
      }
    } finally {
      await database.close();
    }

    // an embedded database behind this build (a migration not applied yet) is refused, target empty
    const behind = await openPglite(path.join(dataDir, "pglite"));
    await behind.rawQuery(
      "DELETE FROM drizzle.__drizzle_migrations WHERE id = (SELECT max(id) FROM drizzle.__drizzle_migrations)",
    );
    await behind.close();
    const fresh = await newDatabase();
    const outdated = await moveToPostgres({ dataDir }, fresh).catch((e) => e);
    expect(outdated.code).toBe("source_outdated");
    expect(outdated.message).toMatch(/1 migração\(ões\) atrás .* inicie o Atende uma vez/);
    expect(await tablesIn(fresh)).toBe(0);
  }, 60_000);
});
