import path from "node:path";
import { z } from "zod";

/** an optional text setting; empty means unset */
const optionalText = z
  .string()
  .optional()
  .transform((v) => (v?.trim() ? v.trim() : undefined));

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default("0.0.0.0"),
  /** unset → embedded PGlite under DATA_DIR */
  DATABASE_URL: z
    .string()
    .url()
    .optional()
    .or(z.literal("").transform(() => undefined)),
  DATA_DIR: z.string().default("./data"),
  /** "true" forces the demo office on start; "false" never; default: only on an empty embedded database */
  SEED_DEMO: z.enum(["true", "false", "auto"]).default("auto"),
  SESSION_TTL_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 90)
    .default(12),
  LOGIN_MAX_ATTEMPTS: z.coerce.number().int().min(1).default(10),
  /** secure cookies require HTTPS; on by default in production */
  COOKIE_SECURE: z.enum(["true", "false"]).optional(),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /** attachments: largest file, most files and largest total per upload request (MB may be fractional) */
  MAX_FILE_MB: z.coerce.number().positive().max(10_240).default(25),
  MAX_FILES_PER_REQUEST: z.coerce.number().int().min(1).max(1000).default(10),
  MAX_REQUEST_MB: z.coerce.number().positive().max(102_400).default(100),
  /** spreadsheet import of clients and services: largest file (MB) and most data rows */
  IMPORT_MAX_MB: z.coerce.number().positive().max(1024).default(10),
  IMPORT_MAX_ROWS: z.coerce.number().int().min(1).max(1_000_000).default(20_000),
  /** "true" behind a reverse proxy / load balancer: the client address comes from X-Forwarded-For */
  TRUST_PROXY: z.enum(["true", "false"]).default("false"),
  /** address of the app as clients reach it, for links in e-mails; default http://localhost:PORT */
  PUBLIC_URL: z.string().url().optional(),
  /** 64 hex characters; unset → a key generated once in DATA_DIR/secret.key */
  ATENDE_SECRET_KEY: z.string().optional(),
  /** run the job workers (e-mail) in this process */
  RUN_WORKERS: z.enum(["true", "false"]).default("true"),
  /**
   * how long a resend, an invitation or a cobrança waits for the first e-mail attempt before
   * answering; a status change, Reabrir and Notificar never wait (the outcome arrives afterwards)
   */
  MAIL_WAIT_MS: z.coerce.number().int().min(0).max(30_000).default(5000),
  /** e-mails one instance sends at once, all offices together */
  MAIL_CONCURRENCY: z.coerce.number().int().min(1).max(1000).default(32),
  /** SMTP connections (and e-mails in flight) per office, all instances together */
  MAIL_OFFICE_CONNECTIONS: z.coerce.number().int().min(1).max(100).default(3),
  /** e-mails per second one office sends from one instance; 0 = no cap */
  MAIL_OFFICE_RATE_PER_SECOND: z.coerce.number().min(0).max(10_000).default(20),
  /** how often the dispatcher looks for due e-mails it was not woken for (retries, other instances) */
  MAIL_POLL_MS: z.coerce.number().int().min(50).max(60_000).default(1000),
  /** first retry delay of an e-mail after a temporary failure, doubled at each retry up to the cap */
  MAIL_RETRY_DELAY_SECONDS: z.coerce.number().int().min(1).max(3600).default(15),
  /** the longest wait between two attempts of an e-mail (the doubling stops there) */
  MAIL_RETRY_MAX_DELAY_SECONDS: z.coerce.number().int().min(1).max(21_600).default(600),
  /** how long temporary failures (4xx, connection refused, timeout) are retried before "Não enviado" */
  MAIL_RETRY_FOR_HOURS: z.coerce
    .number()
    .positive()
    .max(24 * 7)
    .default(24),
  /** incoming mailboxes (IMAP): seconds between two reads of a mailbox; 0 turns the reader off */
  INBOUND_POLL_SECONDS: z.coerce.number().int().min(0).max(86_400).optional(),
  /** a larger incoming message is kept with its headers only ("muito grande") */
  INBOUND_MAX_MB: z.coerce.number().positive().max(1024).default(30),
  /** after a failed read (server down, password refused): first wait, doubling up to the max */
  INBOUND_RETRY_SECONDS: z.coerce.number().int().min(1).max(86_400).default(30),
  INBOUND_RETRY_MAX_SECONDS: z.coerce.number().int().min(1).max(86_400).default(1800),
  /** demo only: the in-process IMAP mailbox of the demo office (0: none) */
  DEMO_IMAP_PORT: z.coerce.number().int().min(0).max(65535).default(2143),
  /** an offline client user gets one e-mail summarising new messages, this long after the first one */
  DIGEST_DELAY_SECONDS: z.coerce.number().int().min(0).max(86_400).default(300),
  /**
   * régua de cobrança: how often the reminder sweep runs (ms); 0 disables it. Default 10 minutes,
   * and off under NODE_ENV=test (tests run the sweep themselves)
   */
  REMINDER_INTERVAL_MS: z.coerce.number().int().min(0).max(86_400_000).optional(),
  /**
   * file sweep (temp files of killed uploads, blobs no row references): how often it runs, in
   * minutes; 0 disables it. Default 60, and off under NODE_ENV=test (tests run it themselves)
   */
  FILE_SWEEP_INTERVAL_MINUTES: z.coerce.number().min(0).max(10_080).optional(),
  /**
   * obrigações: how often the monthly generation looks for offices whose last competência is not
   * generated yet, in minutes; 0 disables it. Default 60, and off under NODE_ENV=test
   */
  OBLIGATION_INTERVAL_MINUTES: z.coerce.number().min(0).max(1_440).optional(),
  /** a temp file of an upload untouched this long (minutes) is from a killed upload */
  FILE_TEMP_GRACE_MINUTES: z.coerce.number().min(1).max(10_080).default(60),
  /** a blob no row references is removed once this old (hours): covers "file stored → row saved" */
  FILE_ORPHAN_GRACE_HOURS: z.coerce.number().min(1).max(8760).default(24),
  /**
   * demo only: the SMTP catcher on 127.0.0.1 that keeps every e-mail of the demo office in
   * DATA_DIR/mailbox; it runs whenever a demo office sends to it (PGlite or PostgreSQL). 0 = never:
   * the demo office then has no SMTP
   */
  DEMO_MAILBOX_PORT: z.coerce.number().int().min(0).max(65535).default(2525),
  /**
   * office sign-up at /cadastro: "open" or "closed" (only the operator creates offices with
   * `npm run office -- create`). Default: open where the demo office is seeded (SEED_DEMO=true, or
   * auto on the embedded database), closed otherwise (a PostgreSQL installation)
   */
  SIGNUP: z.enum(["open", "closed"]).optional(),
  /** sign-up attempts per address per hour */
  SIGNUP_MAX_PER_HOUR: z.coerce.number().int().min(1).max(10_000).default(5),
  /**
   * the installation's own SMTP, for e-mails sent before an office exists (sign-up confirmation):
   * smtp://user:pass@host:587 (STARTTLS when offered) or smtps://…:465; `?ignoreTLS=true` for a
   * plain server. Unset with the demo mailbox running: the demo mailbox
   */
  SMTP_URL: z
    .string()
    .url()
    .refine((u) => /^smtps?:\/\//.test(u), "SMTP_URL must start with smtp:// or smtps://")
    .optional()
    .or(z.literal("").transform(() => undefined)),
  /** sender of the installation's e-mails: an address, or "Name <address>" */
  MAIL_FROM: z.string().optional(),
  /** SIGTERM: how long requests in flight and the e-mail being sent may take before the process exits 1 */
  SHUTDOWN_TIMEOUT_SECONDS: z.coerce.number().min(1).max(600).default(25),
  /** GET /metrics (Prometheus) answers only with `Authorization: Bearer <token>`; unset → no /metrics */
  METRICS_TOKEN: z
    .string()
    .min(16, "use at least 16 characters")
    .optional()
    .or(z.literal("").transform(() => undefined)),
  /** where file bytes live: "local" (DATA_DIR/files) or "s3" (an S3-compatible bucket, S3_* below) */
  STORAGE: z.enum(["local", "s3"], { message: 'use "local" or "s3"' }).default("local"),
  /** S3-compatible endpoint (MinIO, R2, …); unset → AWS S3 of S3_REGION */
  S3_ENDPOINT: optionalText.pipe(
    z
      .string()
      .regex(/^https?:\/\/[^\s/?#]+(\/\S*)?$/, "use an http(s) URL such as https://s3.example.com")
      .optional(),
  ),
  S3_REGION: optionalText,
  S3_BUCKET: optionalText.pipe(
    z
      .string()
      .regex(
        /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/,
        "a bucket name: 3-63 lowercase letters, digits, dots, hyphens",
      )
      .optional(),
  ),
  S3_ACCESS_KEY_ID: optionalText,
  S3_SECRET_ACCESS_KEY: optionalText,
  /** "true" for MinIO and most self-hosted stores: https://host/bucket/key instead of https://bucket.host/key */
  S3_FORCE_PATH_STYLE: z.enum(["true", "false"], { message: 'use "true" or "false"' }).default("false"),
});

export type Config = {
  env: "development" | "production" | "test";
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  seedDemo: "true" | "false" | "auto";
  sessionTtlHours: number;
  loginMaxAttempts: number;
  cookieSecure: boolean;
  logLevel: string;
  /** attachment upload limits, in bytes and files */
  maxFileBytes: number;
  maxFilesPerRequest: number;
  maxRequestBytes: number;
  /** spreadsheet import limits */
  importMaxBytes: number;
  importMaxRows: number;
  publicUrl: string;
  trustProxy: boolean;
  digestDelaySeconds: number;
  secretKeyHex: string | undefined;
  runWorkers: boolean;
  mailWaitMs: number;
  mailConcurrency: number;
  mailOfficeConnections: number;
  mailOfficeRatePerSecond: number;
  /** 0 in tests that drive a dispatcher themselves */
  mailPollMs: number;
  mailRetryDelaySeconds: number;
  mailRetryMaxDelaySeconds: number;
  /** MAIL_RETRY_FOR_HOURS in seconds */
  mailRetryForSeconds: number;
  /** how long a sender's claim on an e-mail lasts between renewals; not an env setting (tests shorten it) */
  mailClaimLeaseSeconds?: number;
  /** 0 = no demo mailbox */
  demoMailboxPort: number;
  signup: "open" | "closed";
  signupMaxPerHour: number;
  /** SMTP_URL; undefined: the demo mailbox when it runs, else the installation sends no e-mail */
  smtpUrl: string | undefined;
  mailFrom: { name: string; address: string } | undefined;
  /** régua de cobrança sweep period in ms; 0 = off */
  reminderIntervalMs: number;
  /** incoming mailboxes: read each every this many ms; 0 = the reader is off (tests poll by hand) */
  inboundPollMs: number;
  inboundMaxBytes: number;
  inboundRetryMs: number;
  inboundRetryMaxMs: number;
  /** 0 = no demo IMAP mailbox */
  demoImapPort: number;
  /** graceful shutdown bound */
  shutdownTimeoutMs: number;
  /** undefined = no /metrics route */
  metricsToken: string | undefined;
  /** file sweep period in ms; 0 = off */
  fileSweepIntervalMs: number;
  /** obrigações: monthly generation check period in ms; 0 = off */
  obligationIntervalMs: number;
  /** temp files (.part) last written longer ago than this are removed */
  fileTempGraceMs: number;
  /** unreferenced blobs last written or reused longer ago than this are removed */
  fileOrphanGraceMs: number;
  /** where file bytes live (STORAGE, S3_*) */
  storage: StorageConfig;
};

export type StorageConfig = { kind: "local" } | S3Config;

export interface S3Config {
  kind: "s3";
  /** unset: AWS S3 */
  endpoint: string | undefined;
  region: string;
  bucket: string;
  /** both unset: the AWS SDK's default credentials (environment, instance role) */
  credentials: { accessKeyId: string; secretAccessKey: string } | undefined;
  forcePathStyle: boolean;
}

/** CopyObject copies at most 5 GB in one request: the S3 store's largest file */
export const S3_MAX_FILE_MB = 5 * 1024;

const MB = 1024 * 1024;
const MINUTE = 60_000;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n");
    throw new Error(`Invalid configuration:\n${lines}`);
  }
  const e = parsed.data;
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir: path.resolve(e.DATA_DIR),
    seedDemo: e.SEED_DEMO,
    sessionTtlHours: e.SESSION_TTL_HOURS,
    loginMaxAttempts: e.LOGIN_MAX_ATTEMPTS,
    cookieSecure: e.COOKIE_SECURE ? e.COOKIE_SECURE === "true" : e.NODE_ENV === "production",
    logLevel: e.LOG_LEVEL,
    maxFileBytes: Math.floor(e.MAX_FILE_MB * MB),
    maxFilesPerRequest: e.MAX_FILES_PER_REQUEST,
    maxRequestBytes: Math.floor(e.MAX_REQUEST_MB * MB),
    importMaxBytes: Math.floor(e.IMPORT_MAX_MB * MB),
    importMaxRows: e.IMPORT_MAX_ROWS,
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, ""),
    secretKeyHex: e.ATENDE_SECRET_KEY || undefined,
    trustProxy: e.TRUST_PROXY === "true",
    digestDelaySeconds: e.DIGEST_DELAY_SECONDS,
    runWorkers: e.RUN_WORKERS === "true",
    mailWaitMs: e.MAIL_WAIT_MS,
    mailConcurrency: e.MAIL_CONCURRENCY,
    mailOfficeConnections: e.MAIL_OFFICE_CONNECTIONS,
    mailOfficeRatePerSecond: e.MAIL_OFFICE_RATE_PER_SECOND,
    mailPollMs: e.MAIL_POLL_MS,
    mailRetryDelaySeconds: e.MAIL_RETRY_DELAY_SECONDS,
    mailRetryMaxDelaySeconds: Math.max(e.MAIL_RETRY_MAX_DELAY_SECONDS, e.MAIL_RETRY_DELAY_SECONDS),
    mailRetryForSeconds: Math.round(e.MAIL_RETRY_FOR_HOURS * 3600),
    demoMailboxPort: e.DEMO_MAILBOX_PORT,
    signup:
      e.SIGNUP ?? (e.SEED_DEMO === "true" || (e.SEED_DEMO === "auto" && !e.DATABASE_URL) ? "open" : "closed"),
    signupMaxPerHour: e.SIGNUP_MAX_PER_HOUR,
    smtpUrl: e.SMTP_URL,
    mailFrom: parseMailFrom(e.MAIL_FROM),
    reminderIntervalMs: e.REMINDER_INTERVAL_MS ?? (e.NODE_ENV === "test" ? 0 : 600_000),
    inboundPollMs: (e.INBOUND_POLL_SECONDS ?? (e.NODE_ENV === "test" ? 0 : 60)) * 1000,
    inboundMaxBytes: Math.floor(e.INBOUND_MAX_MB * MB),
    inboundRetryMs: e.INBOUND_RETRY_SECONDS * 1000,
    inboundRetryMaxMs: Math.max(e.INBOUND_RETRY_MAX_SECONDS, e.INBOUND_RETRY_SECONDS) * 1000,
    demoImapPort: e.DEMO_IMAP_PORT,
    fileSweepIntervalMs: Math.round(
      (e.FILE_SWEEP_INTERVAL_MINUTES ?? (e.NODE_ENV === "test" ? 0 : 60)) * MINUTE,
    ),
    obligationIntervalMs: Math.round(
      (e.OBLIGATION_INTERVAL_MINUTES ?? (e.NODE_ENV === "test" ? 0 : 60)) * MINUTE,
    ),
    shutdownTimeoutMs: Math.round(e.SHUTDOWN_TIMEOUT_SECONDS * 1000),
    metricsToken: e.METRICS_TOKEN,
    fileTempGraceMs: Math.round(e.FILE_TEMP_GRACE_MINUTES * MINUTE),
    fileOrphanGraceMs: Math.round(e.FILE_ORPHAN_GRACE_HOURS * 60 * MINUTE),
    storage: storageConfig(e),
  };
}

