import { createHash, randomBytes } from "node:crypto";
import { mkdir, mkdtemp, readdir, readFile, rename, rm, stat, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { StoredBlob } from "./blob-store.js";
import { LocalDiskBlobStore } from "./local-disk.js";

const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/** Every file under dir, relative, sorted. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}

function chunked(data: Buffer, size = 64 * 1024): Readable {
  const parts: Buffer[] = [];
  for (let i = 0; i < data.length; i += size) parts.push(data.subarray(i, i + size));
  return Readable.from(parts);
}

describe("LocalDiskBlobStore", () => {
  let root: string;
  let store: LocalDiskBlobStore;
  beforeEach(async () => {
    root = await mkdtemp(path.join(tmpdir(), "atende-blobs-"));
    store = new LocalDiskBlobStore(root);
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it("stores content under its sha256 in a two-level fan-out and streams it back", async () => {
    const data = randomBytes(3 * 1024 * 1024 + 17);
    const blob = await store.put(chunked(data));
    expect(blob).toEqual({ sha256: sha(data), size: data.length });
    expect(store.pathOf(blob.sha256)).toBe(
      path.join(root, blob.sha256.slice(0, 2), blob.sha256.slice(2, 4), blob.sha256),
    );
    expect(await store.exists(blob.sha256)).toBe(true);
    expect(sha(await readAll(await store.open(blob.sha256)))).toBe(blob.sha256);
    expect(await filesUnder(root)).toEqual([path.relative(root, store.pathOf(blob.sha256))]);
  });

  it("accepts an async iterable of buffers and an empty source", async () => {
    async function* gen() {
      yield Buffer.from("olá, ");
      yield Buffer.from("mundo");
    }
    const blob = await store.put(gen());
    expect(blob.size).toBe(Buffer.byteLength("olá, mundo"));
    expect((await readFile(store.pathOf(blob.sha256))).toString()).toBe("olá, mundo");
    const empty = await store.put(Readable.from([]));
    expect(empty).toEqual({ sha256: sha(Buffer.alloc(0)), size: 0 });
  });

  it("keeps one file for concurrent puts of the same content and leaves no temp files", async () => {
    const data = randomBytes(512 * 1024);
    const results = await Promise.all(Array.from({ length: 8 }, () => store.put(chunked(data, 8 * 1024))));
    expect(new Set(results.map((r) => r.sha256))).toEqual(new Set([sha(data)]));
    expect(await filesUnder(root)).toEqual([path.relative(root, store.pathOf(sha(data)))]);
    expect(await readdir(path.join(root, "tmp"))).toEqual([]);
    // and a later put of the same content is a no-op
    await store.put(chunked(data));
    expect(await filesUnder(root)).toHaveLength(1);
    expect(sha(await readFile(store.pathOf(sha(data))))).toBe(sha(data));
  });

  it("leaves no final file and no temp file when the source fails half-way", async () => {
    const data = randomBytes(256 * 1024);
    async function* failing() {
      yield data.subarray(0, 100 * 1024);
      yield data.subarray(100 * 1024, 200 * 1024);
      throw new Error("connection reset");
    }
    await expect(store.put(failing())).rejects.toThrow("connection reset");
    expect(await filesUnder(root)).toEqual([]);
    // a Readable that errors does the same
    const stream = new Readable({
      read() {
        this.push(data.subarray(0, 1024));
        this.destroy(new Error("aborted"));
      },
    });
    await expect(store.put(stream)).rejects.toThrow("aborted");
    expect(await filesUnder(root)).toEqual([]);
  });

  it("refuses addresses that are not a sha256 and reports missing blobs as ENOENT", async () => {
    await expect(store.open("../../etc/passwd")).rejects.toThrow("invalid blob address");
    await expect(store.exists("ABC")).rejects.toThrow("invalid blob address");
    const missing = sha(Buffer.from("nunca gravado"));
    expect(await store.exists(missing)).toBe(false);
    await expect(store.open(missing)).rejects.toMatchObject({ code: "ENOENT" });
  });

  it("sweeps temp files left by a crash once they are old, keeping uploads in progress", async () => {
    await store.put(Readable.from([Buffer.from("x")])); // creates tmp/
    const old = path.join(root, "tmp", "crashed.part");
    const fresh = path.join(root, "tmp", "in-flight.part");
    await writeFile(old, "partial");
    await writeFile(fresh, "partial");
    await setAge(old, 2 * HOUR);
    await setAge(fresh, 10 * 60 * 1000);
    expect(await store.sweepTemp(hoursAgo(1))).toEqual({ count: 1, bytes: "partial".length });
    expect(await readdir(path.join(root, "tmp"))).toEqual(["in-flight.part"]);
    // a store that never wrote has nothing to sweep
    const empty = new LocalDiskBlobStore(path.join(root, "never-used"));
    expect(await empty.sweepTemp(new Date())).toEqual({ count: 0, bytes: 0 });
  });

  it("refreshes a blob's age when put() reuses it (dedup), so a sweep never takes it from a new row", async () => {
    const data = Buffer.from("recibo de honorários de 10/2026");
    const blob = await store.put(Readable.from([data]));
    await setAge(store.pathOf(blob.sha256), 3 * DAY);
    await store.put(Readable.from([data]));
    expect(Date.now() - (await stat(store.pathOf(blob.sha256))).mtimeMs).toBeLessThan(HOUR);
  });

  it("lists complete blobs with size and age, never temp files or strangers", async () => {
    const a = await store.put(Readable.from([Buffer.from("a")]));
    const b = await store.put(Readable.from([Buffer.from("bb")]));
    await setAge(store.pathOf(a.sha256), 2 * DAY);
    await writeFile(path.join(root, "tmp", "x.part"), "partial");
    await writeFile(path.join(root, "README"), "not a blob");
    await mkdir(path.join(root, "zz", "zz"), { recursive: true });
    await writeFile(path.join(root, "zz", "zz", "not-a-sha"), "x");
    const listed = (await collect(store.list())).sort((x, y) => x.size - y.size);
    expect(listed.map((i) => [i.sha256, i.size])).toEqual([
      [a.sha256, 1],
      [b.sha256, 2],
    ]);
    expect(Date.now() - (listed[0]?.modifiedAt.getTime() ?? 0)).toBeGreaterThan(DAY);
    expect(await collect(new LocalDiskBlobStore(path.join(root, "never-used")).list())).toEqual([]);
  });

  it("removes stale unreferenced blobs; keeps referenced ones and ones refreshed since they were listed", async () => {
    const stale = await store.put(Readable.from([Buffer.from("órfão antigo")]));
    const referenced = await store.put(Readable.from([Buffer.from("anexo de um atendimento")]));
    const reused = await store.put(Readable.from([Buffer.from("reenviado agora")]));
    for (const b of [stale, referenced, reused]) await setAge(store.pathOf(b.sha256), 3 * DAY);
    // the sweep lists them as old; then an upload reuses one before the sweep removes anything
    const listed = (await collect(store.list())).map((i) => i.sha256);
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
    // only the blobs still old are asked about
    expect(asked).toEqual([[stale.sha256, referenced.sha256].sort()]);
    expect(await store.exists(stale.sha256)).toBe(false);
    expect(await store.exists(referenced.sha256)).toBe(true);
    expect(await store.exists(reused.sha256)).toBe(true);
    // nothing left aside in tmp/, and a blob already gone is no error
    expect(await readdir(path.join(root, "tmp"))).toEqual([]);
    expect(await store.removeStale([stale.sha256], { olderThan: new Date(), referenced: noRefs })).toEqual({
      count: 0,
      bytes: 0,
    });
  });

  it("stores the content again when a put() of it races a sweep that already took the blob", async () => {
    const data = Buffer.from("declaração de IRPF");
    const blob = await store.put(Readable.from([data]));
    await setAge(store.pathOf(blob.sha256), 3 * DAY);
    let again: StoredBlob | undefined;
    const removed = await store.removeStale([blob.sha256], {
      olderThan: hoursAgo(24),
      // while the sweep holds the blob (and before it decides), an upload of the same content runs
      referenced: async () => {
        again = await store.put(Readable.from([data]));
        return new Set();
      },
    });
    expect(again?.sha256).toBe(blob.sha256);
    // the old copy went; the new one stays, complete and fresh
    expect(removed.count).toBeLessThanOrEqual(1);
    expect((await readAll(await store.open(blob.sha256))).equals(data)).toBe(true);
    const [info] = await collect(store.list());
    expect(Date.now() - (info?.modifiedAt.getTime() ?? 0)).toBeLessThan(HOUR);
    expect(await readdir(path.join(root, "tmp"))).toEqual([]);
  });

  it("lets two sweeps of the same disk run at once: each blob removed once, nothing else lost", async () => {
    const blobs = [];
    for (let i = 0; i < 20; i++) blobs.push(await store.put(Readable.from([Buffer.from(`arquivo ${i}`)])));
    for (const b of blobs) await setAge(store.pathOf(b.sha256), 3 * DAY);
    const keep = new Set(blobs.filter((_, i) => i % 2 === 0).map((b) => b.sha256));
    const other = new LocalDiskBlobStore(root);
    const opts = {
      olderThan: hoursAgo(24),
      referenced: async (s: string[]) => new Set(s.filter((x) => keep.has(x))),
    };
    const shas = blobs.map((b) => b.sha256);
    const [r1, r2] = await Promise.all([
      store.removeStale(shas, opts),
      other.removeStale([...shas].reverse(), opts),
    ]);
    expect((r1?.count ?? 0) + (r2?.count ?? 0)).toBe(10);
    for (const b of blobs) expect(await store.exists(b.sha256)).toBe(keep.has(b.sha256));
    expect(await readdir(path.join(root, "tmp"))).toEqual([]);
  });

  it("puts back a blob whose removal was interrupted by a crash", async () => {
    const blob = await store.put(Readable.from([Buffer.from("nota fiscal")]));
    // what a sweep leaves when the process dies between taking a blob aside and deciding
    const aside = path.join(root, "tmp", `${blob.sha256}.${Date.now() - 2 * HOUR}.crash.claim`);
    await rename(store.pathOf(blob.sha256), aside);
    await setAge(aside, 3 * DAY);
    expect(await store.exists(blob.sha256)).toBe(false);
    await store.sweepTemp(hoursAgo(1));
    expect(await store.exists(blob.sha256)).toBe(true);
    expect(await readdir(path.join(root, "tmp"))).toEqual([]);
    // put back as fresh: a row may have been about to reference it
    const [info] = await collect(store.list());
    expect(Date.now() - (info?.modifiedAt.getTime() ?? 0)).toBeLessThan(HOUR);
  });
});

const HOUR = 3600 * 1000;
const DAY = 24 * HOUR;
const hoursAgo = (h: number) => new Date(Date.now() - h * HOUR);
const noRefs = async () => new Set<string>();

async function setAge(p: string, ageMs: number) {
  const t = new Date(Date.now() - ageMs);
  await utimes(p, t, t);
}

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}
