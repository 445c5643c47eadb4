import { type PeriodicTask, startPeriodic } from "../lib/periodic.js";
import type { BlobStore, ReferencedBlobs, SweepCount } from "./blob-store.js";

export interface FileSweepOptions {
  /** temp files of interrupted uploads last written longer ago than this are removed */
  tempGraceMs: number;
  /**
   * blobs no row references and last written (or reused) longer ago than this are removed. It must
   * cover "blob written → row committed" of the slowest upload: a blob is stored before its row.
   */
  orphanGraceMs: number;
  /** which addresses some row references (every table that stores one) */
  referenced: ReferencedBlobs;
  /** addresses checked per query */
  batchSize?: number;
}

export interface FileSweepResult {
  temp: SweepCount;
  orphans: SweepCount;
}

/**
 * One sweep of the file store: temp files left by killed uploads, then orphan blobs. Old blobs are
 * checked against the database in batches; the unreferenced ones go to the store's removeStale(),
 * which checks age and references again at the moment of removal (a row may have committed, or an
 * upload reused the blob, since they were listed).
 */
export async function runFileSweep(store: BlobStore, opts: FileSweepOptions): Promise<FileSweepResult> {
  const now = Date.now();
  const temp = await store.sweepTemp(new Date(now - opts.tempGraceMs));
  const olderThan = new Date(now - opts.orphanGraceMs);
  const batchSize = opts.batchSize ?? 500;
  const orphans = { count: 0, bytes: 0 };
  let batch: string[] = [];
  const flush = async () => {
    const referenced = await opts.referenced(batch);
    const candidates = batch.filter((sha256) => !referenced.has(sha256));
    batch = [];
    if (candidates.length === 0) return;
    const removed = await store.removeStale(candidates, { olderThan, referenced: opts.referenced });
    orphans.count += removed.count;
    orphans.bytes += removed.bytes;
  };
  for await (const blob of store.list()) {
    if (blob.modifiedAt.getTime() >= olderThan.getTime()) continue;
    batch.push(blob.sha256);
    if (batch.length >= batchSize) await flush();
  }
  if (batch.length > 0) await flush();
  return { temp, orphans };
}

/**
 * The file sweep at start and then every intervalMs, never two at once (lib/periodic.ts); stop()
 * waits for a sweep in progress. What was removed is logged at info.
 */
export function startFileSweepTimer(
  store: BlobStore,
  opts: FileSweepOptions & {
    intervalMs: number;
    log?: { info(obj: object, msg?: string): void; error(obj: object, msg?: string): void };
  },
): PeriodicTask {
  const log = opts.log ?? console;
  return startPeriodic({
    name: "file sweep",
    intervalMs: opts.intervalMs,
    log,
    run: async () => {
      const { temp, orphans } = await runFileSweep(store, opts);
      if (temp.count === 0 && orphans.count === 0) return;
      log.info(
        {
          tempFiles: temp.count,
          tempBytes: temp.bytes,
          orphanBlobs: orphans.count,
          orphanBytes: orphans.bytes,
        },
        `file sweep: removed ${temp.count} temp file(s) (${temp.bytes} bytes) and ${orphans.count} orphan blob(s) (${orphans.bytes} bytes)`,
      );
    },
  });
}
