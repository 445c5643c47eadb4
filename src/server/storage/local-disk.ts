import { createHash, randomUUID } from "node:crypto";
import { constants } from "node:fs";
import {
  access,
  type FileHandle,
  lstat,
  mkdir,
  open,
  readdir,
  rename,
  stat,
  unlink,
  utimes,
} from "node:fs/promises";
import path from "node:path";
import type { Readable } from "node:stream";
import {
  assertSha256,
  type BlobInfo,
  BlobNotFoundError,
  type BlobStore,
  type ReferencedBlobs,
  type StoredBlob,
  type SweepCount,
} from "./blob-store.js";

const TMP_DIR = "tmp";
const TMP_SUFFIX = ".part";
/** a blob a sweep took aside while it decides: `tmp/<sha256>.<takenAtMs>.<random>.claim` */
const CLAIM_SUFFIX = ".claim";
const CLAIM_NAME = /^([0-9a-f]{64})\.(\d+)\.[^.]+\.claim$/;
/** a claim this old was left by a sweep that died before deciding: put the blob back */
const CLAIM_ABANDONED_MS = 10 * 60 * 1000;
const FAN_OUT_DIR = /^[0-9a-f]{2}$/;
const SHA256_HEX = /^[0-9a-f]{64}$/;

/**
 * Blobs on the local disk, addressed by sha256: `<root>/ab/cd/<sha256>`.
 *
 * put() streams into a temp file under `<root>/tmp` (same filesystem, so rename is atomic), hashing
 * while it writes; then fsyncs the file, renames it into place (or drops it when the blob already
 * exists) and fsyncs the directory. A crash leaves at most a temp file, never a partial blob.
 * The root must be outside any folder the web server serves.
 *
 * A blob's age is its file's mtime. put() of content already stored refreshes it (dedup), so the
 * orphan sweep sees a reused blob as fresh. removeStale() first renames each blob aside (atomic: from
 * then on a put() of the same content finds nothing and stores it again), then decides on the file it
 * holds: refreshed since listed or referenced → renamed back; otherwise deleted. Renames work across
 * processes, so several instances sharing the disk may sweep at once.
 */
export class LocalDiskBlobStore implements BlobStore {
  private readonly tmpDir: string;

  readonly rootDir: string;

  constructor(rootDir: string) {
    this.rootDir = path.resolve(rootDir);
    this.tmpDir = path.join(this.rootDir, TMP_DIR);
  }

  /** Where a blob lives (exported for tests and maintenance scripts). */
  pathOf(sha256: string): string {
    assertSha256(sha256);
    return path.join(this.rootDir, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }

  async put(source: Readable | AsyncIterable<Buffer | Uint8Array>): Promise<StoredBlob> {
    await mkdir(this.tmpDir, { recursive: true });
    const tmp = path.join(this.tmpDir, `${randomUUID()}${TMP_SUFFIX}`);
    const hash = createHash("sha256");
    let size = 0;
    let fh: FileHandle | undefined = await open(tmp, "wx", 0o600);
    try {
      for await (const chunk of source) {
        const buf = typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Uint8Array);
        hash.update(buf);
        size += buf.byteLength;
        await writeAll(fh, buf);
      }
      await fh.sync();
      await fh.close();
      fh = undefined;

      const sha256 = hash.digest("hex");
      const final = this.pathOf(sha256);
      const dir = path.dirname(final);
      const created = await mkdir(dir, { recursive: true });
      if (await touch(final)) {
        // same content already stored (dedupe): the existing blob is complete by construction, and
        // now fresh again, so the orphan sweep leaves it alone until the new row has committed
        await unlink(tmp);
      } else {
        // rename is atomic; a concurrent put of the same content replaces it with identical bytes
        await rename(tmp, final);
        await fsyncDir(dir);
        if (created) {
          // new directories must reach the disk too, up to the root
          for (let d = path.dirname(dir); d.startsWith(this.rootDir); d = path.dirname(d)) {
            await fsyncDir(d);
            if (d === this.rootDir) break;
          }
        }
      }
      return { sha256, size };
    } catch (err) {
      await fh?.close().catch(() => {});
      await unlink(tmp).catch(() => {});
      throw err;
    }
  }

  async open(sha256: string): Promise<Readable> {
    let fh: FileHandle;
    try {
      fh = await open(this.pathOf(sha256), "r");
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") throw new BlobNotFoundError(sha256);
      throw err;
    }
    return fh.createReadStream(); // closes the handle at end, error or destroy
  }

  async exists(sha256: string): Promise<boolean> {
    return fileExists(this.pathOf(sha256));
  }

  async *list(): AsyncIterable<BlobInfo> {
    for (const a of await dirNames(this.rootDir)) {
      if (!FAN_OUT_DIR.test(a)) continue;
      for (const b of await dirNames(path.join(this.rootDir, a))) {
        if (!FAN_OUT_DIR.test(b)) continue;
        const dir = path.join(this.rootDir, a, b);
        for (const name of await dirNames(dir)) {
          if (!SHA256_HEX.test(name) || !name.startsWith(a + b)) continue;
          const s = await lstat(path.join(dir, name)).catch(() => undefined); // gone meanwhile
          if (s?.isFile()) yield { sha256: name, size: s.size, modifiedAt: s.mtime };
        }
      }
    }
  }

