import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { chmod, mkdir, mkdtemp, readdir, readFile, rename, rm, rmdir, stat, unlink } from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import * as tar from "tar";
import { openPglite } from "../db/client.js";
import { LocalDiskBlobStore } from "../storage/local-disk.js";
import type { BackupConfig, Progress } from "./backup.js";
import { pgliteInUse } from "./backup.js";
import { BackupError, refuseS3Storage } from "./errors.js";
import { formatBytes, hashFile, walk } from "./files.js";
import {
  BACKUP_FORMAT_VERSION,
  blobOfEntry,
  MANIFEST_NAME,
  type Manifest,
  manifestSchema,
  PGLITE_DUMP_NAME,
  POSTGRES_DUMP_NAME,
  SECRET_KEY_NAME,
} from "./manifest.js";
import { findPgTool, libpqConnection, runPgTool } from "./pg-tools.js";
import { countRows, knownMigrations, type Query, userObjects } from "./repository.js";

const corrupt = (detail: string) =>
  new BackupError(
    "corrupt_archive",
    `O arquivo de backup está corrompido ou incompleto (${detail}). Nada foi restaurado.`,
  );

/**
 * Restores an archive of `createBackup` into an empty installation (the database and the file store
 * of `config`), or refuses without touching it:
 * 1. the target must be empty: no table nor schema of ours in the database (PostgreSQL), no
 *    DATA_DIR/pglite (PGlite), no blob in DATA_DIR/files;
 * 2. the archive is extracted into a staging directory inside DATA_DIR and checked whole: a format
 *    this code knows, the same database kind, no migration this code does not know, every file listed
 *    in the manifest with its size and sha256, nothing else;
 * 3. only then is anything put in place. PGlite: the dump is loaded in the staging directory, its row
 *    counts compared with the manifest, and the directory renamed into DATA_DIR/pglite. PostgreSQL:
 *    the blobs are moved into the store, then `pg_restore --single-transaction` (all or nothing); a
 *    failure takes the moved blobs away again.
 */
