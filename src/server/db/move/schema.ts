import { createRequire } from "node:module";
import { readMigrationFiles } from "drizzle-orm/migrator";
import PgBoss from "pg-boss";
import type { Query } from "../../backup/repository.js";
import { JOB_SCHEMA } from "../../jobs/queue.js";
import { migrationsFolder } from "../client.js";
import { ident } from "./catalog.js";
import { MoveError } from "./errors.js";

/**
 * The schema a move creates on the target, inside its one transaction: exactly what a start of the
 * app would create (our Drizzle migrations and their bookkeeping table, pg-boss's schema and one
 * partition per queue), so the app then starts on it as on any migrated database.
 */

/** pg-boss's schema version of the installed package (what its start would migrate to) */
export const jobSchemaVersion: number = (
  createRequire(import.meta.url)("pg-boss/version.json") as { schema: number }
).schema;

const START_AGAIN =
  "inicie o Atende uma vez sobre o banco embutido (npm start, sem DATABASE_URL), pare-o (Ctrl+C) e repita a cópia";

/**
 * The source must be at this build's schema: every migration this code ships applied (and none it
 * does not know), and pg-boss's tables at the installed version. Otherwise the move is refused
 * before anything is written; a start of the app brings the embedded database up to date.
 */
export async function checkSourceSchema(q: Query): Promise<void> {
  const files = readMigrationFiles({ migrationsFolder });
  const { rows: present } = await q(
    `SELECT to_regclass('drizzle.__drizzle_migrations') IS NOT NULL AS drizzle,
            to_regclass('${JOB_SCHEMA}.version') IS NOT NULL AS boss`,
  );
  const p = present[0] as { drizzle: boolean; boss: boolean };
  const applied = p.drizzle
    ? ((await q("SELECT hash, created_at::text AS at FROM drizzle.__drizzle_migrations ORDER BY created_at"))
        .rows as { hash: string; at: string }[])
    : [];
  const newer = applied.filter((a) => !files.some((f) => String(f.folderMillis) === a.at));
  if (newer.length > 0)
    throw new MoveError(
      "source_outdated",
      `O banco embutido tem ${newer.length} migração(ões) que esta versão do Atende não conhece: atualize o Atende antes de copiar. Nada foi alterado.`,
    );
  const missing = files.filter((f) => !applied.some((a) => a.at === String(f.folderMillis)));
  if (missing.length > 0)
    throw new MoveError(
      "source_outdated",
      `O banco embutido está ${missing.length} migração(ões) atrás desta versão do Atende: ${START_AGAIN}. Nada foi alterado.`,
    );
  const version = p.boss
    ? Number(((await q(`SELECT version FROM ${JOB_SCHEMA}.version`)).rows[0] as { version: number }).version)
    : null;
  if (version !== jobSchemaVersion)
    throw new MoveError(
      "source_outdated",
      `A fila de tarefas do banco embutido (pg-boss) está na versão ${version ?? "—"}, não na ${jobSchemaVersion}: ${START_AGAIN}. Nada foi alterado.`,
    );
}

export interface SourceQueue {
  name: string;
  policy: string | null;
  retry_limit: number | null;
  retry_delay: number | null;
  retry_backoff: boolean | null;
  expire_seconds: number | null;
  retention_minutes: number | null;
  dead_letter: string | null;
}

export async function readQueues(q: Query): Promise<SourceQueue[]> {
  const { rows } = await q(
    `SELECT name, policy, retry_limit, retry_delay, retry_backoff, expire_seconds, retention_minutes, dead_letter
       FROM ${JOB_SCHEMA}.queue ORDER BY name`,
  );
  return rows as SourceQueue[];
}

