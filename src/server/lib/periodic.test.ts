import { describe, expect, it, vi } from "vitest";
import { startPeriodic } from "./periodic.js";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits until cond() holds (checked every 5 ms), failing after a generous time. */
async function until(cond: () => boolean, ms = 10_000) {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error("condition not met in time");
    await sleep(5);
  }
}

describe("startPeriodic", () => {
  it("runs at once and again, never two runs at the same time", async () => {
    let active = 0;
    let maxActive = 0;
    let runs = 0;
    const task = startPeriodic({
      name: "test",
      intervalMs: 1,
      run: async () => {
        active++;
        maxActive = Math.max(maxActive, active);
        await sleep(20); // much longer than the interval
        active--;
        runs++;
      },
    });
    await until(() => runs >= 3);
    await task.stop();
    expect(maxActive).toBe(1);
  });

  it("logs a failed run and goes on with the next", async () => {
    const errors: { obj: object; msg?: string }[] = [];
    let calls = 0;
    const task = startPeriodic({
      name: "reminder sweep",
      intervalMs: 1,
      log: { error: (obj, msg) => errors.push({ obj, msg }) },
      run: async () => {
        calls++;
        if (calls === 1) throw new Error("database away");
      },
    });
    await until(() => calls >= 2);
    await task.stop();
    expect(errors[0]?.msg).toBe("reminder sweep failed");
    expect((errors[0]?.obj as { err: Error } | undefined)?.err.message).toBe("database away");
  });

  it("stop() waits for the run in progress and cancels the next", async () => {
    let finished = 0;
    let started = 0;
    const task = startPeriodic({
      name: "test",
      intervalMs: 1,
      run: async () => {
        started++;
        await sleep(30);
        finished++;
      },
    });
    await until(() => started === 1);
    await task.stop();
    expect(finished).toBe(1);
    await sleep(50);
    expect(started).toBe(1);
  });

  it("does not keep the process alive: its timer is unref'd", async () => {
    const realSetTimeout = globalThis.setTimeout;
    const timers: NodeJS.Timeout[] = [];
    const spy = vi.spyOn(globalThis, "setTimeout").mockImplementation(((fn: () => void, ms?: number) => {
      const t = realSetTimeout(fn, ms);
      timers.push(t);
      return t;
    }) as unknown as typeof setTimeout);
    const task = startPeriodic({ name: "test", intervalMs: 60_000, run: async () => {} });
    spy.mockRestore();
    expect(timers).toHaveLength(1);
    expect(timers[0]?.hasRef()).toBe(false);
    await task.stop();
  });
});