export async function restoreBackup(
  config: BackupConfig,
  archive: string,
  opts: { log?: Progress; secretKeyHex?: string } = {},
): Promise<Manifest> {
  refuseS3Storage(config.storage);
  const log = opts.log ?? (() => {});
  const started = performance.now();
  const file = path.resolve(archive);
  if (!(await stat(file).catch(() => undefined))?.isFile())
    throw new BackupError("corrupt_archive", `Arquivo de backup não encontrado: ${file}`);
  const kind = config.databaseUrl ? "postgres" : "pglite";
  const pgliteDir = path.join(config.dataDir, "pglite");
  const store = new LocalDiskBlobStore(path.join(config.dataDir, "files"));

  await refuseNonEmptyTarget(config, pgliteDir, store);

  // a first pass reads the whole archive without writing anything: a truncated or damaged archive,
  // a newer format or a file that does not match its hash is refused before the target is touched
  log(`Conferindo ${file}…`);
  const scanned = await scanArchive(file);
  const manifest = parseManifest(scanned.manifest);
  checkManifest(manifest, kind);
  checkEntries(scanned.entries, manifest);

  const dataDirExisted = existsSync(config.dataDir);
  await mkdir(config.dataDir, { recursive: true });
  const staging = await mkdtemp(path.join(config.dataDir, ".restore-"));
  const undo: (() => Promise<unknown>)[] = [];
  try {
    log("Extraindo…");
    await extract(file, staging);
    // the bytes on disk are checked again: the archive may have changed since the first pass
    await verifyExtracted(staging, manifest);
    const blobs = Object.keys(manifest.files).filter((n) => blobOfEntry(n));
    const blobBytes = blobs.reduce((s, n) => s + (manifest.files[n]?.size ?? 0), 0);
    log(
      `Backup de ${manifest.createdAt} (Atende ${manifest.atendeVersion}, ${kind}) conferido: ` +
        `${blobs.length} arquivo(s), ${formatBytes(blobBytes)}.`,
    );

    const keyFile = path.join(config.dataDir, SECRET_KEY_NAME);
    const archivedKey = manifest.files[SECRET_KEY_NAME]
      ? (await readFile(path.join(staging, SECRET_KEY_NAME), "utf8")).trim()
      : undefined;
    if (archivedKey && !opts.secretKeyHex && existsSync(keyFile)) {
      const current = (await readFile(keyFile, "utf8")).trim();
      if (current !== archivedKey)
        throw new BackupError(
          "secret_key_mismatch",
          `${keyFile} já existe com outra chave: as senhas SMTP do backup não poderiam ser lidas. ` +
            "Remova esse arquivo (instalação vazia) ou defina ATENDE_SECRET_KEY com a chave original.",
        );
    }

    if (kind === "pglite") {
      log("Carregando o banco embutido…");
      const loadDir = path.join(staging, "pglite");
      const dump = await readFile(path.join(staging, PGLITE_DUMP_NAME));
      const database = await openPglite(loadDir, new Blob([dump]));
      try {
        await compareCounts(database.rawQuery, manifest);
      } finally {
        await database.close();
      }
      await rename(loadDir, pgliteDir);
      undo.push(() => rm(pgliteDir, { recursive: true, force: true }));
      await moveBlobs(staging, blobs, store, undo);
    } else {
      await moveBlobs(staging, blobs, store, undo);
      log("Restaurando o PostgreSQL com pg_restore (uma transação)…");
      const { dbname, env } = libpqConnection(config.databaseUrl as string);
      await runPgTool(
        findPgTool("pg_restore"),
        [
          "--single-transaction",
          "--exit-on-error",
          "--no-owner",
          "--no-privileges",
          "--no-password",
          `--dbname=${dbname}`,
          path.join(staging, POSTGRES_DUMP_NAME),
        ],
        env,
      );
      undo.length = 0; // committed: from here on a failure is reported, not undone
      await withPostgres(config.databaseUrl as string, (q) => compareCounts(q, manifest));
    }

    if (archivedKey && !opts.secretKeyHex && !existsSync(keyFile)) {
      await rename(path.join(staging, SECRET_KEY_NAME), keyFile);
      await chmod(keyFile, 0o600);
    } else if (
      archivedKey &&
      opts.secretKeyHex &&
      opts.secretKeyHex.toLowerCase() !== archivedKey.toLowerCase()
    ) {
      log(
        "Atenção: ATENDE_SECRET_KEY difere da chave do backup: as senhas SMTP restauradas precisarão ser digitadas de novo.",
      );
    }
    undo.length = 0;
    log(
      `Restauração concluída em ${((performance.now() - started) / 1000).toLocaleString("pt-BR", {
        maximumFractionDigits: 1,
      })} s. Inicie o Atende normalmente (as migrações mais novas, se houver, rodam na partida).`,
    );
    return manifest;
  } catch (err) {
    for (const step of undo.reverse()) await step().catch(() => {});
    throw err;
  } finally {
    // maxRetries: an extraction that failed may still be finishing a write
    await rm(staging, { recursive: true, force: true, maxRetries: 5 });
    if (!dataDirExisted) await rmdir(config.dataDir).catch(() => {}); // only if still empty
  }
}

async function refuseNonEmptyTarget(config: BackupConfig, pgliteDir: string, store: LocalDiskBlobStore) {
  if (config.databaseUrl) {
    const found = await withPostgres(config.databaseUrl, userObjects);
    if (found.tables > 0 || found.schemas.length > 0)
      throw new BackupError(
        "target_not_empty",
        `O banco de destino não está vazio (${found.tables} tabela(s)${
          found.schemas.length ? `; esquemas ${found.schemas.join(", ")}` : ""
        }). A restauração só grava num banco novo (createdb): nada foi alterado.`,
      );
  } else if (existsSync(pgliteDir) && (await readdir(pgliteDir)).length > 0) {
    throw new BackupError(
      "target_not_empty",
      pgliteInUse(pgliteDir)
        ? `O banco embutido em ${pgliteDir} existe e está em uso: pare o Atende e use um DATA_DIR vazio. Nada foi alterado.`
        : `Já existe um banco embutido em ${pgliteDir}. A restauração só grava num DATA_DIR vazio (mova o atual para outro lugar): nada foi alterado.`,
    );
  }
  for await (const _ of store.list())
    throw new BackupError(
      "target_not_empty",
      `O armazenamento de arquivos em ${store.rootDir} não está vazio. A restauração só grava numa instalação vazia: nada foi alterado.`,
    );
}

