import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { copyFile, link, mkdir, readdir } from "node:fs/promises";
import path from "node:path";

/** sha256 and size of a file, streamed. */
export async function hashFile(file: string): Promise<{ sha256: string; size: number }> {
  const hash = createHash("sha256");
  let size = 0;
  for await (const chunk of createReadStream(file)) {
    hash.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return { sha256: hash.digest("hex"), size };
}

/**
 * A hard link of src at dest (the bytes as they are now, whatever happens to src later, at no cost),
 * or a copy when the two are on different filesystems or links are not allowed.
 */
export async function linkOrCopy(src: string, dest: string): Promise<void> {
  await mkdir(path.dirname(dest), { recursive: true });
  try {
    await link(src, dest);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== "EXDEV" && code !== "EPERM" && code !== "ENOTSUP" && code !== "EMLINK") throw err;
    await copyFile(src, dest);
  }
}

/** Every regular file under dir, relative with "/" separators, sorted; other kinds are reported apart. */
export async function walk(dir: string): Promise<{ files: string[]; others: string[] }> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files: string[] = [];
  const others: string[] = [];
  for (const e of entries) {
    const rel = path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join("/");
    if (e.isFile()) files.push(rel);
    else if (!e.isDirectory()) others.push(rel);
  }
  return { files: files.sort(), others: others.sort() };
}

export function formatBytes(n: number): string {
  const units = ["B", "KB", "MB", "GB", "TB"];
  let v = n;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v.toLocaleString("pt-BR", { maximumFractionDigits: u === 0 ? 0 : 1 })} ${units[u]}`;
}
