import type { Db } from "../../db/client.js";
import { type JobQueue, QUEUES } from "../../jobs/queue.js";
import { deliverEmail } from "./sender.js";

/** The e-mail worker: a job that ends in "retry" or "busy" throws, so pg-boss retries it with backoff. */
export async function startEmailWorker(db: Db, jobs: JobQueue, secretKey: Buffer) {
  await jobs.work<{ emailId: string }>(QUEUES.email, async (job) => {
    const result = await deliverEmail(db, secretKey, job.data.emailId);
    if (result === "retry" || result === "busy") throw new Error(`e-mail ${job.data.emailId}: ${result}`);
  });
}
