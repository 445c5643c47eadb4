import { mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import { btree_gin } from "@electric-sql/pglite/contrib/btree_gin";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
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
  /** the connection pool's counts (PostgreSQL only; PGlite is one in-process connection) */
  poolStats?: () => { total: number; idle: number; waiting: number; max: number };
  migrate(): Promise<void>;
  close(): Promise<void>;
}

export const migrationsFolder = path.join(path.dirname(fileURLToPath(import.meta.url)), "migrations");

/** Where the pool reports connections it lost (pino, console or a test's sink). */
export type DbLog = { warn(obj: object, msg?: string): void };

/** what is worth logging of a connection error (pg-pool hangs the whole client on `err.client`) */
const brief = (err: Error) => ({ code: (err as { code?: unknown }).code, message: err.message });

/**
 * A connection checked out of the pool with `pool.connect()` (a Drizzle transaction, the migration
 * lock) has no 'error' listener of pg-pool's while it is out: a connection cut meanwhile
 * (pg_terminate_backend, a failover, a restart) would emit an unhandled 'error' and end the
 * process. Every such checkout gets a listener that gives the broken connection back with the
 * error (the pool then destroys it instead of reusing it), and a `release()` that may be called
 * again by the holder (Drizzle releases in its `finally`) without throwing.
 * `pool.query()` checks out with a callback and guards its connection itself; it is left alone.
 *
 * Besides, every connection carries one 'error' listener for its whole life that only remembers
 * the error: a checkout is handed over in a promise (a microtask later), and the end of the
 * connection may be read from the same TCP chunk as the last result, before the guard is on.
 */
class GuardedPool extends pg.Pool {
  /** connections that reported an error: dead, whoever holds them */
  private readonly broken = new WeakMap<pg.ClientBase, Error>();

  constructor(
    config: pg.PoolConfig,
    private readonly dbLog: DbLog,
  ) {
    super(config);
    // (pg-pool has a `log` method of its own, hence `dbLog`)
    this.on("connect", (client) => {
      client.on("error", (err) => {
        if (!this.broken.has(client)) this.broken.set(client, err);
      });
    });
    // a connection cut while idle in the pool: pg-pool already removed it; this only logs
    this.on("error", (err) =>
      this.dbLog.warn(brief(err), "idle database connection lost; dropped from the pool"),
    );
  }

  override connect(): Promise<pg.PoolClient>;
  override connect(
    callback: (
      err: Error | undefined,
      client: pg.PoolClient | undefined,
      done: (release?: unknown) => void,
    ) => void,
  ): void;
  override connect(
    callback?: (
      err: Error | undefined,
      client: pg.PoolClient | undefined,
      done: (release?: unknown) => void,
    ) => void,
  ): Promise<pg.PoolClient> | undefined {
    if (callback) {
      super.connect(callback);
      return undefined;
    }
    return super.connect().then((client) => this.guard(client));
  }

  private guard(client: pg.PoolClient): pg.PoolClient {
    const early = this.broken.get(client);
    if (early) {
      // it broke between the checkout and now: drop it, and the caller fails like any query would
      this.dbLog.warn(brief(early), "database connection lost while in use; dropped from the pool");
      client.release(early);
      throw early;
    }
    const release = client.release;
    let released = false;
    const onError = (err: Error) => {
      this.dbLog.warn(brief(err), "database connection lost while in use; dropped from the pool");
      if (released) return;
      released = true;
      release(err);
    };
    client.on("error", onError);
    client.release = (err?: Error | boolean) => {
      if (released) return;
      released = true;
      client.removeListener("error", onError);
      release(err);
    };
    return client;
  }
}

/** A real PostgreSQL server (production, CI). */
export function connectPostgres(url: string, poolSize = 10, opts: { log?: DbLog } = {}): Database {
  const pool = new GuardedPool(
    {
      connectionString: url,
      max: poolSize,
      // JIT compilation costs ~50 ms on a grid query and never pays off for short OLTP queries
      options: "-c jit=off",
      // names our backends in pg_stat_activity; an application_name in the URL wins
      application_name: "atende",
      // a server that went away without closing the socket (failover) is noticed
      keepAlive: true,
      // while the database is away, a request fails (503) instead of waiting for a connection forever
      connectionTimeoutMillis: 10_000,
    },
    opts.log ?? console,
  );
  // bigint (int8) and count(*) arrive as strings in pg; our money columns use mode "number"
  const db = drizzlePg(pool, { schema }) as unknown as Db;
  return {
    db,
    kind: "postgres",
    rawQuery: async (text, values) => pool.query(text, values as unknown[]),
    poolStats: () => ({
      total: pool.totalCount,
      idle: pool.idleCount,
      waiting: pool.waitingCount,
      max: poolSize,
    }),
    async migrate() {
      // several app instances may start at once: one migrates, the others wait
      const client = await pool.connect();
      let failure: Error | undefined;
      try {
        await client.query("SELECT pg_advisory_lock(7261001)");
        await migratePg(drizzlePg(client, { schema }), { migrationsFolder });
      } catch (err) {
        failure = err as Error;
        throw err;
      } finally {
        await client.query("SELECT pg_advisory_unlock(7261001)").catch(() => {});
        // after a failure the connection may be broken: do not give it back for reuse
        client.release(failure);
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
    extensions: { unaccent, btree_gin, pg_trgm },
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
