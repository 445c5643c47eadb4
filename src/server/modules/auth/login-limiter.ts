import { AppError } from "../../lib/errors.js";

const WINDOW_MS = 15 * 60_000;
/** an address spraying many e-mails cannot grow the table without bound */
const MAX_KEYS = 100_000;

/**
 * Failed logins per address and e-mail in a 15-minute window. Only failures count: a person who signs in
 * many times a day is never locked out, and a success clears the count for that address and e-mail.
 * At `max` failures the next attempt — even with the right password — gets 429 until the window ends.
 * Kept in this process's memory (as the rate limit it replaces); each instance counts its own attempts.
 */
export class LoginLimiter {
  private readonly failures = new Map<string, { count: number; resetAt: number }>();

  constructor(
    private readonly max: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Throws 429 (with the seconds to wait) while the key is blocked. */
  check(key: string): void {
    const entry = this.current(key);
    if (entry && entry.count >= this.max) {
      const retryAfterSeconds = Math.max(1, Math.ceil((entry.resetAt - this.now()) / 1000));
      throw new LoginBlocked(retryAfterSeconds);
    }
  }

  fail(key: string): void {
    const entry = this.current(key);
    if (entry) entry.count++;
    else {
      if (this.failures.size >= MAX_KEYS) this.prune();
      this.failures.set(key, { count: 1, resetAt: this.now() + WINDOW_MS });
    }
  }

  succeed(key: string): void {
    this.failures.delete(key);
  }

  private current(key: string) {
    const entry = this.failures.get(key);
    if (entry && entry.resetAt <= this.now()) {
      this.failures.delete(key);
      return undefined;
    }
    return entry;
  }

  private prune() {
    const now = this.now();
    for (const [key, entry] of this.failures) if (entry.resetAt <= now) this.failures.delete(key);
    // still full of live keys: drop the oldest (a Map iterates in insertion order)
    for (const key of this.failures.keys()) {
      if (this.failures.size < MAX_KEYS) break;
      this.failures.delete(key);
    }
  }
}

export class LoginBlocked extends AppError {
  constructor(public readonly retryAfterSeconds: number) {
    super(429, "too_many_attempts", "Muitas tentativas de login. Aguarde alguns minutos e tente novamente.");
  }
}
