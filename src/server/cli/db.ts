/**
 * The operator's command for the database:
 *
 *   npm run db -- move --to postgres://usuario:senha@servidor:5432/atende
 *
 * copies the embedded database of DATA_DIR (the app's configuration, from the environment or .env)
 * into an empty PostgreSQL database, in one transaction, and prints a report. Exit codes: 0 done,
 * 1 refused or failed (the message says why; nothing was changed), 2 wrong usage.
 */

import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { loadConfig } from "../config.js";
import { MoveError } from "../db/move/errors.js";
import { type MoveReport, moveToPostgres, redactUrl } from "../db/move/move.js";

const USAGE = `Uso:
  npm run db -- move --to postgres://usuario:senha@servidor:5432/atende
      copia o banco embutido (DATA_DIR/pglite) para um banco PostgreSQL vazio`;

export class UsageError extends Error {}

export function parseDbArgs(argv: string[]): { to: string } {
  let parsed: { positionals: string[]; values: { to?: string } };
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { to: { type: "string" } },
      strict: true,
    });
  } catch (err) {
    throw new UsageError(`${(err as Error).message}\n${USAGE}`);
  }
  if (parsed.positionals[0] !== "move" || parsed.positionals.length !== 1 || !parsed.values.to)
    throw new UsageError(USAGE);
  return { to: parsed.values.to };
}

/** The report the CLI prints after a move. */
export function formatReport(report: MoveReport, targetUrl: string, dataDir: string): string {
  const width = Math.max(...report.tables.map((t) => t.table.length), 6);
  const lines = [
    "",
    `${"tabela".padEnd(width)}  ${"linhas".padStart(8)}  checksum (md5)`,
    ...report.tables.map((t) => `${t.table.padEnd(width)}  ${String(t.rows).padStart(8)}  ${t.md5}`),
    "",
    `Cópia concluída em ${report.seconds.toLocaleString("pt-BR", { maximumFractionDigits: 1 })} s: ` +
      `${report.tables.length} tabelas, ${report.rows} linhas e ${report.sequences} sequência(s), ` +
      "contagem e checksum conferidos em cada tabela.",
    "",
    "Próximos passos:",
    `  1. Inicie o Atende com DATABASE_URL=${redactUrl(targetUrl)}${
      redactUrl(targetUrl) !== targetUrl ? " (com a senha no lugar de ***)" : ""
    }`,
    `     e o mesmo DATA_DIR (${dataDir}): os arquivos e a chave secreta (secret.key) continuam lá.`,
    "     Vários servidores: defina ATENDE_SECRET_KEY com o conteúdo de secret.key em todos e",
    "     leve os arquivos para o S3 com `npm run storage -- migrate --to s3`.",
    "  2. O banco embutido não foi alterado; não inicie mais o Atende sem DATABASE_URL, ou ele",
    "     voltaria a usar os dados antigos.",
  ];
  return lines.join("\n");
}

/** Runs the command with the configuration of `env`; returns the exit code. */
export async function runDbCli(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let args: { to: string };
  try {
    args = parseDbArgs(argv);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    console.error(err.message);
    return 2;
  }
  const config = loadConfig(env);
  if (config.databaseUrl)
    console.log(
      "Atenção: DATABASE_URL está definido, mas a cópia lê o banco embutido de DATA_DIR (o destino é --to).",
    );
  try {
    // Ctrl+C: stop after the current table, roll back and close the embedded database cleanly
    // (a second Ctrl+C ends the process at once; the server rolls back the transaction anyway)
    let interrupted = false;
    const onInt = () => {
      interrupted = true;
      console.error("Interrompendo: desfazendo a cópia no destino… (Ctrl+C de novo encerra já)");
    };
    process.once("SIGINT", onInt);
    const report = await moveToPostgres(config, args.to, {
      log: (line) => console.log(line),
      afterTable: () => {
        if (interrupted) throw new Error("Ctrl+C do operador");
      },
    }).finally(() => process.removeListener("SIGINT", onInt));
    console.log(formatReport(report, args.to, path.resolve(config.dataDir)));
    return 0;
  } catch (err) {
    if (!(err instanceof MoveError)) throw err;
    console.error(`Erro: ${err.message}`);
    return 1;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
  if (existsSync(path.join(root, ".env"))) process.loadEnvFile(path.join(root, ".env"));
  runDbCli(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}
