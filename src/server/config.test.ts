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

describe("file storage configuration (STORAGE, S3_*)", () => {
  const s3 = {
    STORAGE: "s3",
    S3_ENDPOINT: "https://minio.escritorio.com.br",
    S3_BUCKET: "atende-arquivos",
    S3_ACCESS_KEY_ID: "atende",
    S3_SECRET_ACCESS_KEY: "segredo",
    S3_FORCE_PATH_STYLE: "true",
  };

  it("is the local disk unless STORAGE=s3, whatever S3_* say", () => {
    expect(loadConfig({}).storage).toEqual({ kind: "local" });
    expect(loadConfig({ S3_BUCKET: "atende-arquivos", S3_REGION: "sa-east-1" }).storage).toEqual({
      kind: "local",
    });
  });

  it("reads the S3 settings, with us-east-1 and the default credentials when unset", () => {
    expect(loadConfig(s3).storage).toEqual({
      kind: "s3",
      endpoint: "https://minio.escritorio.com.br",
      region: "us-east-1",
      bucket: "atende-arquivos",
      credentials: { accessKeyId: "atende", secretAccessKey: "segredo" },
      forcePathStyle: true,
    });
    expect(
      loadConfig({
        STORAGE: "s3",
        S3_REGION: "sa-east-1",
        S3_BUCKET: "atende-arquivos",
        S3_ACCESS_KEY_ID: "",
      }).storage,
    ).toEqual({
      kind: "s3",
      endpoint: undefined,
      region: "sa-east-1",
      bucket: "atende-arquivos",
      credentials: undefined,
      forcePathStyle: false,
    });
  });

  it("refuses each wrong or missing setting by name", () => {
    expect(() => loadConfig({ STORAGE: "gcs" })).toThrow(/STORAGE: use "local" or "s3"/);
    expect(() => loadConfig({ ...s3, S3_BUCKET: "" })).toThrow(/S3_BUCKET: required with STORAGE=s3/);
    expect(() => loadConfig({ ...s3, S3_BUCKET: "Meu_Bucket" })).toThrow(/S3_BUCKET: a bucket name/);
    expect(() => loadConfig({ ...s3, S3_ENDPOINT: "minio:9000" })).toThrow(
      /S3_ENDPOINT: use an http\(s\) URL/,
    );
    expect(() => loadConfig({ ...s3, S3_ENDPOINT: "" })).toThrow(
      /S3_REGION: required with STORAGE=s3 when S3_ENDPOINT is unset/,
    );
    expect(() => loadConfig({ ...s3, S3_SECRET_ACCESS_KEY: "" })).toThrow(
      /S3_SECRET_ACCESS_KEY: set S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY together/,
    );
    expect(() => loadConfig({ ...s3, S3_FORCE_PATH_STYLE: "sim" })).toThrow(
      /S3_FORCE_PATH_STYLE: use "true" or "false"/,
    );
    expect(() => loadConfig({ ...s3, MAX_FILE_MB: "6000" })).toThrow(
      /MAX_FILE_MB: at most 5120 with STORAGE=s3/,
    );
  });
});
