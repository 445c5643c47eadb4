/**
 * First measurement of the atendimentos grid query at 100k rows (issue 6 brings the full benchmark).
 *   npx tsx bench/list-100k.ts                       → embedded PGlite in a temp dir
 *   DATABASE_URL=postgres://… npx tsx bench/list-100k.ts → a PostgreSQL server (use an empty database)
 * ROWS=100000 by default. Prints p50/p95 of the repository's list query for typical grid views.
 */
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { connectPostgres, type Database, openPglite } from "../src/server/db/client.js";
import { type ListFilter, list } from "../src/server/modules/tickets/repository.js";
import { seedDemo } from "../src/server/seed/demo.js";

const ROWS = Number(process.env.ROWS ?? 100_000);
const RUNS = Number(process.env.RUNS ?? 30);

async function open(): Promise<Database> {
  if (process.env.DATABASE_URL) return connectPostgres(process.env.DATABASE_URL, 4);
  return openPglite(mkdtempSync(path.join(os.tmpdir(), "atende-bench-")));
}

const SUBJECTS = [
  "Declaração de IRPF do sócio",
  "Ações trabalhistas: documentação solicitada",
  "Apuração do DAS de março",
  "Rescisão de funcionário: cálculo e guias",
  "Parcelamento de débitos do Simples Nacional",
  "Alteração do endereço no contrato social",
  "Emissão de certidão negativa federal",
  "Conferência de notas fiscais de entrada",
];

async function main() {
  const database = await open();
  await database.migrate();
  const db = database.db;
  const t0 = performance.now();
  const { officeId } = await seedDemo(db, { tickets: 10 });
  // bulk rows in one statement per 20k, spread over clients, services, assignees and two years
  const subjects = `ARRAY[${SUBJECTS.map((s) => `'${s.replace(/'/g, "''")}'`).join(",")}]`;
  for (let start = 0; start < ROWS; start += 20_000) {
    const n = Math.min(20_000, ROWS - start);
    await db.execute(
      sql.raw(`
      with c as (select array_agg(id) ids from clients where office_id = '${officeId}'),
           s as (select array_agg(id) ids from services where office_id = '${officeId}'),
           u as (select array_agg(id) ids from users where office_id = '${officeId}')
      insert into tickets (office_id, protocol_year, protocol_seq, requester_id, service_id, assignee_id,
                           subject, description, amount_cents, status, created_by, created_at, updated_at)
      select '${officeId}', 2025, 100000 + ${start} + g,
             c.ids[1 + (g % array_length(c.ids, 1))], s.ids[1 + (g % array_length(s.ids, 1))],
             u.ids[1 + (g % array_length(u.ids, 1))],
             (${subjects})[1 + (g % ${SUBJECTS.length})] || ' #' || (${start} + g),
             'Descrição gerada para medir a busca, item ' || (${start} + g),
             10000 + (g * 37) % 500000,
             (enum_range(null::ticket_status))[1 + (g % 7)],
             u.ids[1], now() - ((${start} + g) || ' minutes')::interval, now() - ((${start} + g) || ' minutes')::interval
      from generate_series(1, ${n}) g, c, s, u`),
    );
  }
  await db.execute(sql`analyze`);
  console.log(`${database.kind}: seeded ${ROWS} atendimentos in ${Math.round(performance.now() - t0)} ms`);

  const base: ListFilter = { officeId, statuses: [], sort: "createdAt", order: "desc", limit: 20, offset: 0 };
  const cases: [string, ListFilter][] = [
    ["first page, default sort", base],
    ["page 50 (offset 1000)", { ...base, offset: 1000 }],
    ["filter status=Analisando", { ...base, statuses: ["analysing"] }],
    ["sort by Solicitante", { ...base, sort: "requester", order: "asc" }],
    ["full-text search 'acao'", { ...base, q: "acao" }],
  ];
  console.log(`| query | p50 ms | p95 ms |\n| --- | --- | --- |`);
  for (const [name, f] of cases) {
    await list(db, f); // warm
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t = performance.now();
      await list(db, f);
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    const q = (p: number) =>
      (times[Math.min(times.length - 1, Math.floor(p * times.length))] ?? 0).toFixed(1);
    console.log(`| ${name} | ${q(0.5)} | ${q(0.95)} |`);
  }
  await database.close();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
