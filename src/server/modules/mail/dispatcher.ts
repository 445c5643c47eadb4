import type { Db } from "../../db/client.js";
import * as repo from "./repository.js";
import {
  DEFAULT_CLAIM_LEASE_SECONDS,
  type MailDelivery,
  recoverInterruptedSends,
  sendClaimed,
} from "./sender.js";

export interface DispatchLimits {
  /** e-mails this instance sends at once, all offices together (MAIL_CONCURRENCY) */
  concurrency: number;
  /** e-mails one office has in flight at once, all instances together (MAIL_OFFICE_CONNECTIONS) */
  perOffice: number;
  /** look for due e-mails (retries, other instances' e-mails) this often; 0 = only when woken (tests) */
  pollMs: number;
  /** only these offices' e-mails (tests on a shared database); default: all */
  officeIds?: string[];
}

type Log = { error(obj: object, msg?: string): void };

/**
 * The e-mail dispatcher (ADR 0018): the `emails` table is the queue. It claims due e-mails in
 * batches — fair across offices, person-first, bounded per office (`claimDueEmails`) — and sends up
 * to `concurrency` of them at once through each office's pooled transport. A finished send claims
 * the next batch at once; otherwise it is woken by whoever queued an e-mail in this instance
 * (`jobs.wake(QUEUES.email)`) and polls for the rest. One heartbeat renews the claims of every e-mail
 * in flight; a periodic sweep puts back those of a dead instance.
 */
export class MailDispatcher {
  private readonly inFlight = new Map<string, Promise<void>>();
  private claiming: Promise<void> | undefined;
  private again = false;
  private stopped = false;
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly now: () => Date;
  private readonly lease: number;

  constructor(
    private readonly db: Db,
    private readonly d: MailDelivery,
    private readonly limits: DispatchLimits,
    private readonly log: Log = console,
  ) {
    this.now = d.now ?? (() => new Date());
    this.lease = d.claimLeaseSeconds ?? DEFAULT_CLAIM_LEASE_SECONDS;
  }

  /** Recovers the sends a dead process left, then starts polling, renewing and sweeping. */
  async start() {
    await recoverInterruptedSends(this.db);
    const every = (ms: number, fn: () => Promise<unknown>) => {
      const t = setInterval(
        () => void fn().catch((err: unknown) => this.log.error({ err }, "mail dispatcher")),
        ms,
      );
      t.unref();
      this.timers.push(t);
    };
    if (this.limits.pollMs > 0) every(this.limits.pollMs, async () => this.wake());
    every((this.lease * 1000) / 3, () => this.renew());
    every(this.lease * 1000, async () => {
      if ((await recoverInterruptedSends(this.db)) > 0) this.wake();
    });
    this.wake();
  }

  /** Look for due e-mails now (a new e-mail was queued in this instance). */
  wake() {
    if (this.stopped) return;
    void this.pump().catch((err: unknown) => this.log.error({ err }, "mail dispatcher claim failed"));
  }

  /** e-mails being sent by this dispatcher right now */
  get sending() {
    return this.inFlight.size;
  }

  /**
   * Claims and starts sends while there are free slots and due e-mails. Never two claims at once in
   * this dispatcher: a wake during a claim runs one more round after it.
   */
  pump(): Promise<void> {
    if (this.claiming) {
      this.again = true;
      return this.claiming;
    }
    this.claiming = (async () => {
      try {
        do {
          this.again = false;
          for (;;) {
            const free = this.limits.concurrency - this.inFlight.size;
            if (this.stopped || free <= 0) break;
            const rows = await repo.claimDueEmails(this.db, {
              limit: free,
              perOffice: this.limits.perOffice,
              leaseSeconds: this.lease,
              now: this.now(),
              officeIds: this.limits.officeIds,
            });
            for (const row of rows) this.launch(row);
            if (rows.length < free) break;
          }
        } while (this.again && !this.stopped);
      } finally {
        this.claiming = undefined;
      }
    })();
    return this.claiming;
  }

  private launch(row: repo.EmailRow) {
    const p = sendClaimed(this.db, this.d, row)
      .then((outcome) => {
        // look again when the retry (or the office's pause) is due, not at the next poll
        if (outcome.retryAt) this.wakeAt(outcome.retryAt);
      })
      .catch((err: unknown) => {
        // the database went away mid-outcome: the claim expires and the sweep puts the e-mail back
        this.log.error({ err, emailId: row.id }, "e-mail send failed to record its outcome");
      })
      .finally(() => {
        this.inFlight.delete(row.id);
        this.wake();
      });
    this.inFlight.set(row.id, p);
  }

  private readonly wakeTimers = new Set<NodeJS.Timeout>();
  private wakeAt(at: Date) {
    const t = setTimeout(
      () => {
        this.wakeTimers.delete(t);
        this.wake();
      },
      Math.max(at.getTime() - this.now().getTime(), 0) + 10,
    );
    t.unref();
    this.wakeTimers.add(t);
  }

  private async renew() {
    await repo.renewClaims(this.db, [...this.inFlight.keys()], this.lease, this.now());
  }

  /**
   * Tests and benches: claims and sends until nothing is due (by this dispatcher's clock) and no
   * send is in flight.
   */
  async drain() {
    for (;;) {
      await this.pump();
      if (this.inFlight.size === 0) {
        // one more look: a send that finished may have made room after the last claim
        await this.pump();
        if (this.inFlight.size === 0) return;
      }
      await Promise.race(this.inFlight.values());
    }
  }

  /** Stops claiming; waits for the sends in flight (they finish and record their outcome). */
  async stop() {
    this.stopped = true;
    for (const t of this.timers) clearInterval(t);
    for (const t of this.wakeTimers) clearTimeout(t);
    await this.claiming;
    await Promise.allSettled(this.inFlight.values());
    this.d.pools.closeAll();
  }
}
