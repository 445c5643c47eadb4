import type { Readable } from "node:stream";

/** What put() learned about the bytes it stored. */
export interface StoredBlob {
  /** lowercase hex sha256 of the content: the blob's address */
  sha256: string;
  size: number;
}

/** A stored blob as the sweep sees it. */
export interface BlobInfo {
  sha256: string;
  size: number;
  /** when the blob was last written or reused by put(): the sweep's measure of its age */
  modifiedAt: Date;
}

/** What a sweep removed. */
export interface SweepCount {
  count: number;
  bytes: number;
}

/**
 * Which of these blob addresses some database row references (every table that stores one).
 * Given to the store by the caller, so the store knows nothing of tables.
 */
export type ReferencedBlobs = (sha256s: string[]) => Promise<Set<string>>;

/**
 * Content-addressed storage for file bytes. The database keeps the metadata and the sha256; the
 * store keeps the bytes under that sha256. Equal content is stored once.
 *
 * Implementations must make put() atomic: once it resolves, open(sha256) returns the whole content,
 * and a failed or interrupted put() never leaves a blob that could be mistaken for a complete one.
 * A blob nobody points to (an upload whose transaction failed) is harmless and is swept after a
 * grace period (`src/server/storage/sweep.ts`).
 *
 * The sweep's safety rests on two promises every implementation keeps:
 * - when put() resolves, the blob's modifiedAt is no older than the call: a new blob is fresh, and a
 *   reused one (same content already stored) is refreshed, so a row committed within the grace period
 *   after put() never points at a blob the sweep considers old;
 * - removeStale() decides on the blob as it is at the moment of removal, not as it was listed.
 */
export interface BlobStore {
  /** Streams the source into the store; rejects (storing nothing) when the source fails. */
  put(source: Readable | AsyncIterable<Buffer | Uint8Array>): Promise<StoredBlob>;
  /** The content, streamed. Rejects with code "ENOENT" when there is no such blob. */
  open(sha256: string): Promise<Readable>;
  exists(sha256: string): Promise<boolean>;
  /** Every complete blob, with its size and age, in no particular order. */
  list(): AsyncIterable<BlobInfo>;
  /**
   * Removes these blobs, except any that, checked at the moment of removal, was written or reused
   * after `olderThan` or is referenced (asked once per call, after the blobs were taken out of reach
   * of readers and writers). Safe when several processes sweep the same store at once, and against
   * a concurrent put() of the same content: that put() either refreshes the blob first (kept) or
   * finds it gone and stores it again.
   */
  removeStale(sha256s: string[], opts: { olderThan: Date; referenced: ReferencedBlobs }): Promise<SweepCount>;
  /**
   * Removes what interrupted puts left behind (temp files) when last written before `olderThan`:
   * an upload in progress keeps writing, so it is never that old. Also undoes removals interrupted
   * by a crash.
   */
  sweepTemp(olderThan: Date): Promise<SweepCount>;
  /**
   * At start: throws a StorageConfigError naming the setting when the store cannot be used (wrong
   * credentials, missing bucket, unreachable endpoint), so a bad setting stops the start instead of
   * failing the first upload.
   */
  check?(): Promise<void>;
}

const SHA256_HEX = /^[0-9a-f]{64}$/;

/** A blob address is exactly 64 lowercase hex digits: never a path, never user input verbatim. */
export function assertSha256(sha256: string): void {
  if (!SHA256_HEX.test(sha256)) throw new Error("invalid blob address");
}

export class BlobNotFoundError extends Error {
  readonly code = "ENOENT";
  constructor(sha256: string) {
    super(`blob ${sha256} not found`);
    this.name = "BlobNotFoundError";
  }
}

/**
 * The store did not answer (down, unreachable, timing out, 5xx) during a request: a 503 for the
 * client, nothing written. The source's own errors (a refused file, a client gone) are not this.
 */
export class StorageUnavailableError extends Error {
  readonly code = "storage_unavailable";
  constructor(cause: unknown) {
    super(`file storage unavailable: ${(cause as Error)?.message ?? String(cause)}`, { cause });
    this.name = "StorageUnavailableError";
  }
}

/** The store's settings are wrong (found by check() at start); the message names the setting. */
export class StorageConfigError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "StorageConfigError";
  }
}