/** STORAGE and S3_*: every problem named by its setting, all at once. */
function storageConfig(e: z.infer<typeof envSchema>): StorageConfig {
  if (e.STORAGE === "local") return { kind: "local" };
  const problems: string[] = [];
  if (!e.S3_BUCKET) problems.push("S3_BUCKET: required with STORAGE=s3 (the bucket that keeps the files)");
  if (!e.S3_ENDPOINT && !e.S3_REGION)
    problems.push("S3_REGION: required with STORAGE=s3 when S3_ENDPOINT is unset (AWS S3), e.g. sa-east-1");
  if (Boolean(e.S3_ACCESS_KEY_ID) !== Boolean(e.S3_SECRET_ACCESS_KEY))
    problems.push(
      `${e.S3_ACCESS_KEY_ID ? "S3_SECRET_ACCESS_KEY" : "S3_ACCESS_KEY_ID"}: set S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY together (or neither, for the AWS default credentials)`,
    );
  if (e.MAX_FILE_MB > S3_MAX_FILE_MB)
    problems.push(`MAX_FILE_MB: at most ${S3_MAX_FILE_MB} with STORAGE=s3 (one copy request per file)`);
  if (problems.length > 0)
    throw new Error(`Invalid configuration:\n${problems.map((p) => `  ${p}`).join("\n")}`);
  return {
    kind: "s3",
    endpoint: e.S3_ENDPOINT,
    // most S3-compatible stores ignore the region but the signature needs one
    region: e.S3_REGION ?? "us-east-1",
    bucket: e.S3_BUCKET as string,
    credentials:
      e.S3_ACCESS_KEY_ID && e.S3_SECRET_ACCESS_KEY
        ? { accessKeyId: e.S3_ACCESS_KEY_ID, secretAccessKey: e.S3_SECRET_ACCESS_KEY }
        : undefined,
    forcePathStyle: e.S3_FORCE_PATH_STYLE === "true",
  };
}

/** "Atende <no-reply@x.com.br>" or "no-reply@x.com.br" */
function parseMailFrom(v: string | undefined): Config["mailFrom"] {
  if (!v?.trim()) return undefined;
  const m = /^\s*(.*?)\s*<([^<>\s]+@[^<>\s]+)>\s*$/.exec(v);
  if (m) return { name: (m[1] ?? "").replace(/^"|"$/g, "") || "Atende", address: m[2] as string };
  if (/^[^\s@<>]+@[^\s@<>]+$/.test(v.trim())) return { name: "Atende", address: v.trim() };
  throw new Error(`Invalid configuration:\n  MAIL_FROM: expected an address or "Name <address>"`);
}
