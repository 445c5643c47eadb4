import { createHash, randomBytes } from "node:crypto";
import { mkdtemp, readdir, readFile, rm, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
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

  it("sweeps temp files left by a crash once they are old", async () => {
    await store.put(Readable.from([Buffer.from("x")])); // creates tmp/
    const old = path.join(root, "tmp", "crashed.part");
    const fresh = path.join(root, "tmp", "in-flight.part");
    await writeFile(old, "partial");
    await writeFile(fresh, "partial");
    const dayAgo = new Date(Date.now() - 2 * 24 * 3600 * 1000);
    await utimes(old, dayAgo, dayAgo);
    expect(await store.sweepTemp()).toBe(1);
    expect(await readdir(path.join(root, "tmp"))).toEqual(["in-flight.part"]);
  });
});
