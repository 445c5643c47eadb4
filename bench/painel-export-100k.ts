/**
 * Painel and CSV export at 100k atendimentos and 30k debts (issue 17).
 *   DATABASE_URL=postgres://…/empty_db npx tsx bench/painel-export-100k.ts   (or PGlite in a temp dir)
 * Prints the Painel's p50/p95 at concurrency C (10) over RUNS requests' worth of builds, and the time
 * and peak RSS of exporting every atendimento as CSV through the export's own pipeline.
 */
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { and, eq, sql } from "drizzle-orm";
import { connectPostgres, type Database, openPglite } from "../src/server/db/client.js";
import { users } from "../src/server/db/schema/index.js";
import type { Actor } from "../src/server/modules/auth/context.js";
import { buildDashboard } from "../src/server/modules/dashboard/build.js";
import { ticketColumns } from "../src/server/modules/exports/columns.js";
import { csvStream, inBatches } from "../src/server/modules/exports/writer.js";
import { presentTicketRow } from "../src/server/modules/tickets/presenter.js";
import { exportIds, rowsByIds } from "../src/server/modules/tickets/repository.js";
import { seedDemo } from "../src/server/seed/demo.js";

const ROWS = Number(process.env.ROWS ?? 100_000);
const DEBTS = Number(process.env.DEBTS ?? 30_000);
const RUNS = Number(process.env.RUNS ?? 100);
const C = Number(process.env.C ?? 10);

async function open(): Promise<Database> {
  if (process.env.DATABASE_URL) return connectPostgres(process.env.DATABASE_URL, C);
  return openPglite(mkdtempSync(path.join(os.tmpdir(), "atende-bench-")));
}

async function main() {
  const database = await open();
  await database.migrate();
  const db = database.db;
  const t0 = performance.now();
  const { officeId } = await seedDemo(db, { tickets: 10 });
  for (let start = 0; start < ROWS; start += 20_000) {
    const n = Math.min(20_000, ROWS - start);
    await db.execute(
      sql.raw(`
      with c as (select array_agg(id) ids from clients where office_id = '${officeId}'),
           s as (select array_agg(id) ids from services where office_id = '${officeId}'),
           u as (select array_agg(id) ids from users where office_id = '${officeId}' and role <> 'client')
      insert into tickets (office_id, protocol_year, protocol_seq, requester_id, service_id, assignee_id,
                           subject, description, amount_cents, status, created_by, created_at, updated_at)
      select '${officeId}', 2025, 100000 + ${start} + g,
             c.ids[1 + (g % array_length(c.ids, 1))], s.ids[1 + (g % array_length(s.ids, 1))],
             u.ids[1 + (g % array_length(u.ids, 1))],
             'Apuração do DAS #' || (${start} + g), 'Descrição ' || g, 10000 + (g * 37) % 500000,
             (enum_range(null::ticket_status))[1 + (g % 7)],
             u.ids[1], now() - ((${start} + g) * 5 || ' minutes')::interval, now()
      from generate_series(1, ${n}) g, c, s, u`),
    );
  }
  await db.execute(
    sql.raw(`
    with c as (select array_agg(id) ids from clients where office_id = '${officeId}'),
         k as (select id from debt_categories where office_id = '${officeId}' limit 1)
    insert into debts (office_id, client_id, category_id, group_id, description, amount_cents, paid_cents,
                       due_date, state, txid)
    select '${officeId}', c.ids[1 + (g % array_length(c.ids, 1))], k.id, gen_random_uuid(),
           'Honorários #' || g, 50000, case when g % 5 = 0 then 20000 else 0 end,
           current_date - (g % 400) + 60, case when g % 7 = 0 then 'paid'::debt_state else 'open'::debt_state end,
           'BENCH' || lpad(g::text, 20, '0')
    from generate_series(1, ${DEBTS}) g, c, k`),
  );
  await db.execute(sql`analyze`);
  console.log(
    `${database.kind}: seeded ${ROWS} atendimentos and ${DEBTS} debts in ${Math.round(performance.now() - t0)} ms`,
  );

  const [admin] = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.officeId, officeId), eq(users.role, "admin")))
    .limit(1);
  const actor = { userId: admin?.id, role: "admin", officeId } as unknown as Actor;

  await buildDashboard(db, actor); // warm
  const times: number[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: C }, async () => {
      while (next++ < RUNS) {
        const t = performance.now();
        await buildDashboard(db, actor);
        times.push(performance.now() - t);
      }
    }),
  );
  times.sort((a, b) => a - b);
  const q = (p: number) => (times[Math.min(times.length - 1, Math.floor(p * times.length))] ?? 0).toFixed(0);
  console.log(`Painel (c=${C}, ${RUNS} builds): p50 ${q(0.5)} ms, p95 ${q(0.95)} ms`);

  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  const t1 = performance.now();
  const ids = await exportIds(db, { officeId, statuses: [], sort: "createdAt", order: "desc" });
  let bytes = 0;
  await pipeline(
    csvStream(
      ticketColumns,
      inBatches(ids, async (b) => (await rowsByIds(db, officeId, b)).map((r) => presentTicketRow(actor, r))),
    ),
    new Writable({
      write(chunk: Buffer, _enc, cb) {
        bytes += chunk.length;
        cb();
      },
    }),
  );
  clearInterval(timer);
  console.log(
    `CSV export: ${ids.length} rows, ${(bytes / 1e6).toFixed(1)} MB in ${Math.round(performance.now() - t1)} ms, peak RSS ${Math.round(peak / 1e6)} MB`,
  );
  await database.close();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
