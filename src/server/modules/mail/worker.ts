import type { Db } from "../../db/client.js";
import { QUEUES } from "../../jobs/queue.js";
import { deliverEmail, type MailDelivery, recoverInterruptedSends } from "./sender.js";

/**
 * The e-mail worker. Retries are scheduled by the sender itself (a new job at the e-mail's
 * `next_attempt_at`), so a delivery outcome never fails the job; only an unexpected error (the
 * database went away) does, and pg-boss then retries the job. At start, e-mails a dead process left
 * "sending" are put back in the queue at once.
 */
export async function startEmailWorker(db: Db, d: MailDelivery) {
  await recoverInterruptedSends(db, d.jobs);
  await d.jobs.work<{ emailId: string }>(QUEUES.email, async (job) => {
    await deliverEmail(db, d, job.data.emailId);
  });
}
