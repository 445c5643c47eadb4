/**
 * EXPLAIN (ANALYZE, BUFFERS) of the grid's list SQL — exactly what the app sends (captured from
 * Drizzle) — for the cases bench/http.ts loads: where the time of each grid figure goes.
 *
 *   npx tsx bench/explain.ts                      # PostgreSQL bench database, office 1
 *   npx tsx bench/explain.ts --db pglite --data-dir bench/data/pglite-100k --only grid-deep
 */
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { btree_gin } from "@electric-sql/pglite/contrib/btree_gin";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { unaccent } from "@electric-sql/pglite/contrib/unaccent";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import pg from "pg";
import type { Db } from "../src/server/db/client.js";
import * as schema from "../src/server/db/schema/index.js";
import { type ListFilter, list } from "../src/server/modules/tickets/repository.js";
import { printTable, writeResult } from "./lib/report.js";
import { benchAdminEmail, describeTarget, parseFlags } from "./lib/target.js";

const USAGE = `
npx tsx bench/explain.ts [--db postgres|pglite] [--url URL] [--data-dir DIR] [--office N]
                         [--deep-page N] [--search TEXT] [--only grid-first,grid-deep,…] [--quiet]
`;

type Exec = (text: string, params: unknown[]) => Promise<{ rows: Record<string, unknown>[] }>;

async function main() {
  const { values, target } = parseFlags(
    {
      office: { type: "string", default: "1" },
      "deep-page": { type: "string" },
      search: { type: "string", default: "certidao negativa" },
      only: { type: "string" },
      quiet: { type: "boolean", default: false },
    },
    USAGE,
  );
  const captured: { query: string; params: unknown[] }[] = [];
  const logger = { logQuery: (query: string, params: unknown[]) => captured.push({ query, params }) };
  let db: Db;
  let exec: Exec;
  let close: () => Promise<void>;
  if (target.db === "postgres") {
    const pool = new pg.Pool({ connectionString: target.url, max: 2 });
    db = drizzlePg(pool, { schema, logger }) as unknown as Db;
    exec = (t, p) => pool.query(t, p);
    close = () => pool.end();
  } else {
    const client = await PGlite.create({
      dataDir: path.join(target.dataDir, "pglite"),
      extensions: { unaccent, btree_gin, pg_trgm },
    });
    db = drizzlePglite(client, { schema, logger }) as unknown as Db;
    exec = (t, p) => client.query(t, p) as Promise<{ rows: Record<string, unknown>[] }>;
    close = () => client.close();
  }
  const { rows: officeRows } = await exec(
    `select u.office_id as id, (select count(*)::int from tickets t where t.office_id = u.office_id) as n
       from users u where lower(u.email) = lower($1)`,
    [benchAdminEmail(Number(values.office))],
  );
  const office = officeRows[0] as { id: string; n: number } | undefined;
  if (!office) throw new Error("bench office not found: run bench/generate.ts first");
  const deep = values["deep-page"]
    ? Number(values["deep-page"])
    : Math.max(1, Math.min(2000, Math.floor(office.n / 20)));
  const base: ListFilter = {
    officeId: office.id,
    statuses: [],
    sort: "createdAt",
    order: "desc",
    limit: 20,
    offset: 0,
  };
  const cases: [string, ListFilter][] = [
    ["grid-first", base],
    ["grid-deep", { ...base, offset: (deep - 1) * 20 }],
    ["grid-status", { ...base, statuses: ["analysing"] }],
    ["grid-search", { ...base, q: String(values.search) }],
    ["grid-sort-requester", { ...base, sort: "requester", order: "asc" }],
  ];
  const only = values.only ? new Set(String(values.only).split(",")) : undefined;
  const summary: Record<string, unknown>[] = [];
  const plans: Record<string, string[]> = {};
  console.log(
    `${describeTarget(target)}: office ${values.office}, ${office.n} atendimentos, deep page ${deep}`,
  );
  for (const [name, filter] of cases) {
    if (only && !only.has(name)) continue;
    captured.length = 0;
    await list(db, filter); // warm, and captures the page query and the count query
    for (const [i, q] of captured.entries()) {
      const part = i === 0 ? "page" : "count";
      const { rows } = await exec(`explain (analyze, buffers) ${q.query}`, q.params);
      const lines = rows.map((r) => String(Object.values(r)[0]));
      plans[`${name} ${part}`] = lines;
      const ms = (label: string) =>
        Number(new RegExp(`${label}: ([\\d.]+) ms`).exec(lines.join("\n"))?.[1] ?? NaN);
      summary.push({
        case: name,
        query: part,
        planningMs: ms("Planning Time"),
        executionMs: ms("Execution Time"),
      });
      if (!values.quiet) {
        console.log(`\n---- ${name}: ${part} query\n${q.query}\n-- params ${JSON.stringify(q.params)}`);
        console.log(lines.join("\n"));
      }
    }
  }
  console.log();
  printTable(summary);
  await close();
  writeResult(target.db === "pglite" ? "explain-pglite" : "explain", {
    target: describeTarget(target),
    office: { number: Number(values.office), tickets: office.n },
    deepPage: deep,
    summary,
    plans,
  });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
