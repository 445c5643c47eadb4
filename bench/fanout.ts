/**
 * Chat fan-out: N websockets on /api/ws (office staff and, optionally, the client's portal user),
 * all following one atendimento; messages are posted over HTTP and the time from the POST to each
 * socket's arrival is measured. p50/p95/p99 over every (message, socket) pair, and the time to the
 * last socket per message.
 *
 *   npx tsx bench/fanout.ts                          # 1,000 sockets, 20 messages, PostgreSQL
 *   npx tsx bench/fanout.ts --sockets 200 --messages 5 --db pglite --data-dir bench/data/pglite-100k
 *
 * One session cookie opens many sockets (the hub has no per-user limit), so the sockets are spread
 * over --staff-users logins (the admin and staff<K>.o<N>) to have several people "viewing" it.
 */
import { pathToFileURL } from "node:url";
import pg from "pg";
import WebSocket from "ws";
import type { MessageDto, Page, PortalTicket } from "../src/shared/api.js";
import { type AppProcess, api, login, procStats, type Session, sampleProcess, startApp } from "./lib/app.js";
import { percentiles, printTable, round, sleep, writeResult } from "./lib/report.js";
import {
  BENCH_PASSWORD,
  benchAdminEmail,
  benchStaffEmail,
  describeTarget,
  parseFlags,
  type Target,
} from "./lib/target.js";

const USAGE = `
npx tsx bench/fanout.ts [flags]
  --db postgres|pglite --url URL --data-dir DIR   the database (see bench/generate.ts)
  --office N            the bench office (default 1)
  --sockets N           websockets in all (default 1000)
  --client-sockets N    of which logged in as the client's portal user (default 0)
  --staff-users N       staff logins the staff sockets are spread over (default 9: admin + 8 staff)
  --messages N          messages posted, one at a time (default 20)
  --pause-ms N          pause between messages once every socket got the previous one (default 200)
  --timeout-ms N        give up waiting for a message on the remaining sockets after (default 10000)
  --port N              app port (default 3310)
`;

interface Sock {
  ws: WebSocket;
  kind: "staff" | "client";
  /** arrival times (performance.now()) of the current message's marker */
  got?: number;
}

export interface FanoutOptions {
  target: Target;
  office: number;
  sockets: number;
  clientSockets: number;
  staffUsers: number;
  messages: number;
  pauseMs: number;
  timeoutMs: number;
  port: number;
}

async function openSocket(url: string, s: Session, ticketId: string, kind: Sock["kind"]): Promise<Sock> {
  const ws = new WebSocket(`${url.replace(/^http/, "ws")}/api/ws`, {
    headers: { cookie: s.cookie, origin: url },
    perMessageDeflate: false,
  });
  const sock: Sock = { ws, kind };
  await new Promise<void>((resolve, reject) => {
    const fail = (why: string) => {
      clearTimeout(timer);
      reject(new Error(`websocket: ${why}`));
    };
    const timer = setTimeout(() => fail("no 'subscribed' within 30 s"), 30_000);
    ws.on("error", (e) => fail(e.message));
    ws.on("close", (code, reason) => fail(`closed ${code} ${reason.toString()}`));
    ws.on("open", () => ws.send(JSON.stringify({ type: "subscribe", ticketId })));
    const onMessage = (data: WebSocket.RawData) => {
      if (data.toString().includes('"type":"subscribed"')) {
        clearTimeout(timer);
        ws.off("message", onMessage);
        ws.removeAllListeners("close");
        ws.removeAllListeners("error");
        ws.on("error", () => {});
        resolve();
      }
    };
    ws.on("message", onMessage);
  });
  return sock;
}