async function withPostgres<T>(url: string, fn: (q: Query) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, application_name: "atende-restore" });
  await client.connect();
  try {
    return await fn((text, values) => client.query(text, values as unknown[]));
  } finally {
    await client.end();
  }
}

/** Only regular files and directories, nothing outside staging (node-tar strips `..` and `/`). */
async function extract(file: string, staging: string) {
  const refused: string[] = [];
  try {
    await tar.extract({
      file,
      cwd: staging,
      strict: true,
      preserveOwner: false,
      filter: (name, entry) => {
        const type = "type" in entry ? entry.type : undefined;
        if (type === "File" || type === "OldFile" || type === "Directory") return true;
        refused.push(`${name} (${type})`);
        return false;
      },
    });
  } catch (err) {
    throw corrupt((err as Error).message);
  }
  if (refused.length) throw corrupt(`entradas que não são arquivos: ${refused.slice(0, 3).join(", ")}`);
}

type Entries = Map<string, { sha256: string; size: number }>;

/** Every regular file of the archive with its sha256 and size, and the manifest's text; writes nothing. */
async function scanArchive(file: string): Promise<{ manifest: string | undefined; entries: Entries }> {
  const entries: Entries = new Map();
  const refused: string[] = [];
  let manifest: string | undefined;
  const pending: Promise<void>[] = [];
  try {
    await tar.list({
      file,
      strict: true,
      onReadEntry: (entry) => {
        const name = entry.path.replace(/^\.\//, "");
        if (entry.type === "Directory") return entry.resume();
        if (entry.type !== "File" && entry.type !== "OldFile") {
          refused.push(`${name} (${entry.type})`);
          return entry.resume();
        }
        const hash = createHash("sha256");
        let size = 0;
        const chunks: Buffer[] = [];
        pending.push(
          new Promise((resolve, reject) => {
            entry.on("data", (chunk: Buffer) => {
              hash.update(chunk);
              size += chunk.length;
              if (name === MANIFEST_NAME && size <= MAX_MANIFEST_BYTES) chunks.push(chunk);
            });
            entry.on("end", () => {
              if (entries.has(name)) refused.push(`${name} (repetido)`);
              entries.set(name, { sha256: hash.digest("hex"), size });
              if (name === MANIFEST_NAME && size <= MAX_MANIFEST_BYTES)
                manifest = Buffer.concat(chunks).toString("utf8");
              resolve();
            });
            entry.on("error", reject);
          }),
        );
      },
    });
    await Promise.all(pending);
  } catch (err) {
    throw corrupt((err as Error).message);
  }
  if (entries.size === 0) throw corrupt("nenhum arquivo dentro");
  if (refused.length) throw corrupt(`entradas inesperadas: ${refused.slice(0, 3).join(", ")}`);
  return { manifest, entries };
}

const MAX_MANIFEST_BYTES = 64 * 1024 * 1024;

function parseManifest(text: string | undefined): Manifest {
  if (text === undefined) throw corrupt(`sem ${MANIFEST_NAME}`);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw corrupt(`${MANIFEST_NAME} ilegível`);
  }
  const version = (raw as { formatVersion?: unknown } | null)?.formatVersion;
  if (typeof version === "number" && version > BACKUP_FORMAT_VERSION)
    throw new BackupError(
      "newer_format",
      `Este backup usa o formato ${version}, mais novo que o desta versão do Atende (${BACKUP_FORMAT_VERSION}). ` +
        "Atualize o Atende e restaure de novo. Nada foi restaurado.",
    );
  const parsed = manifestSchema.safeParse(raw);
  if (!parsed.success) throw corrupt(`${MANIFEST_NAME} inválido`);
  return parsed.data;
}

