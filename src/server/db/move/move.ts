import { existsSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { pgliteInUse } from "../../backup/backup.js";
import { type Query, userObjects } from "../../backup/repository.js";
import { openPglite, txRawQuery } from "../client.js";
import {
  type Column,
  dependencyOrder,
  ident,
  qualified,
  readEnums,
  readForeignKeys,
  readSelfReferences,
  readSequences,
  readTables,
  SESSION_SETTINGS,
  setSequence,
  type Table,
  tableChecksum,
} from "./catalog.js";
import { MoveError } from "./errors.js";
import { checkSourceSchema, createTargetSchema, readQueues } from "./schema.js";

export type Progress = (line: string) => void;

export interface MoveOptions {
  log?: Progress;
  /** rows per INSERT (and per FETCH from the source) */
  batchRows?: number;
  /** called after each table is copied, inside the transaction (tests interrupt the move here) */
  afterTable?: (table: string, copied: number) => Promise<void> | void;
}

export interface MoveReport {
  tables: { table: string; rows: number; md5: string }[];
  sequences: number;
  rows: number;
  seconds: number;
}

/** the advisory lock the app's migration takes: an app starting on the target waits for the move */
const MIGRATION_LOCK = 7261001;

/** The URL with its password hidden, for messages. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "(endereço inválido)";
  }
}

/** A postgres:// URL naming a server and a database, or a MoveError saying what is wrong. */
export function parseTargetUrl(url: string): URL {
  const example = "postgres://usuario:senha@servidor:5432/atende";
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new MoveError("wrong_url", `Endereço do PostgreSQL inválido. Use o formato ${example}.`);
  }
  if (u.protocol !== "postgres:" && u.protocol !== "postgresql:")
    throw new MoveError(
      "wrong_url",
      `O destino precisa ser um PostgreSQL (postgres:// ou postgresql://), não ${u.protocol}//. Exemplo: ${example}.`,
    );
  if (!u.hostname && !u.searchParams.get("host"))
    throw new MoveError("wrong_url", `Falta o servidor no endereço do PostgreSQL. Exemplo: ${example}.`);
  if (!decodeURIComponent(u.pathname.slice(1)))
    throw new MoveError(
      "wrong_url",
      `Falta o nome do banco no endereço do PostgreSQL (crie um banco vazio com createdb). Exemplo: ${example}.`,
    );
  return u;
}

function unreachable(url: string, err: unknown): MoveError {
  const e = err as { code?: string; message?: string };
  const where = redactUrl(url);
  const why =
    e.code === "ECONNREFUSED"
      ? "a conexão foi recusada (o servidor está rodando? a porta está certa?)"
      : e.code === "ENOTFOUND" || e.code === "EAI_AGAIN"
        ? "o nome do servidor não foi encontrado"
        : e.code === "ETIMEDOUT" || /timeout/i.test(e.message ?? "")
          ? "o servidor não respondeu a tempo"
          : e.code === "28P01" || e.code === "28000"
            ? "usuário ou senha recusados"
            : e.code === "3D000"
              ? "o banco não existe (crie-o vazio com createdb)"
              : (e.message ?? String(err));
  return new MoveError(
    "target_unreachable",
    `Não foi possível conectar ao PostgreSQL de destino ${where}: ${why}. Nada foi alterado.`,
  );
}

/**
 * Copies the embedded database (DATA_DIR/pglite) into an empty PostgreSQL database:
 * 1. refuses, touching nothing, a wrong URL, a missing or running embedded database, a source not at
 *    this build's schema, an unreachable target or one that is not empty;
 * 2. in ONE transaction on the target (holding the app's migration lock): creates the schema as a
 *    start would, copies every table in foreign-key order (read from the catalog) from one read-only
 *    snapshot of the source, sets every sequence, and compares row counts and a checksum per table;
 *    only then commits. Any failure or interruption rolls back: the target stays empty.
 * The source is only read; files stay in DATA_DIR/files.
 */
