/**
 * Outbound e-mail at scale (issue 14 §2): the app (separate process, workers on) against an SMTP sink
 * that accepts each message only after --accept-ms (default 50 ms, a real server's pace).
 *
 *   1. drain: N e-mails queued at once across --offices offices → time until all are sent (e-mails/s)
 *   2. fairness: office A queues --backlog e-mails, then office B one status e-mail → B's delivery
 *      time (and how many of A's went before it)
 *
 * E-mails are queued in this process with the tree's own `queueEmail` (the outbox row and, on code
 * before ADR 0018, its pg-boss job), exactly as a status change writes them. Runs unchanged on the
 * code before and after issue 14 §2 (copy it into the other tree). PostgreSQL only.
 *
 *   npx tsx bench/mail-outbound.ts --url postgres://postgres@127.0.0.1:55432/atende_h4_bench
 */
import { SMTPServer } from "smtp-server";
import { connectPostgres } from "../src/server/db/client.js";
import { startJobQueue } from "../src/server/jobs/queue.js";
import { queueEmail } from "../src/server/modules/mail/outbox.js";
import { startApp } from "./lib/app.js";
import { machine, printTable, round, sleep, writeResult } from "./lib/report.js";
import { parseFlags } from "./lib/target.js";

const USAGE = `
npx tsx bench/mail-outbound.ts [flags]
  --url URL            PostgreSQL (default BENCH_DATABASE_URL or the bench default); the app migrates it
  --emails N           e-mails of the drain run (default 2000)
  --offices N          offices the drain's e-mails are spread over (default 10)
  --backlog N          office A's backlog in the fairness run (default 5000)
  --accept-ms N        the sink accepts each message after this long (default 50)
  --fair-timeout-s S   give up waiting for B's e-mail after S s (default 120; reported as null)
  --port N             app port (default 3310); --sink-port N (default 2598)
  --env K=V,K=V        extra app environment (e.g. MAIL_CONCURRENCY=64)
`;

const { values } = parseFlags(
  {
    emails: { type: "string", default: "2000" },
    offices: { type: "string", default: "10" },
    backlog: { type: "string", default: "5000" },
    "accept-ms": { type: "string", default: "50" },
    "fair-timeout-s": { type: "string", default: "120" },
    port: { type: "string", default: "3310" },
    "sink-port": { type: "string", default: "2598" },
    env: { type: "string", default: "" },
  },
  USAGE,
);
const url = String(values.url);
const o = {
  emails: Number(values.emails),
  offices: Number(values.offices),
  backlog: Number(values.backlog),
  acceptMs: Number(values["accept-ms"]),
  fairTimeoutMs: Number(values["fair-timeout-s"]) * 1000,
  port: Number(values.port),
  sinkPort: Number(values["sink-port"]),
  env: Object.fromEntries(
    String(values.env)
      .split(",")
      .filter(Boolean)
      .map((kv) => kv.split("=") as [string, string]),
  ),
};

