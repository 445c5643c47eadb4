import { createHash, randomUUID } from "node:crypto";
import { constants } from "node:fs";
import { access, type FileHandle, mkdir, open, readdir, rename, stat, unlink } from "node:fs/promises";
import path from "node:path";
import type { Readable } from "node:stream";
import { assertSha256, BlobNotFoundError, type BlobStore, type StoredBlob } from "./blob-store.js";

const TMP_DIR = "tmp";
const TMP_SUFFIX = ".part";

/**
 * Blobs on the local disk, addressed by sha256: `<root>/ab/cd/<sha256>`.
 *
 * put() streams into a temp file under `<root>/tmp` (same filesystem, so rename is atomic), hashing
 * while it writes; then fsyncs the file, renames it into place (or drops it when the blob already
 * exists) and fsyncs the directory. A crash leaves at most a temp file, never a partial blob.
 * The root must be outside any folder the web server serves.
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
      if (await fileExists(final)) {
        // same content already stored (dedupe): the existing blob is complete by construction
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

  /**
   * Removes temp files older than maxAgeMs, left by a crash in the middle of a put(). Files younger
   * than that may belong to an upload in progress on this or another instance, so they stay.
   */
  async sweepTemp(maxAgeMs = 24 * 60 * 60 * 1000, now = Date.now()): Promise<number> {
    let names: string[];
    try {
      names = await readdir(this.tmpDir);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") return 0;
      throw err;
    }
    let removed = 0;
    for (const name of names) {
      if (!name.endsWith(TMP_SUFFIX)) continue;
      const p = path.join(this.tmpDir, name);
      const s = await stat(p).catch(() => undefined);
      if (s && now - s.mtimeMs > maxAgeMs) {
        await unlink(p).catch(() => {});
        removed++;
      }
    }
    return removed;
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
