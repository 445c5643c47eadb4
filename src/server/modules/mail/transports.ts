import type { Transporter } from "nodemailer";
import type SMTPPool from "nodemailer/lib/smtp-pool/index.js";
import type { SystemSmtp } from "./system-smtp.js";

export interface PoolLimits {
  /** SMTP connections one office may hold open at once (MAIL_OFFICE_CONNECTIONS) */
  maxConnections: number;
  /** messages per second one office may send from this instance; 0 = no cap (MAIL_OFFICE_RATE_PER_SECOND) */
  ratePerSecond: number;
  /** a pool nobody used for this long is closed (its connections go back to the server) */
  idleMs: number;
}

interface Pool {
  /** the settings it was built from: other settings (the admin changed them) → a new pool */
  fingerprint: string;
  transport: Transporter;
  inFlight: number;
  retired: boolean;
  idleTimer: NodeJS.Timeout | undefined;
}

/**
 * One pooled nodemailer transport per office (and one for the installation's own e-mails): reused
 * SMTP connections, at most `maxConnections` per office, an optional rate cap. When the office's SMTP
 * settings change, the next e-mail builds a new pool and the old one closes once its sends finish.
 */
export class TransportPools {
  private readonly pools = new Map<string, Pool>();
  private nodemailer: typeof import("nodemailer")["default"] | undefined;

  constructor(private readonly limits: PoolLimits) {}

  /** A transport for `key` (the office id, or "system"); call release() when the send is over. */
  async acquire(key: string, smtp: SystemSmtp): Promise<{ transport: Transporter; release: () => void }> {
    // loaded at the first send, not at start
    this.nodemailer ??= (await import("nodemailer")).default;
    const nodemailer = this.nodemailer;
    const fingerprint = JSON.stringify(smtp.transport);
    let pool = this.pools.get(key);
    if (pool && pool.fingerprint !== fingerprint) {
      this.retire(pool);
      pool = undefined;
    }
    if (!pool) {
      const options: SMTPPool.Options = {
        ...smtp.transport,
        pool: true,
        maxConnections: this.limits.maxConnections,
        maxMessages: 100,
        // a dropped connection fails the send: our retry rules (same Message-ID, the office's pause)
        // decide what happens next, not a hidden requeue inside the pool
        maxRequeues: 0,
        ...(this.limits.ratePerSecond > 0 ? { rateDelta: 1000, rateLimit: this.limits.ratePerSecond } : {}),
      };
      pool = {
        fingerprint,
        transport: nodemailer.createTransport(options),
        inFlight: 0,
        retired: false,
        idleTimer: undefined,
      };
      this.pools.set(key, pool);
    }
    const p = pool;
    if (p.idleTimer) clearTimeout(p.idleTimer);
    p.idleTimer = undefined;
    p.inFlight++;
    let released = false;
    return {
      transport: p.transport,
      release: () => {
        if (released) return;
        released = true;
        p.inFlight--;
        if (p.inFlight > 0) return;
        if (p.retired) return p.transport.close();
        p.idleTimer = setTimeout(() => {
          if (p.inFlight === 0 && this.pools.get(key) === p) {
            this.pools.delete(key);
            p.transport.close();
          }
        }, this.limits.idleMs);
        p.idleTimer.unref();
      },
    };
  }

  /** open pools (tests: a settings change replaced the old one) */
  get size() {
    return this.pools.size;
  }

  private retire(p: Pool) {
    p.retired = true;
    if (p.idleTimer) clearTimeout(p.idleTimer);
    if (p.inFlight === 0) p.transport.close();
  }

  closeAll() {
    for (const p of this.pools.values()) {
      if (p.idleTimer) clearTimeout(p.idleTimer);
      p.transport.close();
    }
    this.pools.clear();
  }
}
