/**
 * A task run now and then every `intervalMs`, one run at a time: the next run is scheduled when the
 * previous one ends, so runs never overlap however long one takes. A failed run is logged and the
 * schedule goes on. The timer is unref'd: it never keeps the process alive on its own. stop()
 * cancels the next run and waits for the one in progress.
 */
export interface PeriodicTask {
  stop(): Promise<void>;
}

export function startPeriodic(opts: {
  /** what the log says failed, e.g. "file sweep" */
  name: string;
  intervalMs: number;
  run: () => Promise<void>;
  log?: { error(obj: object, msg?: string): void };
}): PeriodicTask {
  const log = opts.log ?? console;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let stopped = false;
  const schedule = (ms: number) => {
    timer = setTimeout(tick, ms);
    timer.unref();
  };
  function tick() {
    timer = undefined;
    if (stopped) return;
    running = Promise.resolve()
      .then(opts.run)
      .catch((err: unknown) => log.error({ err }, `${opts.name} failed`))
      .finally(() => {
        running = undefined;
        if (!stopped) schedule(opts.intervalMs);
      });
  }
  schedule(0);
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