/** An SMTP sink that takes `acceptMs` to accept each message; counts them and their arrival times. */
async function startSlowSink(port: number, acceptMs: number) {
  const arrivals = new Map<string, number>();
  let received = 0;
  let active = 0;
  let maxActive = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onData(stream, session, callback) {
      active++;
      maxActive = Math.max(maxActive, active);
      stream.on("end", () => {
        setTimeout(() => {
          active--;
          received++;
          for (const r of session.envelope.rcptTo) arrivals.set(r.address, performance.now());
          callback();
        }, acceptMs);
      });
      stream.resume();
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  return {
    arrivals,
    get received() {
      return received;
    },
    get maxActive() {
      return maxActive;
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

const log = (s: string) => console.log(s);

async function main() {
  const sink = await startSlowSink(o.sinkPort, o.acceptMs);
  const target = { db: "postgres" as const, url, dataDir: "/tmp/atende-bench-mail" };
  // a first start migrates the database; the drain's e-mails are then queued while no worker runs
  let app = await startApp(target, { port: o.port, extraEnv: o.env });
  await app.stop();
  const database = connectPostgres(url, 4);
  const jobs = await startJobQueue(database, { runWorkers: false, retryDelaySeconds: 15 });
  const q = (text: string, params: unknown[] = []) => database.rawQuery(text, params);
  const results: Record<string, unknown>[] = [];
  try {
    const tag = Date.now().toString(36);
    const newOffice = async (name: string) => {
      const { rows } = await q("insert into offices (name) values ($1) returning id", [`${name} ${tag}`]);
      const id = (rows[0] as { id: string }).id;
      await q(
        `insert into office_mail_settings (office_id, host, port, security, from_name, from_address)
         values ($1, '127.0.0.1', $2, 'none', $3, 'bench@contabilidade.com.br')`,
        [id, o.sinkPort, name],
      );
      return id;
    };
    const queueMany = async (officeId: string, n: number, prefix: string) => {
      // one transaction per 500: the e-mails appear in large commits, like a month-end batch
      for (let done = 0; done < n; done += 500) {
        await database.db.transaction(async (tx) => {
          for (let i = done; i < Math.min(n, done + 500); i++)
            await queueEmail(tx, jobs, {
              officeId,
              ticketId: null,
              kind: "status_changed",
              to: [`${prefix}${i}@cliente.com.br`],
              content: { subject: `Bench ${prefix} ${i}`, html: `<p>${i}</p>`, text: `${i}` },
              createdBy: null,
            });
        });
      }
    };
    const pendingOf = async (officeIds: string[]) => {
      const { rows } = await q(
        "select count(*)::int as n from emails where office_id = any($1::uuid[]) and state <> 'sent'",
        [officeIds],
      );
      return (rows[0] as { n: number }).n;
    };

    // ---- 1. drain
    const offices: string[] = [];
    for (let i = 0; i < o.offices; i++) offices.push(await newOffice(`Bench Envio ${i + 1}`));
    const per = Math.ceil(o.emails / o.offices);
    for (const [i, id] of offices.entries()) await queueMany(id, per, `d${i}x`);
    const before = sink.received;
    const t0 = performance.now();
    app = await startApp(target, { port: o.port, extraEnv: o.env });
    const readyS = (performance.now() - t0) / 1000;
    let left = await pendingOf(offices);
    while (left > 0 && performance.now() - t0 < 600_000) {
      await sleep(100);
      left = await pendingOf(offices);
    }
    const drainS = (performance.now() - t0) / 1000;
    const total = per * o.offices;
    const times = [...sink.arrivals.entries()].filter(([k]) => k.startsWith("d")).map(([, t]) => t);
    const sinkSpanS = (Math.max(...times) - Math.min(...times)) / 1000;
    const drainRow = {
      scenario: "drain",
      emails: total,
      offices: o.offices,
      acceptMs: o.acceptMs,
      /** spawn of the app → every e-mail sent (includes the app's start) */
      seconds: round(drainS, 2),
      appReadyS: round(readyS, 2),
      /** first → last arrival at the sink: the delivery rate itself */
      perSecond: round((times.length - 1) / sinkSpanS, 1),
      perSecondWithStart: round(total / drainS, 1),
      sinkReceived: sink.received - before,
      sinkMaxConcurrent: sink.maxActive,
    };
    results.push(drainRow);
    log(
      `drain: ${total} e-mails in ${drainRow.seconds} s (with start) → ${drainRow.perSecond}/s at the sink`,
    );

    // ---- 2. fairness: A's backlog, then B's one status e-mail
    const a = await newOffice("Bench Escritório A");
    const b = await newOffice("Bench Escritório B");
    await queueMany(a, o.backlog, "a");
    const bStart = performance.now();
    await queueMany(b, 1, "b");
    let bAt: number | undefined;
    while (performance.now() - bStart < o.fairTimeoutMs) {
      bAt = sink.arrivals.get("b0@cliente.com.br");
      if (bAt) break;
      await sleep(20);
    }
    const aBefore = [...sink.arrivals.entries()].filter(
      ([k, t]) => k.startsWith("a") && bAt !== undefined && t <= bAt,
    ).length;
    const fairRow = {
      scenario: "fairness",
      backlogA: o.backlog,
      bDeliveredS: bAt === undefined ? null : round((bAt - bStart) / 1000, 2),
      aSentBeforeB: aBefore,
      aPendingWhenBSent: await pendingOf([a]),
    };
    results.push(fairRow);
    log(`fairness: B delivered after ${fairRow.bDeliveredS} s, ${aBefore} of A's before it`);
    // the rest of A's backlog is not measured: taken out of the queue so the app stops quickly
    await q("update emails set state = 'failed' where office_id = $1 and state in ('queued', 'retrying')", [
      a,
    ]);
  } finally {
    await jobs.stop();
    await database.close();
    await app.stop();
    await sink.close();
  }
  printTable(results);
  writeResult("mail-outbound", { options: o, results, machineAtEnd: machine() });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
