import { z } from "zod";

/** The archive layout this code writes and reads. A newer one is refused (written by a newer Atende). */
export const BACKUP_FORMAT_VERSION = 1;

/** Names inside the archive. */
export const MANIFEST_NAME = "manifest.json";
export const PGLITE_DUMP_NAME = "database/pglite-datadir.tar";
export const POSTGRES_DUMP_NAME = "database/postgres.dump";
export const SECRET_KEY_NAME = "secret.key";
/** blobs keep the store's fan-out: files/ab/cd/<sha256> */
export const FILES_DIR = "files";

const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/);

export const manifestSchema = z.object({
  formatVersion: z.number().int().min(1),
  atendeVersion: z.string(),
  createdAt: z.string(),
  database: z.object({
    kind: z.enum(["pglite", "postgres"]),
    /** the dump's name in the archive */
    dump: z.string(),
    /** Drizzle migrations applied when the backup was taken */
    migrations: z.object({ count: z.number().int().min(0), last: z.string().nullable() }),
    /** "schema.table" → rows, counted in the same snapshot as the dump */
    rowCounts: z.record(z.string(), z.number().int().min(0)),
  }),
  /** every file of the archive but the manifest: name → sha256 and size */
  files: z.record(z.string(), z.object({ sha256: sha256Hex, size: z.number().int().min(0) })),
});

export type Manifest = z.infer<typeof manifestSchema>;

/** Where a blob lives in the archive. */
export function blobEntryName(sha256: string): string {
  return `${FILES_DIR}/${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}`;
}

const BLOB_ENTRY = /^files\/([0-9a-f]{2})\/([0-9a-f]{2})\/([0-9a-f]{64})$/;

/** The sha256 of a blob entry name; undefined when the name is not one (or its fan-out is wrong). */
export function blobOfEntry(name: string): string | undefined {
  const m = BLOB_ENTRY.exec(name);
  const sha256 = m?.[3];
  return sha256?.startsWith(`${m?.[1]}${m?.[2]}`) ? sha256 : undefined;
}