function checkManifest(manifest: Manifest, kind: "pglite" | "postgres") {
  if (manifest.database.kind !== kind)
    throw new BackupError(
      "wrong_database_kind",
      manifest.database.kind === "pglite"
        ? "Este backup é do banco embutido (PGlite) e o destino é um PostgreSQL (DATABASE_URL): restaure-o sem DATABASE_URL. Nada foi restaurado."
        : "Este backup é de um PostgreSQL e o destino é o banco embutido: defina DATABASE_URL para um banco PostgreSQL novo. Nada foi restaurado.",
    );
  const expectedDump = kind === "pglite" ? PGLITE_DUMP_NAME : POSTGRES_DUMP_NAME;
  if (manifest.database.dump !== expectedDump || !manifest.files[expectedDump])
    throw corrupt("sem a cópia do banco de dados");
  const known = knownMigrations().length;
  if (manifest.database.migrations.count > known)
    throw new BackupError(
      "newer_format",
      `Este backup veio de uma versão mais nova do Atende (${manifest.database.migrations.count} migrações; ` +
        `esta conhece ${known}). Atualize o Atende e restaure de novo. Nada foi restaurado.`,
    );
  for (const [name, want] of Object.entries(manifest.files)) {
    if (name !== expectedDump && name !== SECRET_KEY_NAME && blobOfEntry(name) !== want.sha256)
      throw corrupt(`nome inesperado no manifesto: ${name}`);
  }
}

/** The archive holds exactly the manifest's files, each with its size and sha256. */
function checkEntries(entries: Entries, manifest: Manifest) {
  const extra = [...entries.keys()].filter((n) => n !== MANIFEST_NAME && !manifest.files[n]);
  if (extra.length) throw corrupt(`arquivos fora do manifesto: ${extra.slice(0, 3).join(", ")}`);
  for (const [name, want] of Object.entries(manifest.files)) {
    const got = entries.get(name);
    if (!got) throw corrupt(`falta ${name}`);
    if (got.size !== want.size || got.sha256 !== want.sha256)
      throw corrupt(`o conteúdo de ${name} não confere com o manifesto`);
  }
}

async function verifyExtracted(staging: string, manifest: Manifest) {
  const { files, others } = await walk(staging);
  if (others.length) throw corrupt(`entradas inesperadas: ${others.slice(0, 3).join(", ")}`);
  const entries: Entries = new Map();
  for (const name of files) entries.set(name, await hashFile(path.join(staging, name)));
  checkEntries(entries, manifest);
}

async function compareCounts(q: Query, manifest: Manifest) {
  const got = await countRows(q);
  const want = manifest.database.rowCounts;
  const diff = [...new Set([...Object.keys(got), ...Object.keys(want)])]
    .filter((t) => got[t] !== want[t])
    .map((t) => `${t}: ${want[t] ?? "—"} no backup, ${got[t] ?? "—"} restauradas`);
  if (diff.length)
    throw new BackupError(
      "verification_failed",
      `As linhas restauradas não conferem com o backup (${diff.slice(0, 5).join("; ")}).`,
    );
}

/** Moves the blobs into the store (same filesystem: renames); each move is undone on failure. */
async function moveBlobs(
  staging: string,
  blobs: string[],
  store: LocalDiskBlobStore,
  undo: (() => Promise<unknown>)[],
) {
  for (const name of blobs) {
    const sha = blobOfEntry(name) as string;
    const dest = store.pathOf(sha);
    await mkdir(path.dirname(dest), { recursive: true });
    await rename(path.join(staging, name), dest);
    undo.push(() => unlink(dest));
  }
}