export async function moveToPostgres(
  config: { dataDir: string },
  targetUrl: string,
  opts: MoveOptions = {},
): Promise<MoveReport> {
  const log = opts.log ?? (() => {});
  const batchRows = opts.batchRows ?? 500;
  const started = performance.now();
  parseTargetUrl(targetUrl);
  const pgliteDir = path.join(path.resolve(config.dataDir), "pglite");
  if (!existsSync(path.join(pgliteDir, "PG_VERSION")))
    throw new MoveError(
      "no_source",
      `Não há banco embutido em ${pgliteDir}: confira DATA_DIR (a cópia lê o banco embutido do Atende). Nada foi alterado.`,
    );
  if (pgliteInUse(pgliteDir))
    throw new MoveError(
      "source_in_use",
      `O banco embutido em ${pgliteDir} está em uso (há um postmaster.pid): pare o Atende antes de copiar. ` +
        "Se o Atende não está rodando (parou de repente), inicie-o e pare-o normalmente (Ctrl+C) uma vez. Nada foi alterado.",
    );

  const target = new pg.Client({
    connectionString: targetUrl,
    application_name: "atende-move",
    connectionTimeoutMillis: 10_000,
  });
  // a connection cut mid-way surfaces as the failing query's error; this only keeps it from crashing
  target.on("error", () => {});
  try {
    await target.connect();
  } catch (err) {
    await target.end().catch(() => {});
    throw unreachable(targetUrl, err);
  }
  const tq: Query = (text, values) => target.query(text, values as unknown[]);
  try {
    await refuseNonEmpty(tq, targetUrl);
    log(`Destino: ${redactUrl(targetUrl)} (vazio).`);

    const source = await openPglite(pgliteDir);
    try {
      await checkSourceSchema(source.rawQuery);
      log(`Origem: banco embutido em ${pgliteDir}.`);
      // one read-only snapshot of the source for the copy and the checksums
      return await source.db.transaction(
        async (tx) => {
          const sq = txRawQuery(tx);
          for (const s of SESSION_SETTINGS) await sq(s);
          return await copyInOneTransaction(sq, tq, targetUrl, {
            log,
            batchRows,
            afterTable: opts.afterTable,
            started,
          });
        },
        { isolationLevel: "repeatable read", accessMode: "read only" },
      );
    } finally {
      await source.close();
    }
  } finally {
    await target.end().catch(() => {});
  }
}

async function refuseNonEmpty(tq: Query, targetUrl: string) {
  const found = await userObjects(tq);
  if (found.tables > 0 || found.schemas.length > 0)
    throw new MoveError(
      "target_not_empty",
      `O banco de destino ${redactUrl(targetUrl)} não está vazio (${found.tables} tabela(s)${
        found.schemas.length ? `; esquemas ${found.schemas.join(", ")}` : ""
      }). A cópia só grava num banco novo (createdb): nada foi alterado.`,
    );
}

async function copyInOneTransaction(
  sq: Query,
  tq: Query,
  targetUrl: string,
  o: { log: Progress; batchRows: number; afterTable: MoveOptions["afterTable"]; started: number },
): Promise<MoveReport> {
  await tq("BEGIN");
  try {
    await tq("SELECT pg_advisory_xact_lock($1)", [MIGRATION_LOCK]);
    // checked again under the lock: an app or another move may have started meanwhile
    await refuseNonEmpty(tq, targetUrl);
    for (const s of SESSION_SETTINGS) await tq(s);

    const sourceTables = await readTables(sq);
    o.log("Criando as tabelas no destino (migrações do Atende e da fila de tarefas)…");
    const sourceEnums = await readEnums(sq);
    await createTargetSchema(tq, await readQueues(sq), sourceEnums);
    compareSchemas(sourceTables, await readTables(tq), sourceEnums, await readEnums(tq));

    const order = dependencyOrder([...sourceTables.keys()], await readForeignKeys(sq));
    const selfRefs = await readSelfReferences(sq);
    o.log(`Copiando ${order.length} tabelas em ordem de dependência…`);
    let copied = 0;
    for (const key of order) {
      const table = sourceTables.get(key) as Table;
      const rows = await copyTable(sq, tq, table, selfRefs.get(key), o.batchRows);
      if (rows > 0) o.log(`  ${table.label}: ${rows} linha(s)`);
      copied++;
      await o.afterTable?.(key, copied);
    }

    const sequences = await readSequences(sq);
    for (const seq of sequences) await setSequence(tq, seq);
    o.log(`Sequências ajustadas: ${sequences.length}.`);

    o.log("Conferindo contagem de linhas e checksum de cada tabela…");
    const report: MoveReport["tables"] = [];
    const diff: string[] = [];
    for (const key of order) {
      const table = sourceTables.get(key) as Table;
      const want = await tableChecksum(sq, table);
      const got = await tableChecksum(tq, table);
      if (want.rows !== got.rows || want.md5 !== got.md5)
        diff.push(
          `${table.label}: origem ${want.rows} linha(s) ${want.md5.slice(0, 8)}, destino ${got.rows} ${got.md5.slice(0, 8)}`,
        );
      report.push({ table: table.label, rows: got.rows, md5: got.md5 });
    }
    if (diff.length > 0)
      throw new MoveError(
        "verification_failed",
        `A conferência falhou (${diff.slice(0, 5).join("; ")}): nada foi gravado no destino.`,
      );
    await tq("COMMIT");
    const rows = report.reduce((s, t) => s + t.rows, 0);
    return {
      tables: report,
      sequences: sequences.length,
      rows,
      seconds: (performance.now() - o.started) / 1000,
    };
  } catch (err) {
    await tq("ROLLBACK").catch(() => {});
    if (err instanceof MoveError) throw err;
    throw new MoveError(
      "copy_failed",
      `A cópia foi interrompida (${(err as Error).message}); o destino foi revertido e continua vazio. Nada foi alterado no banco embutido.`,
    );
  }
}

