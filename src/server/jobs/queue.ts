import PgBoss from "pg-boss";
import plans from "pg-boss/src/plans.js";
import { type Database, type Executor, txRawQuery } from "../db/client.js";
import { isDatabaseUnavailable } from "../lib/sql.js";

const SCHEMA = "pgboss";

export const QUEUES = { email: "email.deliver", digest: "message.digest" } as const;

export interface JobQueue {
  boss: PgBoss;
  /** enqueue inside the caller's transaction: the job exists only if the change commits */
  send(tx: Executor, queue: string, data: object, options?: PgBoss.SendOptions): Promise<string | null>;
  /** wake this instance's workers of a queue now instead of at their next poll */
  wake(queue: string): void;
  work<T extends object>(queue: string, handler: (job: PgBoss.Job<T>) => Promise<void>): Promise<void>;
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
  await boss.start();
  await boss.createQueue(QUEUES.email, {
    name: QUEUES.email,
    retryLimit: 8,
    retryDelay: opts.retryDelaySeconds,
    retryBackoff: true,
    expireInSeconds: 120,
  });
  await boss.createQueue(QUEUES.digest, {
    name: QUEUES.digest,
    retryLimit: 5,
    retryDelay: opts.retryDelaySeconds,
    retryBackoff: true,
    expireInSeconds: 120,
  });
  const workers = new Map<string, string[]>();
  return {
    boss,
    send: (tx, queue, data, options = {}) =>
      boss.send(queue, data, { ...options, db: { executeSql: txRawQuery(tx) } } as PgBoss.SendOptions),
    wake(queue) {
      for (const id of workers.get(queue) ?? []) boss.notifyWorker(id);
    },
    async work(queue, handler) {
      if (!opts.runWorkers) return;
      // pg-boss waits pollingIntervalSeconds after every fetch: a backlog would drain at one job a
      // second. After a batch that had jobs (the callback only runs then), fetch the next one at once.
      let id = "";
      id = await boss.work(queue, { pollingIntervalSeconds: 1, batchSize: 1 }, async (jobs) => {
        for (const job of jobs) await handler(job as PgBoss.Job<never>);
        if (id) boss.notifyWorker(id);
      });
      workers.set(queue, [...(workers.get(queue) ?? []), id]);
    },
    stop: () => boss.stop({ graceful: true, wait: true, timeout: 10_000 }),
  };
}
