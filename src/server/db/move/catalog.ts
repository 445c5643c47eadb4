import type { Query } from "../../backup/repository.js";

/**
 * The move's SQL over the catalog, the same on both sides (the embedded PGlite source and the
 * PostgreSQL target): which tables hold rows, their columns, the foreign keys between them, the
 * sequences, and a checksum per table.
 */

const USER_SCHEMAS = "n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'";

export const ident = (s: string) => `"${s.replaceAll('"', '""')}"`;

export interface Column {
  name: string;
  /** format_type(): e.g. `timestamp with time zone`, `pgboss.job_state`, `text[]` */
  type: string;
  /** GENERATED ALWAYS AS (…) STORED: computed by the target, never copied */
  generated: boolean;
  /** GENERATED ALWAYS AS IDENTITY: inserted with OVERRIDING SYSTEM VALUE */
  identityAlways: boolean;
}

export interface Table {
  /** "schema.name", the key used everywhere */
  key: string;
  schema: string;
  name: string;
  /** what the report shows (a partition: its parent and the values it holds) */
  label: string;
  columns: Column[];
  /** name of the primary key constraint, for the few rows the schema setup already wrote */
  primaryKey: string | null;
}

export const qualified = (t: { schema: string; name: string }) => `${ident(t.schema)}.${ident(t.name)}`;

/** Every table that stores rows (ordinary tables and leaf partitions), by key. */
export async function readTables(q: Query): Promise<Map<string, Table>> {
  const { rows } = await q(
    `SELECT n.nspname AS schema, c.relname AS name,
            CASE WHEN c.relispartition THEN
              (SELECT pn.nspname || '.' || p.relname FROM pg_inherits i
                 JOIN pg_class p ON p.oid = i.inhparent JOIN pg_namespace pn ON pn.oid = p.relnamespace
                WHERE i.inhrelid = c.oid) || ' ' || pg_get_expr(c.relpartbound, c.oid)
            END AS partition_of,
            (SELECT con.conname FROM pg_constraint con WHERE con.conrelid = c.oid AND con.contype = 'p') AS pk
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind = 'r' AND ${USER_SCHEMAS}
      ORDER BY 1, 2`,
  );
  const { rows: cols } = await q(
    `SELECT n.nspname AS schema, c.relname AS name, a.attname AS col,
            format_type(a.atttypid, a.atttypmod) AS type,
            a.attgenerated <> '' AS generated, a.attidentity = 'a' AS identity_always
       FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind = 'r' AND ${USER_SCHEMAS} AND a.attnum > 0 AND NOT a.attisdropped
      ORDER BY 1, 2, a.attnum`,
  );
  const tables = new Map<string, Table>();
  for (const r of rows as {
    schema: string;
    name: string;
    partition_of: string | null;
    pk: string | null;
  }[]) {
    const key = `${r.schema}.${r.name}`;
    const label = r.partition_of ? r.partition_of.replace(/ FOR VALUES IN /, " ") : key;
    tables.set(key, { key, schema: r.schema, name: r.name, label, columns: [], primaryKey: r.pk });
  }
  for (const c of cols as {
    schema: string;
    name: string;
    col: string;
    type: string;
    generated: boolean;
    identity_always: boolean;
  }[]) {
    tables.get(`${c.schema}.${c.name}`)?.columns.push({
      name: c.col,
      type: c.type,
      generated: c.generated,
      identityAlways: c.identity_always,
    });
  }
  return tables;
}

/**
 * Foreign keys as "child depends on parent" edges between tables that store rows. A key that
 * references a partitioned table depends on each of its leaf partitions.
 */
export async function readForeignKeys(q: Query): Promise<{ child: string; parent: string }[]> {
  const { rows } = await q(
    `SELECT cn.nspname || '.' || c.relname AS child, pn.nspname || '.' || p.relname AS parent
       FROM pg_constraint con
       JOIN pg_class c ON c.oid = con.conrelid JOIN pg_namespace cn ON cn.oid = c.relnamespace
       JOIN LATERAL (
              SELECT relid FROM pg_partition_tree(con.confrelid) WHERE isleaf
              UNION SELECT con.confrelid WHERE (SELECT relkind FROM pg_class WHERE oid = con.confrelid) = 'r'
            ) leaf ON true
       JOIN pg_class p ON p.oid = leaf.relid JOIN pg_namespace pn ON pn.oid = p.relnamespace
      WHERE con.contype = 'f' AND c.relkind = 'r'
      ORDER BY 1, 2`,
  );
  return rows as { child: string; parent: string }[];
}

/**
 * The tables in an order where every table comes after the tables it references (Kahn's algorithm,
 * ties by name so the order is stable). A table referencing itself is allowed (its rows are copied
 * parents first, see `selfReferences`); a cycle between tables cannot be copied with the keys on.
 */
