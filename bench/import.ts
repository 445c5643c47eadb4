/**
 * Spreadsheet import of clients (issue 12): 5,000 rows from a generated .xlsx and .csv, time to
 * parse + preview and to import (batches of 500, one transaction each), then the same file again
 * (every row an update).
 *   npx tsx bench/import.ts                                  → embedded PGlite in a temp dir
 *   DATABASE_URL=postgres://… npx tsx bench/import.ts        → a PostgreSQL server (an empty database)
 * ROWS=5000 by default.
 */
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { connectPostgres, type Database, openPglite } from "../src/server/db/client.js";
import { users } from "../src/server/db/schema/index.js";
import type { Actor } from "../src/server/modules/auth/context.js";
import { createImport, presentImport, runBatch } from "../src/server/modules/imports/commands.js";
import { parseSpreadsheet } from "../src/server/modules/imports/parse.js";
import { CLIENT_HEADERS, clientRows, csvText, xlsxBuffer } from "../src/server/modules/imports/test-files.js";
import { seedDemo } from "../src/server/seed/demo.js";

const ROWS = Number(process.env.ROWS ?? 5000);

async function open(): Promise<Database> {
  if (process.env.DATABASE_URL) return connectPostgres(process.env.DATABASE_URL, 4);
  return openPglite(mkdtempSync(path.join(os.tmpdir(), "atende-bench-import-")));
}

async function main() {
  const database = await open();
  await database.migrate();
  const db = database.db;
  const engine = process.env.DATABASE_URL ? "PostgreSQL" : "PGlite";
  const results: string[] = [];
  const { officeId } = await seedDemo(db, { tickets: 1 });
  const [user] = await db.select().from(users).where(eq(users.officeId, officeId)).limit(1);
  if (!user) throw new Error("no user");
  const actor = { officeId, userId: user.id, role: "admin" } as Actor;
  for (const format of ["xlsx", "csv"] as const) {
    // other CNPJs per format, so each first round creates every row
    const rows = [CLIENT_HEADERS, ...clientRows(ROWS, format === "xlsx" ? 1_000_000 : 2_000_000)];
    const file = format === "xlsx" ? await xlsxBuffer(rows) : Buffer.from(csvText(rows), "latin1");
    for (const round of ["first import", "same file again"]) {
      const t0 = performance.now();
      const sheet = await parseSpreadsheet(file, `clientes.${format}`, { maxRows: 20_000 });
      const created = await createImport(db, actor, "clients", `clientes.${format}`, sheet);
      const preview = await presentImport(db, actor, created);
      const t1 = performance.now();
      let row = created;
      while (row.status !== "done") row = await db.transaction((tx) => runBatch(tx, actor, created.id));
      const t2 = performance.now();
      const line = `| ${engine} | .${format} (${(file.length / 1024).toFixed(0)} KB) | ${round} | ${preview.counts.new}/${preview.counts.update} | ${((t1 - t0) / 1000).toFixed(2)} | ${((t2 - t1) / 1000).toFixed(2)} | ${((t2 - t0) / 1000).toFixed(2)} |`;
      console.log(line);
      results.push(line);
    }
  }
  console.log(
    "\n| engine | file | round | new/update | preview s | import s | total s |\n| --- | --- | --- | --- | --- | --- | --- |",
  );
  for (const r of results) console.log(r);
  await database.close();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
