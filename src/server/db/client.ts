import { mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import { btree_gin } from "@electric-sql/pglite/contrib/btree_gin";
import { unaccent } from "@electric-sql/pglite/contrib/unaccent";
import type { ExtractTablesWithRelations } from "drizzle-orm";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import { migrate as migratePg } from "drizzle-orm/node-postgres/migrator";
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import pg from "pg";
import * as schema from "./schema/index.js";

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** what repositories accept: the database or a transaction on it */
export type Executor = Db | Tx;

/** Plain parameterised SQL ($1, $2…) for libraries that bring their own SQL (pg-boss). */
export type RawQuery = (text: string, values?: unknown[]) => Promise<{ rows: unknown[] }>;

export interface Database {
  db: Db;
  kind: "pglite" | "postgres";
  /** the embedded database's whole data directory as a tar (PGlite only): a template to copy from */
  dumpDataDir?: () => Promise<Blob>;
  rawQuery: RawQuery;
  migrate(): Promise<void>;
  close(): Promise<void>;
}

const migrationsFolder = path.join(path.dirname(fileURLToPath(import.meta.url)), "migrations");

/** A real PostgreSQL server (production, CI). */
export function connectPostgres(url: string, poolSize = 10): Database {
  // JIT compilation costs ~50 ms on a grid query and never pays off for short OLTP queries
  const pool = new pg.Pool({ connectionString: url, max: poolSize, options: "-c jit=off" });
  // bigint (int8) and count(*) arrive as strings in pg; our money columns use mode "number"
  const db = drizzlePg(pool, { schema }) as unknown as Db;
  return {
    db,
    kind: "postgres",
    rawQuery: async (text, values) => pool.query(text, values as unknown[]),
    async migrate() {
      // several app instances may start at once: one migrates, the others wait
      const client = await pool.connect();
      try {
        await client.query("SELECT pg_advisory_lock(7261001)");
        await migratePg(drizzlePg(client, { schema }), { migrationsFolder });
      } finally {
        await client.query("SELECT pg_advisory_unlock(7261001)").catch(() => {});
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

/**
 * Embedded PostgreSQL (PGlite, WASM) stored in dataDir; in memory when dataDir is undefined.
 * `template` is a data directory dumped by `dumpDataDir()` (e.g. an already migrated database): loading
 * it takes ~0.4 s where creating and migrating a new one takes several seconds.
 */
export async function openPglite(dataDir: string | undefined, template?: Blob): Promise<Database> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const client = await PGlite.create({
    dataDir,
    extensions: { unaccent, btree_gin },
    ...(template ? { loadDataDir: template } : {}),
  });
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  return {
    db,
    kind: "pglite",
    rawQuery: async (text, values) => {
      // PGlite runs several statements only through exec(), and exec() takes no parameters
      if (!values || values.length === 0) {
        const results = await client.exec(text);
        return { rows: results.at(-1)?.rows ?? [] };
      }
      return client.query(text, values);
    },
    migrate: async () => {
      await migratePglite(drizzlePglite(client, { schema }), { migrationsFolder });
    },
    close: () => client.close(),
    dumpDataDir: () => client.dumpDataDir("none"),
  };
}

export async function openDatabase(opts: { databaseUrl?: string; dataDir: string }): Promise<Database> {
  if (opts.databaseUrl) return connectPostgres(opts.databaseUrl);
  return openPglite(path.join(opts.dataDir, "pglite"));
}

/**
 * Runs parameterised SQL ($1, $2…) on a Drizzle transaction, so that a library's own SQL (a pg-boss
 * job) commits or rolls back together with the change that caused it. It goes to the transaction's
 * own connection (a pg PoolClient or a PGlite transaction), keeping the statement and its
 * parameters exactly as the library wrote them (a $n used twice stays one parameter).
 */
export function txRawQuery(tx: Executor): RawQuery {
  const client = (tx as unknown as { session?: { client?: unknown } }).session?.client as
    | { query(text: string, values?: unknown[]): Promise<{ rows: unknown[] }> }
    | undefined;
  if (!client || typeof client.query !== "function") throw new Error("transaction has no raw client");
  return async (text, values = []) => {
    const result = await client.query(text, values);
    return { rows: result.rows };
  };
}
