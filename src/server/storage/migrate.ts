import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { appendFile, readFile } from "node:fs/promises";
import type { BlobStore } from "./blob-store.js";
import type { LocalDiskBlobStore } from "./local-disk.js";

export interface MigrationResult {
  /** blobs on the local disk */
  total: number;
  /** copied and verified by this run */
  copied: number;
  /** verified by an earlier run (journal) and still in the target: not copied again */
  skipped: number;
  failed: { sha256: string; reason: string }[];
  bytes: number;
}

/**
 * Copies every blob of the local disk into the target store (S3) and verifies each: the bytes read
 * from the disk must hash to the blob's address, and the copy read back from the target must too.
 * Each verified blob is written to the journal (one sha256 a line); a later run skips the blobs of
 * the journal still present in the target, so an interrupted migration resumes.
 * Nothing else changes: the app keeps using the local disk until STORAGE=s3 is set by the operator,
 * which the caller suggests only when nothing failed.
 */
export async function migrateBlobs(
  source: LocalDiskBlobStore,
  target: BlobStore,
  opts: { journal: string; log?: (line: string) => void },
): Promise<MigrationResult> {
  const log = opts.log ?? (() => {});
  const verified = new Set(
    (await readFile(opts.journal, "utf8").catch(() => ""))
      .split("\n")
      .map((l) => l.trim())
      .filter(Boolean),
  );
  const result: MigrationResult = { total: 0, copied: 0, skipped: 0, failed: [], bytes: 0 };
  for await (const blob of source.list()) {
    result.total++;
    const { sha256 } = blob;
    try {
      if (verified.has(sha256) && (await target.exists(sha256))) {
        result.skipped++;
        continue;
      }
      const stored = await target.put(createReadStream(source.pathOf(sha256)));
      if (stored.sha256 !== sha256)
        throw new Error("o arquivo local está danificado (sha256 diferente do nome)");
      const back = await hashStream(await target.open(sha256));
      if (back.sha256 !== sha256 || back.size !== blob.size)
        throw new Error("a cópia lida de volta do destino não confere (sha256 ou tamanho)");
      await appendFile(opts.journal, `${sha256}\n`);
      result.copied++;
      result.bytes += blob.size;
      if (result.copied % 100 === 0) log(`  ${result.copied} arquivos copiados e conferidos…`);
    } catch (err) {
      result.failed.push({ sha256, reason: (err as Error).message });
      log(`  falhou ${sha256}: ${(err as Error).message}`);
    }
  }
  return result;
}

async function hashStream(
  stream: AsyncIterable<Buffer | Uint8Array>,
): Promise<{ sha256: string; size: number }> {
  const hash = createHash("sha256");
  let size = 0;
  for await (const chunk of stream) {
    hash.update(chunk);
    size += chunk.byteLength;
  }
  return { sha256: hash.digest("hex"), size };
}
