/**
 * Obrigações (issue 15): one competência for an office with 5,000 clients × 15 obligations (75,000
 * atendimentos), while another office's grid is read in a loop; then the calendar month view.
 *   DATABASE_URL=postgres://… npx tsx bench/obligations.ts   (use an empty database)
 *   npx tsx bench/obligations.ts                             → embedded PGlite in a temp dir
 * CLIENTS=5000 OBLIGATIONS=15 by default. Prints the generation time, the other office's grid
 * p50/p95 during it and the month view's p50/p95 (5,000 items on the busiest day-range).
 */
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { connectPostgres, type Database, openPglite } from "../src/server/db/client.js";
import { listDeadlines } from "../src/server/modules/obligations/deadlines.js";
import { generate } from "../src/server/modules/obligations/generation.js";
import { type ListFilter, list } from "../src/server/modules/tickets/repository.js";
import { seedDemo } from "../src/server/seed/demo.js";

const CLIENTS = Number(process.env.CLIENTS ?? 5000);
const OBLIGATIONS = Number(process.env.OBLIGATIONS ?? 15);
const PERIOD = "2030-05";

async function open(): Promise<Database> {
  if (process.env.DATABASE_URL) return connectPostgres(process.env.DATABASE_URL, 8);
  return openPglite(mkdtempSync(path.join(os.tmpdir(), "atende-bench-")));
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return (s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? 0).toFixed(1);
};

async function main() {
  const database = await open();
  await database.migrate();
  const db = database.db;
  // the other office: the demo (its grid is what must stay fast)
  const other = await seedDemo(db, { tickets: 2000 });
  const rowsOf = (r: unknown) => (r as { rows: { id: string }[] }).rows;
  const [office] = rowsOf(
    await db.execute(sql`insert into offices (name) values ('Escritório Grande') returning id`),
  );
  const officeId = (office as { id: string }).id;
  const [admin] = rowsOf(
    await db.execute(sql`insert into users (office_id, name, email, password_hash, role)
      values (${officeId}, 'Admin', 'admin@grande.com.br', 'x', 'admin') returning id`),
  );
  const adminId = (admin as { id: string }).id;
  const cities = [
    ["SP", "3550308"],
    ["SP", "3509502"],
    ["RJ", "3304557"],
    ["MG", "3106200"],
    ["PR", "4106902"],
    ["RS", "4314902"],
    ["BA", null],
  ];
  await db.execute(
    sql.raw(`insert into clients (office_id, name, document, tax_regime, uf, city_ibge_code, city_name)
      select '${officeId}', 'Cliente ' || g, lpad(g::text, 14, '0'), 'simples_nacional',
             (array[${cities.map((c) => `'${c[0]}'`).join(",")}])[1 + g % ${cities.length}],
             (array[${cities.map((c) => (c[1] ? `'${c[1]}'` : "null")).join(",")}])[1 + g % ${cities.length}],
             'Cidade'
        from generate_series(1, ${CLIENTS}) g`),
  );
  await db.execute(
    sql.raw(`insert into obligations (office_id, name, department, tax_regimes, periodicity, months, offset_months,
                                      legal_day, shift, target_business_days, assignee_id, checklist)
      select '${officeId}', 'Obrigação ' || g, 'fiscal', '{simples_nacional}', 'monthly', '{1,2,3,4,5,6,7,8,9,10,11,12}', 1,
             1 + (g * 2) % 28, case when g % 2 = 0 then 'before' else 'after' end, 3, '${adminId}',
             '{Apurar,Emitir a guia,Enviar ao cliente}'
        from generate_series(1, ${OBLIGATIONS}) g`),
  );
  await db.execute(sql`analyze`);

  const base: ListFilter = {
    officeId: other.officeId,
    statuses: [],
    sort: "createdAt",
    order: "desc",
    limit: 20,
    offset: 0,
  };
  await list(db, base);
  let generating = true;
  const gridTimes: number[] = [];
  const reader = (async () => {
    while (generating) {
      const t = performance.now();
      await list(db, base);
      gridTimes.push(performance.now() - t);
    }
  })();
  const t0 = performance.now();
  const r = await generate(db, officeId, PERIOD, adminId);
  const genMs = performance.now() - t0;
  generating = false;
  await reader;
  console.log(
    `${database.kind}: generated ${r?.created} atendimentos (${CLIENTS} clients × ${OBLIGATIONS} obligations) in ${Math.round(genMs)} ms`,
  );
  console.log(
    `other office's grid during the generation: ${gridTimes.length} reads, p50 ${pct(gridTimes, 0.5)} ms, p95 ${pct(gridTimes, 0.95)} ms`,
  );
  const t1 = performance.now();
  const again = await generate(db, officeId, PERIOD, adminId);
  console.log(`generating again: ${again?.created} created in ${Math.round(performance.now() - t1)} ms`);

  // the calendar month view: June 2030 holds the whole competência (75k); a month of 5,000 items is
  // what the issue asks, so measure both
  await db.execute(sql`analyze`);
  for (const [label, limitTo] of [
    ["month view, 5,000 items", 5000],
    ["month view, every item of the month", 0],
  ] as const) {
    if (limitTo) {
      // keep 5,000 of the month: move the others to the next year
      await db.execute(sql`update tickets set legal_due_date = legal_due_date + 365
        where office_id = ${officeId} and legal_due_date between '2030-06-01' and '2030-06-30'
          and id not in (select id from tickets where office_id = ${officeId} and legal_due_date between '2030-06-01' and '2030-06-30' order by id limit ${limitTo})`);
      await db.execute(sql`analyze tickets`);
    }
    const month = limitTo ? "2030-06" : "2031-06";
    await listDeadlines(db, officeId, month);
    const times: number[] = [];
    let n = 0;
    for (let i = 0; i < 15; i++) {
      const t = performance.now();
      n = (await listDeadlines(db, officeId, month)).items.length;
      times.push(performance.now() - t);
    }
    console.log(`${label} (${n} items): p50 ${pct(times, 0.5)} ms, p95 ${pct(times, 0.95)} ms`);
  }
  await database.close();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
