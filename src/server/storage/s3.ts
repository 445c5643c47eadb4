import { createHash, randomUUID } from "node:crypto";
import { Readable } from "node:stream";
import { setTimeout as sleep } from "node:timers/promises";
import {
  type _Object,
  AbortMultipartUploadCommand,
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  type HeadObjectCommandOutput,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import type { S3Config } from "../config.js";
import {
  assertSha256,
  type BlobInfo,
  BlobNotFoundError,
  type BlobStore,
  type ReferencedBlobs,
  StorageConfigError,
  StorageUnavailableError,
  type StoredBlob,
  type SweepCount,
} from "./blob-store.js";

const BLOBS = "blobs/";
const TMP = "tmp/";
const CLAIMS = "claims/";
const BLOB_KEY = /^blobs\/([0-9a-f]{2})\/([0-9a-f]{2})\/([0-9a-f]{64})$/;
/** object metadata (x-amz-meta-atende-touched): when put() last wrote or reused the object, ms */
const TOUCHED = "atende-touched";
/** a sweep deletes nothing once its claims are this old (it was too slow: the blobs stay) */
const CLAIM_DECIDE_MS = 5 * 60 * 1000;
/** a "deciding" claim this old was left by a sweep that died: put() stops waiting for it */
const CLAIM_ABANDONED_MS = 10 * 60 * 1000;
/** multipart upload above this size, in parts of this size (S3's minimum part is 5 MiB) */
const PART_SIZE = 8 * 1024 * 1024;

export interface S3BlobStoreOptions {
  client: S3Client;
  bucket: string;
  /** for error messages: where the bucket is */
  endpoint?: string;
  /** the clock written into objects as their age (tests move it); default Date.now */
  now?: () => number;
  /** how long put() waits for a sweep deciding on the same blob before failing; default 60 s */
  claimWaitMs?: number;
  /** how often put() looks again while it waits; default 200 ms */
  claimPollMs?: number;
}

/** An S3 client for the settings (S3_*), compatible with AWS S3, MinIO, Cloudflare R2 and others. */
export function s3ClientFor(config: S3Config): S3Client {
  return new S3Client({
    endpoint: config.endpoint,
    region: config.region,
    forcePathStyle: config.forcePathStyle,
    credentials: config.credentials,
    // checksums only where the API requires them: several S3-compatible stores refuse the newer ones
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
    maxAttempts: 3,
    requestHandler: { connectionTimeout: 5000, requestTimeout: 120_000 },
  });
}

export function s3BlobStoreFor(config: S3Config): S3BlobStore {
  return new S3BlobStore({ client: s3ClientFor(config), bucket: config.bucket, endpoint: config.endpoint });
}

/**
 * Blobs in an S3-compatible bucket, addressed by sha256: `blobs/ab/cd/<sha256>`.
 *
 * put() streams the source into a temporary object `tmp/<uuid>.part` (a multipart upload above
 * 8 MiB: never more than two parts in memory), hashing on the way; then copies it to the blob's
 * key and deletes it. An object appears whole or not at all, so a key never holds a partial blob;
 * the copy also overwrites a blob already stored (same bytes) and marks it fresh.
 *
 * Age: the metadata `atende-touched` (ms) written by every put(); list() reports LastModified (the
 * same moment, to the second). Removal has no atomic rename to lean on, so a sweep first writes a
 * claim `claims/<sha256>/<sweep>.deciding`, then looks at the blob's age and references, deletes,
 * and turns the claim `.done` (kept 10 minutes). put(), after its copy, lists the blob's claims: a
 * sweep that may delete after that copy has a claim there (written before it looked at the blob,
 * which it would otherwise have found fresh), so put() waits until no claim is deciding and copies
 * again. See docs/decisions/0015-s3-object-storage.md.
 */
export class S3BlobStore implements BlobStore {
  readonly client: S3Client;
  readonly bucket: string;
  private readonly endpoint: string | undefined;
  private readonly now: () => number;
  private readonly claimWaitMs: number;
  private readonly claimPollMs: number;

  constructor(opts: S3BlobStoreOptions) {
    this.client = opts.client;
    this.bucket = opts.bucket;
    this.endpoint = opts.endpoint;
    this.now = opts.now ?? Date.now;
    this.claimWaitMs = opts.claimWaitMs ?? 60_000;
    this.claimPollMs = opts.claimPollMs ?? 200;
  }

  keyOf(sha256: string): string {
    assertSha256(sha256);
    return `${BLOBS}${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}`;
  }

  async check(): Promise<void> {
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: this.bucket }));
    } catch (err) {
      throw new StorageConfigError(this.describe(err), { cause: err });
    }
  }

  async put(source: Readable | AsyncIterable<Buffer | Uint8Array>): Promise<StoredBlob> {
    const hash = createHash("sha256");
    let size = 0;
    let sourceError: { error: unknown } | undefined;
    async function* hashed() {
      try {
        for await (const chunk of source) {
          const buf = typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Uint8Array);
          hash.update(buf);
          size += buf.byteLength;
          yield buf;
        }
      } catch (error) {
        sourceError = { error };
        throw error;
      }
    }
    const tmpKey = `${TMP}${randomUUID()}.part`;
    const upload = new Upload({
      client: this.client,
      params: { Bucket: this.bucket, Key: tmpKey, Body: Readable.from(hashed()), Metadata: this.touched() },
      partSize: PART_SIZE,
      queueSize: 2,
      leavePartsOnError: false,
    });
    try {
      await upload.done();
    } catch (err) {
      // the source failed (a refused file, a client gone): its error, not the store's
      if (sourceError) throw sourceError.error;
      throw new StorageUnavailableError(err);
    }
    const sha256 = hash.digest("hex");
    const key = this.keyOf(sha256);
    try {
      await this.copy(tmpKey, key);
      await this.outlastSweeps(sha256, tmpKey, key);
      return { sha256, size };
    } catch (err) {
      throw err instanceof StorageUnavailableError ? err : new StorageUnavailableError(err);
    } finally {
      // left behind if this fails: sweepTemp() removes it later
      await this.delete(tmpKey).catch(() => {});
    }
  }

  async open(sha256: string): Promise<Readable> {
    const key = this.keyOf(sha256);
    try {
      const got = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      return got.Body as Readable;
    } catch (err) {
      if (isNotFound(err)) throw new BlobNotFoundError(sha256);
      throw new StorageUnavailableError(err);
    }
  }

  async exists(sha256: string): Promise<boolean> {
    return (await this.head(this.keyOf(sha256))) !== undefined;
  }

  async *list(): AsyncIterable<BlobInfo> {
    for await (const o of this.objects(BLOBS)) {
      const m = BLOB_KEY.exec(o.Key ?? "");
      if (!m?.[3]?.startsWith(`${m[1]}${m[2]}`)) continue;
      yield { sha256: m[3], size: o.Size ?? 0, modifiedAt: o.LastModified ?? new Date(0) };
    }
  }

  async removeStale(
    sha256s: string[],
    opts: { olderThan: Date; referenced: ReferencedBlobs },
  ): Promise<SweepCount> {
    if (sha256s.length === 0) return { count: 0, bytes: 0 };
    const cutoff = opts.olderThan.getTime();
    const sweep = randomUUID();
    const claim = (sha256: string, state: "deciding" | "done") => `${CLAIMS}${sha256}/${sweep}.${state}`;
    const claimedAt = Date.now();
    // 1. claims first: a put() copying after we looked at a blob will find them
    await eachLimited(sha256s, (sha256) => this.putEmpty(claim(sha256, "deciding")));
    const removed = { count: 0, bytes: 0 };
    try {
      // 2. the blob as it is now: gone, or written/reused since it was listed → kept
      const held: { sha256: string; size: number }[] = [];
      await eachLimited(sha256s, async (sha256) => {
        const head = await this.head(this.keyOf(sha256));
        if (head && touchedAt(head) < cutoff) held.push({ sha256, size: head.ContentLength ?? 0 });
      });
      if (held.length === 0) return removed;
      // 3. references, asked once the claims are visible
      const referenced = await opts.referenced(held.map((h) => h.sha256));
      // 4. delete, unless this sweep has been too slow for its claims to be trusted
      for (const h of held) {
        if (referenced.has(h.sha256)) continue;
        if (Date.now() - claimedAt > CLAIM_DECIDE_MS) break;
        await this.delete(this.keyOf(h.sha256));
        removed.count++;
        removed.bytes += h.size;
      }
      return removed;
    } finally {
      // 5. done: a put() that copied meanwhile copies again; kept until sweepTemp() ages it out
      await eachLimited(sha256s, async (sha256) => {
        await this.putEmpty(claim(sha256, "done"));
        await this.delete(claim(sha256, "deciding"));
      });
    }
  }

  async sweepTemp(olderThan: Date): Promise<SweepCount> {
    const cutoff = olderThan.getTime();
    const removed = { count: 0, bytes: 0 };
    // temporary objects of puts that died between their upload and their copy (a few at most)
    for await (const o of this.objects(TMP)) {
      if (!o.Key) continue;
      const head = await this.head(o.Key);
      if (!head || touchedAt(head) >= cutoff) continue;
      await this.delete(o.Key);
      removed.count++;
      removed.bytes += head.ContentLength ?? 0;
    }
    // multipart uploads of puts that died mid-way (not objects: they take space until aborted)
    await this.abortOldUploads(cutoff);
    // claims of finished sweeps, and of sweeps that died (their blobs stayed or went: both fine)
    for await (const o of this.objects(CLAIMS)) {
      if (o.Key && Date.now() - (o.LastModified?.getTime() ?? 0) > CLAIM_ABANDONED_MS)
        await this.delete(o.Key);
    }
    return removed;
  }

  /** "S3_…: what is wrong" for an error of the store, naming the setting to look at. */
  describe(err: unknown): string {
    const status = (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    const code = (err as { code?: string }).code ?? (err as { name?: string }).name ?? "";
    const where = this.endpoint ? `em ${this.endpoint}` : "na AWS";
    if (
      status === 403 ||
      status === 401 ||
      /AccessDenied|InvalidAccessKeyId|SignatureDoesNotMatch/.test(code)
    )
      return `S3_ACCESS_KEY_ID / S3_SECRET_ACCESS_KEY: o armazenamento ${where} recusou as credenciais para o bucket "${this.bucket}" (${status ?? code}).`;
    if (status === 404 || /NoSuchBucket|NotFound/.test(code))
      return `S3_BUCKET: o bucket "${this.bucket}" não existe ${where}. Crie-o antes de iniciar o Atende.`;
    if (status === 301 || /PermanentRedirect|AuthorizationHeaderMalformed/.test(code))
      return `S3_REGION: o bucket "${this.bucket}" está em outra região (${code || status}).`;
    return `S3_ENDPOINT: não foi possível acessar o armazenamento ${where} (${code || (err as Error)?.message || status}).`;
  }

  private touched(): Record<string, string> {
    return { [TOUCHED]: String(this.now()) };
  }

  /** Copies (atomically, server-side) and marks the copy fresh. */
  private async copy(from: string, to: string): Promise<void> {
    await this.client.send(
      new CopyObjectCommand({
        Bucket: this.bucket,
        Key: to,
        CopySource: `${this.bucket}/${from}`,
        MetadataDirective: "REPLACE",
        Metadata: this.touched(),
      }),
    );
  }

  /**
   * After put() copied the blob into place: a sweep that looked at the blob before that copy (and
   * found it old) has a claim on it, and may delete it after the copy. Wait for such sweeps to end,
   * then copy again: the blob is there, fresh, when put() returns.
   */
  private async outlastSweeps(sha256: string, tmpKey: string, key: string): Promise<void> {
    const started = Date.now();
    let seen = false;
    for (;;) {
      const claims: _Object[] = [];
      for await (const o of this.objects(`${CLAIMS}${sha256}/`)) claims.push(o);
      if (claims.length === 0 && !seen) return;
      seen ||= claims.length > 0;
      const deciding = claims.some(
        (o) =>
          o.Key?.endsWith(".deciding") && Date.now() - (o.LastModified?.getTime() ?? 0) < CLAIM_ABANDONED_MS,
      );
      if (!deciding) {
        await this.copy(tmpKey, key);
        return;
      }
      if (Date.now() - started > this.claimWaitMs)
        throw new Error(`a file sweep held blob ${sha256} longer than ${this.claimWaitMs} ms`);
      await sleep(this.claimPollMs);
    }
  }

  private async abortOldUploads(cutoff: number): Promise<void> {
    let listed: Awaited<ReturnType<typeof this.listUploads>>;
    try {
      listed = await this.listUploads();
    } catch (err) {
      // a store without the API (test servers): a lifecycle rule on the bucket does the same job
      if ((err as { name?: string }).name === "NotImplemented") return;
      throw err;
    }
    for (const u of listed) {
      if (u.Key?.startsWith(TMP) && u.UploadId && (u.Initiated?.getTime() ?? 0) < cutoff)
        await this.client.send(
          new AbortMultipartUploadCommand({ Bucket: this.bucket, Key: u.Key, UploadId: u.UploadId }),
        );
    }
  }

  private async listUploads() {
    const out = await this.client.send(new ListMultipartUploadsCommand({ Bucket: this.bucket, Prefix: TMP }));
    return out.Uploads ?? [];
  }

  private async *objects(prefix: string): AsyncIterable<_Object> {
    let token: string | undefined;
    do {
      const page = await this.client.send(
        new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ContinuationToken: token }),
      );
      for (const o of page.Contents ?? []) yield o;
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

  private async head(key: string): Promise<HeadObjectCommandOutput | undefined> {
    try {
      return await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw new StorageUnavailableError(err);
    }
  }

  private async putEmpty(key: string): Promise<void> {
    await this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: new Uint8Array(0) }));
  }

  private async delete(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
  }
}

/** When put() last wrote or reused the object (its metadata), else when the store last wrote it. */
function touchedAt(head: HeadObjectCommandOutput): number {
  const touched = Number(head.Metadata?.[TOUCHED]);
  return Number.isFinite(touched) && touched > 0 ? touched : (head.LastModified?.getTime() ?? 0);
}

function isNotFound(err: unknown): boolean {
  const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e.name === "NoSuchKey" || e.name === "NotFound" || e.$metadata?.httpStatusCode === 404;
}

/** fn over every item, a few at a time (one sweep batch is 500 blobs at most). */
async function eachLimited<T>(items: T[], fn: (item: T) => Promise<void>, limit = 8): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
