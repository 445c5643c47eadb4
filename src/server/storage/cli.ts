import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { formatBytes } from "../backup/files.js";
import { loadConfig, type S3Config } from "../config.js";
import { StorageConfigError } from "./blob-store.js";
import { LocalDiskBlobStore } from "./local-disk.js";
import { migrateBlobs } from "./migrate.js";
import { s3BlobStoreFor } from "./s3.js";

/**
 * `npm run storage -- migrate --to s3`: copies every file of DATA_DIR/files into the bucket of the
 * S3_* settings, verifying each by sha256; resumable; changes no setting. Exit codes: 0 everything
 * copied and verified, 1 something failed or was refused (the message says what), 2 wrong usage.
 */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

const USAGE = `Uso:
  npm run storage -- migrate --to s3     copia os arquivos de DATA_DIR/files para o bucket S3 (S3_*)`;

export async function main(
  argv: string[],
  log: (line: string) => void = console.log,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const [command, ...args] = argv;
  if (command !== "migrate" || args.length !== 2 || args[0] !== "--to" || args[1] !== "s3") {
    console.error(USAGE);
    return 2;
  }
  // the S3 settings, checked as STORAGE=s3 would check them, whatever STORAGE says now
  const config = loadConfig({ ...env, STORAGE: "s3" });
  const s3 = config.storage as S3Config;
  const source = new LocalDiskBlobStore(path.join(config.dataDir, "files"));
  const target = s3BlobStoreFor(s3);
  await target.check();
  const journal = path.join(config.dataDir, `s3-migration-${s3.bucket}.log`);
  log(
    `Copiando ${source.rootDir} para o bucket "${s3.bucket}" ${s3.endpoint ? `em ${s3.endpoint}` : "na AWS"}…`,
  );
  const r = await migrateBlobs(source, target, { journal, log });
  log(
    `${r.total} arquivo(s): ${r.copied} copiado(s) e conferido(s) agora (${formatBytes(r.bytes)}), ${r.skipped} já conferido(s) antes, ${r.failed.length} com falha.`,
  );
  if (r.failed.length > 0) {
    log(
      "Nada foi trocado: o Atende continua usando o disco local. Corrija o problema e rode de novo (continua de onde parou).",
    );
    return 1;
  }
  log(
    [
      "Todos os arquivos estão no bucket e conferidos (sha256). Nada foi trocado ainda. Para usar o S3:",
      "  1. pare o Atende e rode este comando de novo (copia o que chegou enquanto ele rodava);",
      "  2. defina STORAGE=s3 (com as mesmas S3_*) no ambiente ou no .env de cada instância;",
      "  3. inicie o Atende. DATA_DIR/files pode ser apagado depois de conferir o app.",
    ].join("\n"),
  );
  return 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (existsSync(path.join(root, ".env"))) process.loadEnvFile(path.join(root, ".env"));
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err) => {
      if (err instanceof StorageConfigError || /^Invalid configuration/.test((err as Error).message))
        console.error(`Erro: ${(err as Error).message}`);
      else console.error(err);
      process.exit(1);
    },
  );
}
