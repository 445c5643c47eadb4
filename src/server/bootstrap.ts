import { randomBytes } from "node:crypto";
import type { Config } from "./config.js";
import type { Database } from "./db/client.js";
import { type JobQueue, startJobQueue } from "./jobs/queue.js";
import { loadSecretKey } from "./lib/secrets.js";
import * as attachmentsRepo from "./modules/attachments/repository.js";
import { startReminderTimer } from "./modules/finance/reminders.js";
import { startInboundPoller } from "./modules/inbound/poller.js";
import * as inboundRepo from "./modules/inbound/repository.js";
import { resolveSystemSmtp } from "./modules/mail/system-smtp.js";
import { TransportPools } from "./modules/mail/transports.js";
import { startEmailWorker } from "./modules/mail/worker.js";
import { startDigestWorker } from "./modules/messages/digest.js";
import { startObligationTimer } from "./modules/obligations/generation.js";
import { type Bus, LocalBus, publishAfterCommit } from "./realtime/bus.js";
import { PgBus, type PgBusLog } from "./realtime/pg-bus.js";
import { type BlobStore, createBlobStore, type ReferencedBlobs } from "./storage/index.js";
import { startFileSweepTimer } from "./storage/sweep.js";

export interface Services {
  jobs: JobQueue;
  secretKey: Buffer;
  /** real-time events: PostgreSQL LISTEN/NOTIFY across instances, in memory on embedded PGlite */
  bus: Bus;
  /** file bytes; swept here (temp files, orphans), served by the app */
  blobStore: BlobStore;
  /** the e-mail dispatcher of this instance; undefined where RUN_WORKERS=false */
  mailer?: { dispatcher: import("./modules/mail/dispatcher.js").MailDispatcher };
  /** starts the workers and sweeps (already running unless `deferBackground`); once, idempotent */
  startBackground(): Promise<void>;
  /** the incoming mailboxes' reader (when INBOUND_POLL_SECONDS > 0 and RUN_WORKERS): wake() reads now */
  inbound: { wake(): void } | undefined;
  stop(): Promise<void>;
}

