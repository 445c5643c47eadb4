import { existsSync, readFileSync } from "node:fs";
import { copyFile, mkdir, mkdtemp, open, rename, rm, unlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import * as tar from "tar";
import type { Config } from "../config.js";
import { openPglite } from "../db/client.js";
import { LocalDiskBlobStore } from "../storage/local-disk.js";
import { BackupError, refuseS3Storage } from "./errors.js";
import { formatBytes, hashFile, linkOrCopy } from "./files.js";
import {
  BACKUP_FORMAT_VERSION,
  blobEntryName,
  FILES_DIR,
  MANIFEST_NAME,
  type Manifest,
  PGLITE_DUMP_NAME,
  POSTGRES_DUMP_NAME,
  SECRET_KEY_NAME,
} from "./manifest.js";
import { findPgTool, libpqConnection, runPgTool } from "./pg-tools.js";
import { countRows, migrationState, type Query, referencedBlobAddresses } from "./repository.js";

export type Progress = (line: string) => void;
export type BackupConfig = Pick<Config, "databaseUrl" | "dataDir"> & Partial<Pick<Config, "storage">>;

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

export function atendeVersion(): string {
  return (JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as { version: string }).version;
}

/** PGlite keeps postmaster.pid in its data directory while it is open (removed by a clean close). */
export function pgliteInUse(pgliteDir: string): boolean {
  return existsSync(path.join(pgliteDir, "postmaster.pid"));
}

/** What the database part of a backup leaves in the staging directory. */
interface DatabasePart {
  dump: string;
  rowCounts: Record<string, number>;
  migrations: { count: number; last: string | null };
  referenced: string[];
}

/**
 * Writes one archive (tar + gzip) with a consistent copy of the database and of the file store:
 * `manifest.json` first, then the database dump, the secret key (when kept in DATA_DIR) and the
 * blobs under `files/`. The archive appears at `out` only when complete (temp file, then rename).
 *
 * - PostgreSQL: a REPEATABLE READ transaction exports its snapshot; the row counts are taken and
 *   `pg_dump --format=custom --snapshot` dumps in that same snapshot, while the app keeps running.
 * - PGlite: the data directory is opened here and dumped whole; the app must be stopped (PGlite is
 *   one process: two opening the same directory would corrupt it), which is checked.
 *
 * Blobs are hard-linked into a staging directory first (taken as they are at that moment, whatever
 * the orphan sweep does next), each checked against its address.
 */
export async function createBackup(
  config: BackupConfig,
  out: string,
  opts: { log?: Progress } = {},
): Promise<{ manifest: Manifest; file: string; bytes: number }> {
  refuseS3Storage(config.storage);
  const log = opts.log ?? (() => {});
  const started = performance.now();
  const file = path.resolve(out);
  await mkdir(config.dataDir, { recursive: true });
  const staging = await mkdtemp(path.join(config.dataDir, ".backup-"));
  const files: Manifest["files"] = {};
  try {
    await mkdir(path.join(staging, "database"), { recursive: true });
    const blobs = () => copyBlobs(config.dataDir, staging, files, log);
    let db: DatabasePart;
    if (config.databaseUrl) {
      log("Banco de dados: PostgreSQL; cópia consistente com pg_dump (formato custom)…");
      // the blobs are taken while pg_dump runs, the snapshot still held
      db = await dumpPostgres(config.databaseUrl, staging, blobs);
    } else {
      log("Banco de dados: PGlite (embutido); cópia do diretório de dados…");
      db = await dumpPglite(config.dataDir, staging);
      await blobs(); // the app is stopped: nothing changes between the two
    }
    files[db.dump] = await hashFile(path.join(staging, db.dump));
    log(`Banco de dados copiado (${formatBytes(files[db.dump]?.size ?? 0)}).`);

    const missing = db.referenced.filter((sha) => !files[blobEntryName(sha)]);
    if (missing.length > 0)
      log(
        `Atenção: ${missing.length} arquivo(s) citado(s) pelo banco não estão no armazenamento (${missing
          .slice(0, 3)
          .join(", ")}${missing.length > 3 ? "…" : ""}); o backup segue sem eles.`,
      );

    const keyFile = path.join(config.dataDir, SECRET_KEY_NAME);
    if (existsSync(keyFile)) {
      await copyFile(keyFile, path.join(staging, SECRET_KEY_NAME));
      files[SECRET_KEY_NAME] = await hashFile(path.join(staging, SECRET_KEY_NAME));
      log(
        "Chave secreta de DATA_DIR/secret.key incluída (decifra as senhas SMTP): guarde o backup com cuidado.",
      );
    }

    const manifest: Manifest = {
      formatVersion: BACKUP_FORMAT_VERSION,
      atendeVersion: atendeVersion(),
      createdAt: new Date().toISOString(),
      database: {
        kind: config.databaseUrl ? "postgres" : "pglite",
        dump: db.dump,
        migrations: db.migrations,
        rowCounts: db.rowCounts,
      },
      files,
    };
    await writeFile(path.join(staging, MANIFEST_NAME), `${JSON.stringify(manifest, null, 2)}\n`);

    const entries = [MANIFEST_NAME, "database"];
    if (files[SECRET_KEY_NAME]) entries.push(SECRET_KEY_NAME);
    if (Object.keys(files).some((n) => n.startsWith(`${FILES_DIR}/`))) entries.push(FILES_DIR);
    const bytes = await writeArchive(staging, entries, file);
    log(
      `Backup gravado em ${file} (${formatBytes(bytes)}) em ${(
        (performance.now() - started) / 1000
      ).toLocaleString("pt-BR", { maximumFractionDigits: 1 })} s.`,
    );
    return { manifest, file, bytes };
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

async function dumpPglite(dataDir: string, staging: string): Promise<DatabasePart> {
  const pgliteDir = path.join(dataDir, "pglite");
  if (!existsSync(path.join(pgliteDir, "PG_VERSION")))
    throw new BackupError(
      "nothing_to_back_up",
      `Não há banco embutido em ${pgliteDir}: confira DATA_DIR (ou defina DATABASE_URL para um PostgreSQL).`,
    );
  if (pgliteInUse(pgliteDir))
    throw new BackupError(
      "database_in_use",
      `O banco embutido em ${pgliteDir} está em uso (há um postmaster.pid): pare o Atende antes do backup. ` +
        "Se o Atende não está rodando (parou de repente), inicie-o e pare-o normalmente (Ctrl+C) uma vez.",
    );
  const database = await openPglite(pgliteDir);
  try {
    const q: Query = database.rawQuery;
    const rowCounts = await countRows(q);
    const migrations = await migrationState(q);
    const referenced = await referencedBlobAddresses(q);
    const dump = await database.dumpDataDir?.();
    if (!dump) throw new Error("PGlite could not dump its data directory");
    await writeFile(path.join(staging, PGLITE_DUMP_NAME), Buffer.from(await dump.arrayBuffer()));
    return { dump: PGLITE_DUMP_NAME, rowCounts, migrations, referenced };
  } finally {
    await database.close();
  }
}

async function dumpPostgres(
  databaseUrl: string,
  staging: string,
  duringDump: () => Promise<void>,
): Promise<DatabasePart> {
  const pgDump = findPgTool("pg_dump");
  const client = new pg.Client({ connectionString: databaseUrl, application_name: "atende-backup" });
  await client.connect();
  try {
    // one snapshot for the counts, the blob list and pg_dump
    await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    const { rows } = await client.query<{ id: string }>("SELECT pg_export_snapshot() AS id");
    const snapshot = rows[0]?.id as string;
    const q: Query = (text, values) => client.query(text, values as unknown[]);
    const rowCounts = await countRows(q);
    const migrations = await migrationState(q);
    const referenced = await referencedBlobAddresses(q);
    const { dbname, env } = libpqConnection(databaseUrl);
    await Promise.all([
      runPgTool(
        pgDump,
        [
          "--format=custom",
          `--snapshot=${snapshot}`,
          "--no-password",
          `--file=${path.join(staging, POSTGRES_DUMP_NAME)}`,
          `--dbname=${dbname}`,
        ],
        env,
      ),
      duringDump(),
    ]);
    await client.query("COMMIT");
    return { dump: POSTGRES_DUMP_NAME, rowCounts, migrations, referenced };
  } finally {
    await client.end();
  }
}

/** Every blob of the store into staging/files, checked against its address. */
async function copyBlobs(dataDir: string, staging: string, files: Manifest["files"], log: Progress) {
  const store = new LocalDiskBlobStore(path.join(dataDir, "files"));
  let count = 0;
  let bytes = 0;
  for await (const blob of store.list()) {
    const name = blobEntryName(blob.sha256);
    const dest = path.join(staging, name);
    try {
      await linkOrCopy(store.pathOf(blob.sha256), dest);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") continue; // swept meanwhile: no row has it
      throw err;
    }
    const got = await hashFile(dest);
    if (got.sha256 !== blob.sha256) {
      // a damaged blob would make the whole archive refused on restore: left out, loudly
      log(
        `Atenção: o arquivo ${blob.sha256} está danificado no disco (conteúdo não confere); ficou fora do backup.`,
      );
      await unlink(dest);
      continue;
    }
    files[name] = got;
    count++;
    bytes += got.size;
  }
  log(`Arquivos: ${count} (${formatBytes(bytes)}).`);
}

/** tar + gzip of staging's entries (in this order) at `file`, atomically; returns its size. */
async function writeArchive(staging: string, entries: string[], file: string): Promise<number> {
  await mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.part`;
  // the archive holds every office's data (and possibly the secret key): only its owner reads it
  const fh = await open(tmp, "wx", 0o600);
  await fh.close();
  try {
    await tar.create({ gzip: true, file: tmp, cwd: staging, portable: true }, entries);
    const done = await open(tmp, "r+");
    const { size } = await done.stat();
    await done.sync();
    await done.close();
    await rename(tmp, file);
    return size;
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}