  async removeStale(
    sha256s: string[],
    opts: { olderThan: Date; referenced: ReferencedBlobs },
  ): Promise<SweepCount> {
    const cutoff = opts.olderThan.getTime();
    await mkdir(this.tmpDir, { recursive: true });
    const held: { sha256: string; aside: string; size: number }[] = [];
    for (const sha256 of sha256s) {
      const final = this.pathOf(sha256);
      const aside = path.join(this.tmpDir, `${sha256}.${Date.now()}.${randomUUID()}${CLAIM_SUFFIX}`);
      try {
        await rename(final, aside);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === "ENOENT") continue; // gone already (another sweep)
        throw err;
      }
      // from here on no put() can refresh this file: a put() of the same content stores a new one
      const s = await stat(aside);
      if (s.mtimeMs >= cutoff)
        await this.putBack(aside, sha256); // reused since it was listed
      else held.push({ sha256, aside, size: s.size });
    }
    if (held.length === 0) return { count: 0, bytes: 0 };
    let referenced: Set<string>;
    try {
      referenced = await opts.referenced(held.map((h) => h.sha256));
    } catch (err) {
      for (const h of held) await this.putBack(h.aside, h.sha256);
      throw err;
    }
    const removed = { count: 0, bytes: 0 };
    for (const h of held) {
      if (referenced.has(h.sha256)) {
        await this.putBack(h.aside, h.sha256);
        continue;
      }
      try {
        await unlink(h.aside);
        removed.count++;
        removed.bytes += h.size;
      } catch (err) {
        // put back meanwhile by a temp sweep that took this claim for abandoned: the blob stays
        if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
      }
    }
    return removed;
  }

  /**
   * Removes temp files last written before olderThan, left by a crash or a killed upload in the
   * middle of a put(). Younger ones may belong to an upload in progress on this or another instance
   * (every chunk written refreshes the file's mtime), so they stay. Also puts back blobs that a sweep
   * took aside and never decided on (it died).
   */
  async sweepTemp(olderThan: Date): Promise<SweepCount> {
    const cutoff = olderThan.getTime();
    const removed = { count: 0, bytes: 0 };
    for (const name of await dirNames(this.tmpDir)) {
      const p = path.join(this.tmpDir, name);
      if (name.endsWith(TMP_SUFFIX)) {
        const s = await stat(p).catch(() => undefined);
        if (s && s.mtimeMs < cutoff) {
          try {
            await unlink(p);
            removed.count++;
            removed.bytes += s.size;
          } catch (err) {
            if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err; // another sweep won
          }
        }
        continue;
      }
      const claim = CLAIM_NAME.exec(name);
      if (claim?.[1] && Date.now() - Number(claim[2]) > CLAIM_ABANDONED_MS) await this.putBack(p, claim[1]);
    }
    return removed;
  }

  /**
   * A blob taken aside goes back under its address, fresh: a row may be about to reference it. Any
   * file already there (stored again meanwhile) has the same bytes, so replacing it is harmless.
   */
  private async putBack(aside: string, sha256: string): Promise<void> {
    const final = this.pathOf(sha256);
    try {
      const now = new Date();
      await utimes(aside, now, now);
      await mkdir(path.dirname(final), { recursive: true });
      await rename(aside, final);
    } catch (err) {
      // put back already (or deleted) by another sweep that found the claim abandoned
      if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
    }
  }
}

/** The names in a directory; none when it does not exist (yet). */
async function dirNames(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw err;
  }
}

/** Sets a file's times to now; false when there is no such file. */
async function touch(p: string): Promise<boolean> {
  try {
    const now = new Date();
    await utimes(p, now, now);
    return true;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return false;
    // a blob written by another user (a restore run as root): it exists, though it cannot be refreshed
    if (code === "EPERM" || code === "EACCES") return true;
    throw err;
  }
}

async function writeAll(fh: FileHandle, buf: Uint8Array): Promise<void> {
  let offset = 0;
  while (offset < buf.byteLength) {
    const { bytesWritten } = await fh.write(buf, offset, buf.byteLength - offset, null);
    offset += bytesWritten;
  }
}

async function fileExists(p: string): Promise<boolean> {
  try {
    await access(p, constants.F_OK);
    return true;
  } catch {
    return false;
  }
}

async function fsyncDir(dir: string): Promise<void> {
  const fh = await open(dir, "r");
  try {
    await fh.sync();
  } catch (err) {
    // some filesystems (and Windows) refuse fsync on a directory; the rename itself already happened
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== "EINVAL" && code !== "EPERM" && code !== "EISDIR") throw err;
  } finally {
    await fh.close();
  }
}
