/**
 * Search as you type (issue 11): time of the grid's list query (`tickets/repository.listWithTypos`:
 * page and total, and the typo-tolerant fallback when nothing matches) for a few searches, in process, on a generated office; the number of matches of each.
 *
 *   npx tsx bench/generate.ts --url URL --offices 1 --clients 300 --tickets 5000   # small data, once
 *   npx tsx bench/search.ts --url URL [--runs 40] [--label "what this run measures"]
 */
import { performance } from "node:perf_hooks";
import { drizzle } from "drizzle-orm/node-postgres";
import pg from "pg";
import type { Db } from "../src/server/db/client.js";
import * as schema from "../src/server/db/schema/index.js";
import { type ListFilter, listWithTypos } from "../src/server/modules/tickets/repository.js";
import { percentiles, printTable, writeResult } from "./lib/report.js";
import { benchAdminEmail, describeTarget, parseFlags } from "./lib/target.js";

const USAGE = `
npx tsx bench/search.ts [--url URL] [--office N] [--runs N] [--search "a,b,…"] [--label TEXT]
`;

async function main() {
  const { values, target } = parseFlags(
    {
      office: { type: "string", default: "1" },
      runs: { type: "string", default: "40" },
      label: { type: "string", default: "" },
      search: {
        type: "string",
        default:
          "certidao negativa,certidão,certid,cert,declar,acao,folha de pag,xyzzy,certidao negatva,padaira,declaracao anul",
      },
    },
    USAGE,
  );
  if (target.db !== "postgres") throw new Error("bench/search.ts runs on PostgreSQL (--url)");
  const pool = new pg.Pool({ connectionString: target.url, max: 1, options: "-c jit=off" });
  const db = drizzle(pool, { schema }) as unknown as Db;
  const { rows } = await pool.query(
    `select u.office_id as id, (select count(*)::int from tickets t where t.office_id = u.office_id) as n
       from users u where lower(u.email) = lower($1)`,
    [benchAdminEmail(Number(values.office))],
  );
  const office = rows[0] as { id: string; n: number } | undefined;
  if (!office) throw new Error("bench office not found: run bench/generate.ts first");
  const runs = Number(values.runs);
  const table: Record<string, unknown>[] = [];
  for (const q of String(values.search).split(",")) {
    const filter: ListFilter = {
      officeId: office.id,
      statuses: [],
      sort: "createdAt",
      order: "desc",
      limit: 20,
      offset: 0,
      q,
    };
    const { total, approximate } = await listWithTypos(db, filter); // warm-up
    const samples: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      await listWithTypos(db, filter);
      samples.push(performance.now() - t0);
    }
    const p = percentiles(samples);
    table.push({ search: q, matches: total, typos: approximate ? "yes" : "", p50: p.p50, p95: p.p95 });
  }
  console.log(`${describeTarget(target)}: office ${values.office}, ${office.n} atendimentos, ${runs} runs`);
  printTable(table);
  await pool.end();
  writeResult("search", {
    label: values.label,
    target: describeTarget(target),
    office: { tickets: office.n },
    runs,
    table,
  });
}

await main();
