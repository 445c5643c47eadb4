import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { loadConfig } from "../config.js";
import { createBackup } from "./backup.js";
import { BackupError } from "./errors.js";
import { restoreBackup } from "./restore.js";

/**
 * `npm run backup -- --out FILE` and `npm run restore -- FILE`, with the app's configuration
 * (DATABASE_URL or DATA_DIR, from the environment or .env). Exit codes: 0 done, 1 refused or failed
 * (the message says why), 2 wrong usage.
 */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

const USAGE = `Uso:
  npm run backup -- --out ARQUIVO.tar.gz     grava um backup do banco e dos arquivos
  npm run restore -- ARQUIVO.tar.gz          restaura um backup numa instalação vazia`;

async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  if (existsSync(path.join(root, ".env"))) process.loadEnvFile(path.join(root, ".env"));
  const log = (line: string) => console.log(line);
  if (command === "backup") {
    const i = args.indexOf("--out");
    const out = i >= 0 ? args[i + 1] : undefined;
    if (!out || args.length !== 2) return usage();
    await createBackup(loadConfig(), out, { log });
    return 0;
  }
  if (command === "restore") {
    if (args.length !== 1 || !args[0] || args[0].startsWith("-")) return usage();
    const config = loadConfig();
    await restoreBackup(config, args[0], { log, secretKeyHex: config.secretKeyHex });
    return 0;
  }
  return usage();
}

function usage(): number {
  console.error(USAGE);
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    if (err instanceof BackupError) console.error(`Erro: ${err.message}`);
    else console.error(err);
    process.exit(1);
  },
);
