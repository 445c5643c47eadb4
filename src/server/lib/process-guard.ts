import { isDatabaseUnavailable } from "./sql.js";

export type ProcessGuardLog = {
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
};

/** What the process does with an error nobody caught. */
export function crashPolicy(err: unknown): "survive" | "exit" {
  return isDatabaseUnavailable(err) ? "survive" : "exit";
}

/**
 * The policy for errors that escaped every handler (an unhandled rejection or exception):
 * - the database went away (a restart, a failover, a cut connection): logged as a warning and the
 *   process carries on — requests answer 503 meanwhile and everything reconnects by itself. (The
 *   known source, pg-boss 10 settling a finished job without awaiting it, is handled in
 *   jobs/queue.ts; this is the net for any other.)
 * - anything else is a programming error whose damage is unknown: logged with its stack and the
 *   process exits with status 1, for the supervisor (systemd, Docker, Kubernetes) to restart it.
 *   Nothing is swallowed silently.
 */
export function installProcessGuard(log: ProcessGuardLog, exit: (code: number) => void = process.exit) {
  const handle = (kind: string) => (err: unknown) => {
    if (crashPolicy(err) === "survive") {
      const e = err as { code?: unknown; message?: unknown };
      log.warn({ code: e?.code, message: e?.message }, `${kind}: database unavailable; carrying on`);
      return;
    }
    log.error({ err }, `${kind}: exiting`);
    exit(1);
  };
  process.on("unhandledRejection", handle("unhandled rejection"));
  process.on("uncaughtException", handle("uncaught exception"));
}
