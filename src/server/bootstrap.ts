import { randomBytes } from "node:crypto";
import type { Config } from "./config.js";
import type { Database } from "./db/client.js";
import { type JobQueue, startJobQueue } from "./jobs/queue.js";
import { loadSecretKey } from "./lib/secrets.js";
import { startEmailWorker } from "./modules/mail/worker.js";

export interface Services {
  jobs: JobQueue;
  secretKey: Buffer;
  stop(): Promise<void>;
}

/** The parts around the database that the app needs: the job queue, its workers, the secret key. */
export async function startServices(config: Config, database: Database, opts: { ephemeral?: boolean } = {}) {
  const secretKey =
    opts.ephemeral && !config.secretKeyHex
      ? randomBytes(32)
      : loadSecretKey(config.secretKeyHex, config.dataDir);
  const jobs = await startJobQueue(database, {
    runWorkers: config.runWorkers,
    retryDelaySeconds: config.mailRetryDelaySeconds,
  });
  await startEmailWorker(database.db, jobs, secretKey);
  return { jobs, secretKey, stop: () => jobs.stop() } satisfies Services;
}
