import { createHash, randomBytes, randomUUID } from "node:crypto";
import { mkdir, mkdtemp, rm, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { CopyObjectCommand, CreateBucketCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startTestS3, type TestS3Server } from "../test/s3-server.js";
import type { BlobStore, StoredBlob } from "./blob-store.js";
import { LocalDiskBlobStore } from "./local-disk.js";
import { S3BlobStore, s3ClientFor } from "./s3.js";

/**
 * The promises of blob-store.ts, kept by every store: the same tests against the local disk and
 * against an S3-compatible server (s3rver, started here). What only one store has (paths on disk,
 * fsync, claims renamed aside) is tested in its own file.
 */

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");
const hoursAgo = (h: number) => new Date(Date.now() - h * HOUR);
const noRefs = async () => new Set<string>();

/** A store under test, with what the tests need to arrange its state. */
interface Subject {
  store: BlobStore;
  /** another store on the same disk or bucket (another app instance) */
  sibling(): BlobStore;
  /** makes the blob look last written ageMs ago */
  setAge(sha256: string, ageMs: number): Promise<void>;
  /** what a put() killed mid-way leaves, last written ageMs ago */
  leaveTemp(ageMs: number, size: number): Promise<void>;
  cleanup(): Promise<void>;
}

let s3: TestS3Server;
beforeAll(async () => {
  s3 = await startTestS3([]);
});
afterAll(async () => {
  await s3?.close();
});

const stores: [string, () => Promise<Subject>][] = [
  [
    "local disk",
    async () => {
      const root = await mkdtemp(path.join(tmpdir(), "atende-contract-"));
      const store = new LocalDiskBlobStore(root);
      const age = async (p: string, ageMs: number) => {
        const t = new Date(Date.now() - ageMs);
        await utimes(p, t, t);
      };
      return {
        store,
        sibling: () => new LocalDiskBlobStore(root),
        setAge: (sha256, ageMs) => age(store.pathOf(sha256), ageMs),
        async leaveTemp(ageMs, size) {
          const p = path.join(root, "tmp", `${randomUUID()}.part`);
          await mkdir(path.dirname(p), { recursive: true });
          await writeFile(p, randomBytes(size));
          await age(p, ageMs);
        },
        cleanup: () => rm(root, { recursive: true, force: true }),
      };
    },
  ],
  [
    "S3",
    async () => {
      const config = s3.config(`contract-${randomUUID().slice(0, 8)}`);
      const client = s3ClientFor(config);
      await client.send(new CreateBucketCommand({ Bucket: config.bucket }));
      const make = () =>
        new S3BlobStore({ client, bucket: config.bucket, endpoint: config.endpoint, claimPollMs: 20 });
      const store = make();
      const touched = (ageMs: number) => ({ "atende-touched": String(Date.now() - ageMs) });
      return {
        store,
        sibling: make,
        async setAge(sha256, ageMs) {
          const key = store.keyOf(sha256);
          await client.send(
            new CopyObjectCommand({
              Bucket: config.bucket,
              Key: key,
              CopySource: `${config.bucket}/${key}`,
              MetadataDirective: "REPLACE",
              Metadata: touched(ageMs),
            }),
          );
        },
        async leaveTemp(ageMs, size) {
          await client.send(
            new PutObjectCommand({
              Bucket: config.bucket,
              Key: `tmp/${randomUUID()}.part`,
              Body: randomBytes(size),
              Metadata: touched(ageMs),
            }),
          );
        },
        async cleanup() {},
      };
    },
  ],
];

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

function chunked(data: Buffer, size = 64 * 1024): Readable {
  const parts: Buffer[] = [];
  for (let i = 0; i < data.length; i += size) parts.push(data.subarray(i, i + size));
  return Readable.from(parts);
}

/** nothing left behind by puts: no temp file to sweep even with a cutoff in the future */
async function noTemp(store: BlobStore) {
  expect(await store.sweepTemp(new Date(Date.now() + HOUR))).toEqual({ count: 0, bytes: 0 });
}

describe.each(stores)("blob store contract: %s", (_name, make) => {
  let t: Subject;
  let store: BlobStore;
  beforeEach(async () => {
    t = await make();
    store = t.store;
  });
  afterEach(async () => {
    await t.cleanup();
  });

  it("streams a large file in (in parts) and back out, under its sha256, leaving nothing else", async () => {
    const data = randomBytes(17 * 1024 * 1024 + 5); // three parts of a multipart upload on S3
    const blob = await store.put(chunked(data));
    expect(blob).toEqual({ sha256: sha(data), size: data.length });
    expect(await store.exists(blob.sha256)).toBe(true);
    expect(sha(await readAll(await store.open(blob.sha256)))).toBe(blob.sha256);
    expect((await collect(store.list())).map((b) => [b.sha256, b.size])).toEqual([
      [blob.sha256, data.length],
    ]);
    await noTemp(store);
  });

  it("accepts an async iterable and an empty source", async () => {
    async function* gen() {
      yield Buffer.from("olá, ");
      yield Buffer.from("mundo");
    }
    const blob = await store.put(gen());
    expect((await readAll(await store.open(blob.sha256))).toString()).toBe("olá, mundo");
    expect(await store.put(Readable.from([]))).toEqual({ sha256: sha(Buffer.alloc(0)), size: 0 });
  });

  it("keeps one blob for concurrent puts of the same content", async () => {
    const data = randomBytes(300 * 1024);
    const results = await Promise.all(Array.from({ length: 4 }, () => store.put(chunked(data, 16 * 1024))));
    expect(new Set(results.map((r) => r.sha256))).toEqual(new Set([sha(data)]));
    expect((await collect(store.list())).map((b) => b.sha256)).toEqual([sha(data)]);
    await noTemp(store);
  });

  it("stores nothing when the source fails half-way, and rejects with the source's error", async () => {
    const data = randomBytes(256 * 1024);
    async function* failing() {
      yield data.subarray(0, 100 * 1024);
      throw new Error("connection reset");
    }
    await expect(store.put(failing())).rejects.toThrow("connection reset");
    async function* failingLate() {
      yield randomBytes(9 * 1024 * 1024); // past the first part of a multipart upload
      throw new Error("cliente desconectou");
    }
    await expect(store.put(failingLate())).rejects.toThrow("cliente desconectou");
    expect(await collect(store.list())).toEqual([]);
    await noTemp(store);
  });

  it("refuses addresses that are not a sha256 and reports missing blobs as ENOENT", async () => {
    await expect(store.open("../../etc/passwd")).rejects.toThrow("invalid blob address");
    await expect(store.exists("ABC")).rejects.toThrow("invalid blob address");
    const missing = sha(Buffer.from("nunca gravado"));
    expect(await store.exists(missing)).toBe(false);
    await expect(store.open(missing)).rejects.toMatchObject({ code: "ENOENT" });
  });

  it("removes stale unreferenced blobs; keeps referenced ones and ones reused since they were listed", async () => {
    const stale = await store.put(Readable.from([Buffer.from("órfão antigo")]));
    const referenced = await store.put(Readable.from([Buffer.from("anexo de um atendimento")]));
    const reused = await store.put(Readable.from([Buffer.from("reenviado agora")]));
    for (const b of [stale, referenced, reused]) await t.setAge(b.sha256, 3 * DAY);
    const listed = (await collect(store.list())).map((i) => i.sha256);
    // an upload reuses one (dedup) after the sweep listed it
    await store.put(Readable.from([Buffer.from("reenviado agora")]));
    const asked: string[][] = [];
    const removed = await store.removeStale(listed, {
      olderThan: hoursAgo(24),
      referenced: async (shas) => {
        asked.push([...shas].sort());
        return new Set(shas.filter((s) => s === referenced.sha256));
      },
    });
    expect(removed).toEqual({ count: 1, bytes: stale.size });
    expect(asked).toEqual([[stale.sha256, referenced.sha256].sort()]);
    expect(await store.exists(stale.sha256)).toBe(false);
    expect(await store.exists(referenced.sha256)).toBe(true);
    expect(await store.exists(reused.sha256)).toBe(true);
    // a blob already gone is no error
    expect(await store.removeStale([stale.sha256], { olderThan: new Date(), referenced: noRefs })).toEqual({
      count: 0,
      bytes: 0,
    });
    await noTemp(store);
  });

  it("keeps the blob of a put() of the same content that races the sweep's decision", async () => {
    const data = Buffer.from("declaração de IRPF 2026");
    const blob = await store.put(Readable.from([data]));
    await t.setAge(blob.sha256, 3 * DAY);
    let again: Promise<StoredBlob> | undefined;
    await store.removeStale([blob.sha256], {
      olderThan: hoursAgo(24),
      // the sweep found no row; meanwhile an upload of the same content (another instance) runs
      referenced: async () => {
        again = t.sibling().put(Readable.from([data]));
        await new Promise((r) => setImmediate(r));
        return new Set();
      },
    });
    expect((await again)?.sha256).toBe(blob.sha256);
    // whichever came first, the blob is there when put() returned: complete and fresh
    expect((await readAll(await store.open(blob.sha256))).equals(data)).toBe(true);
    expect(await store.removeStale([blob.sha256], { olderThan: hoursAgo(24), referenced: noRefs })).toEqual({
      count: 0,
      bytes: 0,
    });
  });

  it("lets two instances sweep the same store at once: each blob removed once, nothing else lost", async () => {
    const blobs = [];
    for (let i = 0; i < 10; i++) blobs.push(await store.put(Readable.from([Buffer.from(`arquivo ${i}`)])));
    for (const b of blobs) await t.setAge(b.sha256, 3 * DAY);
    const keep = new Set(blobs.filter((_, i) => i % 2 === 0).map((b) => b.sha256));
    const opts = {
      olderThan: hoursAgo(24),
      referenced: async (s: string[]) => new Set(s.filter((x) => keep.has(x))),
    };
    const shas = blobs.map((b) => b.sha256);
    const [r1, r2] = await Promise.all([
      store.removeStale(shas, opts),
      t.sibling().removeStale([...shas].reverse(), opts),
    ]);
    // a blob both sweeps delete counts for each on S3 (a delete of nothing succeeds): at least 5
    expect((r1?.count ?? 0) + (r2?.count ?? 0)).toBeGreaterThanOrEqual(5);
    for (const b of blobs) expect(await store.exists(b.sha256)).toBe(keep.has(b.sha256));
  });

  it("sweeps what killed puts left once it is old, keeping puts in progress", async () => {
    await t.leaveTemp(2 * HOUR, 1234);
    await t.leaveTemp(10 * 60_000, 99);
    expect(await store.sweepTemp(hoursAgo(1))).toEqual({ count: 1, bytes: 1234 });
    expect(await store.sweepTemp(hoursAgo(1))).toEqual({ count: 0, bytes: 0 });
    expect(await store.sweepTemp(new Date(Date.now() + HOUR))).toEqual({ count: 1, bytes: 99 });
    expect(await collect(store.list())).toEqual([]);
  });
});