/** The parts around the database that the app needs: the job queue, its workers, the secret key. */
export async function startServices(
  config: Config,
  database: Database,
  opts: {
    ephemeral?: boolean;
    /** PostgreSQL URL for the bus's own LISTEN connection; default config.databaseUrl */
    listenUrl?: string;
    log?: PgBusLog;
    /** tests on the shared PostgreSQL: the reminder timer sweeps only this office */
    reminderOfficeId?: string;
    /** default: createBlobStore(config) */
    blobStore?: BlobStore;
    /** the demo mailbox this process runs: the installation's e-mails go there when SMTP_URL is unset */
    demoMailboxPort?: number;
    /** return before the workers and sweeps start: the caller runs `startBackground()` later */
    deferBackground?: boolean;
  } = {},
) {
  // a wrong S3 setting stops the start here, named, before anything else runs (not at the first upload)
  const blobStore = opts.blobStore ?? (await createBlobStore(config));
  await blobStore.check?.();
  const secretKey =
    opts.ephemeral && !config.secretKeyHex
      ? randomBytes(32)
      : loadSecretKey(config.secretKeyHex, config.dataDir);
  const jobs = await startJobQueue(database, {
    runWorkers: config.runWorkers,
    retryDelaySeconds: config.mailRetryDelaySeconds,
  });
  const bus = await startBus(config, database, opts);
  const log = opts.log ?? console;
  let reminders: { stop(): Promise<void> } | undefined;
  let fileSweep: { stop(): Promise<void> } | undefined;
  let inboundPoller: ReturnType<typeof startInboundPoller> | undefined;
  let obligationsTimer: { stop(): Promise<void> } | undefined;
  let mailerRef: Awaited<ReturnType<typeof startEmailWorker>> | undefined;
  let background: Promise<void> | undefined;
  /**
   * The workers and the periodic sweeps. `npm start` runs them once the server listens (with
   * `deferBackground`): their first queries would otherwise queue before the app's on the embedded
   * database, which runs one statement at a time (docs/BENCHMARKS.md, cold start).
   */
  const startBackground = () => {
    background ??= (async () => {
      mailerRef = config.runWorkers
        ? await startEmailWorker(
            database.db,
            {
              secretKey,
              jobs,
              retry: {
                firstDelaySeconds: config.mailRetryDelaySeconds,
                maxDelaySeconds: config.mailRetryMaxDelaySeconds,
                retryForSeconds: config.mailRetryForSeconds,
              },
              claimLeaseSeconds: config.mailClaimLeaseSeconds,
              systemSmtp: resolveSystemSmtp(config, opts.demoMailboxPort),
              pools: new TransportPools({
                maxConnections: config.mailOfficeConnections,
                ratePerSecond: config.mailOfficeRatePerSecond,
                idleMs: 60_000,
              }),
              // the atendimento's history and the person's "E-mail enviado…" message follow live
              onOutcome: (email) => {
                if (email.officeId && email.ticketId)
                  void publishAfterCommit(
                    bus,
                    { type: "ticket", officeId: email.officeId, ticketId: email.ticketId, reason: "email" },
                    { error: (obj, msg) => log.error(obj, msg) },
                  );
              },
            },
            {
              concurrency: config.mailConcurrency,
              perOffice: config.mailOfficeConnections,
              pollMs: config.mailPollMs,
            },
            { error: (obj, msg) => log.error(obj, msg) },
          )
        : undefined;
      await startDigestWorker(database.db, jobs, config.publicUrl);
      // régua de cobrança: a sweep at start and then every REMINDER_INTERVAL_MS, never two at once
      reminders =
        config.runWorkers && config.reminderIntervalMs > 0
          ? startReminderTimer(database.db, jobs, {
              intervalMs: config.reminderIntervalMs,
              publicUrl: config.publicUrl,
              officeId: opts.reminderOfficeId,
              log: opts.log,
            })
          : undefined;
      // obrigações: the monthly generation of the competência that ended, once per office (ADR 0019)
      obligationsTimer =
        config.runWorkers && config.obligationIntervalMs > 0
          ? startObligationTimer(database.db, { intervalMs: config.obligationIntervalMs, log: opts.log })
          : undefined;
      // files: temp files of killed uploads and blobs no row references, at start and then every
      // FILE_SWEEP_INTERVAL_MINUTES, never two at once. Every instance sweeps (a local disk is per
      // instance, whatever RUN_WORKERS says); instances sharing a store may sweep it at once safely.
      fileSweep =
        config.fileSweepIntervalMs > 0
          ? startFileSweepTimer(blobStore, {
              intervalMs: config.fileSweepIntervalMs,
              tempGraceMs: config.fileTempGraceMs,
              orphanGraceMs: config.fileOrphanGraceMs,
              referenced: referencedBlobs(database.db),
              log: opts.log,
            })
          : undefined;
      // incoming mailboxes (IMAP): every instance reads; a lease per mailbox keeps it to one at a time
      inboundPoller =
        config.runWorkers && config.inboundPollMs > 0
          ? startInboundPoller(
              {
                db: database.db,
                jobs,
                bus,
                blobStore,
                publicUrl: config.publicUrl,
                maxMessageBytes: config.inboundMaxBytes,
                maxFileBytes: config.maxFileBytes,
                log: opts.log,
              },
              {
                secretKey,
                leaseSeconds: 120,
                intervalMs: config.inboundPollMs,
                retryMs: config.inboundRetryMs,
                maxRetryMs: config.inboundRetryMaxMs,
                tickMs: Math.min(config.inboundPollMs, 5000),
              },
            )
          : undefined;
    })();
    return background;
  };
  if (!opts.deferBackground) await startBackground();
  return {
    jobs,
    secretKey,
    bus,
    blobStore,
    /** undefined where RUN_WORKERS=false, and until the background started */
    get mailer() {
      return mailerRef;
    },
    startBackground,
    // reads at once when the reader runs (it starts with the background)
    inbound:
      config.runWorkers && config.inboundPollMs > 0 ? { wake: () => inboundPoller?.wake() } : undefined,
    stop: async () => {
      await background?.catch(() => undefined);
      await inboundPoller?.stop();
      await fileSweep?.stop();
      await reminders?.stop();
      await mailerRef?.stop();
      await obligationsTimer?.stop();
      await bus.close();
      await jobs.stop();
    },
  } satisfies Services;
}

async function startBus(config: Config, database: Database, opts: { listenUrl?: string; log?: PgBusLog }) {
  if (database.kind === "pglite") return new LocalBus();
  const connectionString = opts.listenUrl ?? config.databaseUrl;
  if (!connectionString) throw new Error("PostgreSQL without a URL for the real-time LISTEN connection");
  const bus = new PgBus({ connectionString, rawQuery: database.rawQuery, log: opts.log ?? console });
  await bus.start();
  return bus;
}

/**
 * Every table that stores a blob address. Chat and portal files are attachments rows too; a new
 * table that keeps a blob (receipts, inbound e-mail) must add its query here, or its blobs are swept.
 */
export function referencedBlobs(db: Database["db"]): ReferencedBlobs {
  return async (sha256s) => {
    const [files, originals] = await Promise.all([
      attachmentsRepo.referencedSha256s(db, sha256s),
      inboundRepo.referencedRawSha256s(db, sha256s),
    ]);
    return new Set([...files, ...originals]);
  };
}
