import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The backup's SQL: plain queries over the catalog, run on whatever connection holds the snapshot
 * (a pg client in a REPEATABLE READ transaction, or the embedded PGlite).
 */
export type Query = (text: string, values?: unknown[]) => Promise<{ rows: unknown[] }>;

const SYSTEM_SCHEMAS =
  "n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'";

/** Every table with rows of its own (partitions, not their parents), as "schema.table", sorted. */
export async function listTables(q: Query): Promise<string[]> {
  const { rows } = await q(
    `SELECT n.nspname AS schema, c.relname AS name FROM pg_class c
       JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind = 'r' AND ${SYSTEM_SCHEMAS}
      ORDER BY 1, 2`,
  );
  return (rows as { schema: string; name: string }[]).map((r) => `${r.schema}.${r.name}`);
}

const ident = (s: string) => `"${s.replaceAll('"', '""')}"`;

/** Exact row counts of every table, in the caller's snapshot. */
export async function countRows(q: Query): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of await listTables(q)) {
    const [schema = "", name = ""] = table.split(/\.(.*)/s);
    const { rows } = await q(`SELECT count(*)::text AS n FROM ${ident(schema)}.${ident(name)}`);
    counts[table] = Number((rows[0] as { n: string }).n);
  }
  return counts;
}

/**
 * What makes a database "not empty" for a restore: any table or any schema of its own (public aside).
 * A database just made by `createdb` has none.
 */
export async function userObjects(q: Query): Promise<{ tables: number; schemas: string[] }> {
  const t = await q(
    `SELECT count(*)::int AS n FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S') AND ${SYSTEM_SCHEMAS}`,
  );
  const s = await q(
    `SELECT n.nspname AS name FROM pg_namespace n WHERE ${SYSTEM_SCHEMAS} AND n.nspname <> 'public' ORDER BY 1`,
  );
  return {
    tables: (t.rows[0] as { n: number }).n,
    schemas: (s.rows as { name: string }[]).map((r) => r.name),
  };
}

const migrationsFolder = path.join(path.dirname(fileURLToPath(import.meta.url)), "../db/migrations");

/** The migrations this code knows (Drizzle's journal), oldest first. */
export function knownMigrations(): { tag: string; when: number }[] {
  const journal = JSON.parse(readFileSync(path.join(migrationsFolder, "meta/_journal.json"), "utf8")) as {
    entries: { tag: string; when: number }[];
  };
  return journal.entries.map((e) => ({ tag: e.tag, when: e.when }));
}

/** How many migrations the database has applied and the tag of the last one (when this code knows it). */
export async function migrationState(q: Query): Promise<{ count: number; last: string | null }> {
  const { rows: exists } = await q("SELECT to_regclass('drizzle.__drizzle_migrations') IS NOT NULL AS ok");
  if (!(exists[0] as { ok: boolean }).ok) return { count: 0, last: null };
  const { rows } = await q(
    "SELECT count(*)::int AS n, max(created_at)::text AS last FROM drizzle.__drizzle_migrations",
  );
  const row = rows[0] as { n: number; last: string | null };
  const last = row.last === null ? undefined : knownMigrations().find((m) => String(m.when) === row.last);
  return { count: row.n, last: last?.tag ?? row.last };
}

/**
 * Blob addresses the rows reference. Every table that stores one is listed here, as in
 * `referencedBlobs` (bootstrap.ts): a backup warns when one of them is missing from the store.
 */
export async function referencedBlobAddresses(q: Query): Promise<string[]> {
  const { rows } = await q("SELECT DISTINCT sha256 FROM attachments ORDER BY 1");
  return (rows as { sha256: string }[]).map((r) => r.sha256);
}