export async function runFanout(o: FanoutOptions) {
  let app: AppProcess | undefined;
  const socks: Sock[] = [];
  try {
    app = await startApp(o.target, { port: o.port, mailWaitMs: 0 });
    const url = app.url;
    console.log(`${describeTarget(o.target)}: app pid ${app.pid} ready in ${Math.round(app.startMs)} ms`);
    const poster = await login(url, benchAdminEmail(o.office), BENCH_PASSWORD);
    // the client user's company has atendimentos: follow its most recent one
    const client = await login(url, `cliente1.o${o.office}@bench.atende.com.br`, BENCH_PASSWORD);
    const portal = await api<Page<PortalTicket>>(url, client, "GET", "/api/portal/tickets?pageSize=1");
    const ticket = portal.items[0];
    if (!ticket) throw new Error("the client user has no atendimento");
    const staff: Session[] = [poster];
    for (let k = 1; k < o.staffUsers; k++)
      staff.push(await login(url, benchStaffEmail(o.office, k), BENCH_PASSWORD));

    const rssBefore = procStats(app.pid)?.rssMiB ?? 0;
    const t0 = performance.now();
    for (let i = 0; i < o.sockets; i += 50) {
      const batch = [];
      for (let j = i; j < Math.min(o.sockets, i + 50); j++) {
        const isClient = j < o.clientSockets;
        batch.push(
          openSocket(
            url,
            isClient ? client : (staff[j % staff.length] as Session),
            ticket.id,
            isClient ? "client" : "staff",
          ),
        );
      }
      socks.push(...(await Promise.all(batch)));
    }
    const connectSeconds = (performance.now() - t0) / 1000;
    const rssConnected = procStats(app.pid)?.rssMiB ?? 0;
    console.log(
      `${socks.length} sockets subscribed to ${ticket.protocol} in ${round(connectSeconds, 1)} s (app RSS ${Math.round(rssBefore)} → ${Math.round(rssConnected)} MiB)`,
    );
    await sleep(1000); // presence announcements settle

    const all: number[] = [];
    const lastPerMessage: number[] = [];
    const posts: number[] = [];
    let missed = 0;
    // PostgreSQL: statements the app ran per message (transactions committed on the database)
    const commits = async () => {
      if (o.target.db !== "postgres") return undefined;
      const c = new pg.Client({ connectionString: o.target.url });
      await c.connect();
      const r = await c.query(
        "select xact_commit::bigint as n from pg_stat_database where datname = current_database()",
      );
      await c.end();
      return Number(r.rows[0]?.n);
    };
    const commitsBefore = await commits();
    const sampler = sampleProcess(app.pid);
    const run = `${Date.now().toString(36)}`;
    for (let m = 1; m <= o.messages; m++) {
      const marker = `fanout-${run}-${m}`;
      let left = socks.length;
      let done: () => void = () => {};
      const allIn = new Promise<void>((r) => {
        done = r;
      });
      for (const s of socks) {
        s.got = undefined;
        s.ws.removeAllListeners("message");
        s.ws.on("message", (data) => {
          const at = performance.now();
          if (s.got === undefined && data.toString().includes(marker)) {
            s.got = at;
            if (--left === 0) done();
          }
        });
      }
      const start = performance.now();
      await api<MessageDto>(url, poster, "POST", `/api/tickets/${ticket.id}/messages`, {
        body: `Mensagem ${m} para todos (${marker})`,
      });
      posts.push(performance.now() - start);
      await Promise.race([allIn, sleep(o.timeoutMs)]);
      let last = 0;
      for (const s of socks) {
        if (s.got === undefined) {
          missed++;
          continue;
        }
        all.push(s.got - start);
        last = Math.max(last, s.got - start);
      }
      lastPerMessage.push(last);
      await sleep(o.pauseMs);
    }
    const proc = sampler.stop();
    await sleep(600); // the statistics collector flushes every 500 ms
    const commitsAfter = await commits();
    const txPerMessage =
      commitsBefore !== undefined && commitsAfter !== undefined
        ? Math.round((commitsAfter - commitsBefore) / o.messages)
        : undefined;
    const every = percentiles(all);
    const lastP = percentiles(lastPerMessage);
    const postP = percentiles(posts);
    const rows = [
      { measure: "POST → socket (every socket, every message)", ...every },
      { measure: "POST → last socket (per message)", ...lastP },
      { measure: "POST response", ...postP },
    ];
    console.log(
      `\n${o.sockets} sockets (${o.clientSockets} client, ${o.sockets - o.clientSockets} staff over ${o.staffUsers} logins), ${o.messages} messages, ${missed} deliveries missed\n`,
    );
    printTable(rows, ["measure", "n", "p50", "p95", "p99", "max", "mean"]);
    console.log(`\napp RSS peak ${proc.rssPeakMiB} MiB, CPU ${proc.cpuCores} cores while posting`);
    if (txPerMessage !== undefined)
      console.log(`database transactions per message (all statements of the app meanwhile): ${txPerMessage}`);
    return {
      target: describeTarget(o.target),
      options: { ...o, target: undefined },
      ticket: ticket.protocol,
      connectSeconds: round(connectSeconds, 2),
      rssMiB: { before: Math.round(rssBefore), connected: Math.round(rssConnected), peak: proc.rssPeakMiB },
      cpuCores: proc.cpuCores,
      dbTransactionsPerMessage: txPerMessage,
      missed,
      perSocket: every,
      lastSocket: lastP,
      post: postP,
    };
  } finally {
    for (const s of socks) s.ws.terminate();
    await app?.stop();
  }
}

async function cli() {
  const { values, target } = parseFlags(
    {
      office: { type: "string", default: "1" },
      sockets: { type: "string", default: "1000" },
      "client-sockets": { type: "string", default: "0" },
      "staff-users": { type: "string", default: "9" },
      messages: { type: "string", default: "20" },
      "pause-ms": { type: "string", default: "200" },
      "timeout-ms": { type: "string", default: "10000" },
      port: { type: "string", default: "3310" },
    },
    USAGE,
  );
  const r = await runFanout({
    target,
    office: Number(values.office),
    sockets: Number(values.sockets),
    clientSockets: Number(values["client-sockets"]),
    staffUsers: Number(values["staff-users"]),
    messages: Number(values.messages),
    pauseMs: Number(values["pause-ms"]),
    timeoutMs: Number(values["timeout-ms"]),
    port: Number(values.port),
  });
  writeResult(target.db === "pglite" ? "fanout-pglite" : "fanout", r);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  cli().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
