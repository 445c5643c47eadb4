import { spawn } from "node:child_process";
import { accessSync, constants, readdirSync } from "node:fs";
import path from "node:path";
import { BackupError } from "./errors.js";

/** Debian/Ubuntu keep each major version's client tools here; the newest is tried first. */
const DEBIAN_PG_DIR = "/usr/lib/postgresql";

/**
 * pg_dump / pg_restore from the PostgreSQL client tools (package postgresql-client): on the PATH, or
 * else the newest `/usr/lib/postgresql/<version>/bin`. pg_dump must be at least the server's version.
 */
export function findPgTool(name: "pg_dump" | "pg_restore"): string {
  const dirs = (process.env.PATH ?? "").split(path.delimiter).filter(Boolean);
  try {
    const versions = readdirSync(DEBIAN_PG_DIR)
      .filter((v) => /^\d+$/.test(v))
      .sort((a, b) => Number(b) - Number(a));
    dirs.push(...versions.map((v) => path.join(DEBIAN_PG_DIR, v, "bin")));
  } catch {
    // not a Debian layout
  }
  for (const dir of dirs) {
    const candidate = path.join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // next
    }
  }
  throw new BackupError(
    "tool_missing",
    `${name} não foi encontrado (nem no PATH nem em ${DEBIAN_PG_DIR}/*/bin). Instale o cliente do PostgreSQL ` +
      "(pacote postgresql-client, na mesma versão do servidor ou mais nova).",
  );
}

/**
 * A libpq connection for the tools without the password on the command line (other users see the
 * arguments of a process): the URL without it, and PGPASSWORD in the environment.
 */
export function libpqConnection(databaseUrl: string): { dbname: string; env: NodeJS.ProcessEnv } {
  const url = new URL(databaseUrl);
  const password = decodeURIComponent(url.password);
  url.password = "";
  return { dbname: url.toString(), env: password ? { ...process.env, PGPASSWORD: password } : process.env };
}

/** Runs a client tool; rejects with its stderr when it exits with a code ≠ 0. */
export function runPgTool(bin: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { env, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", (chunk: string) => {
      if (stderr.length < 20_000) stderr += chunk;
    });
    child.on("error", (err) =>
      reject(new BackupError("tool_failed", `Não foi possível executar ${bin}: ${err.message}`)),
    );
    child.on("close", (code) => {
      if (code === 0) resolve();
      else
        reject(
          new BackupError(
            "tool_failed",
            `${path.basename(bin)} terminou com erro (código ${code}):\n${stderr.trim()}`,
          ),
        );
    });
  });
}