/** The same tables with the same columns on both sides, or the move stops. */
function compareSchemas(
  source: Map<string, Table>,
  target: Map<string, Table>,
  sourceEnums: Map<string, string[]>,
  targetEnums: Map<string, string[]>,
) {
  const shape = (t: Table) =>
    t.columns.map((c) => `${c.name} ${c.type}${c.generated ? " generated" : ""}`).join(", ");
  const diff: string[] = [];
  for (const [key, t] of source) {
    const other = target.get(key);
    if (!other) diff.push(`${t.label} não existe no destino`);
    else if (shape(t) !== shape(other)) diff.push(`${t.label}: colunas diferentes`);
  }
  for (const [key, t] of target) if (!source.has(key)) diff.push(`${t.label} não existe na origem`);
  for (const key of new Set([...sourceEnums.keys(), ...targetEnums.keys()]))
    if (JSON.stringify(sourceEnums.get(key)) !== JSON.stringify(targetEnums.get(key)))
      diff.push(`tipo ${key}: valores diferentes`);
  if (diff.length > 0)
    throw new MoveError(
      "schema_mismatch",
      `As tabelas do destino não correspondem às do banco embutido (${diff.slice(0, 5).join("; ")}). Nada foi gravado.`,
    );
}

/**
 * Streams a table's rows from the source through a cursor, as text, and inserts them in batches
 * (`unnest` of one text array per column, cast back to each column's type: PostgreSQL's own text
 * form, lossless for every type). Generated columns are left to the target. Rows the schema setup
 * already wrote (pg-boss's version and queues) are replaced by the source's.
 */
async function copyTable(
  sq: Query,
  tq: Query,
  table: Table,
  selfRef: { column: string; references: string } | undefined,
  batchRows: number,
): Promise<number> {
  const columns = table.columns.filter((c) => !c.generated);
  if (columns.length === 0) return 0;
  const prefilled = (
    (await tq(`SELECT EXISTS (SELECT 1 FROM ${qualified(table)}) AS any`)).rows[0] as {
      any: boolean;
    }
  ).any;
  if (prefilled && !table.primaryKey)
    throw new MoveError(
      "schema_mismatch",
      `${table.label} já tem linhas no destino e não tem chave primária.`,
    );
  const insert = insertStatement(table, columns, prefilled);

  await sq(`DECLARE atende_move NO SCROLL CURSOR FOR ${selectStatement(table, columns, selfRef)}`);
  let total = 0;
  try {
    for (;;) {
      const { rows } = await sq(`FETCH ${batchRows} FROM atende_move`);
      if (rows.length === 0) break;
      const arrays = columns.map((_, i) =>
        (rows as Record<string, string | null>[]).map((r) => r[`c${i}`] ?? null),
      );
      await tq(insert, arrays);
      total += rows.length;
      if (rows.length < batchRows) break;
    }
  } finally {
    await sq("CLOSE atende_move");
  }
  return total;
}

function selectStatement(
  table: Table,
  columns: Column[],
  selfRef: { column: string; references: string } | undefined,
): string {
  const list = columns.map((c, i) => `t.${ident(c.name)}::text AS c${i}`).join(", ");
  if (!selfRef) return `SELECT ${list} FROM ${qualified(table)} t`;
  // a table referencing itself: parents before children (depth from the rows that reference none)
  const col = ident(selfRef.column);
  const ref = ident(selfRef.references);
  const t = qualified(table);
  return `WITH RECURSIVE depth(k, d) AS (
            SELECT x.${ref}, 0 FROM ${t} x WHERE x.${col} IS NULL OR x.${col} = x.${ref}
            UNION ALL
            SELECT x.${ref}, depth.d + 1 FROM ${t} x JOIN depth ON x.${col} = depth.k AND x.${col} <> x.${ref}
          )
          SELECT ${list} FROM ${t} t LEFT JOIN depth ON depth.k = t.${ref} ORDER BY depth.d NULLS LAST`;
}

function insertStatement(table: Table, columns: Column[], upsert: boolean): string {
  const names = columns.map((c) => ident(c.name));
  const casts = columns.map((c, i) => `u.c${i}::${c.type}`);
  const arrays = columns.map((_, i) => `$${i + 1}::text[]`);
  const aliases = columns.map((_, i) => `c${i}`);
  const overriding = columns.some((c) => c.identityAlways) ? " OVERRIDING SYSTEM VALUE" : "";
  let sql = `INSERT INTO ${qualified(table)} (${names.join(", ")})${overriding}
             SELECT ${casts.join(", ")} FROM unnest(${arrays.join(", ")}) AS u(${aliases.join(", ")})`;
  if (upsert)
    sql += ` ON CONFLICT ON CONSTRAINT ${ident(table.primaryKey as string)}
             DO UPDATE SET (${names.join(", ")}) = ROW(${names.map((n) => `EXCLUDED.${n}`).join(", ")})`;
  return sql;
}
