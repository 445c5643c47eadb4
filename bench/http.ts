/**
 * HTTP load on the app (a separate process, loopback, autocannon from this process): the grid
 * (first page, deep page, status filter, full-text search, sort by Solicitante) and the writes
 * (create, status change with its outbox e-mail, chat message) at 1, 10 and 50 connections, with
 * p50/p95/p99, requests/s and the app's RSS and CPU. Reference points measured in the same run:
 * the same list SQL straight on the database (pg, no HTTP) and a bare Fastify route.
 *
 *   npx tsx bench/http.ts                               # PostgreSQL bench database, office 1
 *   npx tsx bench/http.ts --db pglite --data-dir bench/data/pglite-100k
 *
 * The database must be filled first (bench/generate.ts). The writes add rows to it.
 */
import { writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { drizzle } from "drizzle-orm/node-postgres";
import pg from "pg";
import type { Db } from "../src/server/db/client.js";
import * as schema from "../src/server/db/schema/index.js";
import { type ListFilter, list } from "../src/server/modules/tickets/repository.js";
import type { Page, TicketRow } from "../src/shared/api.js";
import { type AppProcess, api, login, type Session, spawnNode, startApp } from "./lib/app.js";
import { officeOf, withTarget } from "./lib/db.js";
import { closedLoop, httpLoad, type LoadResult } from "./lib/load.js";
import { printTable, round, writeResult } from "./lib/report.js";
import { startSmtpSink } from "./lib/smtp-sink.js";
import {
  BENCH_PASSWORD,
  benchAdminEmail,
  describeTarget,
  numberList,
  parseFlags,
  SMTP_SINK_PORT,
  type Target,
} from "./lib/target.js";

const USAGE = `
npx tsx bench/http.ts [flags]
  --db postgres|pglite --url URL --data-dir DIR   the database (see bench/generate.ts)
  --office N             log in as admin<N>@bench.atende.com.br (default 1)
  --connections LIST     default 1,10,50
  --duration S           seconds per measurement (default 10)
  --warmup S             seconds of warm-up per scenario, not recorded (default 2)
  --only LIST            scenarios: grid-first,grid-deep,grid-status,grid-search,grid-sort-requester,
                         create,status,message (default all)
  --deep-page N          page of the deep-page scenario (default 2000, or the last page if fewer)
  --search TEXT          full-text search of the search scenario (default "certidao negativa")
  --skip-sql             no direct-SQL reference
  --skip-bare            no bare-Fastify reference
  --mail-wait-ms N       also measure the status change as people see it: the route waits up to N ms
                         for the first delivery attempt to the SMTP sink (default 5000; 0 = skip)
  --pg-pool N            pool of the direct-SQL reference (default 10, the app's pool size)
  --drain-s S            after the status load, wait up to S s for the e-mail worker to empty the
                         outbox, and report its delivery rate (default 60)
  --log-level L          app LOG_LEVEL (default warn: no per-request log lines)
  --port N               app port (default 3300); --bare-port N (default 3399)
`;

const GRID = ["grid-first", "grid-deep", "grid-status", "grid-search", "grid-sort-requester"] as const;
const WRITES = ["create", "status", "message"] as const;
type Scenario = (typeof GRID)[number] | (typeof WRITES)[number];

interface GridCase {
  name: (typeof GRID)[number];
  query: string;
  filter: Omit<ListFilter, "officeId">;
}

function gridCases(deepPage: number, search: string): GridCase[] {
  const base: Omit<ListFilter, "officeId"> = {
    statuses: [],
    sort: "createdAt",
    order: "desc",
    limit: 20,
    offset: 0,
  };
  return [
    { name: "grid-first", query: "page=1&pageSize=20", filter: { ...base } },
    {
      name: "grid-deep",
      query: `page=${deepPage}&pageSize=20`,
      filter: { ...base, offset: (deepPage - 1) * 20 },
    },
    {
      name: "grid-status",
      query: "status=analysing&page=1&pageSize=20",
      filter: { ...base, statuses: ["analysing"] },
    },
    {
      name: "grid-search",
      query: `q=${encodeURIComponent(search)}&page=1&pageSize=20`,
      filter: { ...base, q: search },
    },
    {
      name: "grid-sort-requester",
      query: "sort=requester&order=asc&page=1&pageSize=20",
      filter: { ...base, sort: "requester", order: "asc" },
    },
  ];
}

interface Row extends Partial<LoadResult> {
  scenario: string;
  c: number;
  sqlP95?: number;
  xSql?: number;
  xBare?: number;
  note?: string;
}

/** The list SQL exactly as the app sends it (captured from Drizzle), replayed with pg. */
async function pgListReference(url: string, poolSize: number, officeId: string, cases: GridCase[]) {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  const captured: { query: string; params: unknown[] }[] = [];
  const db = drizzle(pool, {
    schema,
    logger: { logQuery: (query, params) => captured.push({ query, params }) },
  }) as unknown as Db;
  const out = new Map<string, () => Promise<unknown>>();
  for (const c of cases) {
    captured.length = 0;
    await list(db, { officeId, ...c.filter });
    const queries = [...captured];
    // the app runs the page and the count at once (Promise.all): so does the reference
    out.set(c.name, () => Promise.all(queries.map((q) => pool.query(q.query, q.params))));
  }
  return { run: out, close: () => pool.end(), sql: captured };
}

export interface HttpOptions {
  target: Target;
  office: number;
  connections: number[];
  duration: number;
  warmup: number;
  only: Set<Scenario>;
  deepPage?: number;
  search: string;
  skipSql: boolean;
  skipBare: boolean;
  mailWaitMs: number;
  pgPool: number;
  drainSeconds: number;
  logLevel: string;
  port: number;
  barePort: number;
}

export async function runHttp(o: HttpOptions) {
  const email = benchAdminEmail(o.office);
  const rows: Row[] = [];
  const log = (m: string) => console.log(m);
  log(`target: ${describeTarget(o.target)}, office ${o.office} (${email})`);

  // ---- what the office holds, and the direct-SQL reference (before the app: PGlite has one owner)
  const sqlRef = new Map<string, LoadResult>();
  const { officeId, tickets } = await withTarget(o.target, async (d) => {
    const office = await officeOf(d, email);
    const deep = o.deepPage ?? Math.max(1, Math.min(2000, Math.floor(office.tickets / 20)));
    const cases = gridCases(deep, o.search).filter((c) => o.only.has(c.name));
    if (!o.skipSql && cases.length) {
      log(
        `direct SQL reference (${o.target.db === "postgres" ? `pg pool of ${o.pgPool}` : "PGlite in process"})`,
      );
      const ref =
        o.target.db === "postgres"
          ? await pgListReference(o.target.url, o.pgPool, office.officeId, cases)
          : {
              run: new Map(
                cases.map((c) => [c.name, () => list(d.db, { officeId: office.officeId, ...c.filter })]),
              ),
              close: async () => {},
            };
      for (const c of cases) {
        const once = ref.run.get(c.name);
        if (!once) continue;
        await closedLoop(once, Math.min(10, Math.max(...o.connections)), o.warmup);
        for (const n of o.connections) {
          const r = await closedLoop(once, n, o.duration);
          sqlRef.set(`${c.name}@${n}`, r);
          rows.push({ scenario: `sql ${c.name}`, c: n, ...r });
          log(`  sql ${c.name} c=${n}: ${r.rps} q/s, p95 ${r.p95} ms`);
        }
      }
      await ref.close();
    }
    return { ...office, deep };
  });
  const deepPage = o.deepPage ?? Math.max(1, Math.min(2000, Math.floor(tickets / 20)));
  const cases = gridCases(deepPage, o.search).filter((c) => o.only.has(c.name));

  // ---- the app
  const sink = await startSmtpSink(SMTP_SINK_PORT);
  let app: AppProcess | undefined;
  let pageFixture: string | undefined;
  const emails: Record<string, number> = {};
  let drain: Awaited<ReturnType<typeof drainOutbox>> | undefined;
  let backlog: number | undefined;
  try {
    app = await startApp(o.target, { port: o.port, logLevel: o.logLevel, mailWaitMs: 0 });
    log(
      `app pid ${app.pid} ready in ${Math.round(app.startMs)} ms (MAIL_WAIT_MS=0, workers on, SMTP sink :${SMTP_SINK_PORT})`,
    );
    const s = await login(app.url, email, BENCH_PASSWORD);
    const headers = { cookie: s.cookie };

    for (const c of cases) {
      const path = `/api/tickets?${c.query}`;
      const first = await api<Page<TicketRow>>(app.url, s, "GET", path);
      if (c.name === "grid-first") pageFixture = JSON.stringify(first);
      const note = `${first.items.length} rows of ${first.total}`;
      await httpLoad({ url: app.url, path, headers, connections: 10, duration: o.warmup });
      for (const n of o.connections) {
        const r = await httpLoad({
          url: app.url,
          path,
          headers,
          connections: n,
          duration: o.duration,
          pid: app.pid,
        });
        const ref = sqlRef.get(`${c.name}@${n}`);
        rows.push({
          scenario: c.name,
          c: n,
          ...r,
          sqlP95: ref?.p95,
          xSql: ref?.p95 ? round(r.p95 / ref.p95, 2) : undefined,
          note,
        });
        log(`  ${c.name} c=${n}: ${r.rps} req/s, p95 ${r.p95} ms, RSS ${r.rssPeakMiB} MiB (${note})`);
      }
    }

    const writes = WRITES.filter((w) => o.only.has(w));
    if (writes.length) {
      const fx = await writeFixtures(app.url, s, Math.max(...o.connections) * 4);
      log(
        `write fixtures: ${fx.pool.length} to change, ${fx.chat.length} with a chat, ${fx.requesters.length} clients`,
      );
      for (const w of writes) {
        for (const n of [0, ...o.connections]) {
          // n = 0: the warm-up, at 10 connections, not recorded
          const r = await httpLoad({
            url: app.url,
            headers: { cookie: s.cookie, "x-csrf-token": s.csrf, "content-type": "application/json" },
            method: "POST",
            connections: n || 10,
            duration: n ? o.duration : o.warmup,
            pid: n ? app.pid : undefined,
            ...writeRequest(w, s, fx, emails),
          });
          if (!n) continue;
          rows.push({ scenario: w, c: n, ...r, note: w === "status" ? "MAIL_WAIT_MS=0" : undefined });
          log(`  ${w} c=${n}: ${r.rps} req/s, p95 ${r.p95} ms, non-2xx ${r.non2xx}, RSS ${r.rssPeakMiB} MiB`);
        }
      }
      if (o.only.has("status") && o.drainSeconds > 0) {
        drain = await drainOutbox(app.url, s, o.drainSeconds * 1000);
        log(
          `  outbox after the status load: ${drain.atStart} e-mails, ${drain.left} left after ${drain.seconds} s (${drain.sentPerSec}/s)`,
        );
      }
    }
    await app.stop();
    app = undefined;

    // ---- the status change as a person sees it: the route waits for the first SMTP attempt
    if (o.only.has("status") && o.mailWaitMs > 0) {
      app = await startApp(o.target, { port: o.port, logLevel: o.logLevel, mailWaitMs: o.mailWaitMs });
      const s2 = await login(app.url, email, BENCH_PASSWORD);
      backlog = await outboxPending(app.url, s2);
      const fx = await writeFixtures(app.url, s2, Math.max(...o.connections) * 4);
      for (const n of o.connections.filter((c) => c <= 10)) {
        const r = await httpLoad({
          url: app.url,
          headers: { cookie: s2.cookie, "x-csrf-token": s2.csrf, "content-type": "application/json" },
          method: "POST",
          connections: n,
          duration: o.duration,
          pid: app.pid,
          ...writeRequest("status", s2, fx, emails),
        });
        rows.push({
          scenario: "status+smtp",
          c: n,
          ...r,
          note: `MAIL_WAIT_MS=${o.mailWaitMs}, SMTP sink, outbox backlog ${backlog}`,
        });
        log(`  status+smtp c=${n}: ${r.rps} req/s, p95 ${r.p95} ms`);
      }
      await app.stop();
      app = undefined;
    }
  } finally {
    await app?.stop();
    await sink.close();
  }

  // ---- bare Fastify on the same Node
  if (!o.skipBare) {
    const file = path.join(os.tmpdir(), `atende-bench-page-${process.pid}.json`);
    writeFileSync(file, pageFixture ?? '{"items":[]}');
    const bare = await spawnNode(
      "bench/bare-server.ts",
      { PORT: String(o.barePort), BARE_PAGE_FILE: file },
      `http://127.0.0.1:${o.barePort}/api/health`,
    );
    try {
      for (const route of ["/const", "/page"]) {
        const url = `http://127.0.0.1:${o.barePort}`;
        await httpLoad({ url, path: route, connections: 10, duration: o.warmup });
        for (const n of o.connections) {
          const r = await httpLoad({ url, path: route, connections: n, duration: o.duration, pid: bare.pid });
          rows.push({ scenario: `bare ${route}`, c: n, ...r });
          log(`  bare ${route} c=${n}: ${r.rps} req/s, p95 ${r.p95} ms`);
        }
      }
    } finally {
      await bare.stop();
    }
    for (const r of rows) {
      const b = rows.find((x) => x.scenario === "bare /const" && x.c === r.c);
      if (b?.rps && r.rps && !r.scenario.startsWith("bare")) r.xBare = round(b.rps / r.rps, 1);
    }
  }

  console.log(
    `\n${describeTarget(o.target)}, ${tickets} atendimentos in the office, ${o.duration} s per row`,
  );
  console.log("xSql = app p95 / direct SQL p95; xBare = bare Fastify req/s / app req/s\n");
  printTable(rows, [
    "scenario",
    "c",
    "rps",
    "p50",
    "p95",
    "p99",
    "max",
    "non2xx",
    "errors",
    "sqlP95",
    "xSql",
    "xBare",
    "rssPeakMiB",
    "cpuCores",
    "machineBusyCores",
    "note",
  ]);
  console.log(`\nstatus-change e-mails: ${JSON.stringify(emails)}; SMTP sink received ${sink.received}`);
  if (drain)
    console.log(
      `outbox after the status load: ${drain.atStart} pending, ${drain.left} left after ${drain.seconds} s (${drain.sentPerSec} e-mails/s once nobody wakes the worker)`,
    );
  return {
    target: describeTarget(o.target),
    office: { number: o.office, officeId, tickets },
    options: { ...o, target: undefined, only: [...o.only] },
    env: { LOG_LEVEL: o.logLevel, MAIL_WAIT_MS: 0, RUN_WORKERS: true, NODE_ENV: "production" },
    deepPage,
    emailOutcomes: emails,
    outboxDrain: drain,
    smtpSinkReceived: sink.received,
    rows,
  };
}

// ---------------------------------------------------------------- writes

interface PoolTicket {
  id: string;
  version: number;
  status: string;
  busy?: boolean;
}

interface WriteFixtures {
  /** open atendimentos whose status can change (Analisando ↔ Aguardando) */
  pool: PoolTicket[];
  /** atendimentos with a chat (their client has portal users) */
  chat: PoolTicket[];
  requesters: string[];
  services: string[];
  assignees: string[];
}

/** Atendimentos to change and chat on (each in-flight request takes its own), and form ids. */
async function writeFixtures(url: string, s: Session, want: number): Promise<WriteFixtures> {
  const fx: WriteFixtures = { pool: [], chat: [], requesters: [], services: [], assignees: [] };
  const requesters = new Set<string>();
  const services = new Set<string>();
  const assignees = new Set<string>();
  const scan = async (query: string, keep: (t: TicketRow) => boolean, into: PoolTicket[]) => {
    for (let page = 1; into.length < want && page <= 100; page++) {
      const p = await api<Page<TicketRow>>(url, s, "GET", `/api/tickets?${query}&pageSize=200&page=${page}`);
      for (const t of p.items) {
        requesters.add(t.requester.id);
        if (t.service) services.add(t.service.id);
        if (t.assignee) assignees.add(t.assignee.id);
        if (keep(t) && into.length < want) into.push({ id: t.id, version: t.version, status: t.status });
      }
      if (p.items.length < 200) break;
    }
  };
  await scan("status=analysing,waiting", () => true, fx.pool);
  await scan("sort=createdAt", (t) => t.actions.message, fx.chat);
  if (fx.pool.length < 2) throw new Error("the office has no atendimento in Analisando/Aguardando to change");
  if (fx.chat.length < 2)
    throw new Error("the office has no atendimento with a chat (client with portal users)");
  return { ...fx, requesters: [...requesters], services: [...services], assignees: [...assignees] };
}

const pick = <T>(xs: T[]): T => xs[Math.floor(Math.random() * xs.length)] as T;

function writeRequest(
  w: (typeof WRITES)[number],
  _s: Session,
  fx: WriteFixtures,
  emails: Record<string, number>,
): Pick<Parameters<typeof httpLoad>[0], "path" | "body" | "setupRequest" | "onResponse"> {
  let n = 0;
  if (w === "create") {
    return {
      path: "/api/tickets",
      setupRequest: (req) => ({
        ...req,
        path: "/api/tickets",
        body: JSON.stringify({
          requesterId: pick(fx.requesters),
          serviceId: pick(fx.services),
          assigneeId: pick(fx.assignees),
          subject: `Atendimento de carga ${++n}`,
          description: "Criado pelo benchmark HTTP: conferir documentos e emitir as guias do mês.",
          amountCents: 35000,
        }),
      }),
    };
  }
  // status and message: each request takes a free atendimento and gives it back when answered
  const take = (from: PoolTicket[]) => {
    const free = from.filter((t) => !t.busy);
    const t = pick(free.length ? free : from);
    t.busy = true;
    return t;
  };
  if (w === "message") {
    return {
      path: "/api/tickets",
      setupRequest: (req, ctx) => {
        const t = take(fx.chat);
        ctx.t = t;
        return {
          ...req,
          path: `/api/tickets/${t.id}/messages`,
          body: JSON.stringify({ body: `Mensagem de carga ${++n}: pode enviar os extratos do mês?` }),
        };
      },
      onResponse: (_status, _body, ctx) => {
        (ctx.t as PoolTicket).busy = false;
      },
    };
  }
  return {
    path: "/api/tickets",
    setupRequest: (req, ctx) => {
      const t = take(fx.pool);
      ctx.t = t;
      return {
        ...req,
        path: `/api/tickets/${t.id}/status`,
        body: JSON.stringify({
          status: t.status === "analysing" ? "waiting" : "analysing",
          version: t.version,
        }),
      };
    },
    onResponse: (status, body, ctx) => {
      const t = ctx.t as PoolTicket;
      t.busy = false;
      if (status !== 200) {
        // a stale version (should not happen: one request per atendimento at a time): forget it
        fx.pool.splice(fx.pool.indexOf(t), 1);
        return;
      }
      const d = JSON.parse(body) as { version: number; status: string; email: { state?: string } | null };
      t.version = d.version;
      t.status = d.status;
      const state = d.email?.state ?? "none";
      emails[state] = (emails[state] ?? 0) + 1;
    },
  };
}

/** E-mails still in the outbox (queued or being sent) of the session's office. */
async function outboxPending(url: string, s: Session): Promise<number> {
  let pending = 0;
  for (const state of ["queued", "sending"]) {
    const r = await api<Page<unknown>>(url, s, "GET", `/api/emails?state=${state}&pageSize=1`);
    pending += r.total;
  }
  return pending;
}

/** Waits for the e-mail worker to empty the outbox: how fast it delivers once nobody wakes it. */
async function drainOutbox(url: string, s: Session, maxMs: number) {
  const t0 = performance.now();
  const atStart = await outboxPending(url, s);
  let left = atStart;
  while (left > 0 && performance.now() - t0 < maxMs) {
    await new Promise((res) => setTimeout(res, 1000));
    left = await outboxPending(url, s);
  }
  const seconds = (performance.now() - t0) / 1000;
  return {
    atStart,
    left,
    seconds: round(seconds, 1),
    sentPerSec: round((atStart - left) / Math.max(seconds, 0.001), 1),
  };
}

async function cli() {
  const { values, target } = parseFlags(
    {
      office: { type: "string", default: "1" },
      connections: { type: "string", default: "1,10,50" },
      duration: { type: "string", default: "10" },
      warmup: { type: "string", default: "2" },
      only: { type: "string", default: [...GRID, ...WRITES].join(",") },
      "deep-page": { type: "string" },
      search: { type: "string", default: "certidao negativa" },
      "skip-sql": { type: "boolean", default: false },
      "skip-bare": { type: "boolean", default: false },
      "mail-wait-ms": { type: "string", default: "5000" },
      "pg-pool": { type: "string", default: "10" },
      "drain-s": { type: "string", default: "60" },
      "log-level": { type: "string", default: "warn" },
      port: { type: "string", default: "3300" },
      "bare-port": { type: "string", default: "3399" },
    },
    USAGE,
  );
  const all = new Set<string>([...GRID, ...WRITES]);
  const only = new Set(
    String(values.only)
      .split(",")
      .map((x) => x.trim())
      .filter(Boolean),
  );
  for (const x of only) if (!all.has(x)) throw new Error(`unknown scenario ${x}`);
  const r = await runHttp({
    target,
    office: Number(values.office),
    connections: numberList(String(values.connections)),
    duration: Number(values.duration),
    warmup: Number(values.warmup),
    only: only as Set<Scenario>,
    deepPage: values["deep-page"] ? Number(values["deep-page"]) : undefined,
    search: String(values.search),
    skipSql: Boolean(values["skip-sql"]),
    skipBare: Boolean(values["skip-bare"]),
    mailWaitMs: Number(values["mail-wait-ms"]),
    pgPool: Number(values["pg-pool"]),
    drainSeconds: Number(values["drain-s"]),
    logLevel: String(values["log-level"]),
    port: Number(values.port),
    barePort: Number(values["bare-port"]),
  });
  writeResult(target.db === "pglite" ? "http-pglite" : "http", r);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  cli().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
