/**
 * Honorários (issue 16): billing a competência of CONTRACTS contracts (5,000 by default) — the
 * preview, "Faturar" (batches of 500 contracts, one transaction each), "Faturar" again (nothing new)
 * — then (MAIL=1) the previous competência billed with its cobrança e-mails (PIX, bulk priority) queued.
 *   DATABASE_URL=postgres://…/empty_db npx tsx bench/honorarios.ts   → PostgreSQL (an empty database)
 *   npx tsx bench/honorarios.ts                                      → embedded PGlite in a temp dir
 */
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { connectPostgres, type Database, openPglite } from "../src/server/db/client.js";
import {
  clients,
  debtCategories,
  feeContracts,
  priceIndexValues,
  users,
} from "../src/server/db/schema/index.js";
import { startJobQueue } from "../src/server/jobs/queue.js";
import type { Actor } from "../src/server/modules/auth/context.js";
import { previewBilling, runBilling } from "../src/server/modules/honorarios/billing.js";
import { seedDemo } from "../src/server/seed/demo.js";
import { todayInSaoPaulo } from "../src/shared/finance.js";
import { addPeriods } from "../src/shared/honorarios.js";

const CONTRACTS = Number(process.env.CONTRACTS ?? 5000);

async function open(): Promise<Database> {
  if (process.env.DATABASE_URL) return connectPostgres(process.env.DATABASE_URL, 4);
  return openPglite(mkdtempSync(path.join(os.tmpdir(), "atende-bench-fees-")));
}

const seconds = (t0: number) => ((performance.now() - t0) / 1000).toFixed(2);

async function main() {
  const database = await open();
  await database.migrate();
  const db = database.db;
  const engine = process.env.DATABASE_URL ? "PostgreSQL" : "PGlite";
  const { officeId } = await seedDemo(db, { tickets: 1, mailboxPort: 1 });
  const [user] = await db.select().from(users).where(eq(users.officeId, officeId)).limit(1);
  const [category] = await db
    .select()
    .from(debtCategories)
    .where(and(eq(debtCategories.officeId, officeId), eq(debtCategories.name, "Honorários")));
  if (!user || !category) throw new Error("demo office incomplete");
  const actor = { officeId, userId: user.id, role: "admin", clientIds: [] } as unknown as Actor;
  const today = todayInSaoPaulo();
  const current = today.slice(0, 7);
  // clients and contracts in bulk; a third readjust by IPCA this month (its 14 months are typed)
  for (let i = 0; i < CONTRACTS; i += 1000) {
    const n = Math.min(1000, CONTRACTS - i);
    const cs = await db
      .insert(clients)
      .values(
        Array.from({ length: n }, (_, k) => ({
          officeId,
          name: `Cliente Bench ${i + k}`,
          document: `${String(i + k).padStart(11, "0")}`,
          emails: [`cliente${i + k}@bench.com.br`],
        })),
      )
      .returning({ id: clients.id });
    await db.insert(feeContracts).values(
      cs.map((c, k) => ({
        officeId,
        clientId: c.id,
        categoryId: category.id,
        monthlyCents: 30_000 + ((i + k) % 500) * 1_000,
        dueDay: [5, 10, 15, 20, 31][(i + k) % 5] as number,
        startDate: (i + k) % 7 === 0 ? `${current}-16` : "2024-01-01",
        reajuste: (i + k) % 3 === 0 ? ("ipca" as const) : ("none" as const),
        anniversaryMonth: Number(current.slice(5)),
        thirteenth: "december" as const,
      })),
    );
  }
  await db
    .insert(priceIndexValues)
    .values(
      Array.from({ length: 14 }, (_, i) => ({
        officeId,
        index: "ipca" as const,
        period: addPeriods(current, i - 14),
        ratePpm: 4_000 + i * 100,
      })),
    )
    .onConflictDoNothing(); // the demo office typed some of them already
  const results: string[] = [`${engine}, ${CONTRACTS} contracts, ${os.cpus().length} cores`];
  let t0 = performance.now();
  const preview = await previewBilling(db, actor, current);
  results.push(
    `preview ${current}: ${seconds(t0)} s (${preview.totals.ready} ready, ${preview.lines.filter((l) => l.reajuste).length} with reajuste)`,
  );
  t0 = performance.now();
  const run = await runBilling(
    db,
    null,
    actor,
    { period: current, sendEmails: false },
    { publicUrl: "http://localhost", today },
  );
  results.push(
    `faturar ${current}: ${seconds(t0)} s (${run.chargesCreated} charges, ${run.reajustesApplied} reajustes)`,
  );
  t0 = performance.now();
  const again = await runBilling(
    db,
    null,
    actor,
    { period: current, sendEmails: false },
    { publicUrl: "http://localhost", today },
  );
  results.push(`faturar again: ${seconds(t0)} s (${again.chargesCreated} new charges)`);

  // MAIL=1: the previous competência billed with every cobrança e-mail queued
  if (process.env.MAIL !== "1") {
    for (const r of results) console.log(r);
    await database.close();
    return;
  }
  const jobs = await startJobQueue(database, { runWorkers: false, retryDelaySeconds: 15 });
  const previous = addPeriods(current, -1);
  t0 = performance.now();
  const mailed = await runBilling(
    db,
    jobs,
    actor,
    { period: previous, sendEmails: true },
    { publicUrl: "http://localhost", today, batchSize: 500 },
  );
  results.push(
    `faturar ${previous} with e-mails: ${seconds(t0)} s (${mailed.chargesCreated} charges, ${mailed.emailsQueued} e-mails queued at bulk priority)`,
  );
  await jobs.stop();
  for (const r of results) console.log(r);
  await database.close();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
