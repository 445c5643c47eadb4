import PgBoss from "pg-boss";
import plans from "pg-boss/src/plans.js";
import { type Database, type Executor, txRawQuery } from "../db/client.js";
import { isDatabaseUnavailable } from "../lib/sql.js";

/** the schema pg-boss keeps its tables in */
export const JOB_SCHEMA = "pgboss";
const SCHEMA = JOB_SCHEMA;

export const QUEUES = { email: "email.deliver", digest: "message.digest" } as const;

/**
 * E-mail priorities (the `emails.priority` column, higher goes first; ADR 0018): what a person just
 * did (status change, Notificar, cobrança…), then bulk (régua reminders, digests), then retries — a
 * backlog of retries never delays a first attempt.
 */
export const EMAIL_PRIORITY = { person: 10, reminder: 0, bulk: 0, retry: -10 } as const;

export interface JobQueue {
  boss: PgBoss;
  /** enqueue inside the caller's transaction: the job exists only if the change commits */
  send(tx: Executor, queue: string, data: object, options?: PgBoss.SendOptions): Promise<string | null>;
  /** wake this instance's workers of a queue now instead of at their next poll */
  wake(queue: string): void;
  /** also run `fn` on wake(queue): the e-mail dispatcher, which claims from the outbox itself */
  onWake(queue: string, fn: () => void): () => void;
  work<T extends object>(queue: string, handler: (job: PgBoss.Job<T>) => Promise<void>): Promise<void>;
  /** false once stop() began (or pg-boss stopped by itself): readiness fails */
  isRunning(): boolean;
  /** jobs of a queue waiting for a worker (created or waiting for a retry) */
  depth(queue: string): Promise<number>;
  stop(): Promise<void>;
}

/**
 * pg-boss on the same PostgreSQL (or PGlite) as the data, through our own connection, so jobs are
 * written in the same transaction as the change that causes them (transactional outbox).
 */
export async function startJobQueue(
  database: Database,
  opts: { runWorkers: boolean; retryDelaySeconds: number },
): Promise<JobQueue> {
  // pg-boss 10's worker completes or fails a finished job without awaiting it: while the database
  // is away that rejection would be unhandled. Those two statements log instead of rejecting; the
  // job stays active, expires (expireInSeconds) and is retried — e-mail sends are idempotent.
  const settling = new Set([plans.completeJobs(SCHEMA), plans.failJobsById(SCHEMA)]);
  const executeSql = async (text: string, values: unknown[]) => {
    try {
      return await database.rawQuery(text, values);
    } catch (err) {
      if (!settling.has(text) || !isDatabaseUnavailable(err)) throw err;
      console.warn("[jobs] database unavailable while settling a job; it will expire and be retried");
      return { rows: [{ count: "0" }] };
    }
  };
  const boss = new PgBoss({
    db: { executeSql },
    schema: SCHEMA,
    supervise: opts.runWorkers,
    schedule: false,
    migrate: true,
  } as PgBoss.ConstructorOptions);
  boss.on("error", (err) => console.error("[jobs]", err));
  let running = false;
  boss.on("stopped", () => {
    running = false;
  });
  await boss.start();
  running = true;
  // createQueue does nothing when the queue exists, so the options of the first start would stay
  // for good: update them on every start so a changed setting (MAIL_RETRY_DELAY_SECONDS) applies
  await ensureQueue(boss, QUEUES.email, {
    retryLimit: 8,
    retryDelay: opts.retryDelaySeconds,
    retryBackoff: true,
    expireInSeconds: 120,
  });
  await ensureQueue(boss, QUEUES.digest, {
    retryLimit: 5,
    retryDelay: opts.retryDelaySeconds,
    retryBackoff: true,
    expireInSeconds: 120,
  });
  const workers = new Map<string, string[]>();
  const wakers = new Map<string, Set<() => void>>();
  return {
    boss,
    send: (tx, queue, data, options = {}) =>
      boss.send(queue, data, { ...options, db: { executeSql: txRawQuery(tx) } } as PgBoss.SendOptions),
    wake(queue) {
      for (const id of workers.get(queue) ?? []) boss.notifyWorker(id);
      for (const fn of wakers.get(queue) ?? []) fn();
    },
    onWake(queue, fn) {
      const set = wakers.get(queue) ?? new Set();
      set.add(fn);
      wakers.set(queue, set);
      return () => set.delete(fn);
    },
    async work(queue, handler) {
      if (!opts.runWorkers) return;
      // pg-boss waits pollingIntervalSeconds after every fetch: a backlog would drain at one job a
      // second. After a batch that had jobs (the callback only runs then), fetch the next one at once.
      let id = "";
      // Also after a job that failed: the next one (say, a first attempt behind a failed retry) must
      // not wait the interval either.
      id = await boss.work(queue, { pollingIntervalSeconds: 1, batchSize: 1 }, async (jobs) => {
        try {
          for (const job of jobs) await handler(job as PgBoss.Job<never>);
        } finally {
          if (id) boss.notifyWorker(id);
        }
      });
      workers.set(queue, [...(workers.get(queue) ?? []), id]);
    },
    isRunning: () => running,
    depth: (queue) => boss.getQueueSize(queue),
    stop: () => {
      running = false;
      return boss.stop({ graceful: true, wait: true, timeout: 10_000 });
    },
  };
}

/** Creates the queue, or brings an existing one to these options (new jobs copy them at send). */
async function ensureQueue(boss: PgBoss, name: string, options: Omit<PgBoss.Queue, "name">) {
  await boss.createQueue(name, { name, ...options });
  await boss.updateQueue(name, { name, ...options });
}
