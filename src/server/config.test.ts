import { describe, expect, it } from "vitest";
import { loadConfig } from "./config.js";

describe("file sweep configuration", () => {
  it("sweeps hourly by default, 1 h for temp files and 24 h for orphans; off under NODE_ENV=test", () => {
    const prod = loadConfig({ NODE_ENV: "production" });
    expect(prod).toMatchObject({
      fileSweepIntervalMs: 3_600_000,
      fileTempGraceMs: 3_600_000,
      fileOrphanGraceMs: 86_400_000,
    });
    expect(loadConfig({ NODE_ENV: "test" }).fileSweepIntervalMs).toBe(0);
    expect(loadConfig({ NODE_ENV: "test", FILE_SWEEP_INTERVAL_MINUTES: "5" }).fileSweepIntervalMs).toBe(
      300_000,
    );
    expect(
      loadConfig({
        FILE_SWEEP_INTERVAL_MINUTES: "0",
        FILE_TEMP_GRACE_MINUTES: "90",
        FILE_ORPHAN_GRACE_HOURS: "48",
      }),
    ).toMatchObject({ fileSweepIntervalMs: 0, fileTempGraceMs: 5_400_000, fileOrphanGraceMs: 172_800_000 });
  });

  it("refuses grace periods short enough to take uploads in progress", () => {
    expect(() => loadConfig({ FILE_TEMP_GRACE_MINUTES: "0" })).toThrow(/FILE_TEMP_GRACE_MINUTES/);
    expect(() => loadConfig({ FILE_ORPHAN_GRACE_HOURS: "0.5" })).toThrow(/FILE_ORPHAN_GRACE_HOURS/);
    expect(() => loadConfig({ FILE_SWEEP_INTERVAL_MINUTES: "-1" })).toThrow(/FILE_SWEEP_INTERVAL_MINUTES/);
  });
});

describe("production run configuration", () => {
  it("has no metrics token unless set, and refuses a short one", () => {
    expect(loadConfig({}).metricsToken).toBeUndefined();
    expect(loadConfig({ METRICS_TOKEN: "" }).metricsToken).toBeUndefined();
    expect(loadConfig({ METRICS_TOKEN: "a".repeat(16) }).metricsToken).toBe("a".repeat(16));
    expect(() => loadConfig({ METRICS_TOKEN: "curto" })).toThrow(/METRICS_TOKEN: use at least 16 characters/);
  });

  it("bounds the graceful shutdown at 25 s unless set", () => {
    expect(loadConfig({}).shutdownTimeoutMs).toBe(25_000);
    expect(loadConfig({ SHUTDOWN_TIMEOUT_SECONDS: "5" }).shutdownTimeoutMs).toBe(5_000);
    expect(() => loadConfig({ SHUTDOWN_TIMEOUT_SECONDS: "0" })).toThrow(/SHUTDOWN_TIMEOUT_SECONDS/);
  });
});
