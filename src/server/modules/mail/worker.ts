import type { Db } from "../../db/client.js";
import { QUEUES } from "../../jobs/queue.js";
import { type DispatchLimits, MailDispatcher } from "./dispatcher.js";
import { type MailDelivery, recoverInterruptedSends } from "./sender.js";

/**
 * Starts the e-mail dispatcher of this instance (ADR 0018) and connects it to `jobs.wake(QUEUES.email)`,
 * which every command that queues an e-mail calls after its commit. Jobs of the e-mail queue left by
 * an older version (one job per e-mail) only wake the dispatcher: the outbox row is the queue now.
 */
export async function startEmailWorker(
  db: Db,
  d: MailDelivery,
  limits: DispatchLimits,
  log?: { error(obj: object, msg?: string): void },
) {
  const dispatcher = new MailDispatcher(db, d, limits, log);
  const off = d.jobs.onWake(QUEUES.email, () => dispatcher.wake());
  await d.jobs.work(QUEUES.email, async () => {
    // such a job may be all that is left of an e-mail whose sender died: put those back first
    await recoverInterruptedSends(db);
    dispatcher.wake();
  });
  await dispatcher.start();
  return {
    dispatcher,
    stop: async () => {
      off();
      await dispatcher.stop();
    },
  };
}
