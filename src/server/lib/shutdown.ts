import type { FastifyInstance } from "fastify";

export interface ShutdownOptions {
  /** what runs after the HTTP server closed: job workers (the e-mail being sent), the database… */
  stop: () => Promise<void>;
  /** past this, the process exits 1 whatever is still running */
  timeoutMs: number;
  log: { info(obj: object, msg?: string): void; error(obj: object, msg?: string): void };
  exit?: (code: number) => void;
}

/**
 * Graceful shutdown on SIGTERM / SIGINT: readiness answers 503 at once, the listener stops taking
 * connections, websockets get 1012 "service restart" (the browser reconnects, to another instance if
 * there is one), requests in flight finish, then `stop` (job workers finish the e-mail being sent,
 * the database closes) and the process exits 0 — or 1 once `timeoutMs` passed.
 */
export function installGracefulShutdown(app: FastifyInstance, opts: ShutdownOptions) {
  const exit = opts.exit ?? ((code: number) => process.exit(code));
  const shutdown = async (signal: string) => {
    if (app.lifecycle.shuttingDown) return;
    app.lifecycle.shuttingDown = true;
    const started = performance.now();
    opts.log.info({ signal }, "shutting down: no new connections, finishing requests in flight");
    const deadline = setTimeout(() => {
      opts.log.error({ timeoutMs: opts.timeoutMs }, "shutdown took too long: exiting");
      exit(1);
    }, opts.timeoutMs);
    deadline.unref();
    try {
      await app.close();
      await opts.stop();
    } catch (err) {
      opts.log.error({ err }, "shutdown failed");
      clearTimeout(deadline);
      exit(1);
      return;
    }
    clearTimeout(deadline);
    opts.log.info({ ms: Math.round(performance.now() - started) }, "shut down");
    exit(0);
  };
  const onSignal = (signal: NodeJS.Signals) => void shutdown(signal);
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  return shutdown;
}