export function dependencyOrder(tables: string[], edges: { child: string; parent: string }[]): string[] {
  const known = new Set(tables);
  const parents = new Map(tables.map((t) => [t, new Set<string>()]));
  for (const e of edges)
    if (e.child !== e.parent && known.has(e.child) && known.has(e.parent))
      parents.get(e.child)?.add(e.parent);
  const order: string[] = [];
  const done = new Set<string>();
  while (order.length < tables.length) {
    const ready = tables.filter((t) => !done.has(t) && [...(parents.get(t) ?? [])].every((p) => done.has(p)));
    if (ready.length === 0) {
      const left = tables.filter((t) => !done.has(t));
      throw new Error(`foreign keys form a cycle between ${left.join(", ")}`);
    }
    const next = ready.sort()[0] as string;
    order.push(next);
    done.add(next);
  }
  return order;
}

/** Self-referencing foreign keys: table → [referencing column, referenced column] (single-column keys). */
export async function readSelfReferences(
  q: Query,
): Promise<Map<string, { column: string; references: string }>> {
  const { rows } = await q(
    `SELECT n.nspname || '.' || c.relname AS t, a.attname AS col, fa.attname AS ref
       FROM pg_constraint con
       JOIN pg_class c ON c.oid = con.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
       JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = con.conkey[1]
       JOIN pg_attribute fa ON fa.attrelid = con.confrelid AND fa.attnum = con.confkey[1]
      WHERE con.contype = 'f' AND con.conrelid = con.confrelid AND cardinality(con.conkey) = 1`,
  );
  return new Map(
    (rows as { t: string; col: string; ref: string }[]).map((r) => [
      r.t,
      { column: r.col, references: r.ref },
    ]),
  );
}

/** Every enum type with its labels in their order, by "schema.name". */
export async function readEnums(q: Query): Promise<Map<string, string[]>> {
  const { rows } = await q(
    `SELECT n.nspname || '.' || t.typname AS key, json_agg(e.enumlabel ORDER BY e.enumsortorder)::text AS labels
       FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace JOIN pg_enum e ON e.enumtypid = t.oid
      WHERE ${USER_SCHEMAS}
      GROUP BY 1 ORDER BY 1`,
  );
  return new Map(
    (rows as { key: string; labels: string }[]).map((r) => [r.key, JSON.parse(r.labels) as string[]]),
  );
}

/** Every sequence with its state. */
export async function readSequences(
  q: Query,
): Promise<{ key: string; lastValue: string; isCalled: boolean }[]> {
  const { rows } = await q(
    `SELECT n.nspname AS schema, c.relname AS name FROM pg_class c
       JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind = 'S' AND ${USER_SCHEMAS} ORDER BY 1, 2`,
  );
  const out: { key: string; lastValue: string; isCalled: boolean }[] = [];
  for (const s of rows as { schema: string; name: string }[]) {
    const { rows: state } = await q(`SELECT last_value::text AS v, is_called AS called FROM ${qualified(s)}`);
    const st = state[0] as { v: string; called: boolean };
    out.push({ key: `${s.schema}.${s.name}`, lastValue: st.v, isCalled: st.called });
  }
  return out;
}

export async function setSequence(q: Query, seq: { key: string; lastValue: string; isCalled: boolean }) {
  const [schema = "", name = ""] = seq.key.split(/\.(.*)/s);
  await q("SELECT setval($1::regclass, $2::bigint, $3)", [
    qualified({ schema, name }),
    seq.lastValue,
    seq.isCalled,
  ]);
}

/**
 * Row count and checksum of a table's stored (not generated) columns: md5 of the sorted md5s of each
 * row's text. The sort is on hex digests in the C collation, so both servers agree whatever their
 * collations; the session settings (`SESSION_SETTINGS`) make the text of dates and numbers agree.
 */
export async function tableChecksum(q: Query, table: Table): Promise<{ rows: number; md5: string }> {
  const cols = table.columns.filter((c) => !c.generated).map((c) => `t.${ident(c.name)}`);
  const { rows } = await q(
    `SELECT count(*)::text AS n,
            md5(coalesce(string_agg(h, '' ORDER BY h COLLATE "C"), '')) AS sum
       FROM (SELECT md5(ROW(${cols.join(", ")})::text) AS h FROM ${qualified(table)} t) x`,
  );
  const r = rows[0] as { n: string; sum: string };
  return { rows: Number(r.n), md5: r.sum };
}

/** The same text for the same value on both servers. */
export const SESSION_SETTINGS = [
  "SET LOCAL TimeZone = 'UTC'",
  "SET LOCAL DateStyle = 'ISO, MDY'",
  "SET LOCAL IntervalStyle = 'postgres'",
  "SET LOCAL extra_float_digits = 1",
  "SET LOCAL bytea_output = 'hex'",
];