const ALTER_ENUM = /^\s*ALTER TYPE "([^"]+)"\."([^"]+)" ADD VALUE '((?:[^']|'')*)'/;
const CREATE_ENUM = /^\s*CREATE TYPE "([^"]+)"\."([^"]+)" AS ENUM/;

/**
 * Creates the whole schema on the target (the caller's transaction).
 *
 * PostgreSQL (before 17) refuses, until commit, a value that `ALTER TYPE … ADD VALUE` added in the
 * same transaction ("unsafe use of new value"), and the copy must use them in the transaction that
 * created them. So an enum type that a migration extends is created up front with its final labels,
 * in the source's order, and the migration's CREATE TYPE and ADD VALUE for it are skipped (a value
 * the source lacks stops the move). `compareSchemas` then checks every enum against the source.
 */
export async function createTargetSchema(
  q: Query,
  queues: SourceQueue[],
  sourceEnums: Map<string, string[]>,
): Promise<void> {
  const migrations = readMigrationFiles({ migrationsFolder });
  const extended = new Set<string>();
  for (const m of migrations)
    for (const statement of m.sql) {
      const alter = ALTER_ENUM.exec(statement);
      if (alter) extended.add(`${alter[1]}.${alter[2]}`);
    }
  for (const key of extended) {
    const labels = sourceEnums.get(key);
    if (!labels)
      throw new MoveError("schema_mismatch", `O tipo ${key} não existe no banco embutido. Nada foi gravado.`);
    const [schema = "", name = ""] = key.split(/\.(.*)/s);
    const list = labels.map((l) => `'${l.replaceAll("'", "''")}'`).join(", ");
    await q(`CREATE TYPE ${ident(schema)}.${ident(name)} AS ENUM (${list})`);
  }
  const statements: string[] = [];
  for (const m of migrations)
    for (const statement of m.sql) {
      if (!statement.trim()) continue;
      const create = CREATE_ENUM.exec(statement);
      if (create && extended.has(`${create[1]}.${create[2]}`)) continue;
      const alter = ALTER_ENUM.exec(statement);
      if (alter) {
        const key = `${alter[1]}.${alter[2]}`;
        const label = (alter[3] as string).replaceAll("''", "'");
        if (!sourceEnums.get(key)?.includes(label))
          throw new MoveError(
            "schema_mismatch",
            `O tipo ${key} do banco embutido não tem o valor '${label}'. Nada foi gravado.`,
          );
        continue;
      }
      statements.push(statement);
    }
  // one round trip (the simple query protocol runs them in order, inside this transaction)
  await q(statements.join("\n;\n"));
  // Drizzle's bookkeeping, as its migrator creates it; the rows are copied from the source
  await q('CREATE SCHEMA IF NOT EXISTS "drizzle"');
  await q(
    `CREATE TABLE IF NOT EXISTS "drizzle"."__drizzle_migrations" (
       id SERIAL PRIMARY KEY, hash text NOT NULL, created_at bigint)`,
  );

  // pg-boss's own construction SQL, without its BEGIN/COMMIT: it joins this transaction
  const plans = PgBoss.getConstructionPlans(JOB_SCHEMA);
  const body = plans.replace(/^\s*BEGIN;/, "").replace(/COMMIT;\s*$/, "");
  if (/\b(BEGIN|COMMIT);/.test(body)) throw new Error("unexpected transaction control in pg-boss's plans");
  await q(body);
  // its SET LOCALs were meant for a short migration, not for this copy
  await q("SET LOCAL idle_in_transaction_session_timeout = 0");
  await q("SET LOCAL lock_timeout = 0");

  // one partition per queue, as pg-boss's createQueue makes it (dead-letter queues first)
  const created = new Set<string>();
  const pending = [...queues];
  while (pending.length > 0) {
    const i = pending.findIndex((x) => x.dead_letter === null || created.has(x.dead_letter));
    if (i < 0) throw new Error("pg-boss queues reference dead-letter queues that do not exist");
    const queue = pending.splice(i, 1)[0] as SourceQueue;
    await q(`SELECT ${JOB_SCHEMA}.create_queue($1, $2::json)`, [
      queue.name,
      JSON.stringify({
        policy: queue.policy,
        retryLimit: queue.retry_limit,
        retryDelay: queue.retry_delay,
        retryBackoff: queue.retry_backoff,
        expireInSeconds: queue.expire_seconds,
        retentionMinutes: queue.retention_minutes,
        deadLetter: queue.dead_letter,
      }),
    ]);
    created.add(queue.name);
  }
}
