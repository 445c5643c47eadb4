import { AppError } from "../../lib/errors.js";

const WINDOW_MS = 60 * 60_000;
const MAX_KEYS = 100_000;

/**
 * Sign-up attempts per address in a one-hour window (every attempt counts, accepted or not), in
 * this process's memory like the login limiter; each instance counts its own.
 */
export class SignupLimiter {
  private readonly hits = new Map<string, { count: number; resetAt: number }>();

  constructor(
    private readonly max: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts one attempt; throws 429 (with the seconds to wait) beyond `max` in the window. */
  hit(key: string): void {
    const now = this.now();
    let entry = this.hits.get(key);
    if (!entry || entry.resetAt <= now) {
      if (this.hits.size >= MAX_KEYS) this.prune(now);
      entry = { count: 0, resetAt: now + WINDOW_MS };
      this.hits.set(key, entry);
    }
    if (entry.count >= this.max)
      throw new SignupBlocked(Math.max(1, Math.ceil((entry.resetAt - now) / 1000)));
    entry.count++;
  }

  private prune(now: number) {
    for (const [key, entry] of this.hits) if (entry.resetAt <= now) this.hits.delete(key);
    for (const key of this.hits.keys()) {
      if (this.hits.size < MAX_KEYS) break;
      this.hits.delete(key);
    }
  }
}

export class SignupBlocked extends AppError {
  constructor(public readonly retryAfterSeconds: number) {
    super(
      429,
      "too_many_attempts",
      "Muitas tentativas de cadastro a partir deste endereço. Aguarde um pouco e tente novamente.",
    );
  }
}
