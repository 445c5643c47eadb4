/**
 * Embedded PGlite with 100k atendimentos (one office): the grid's list p95 over HTTP and the app's
 * RSS under that load, against the targets (p95 < 100 ms, RSS < 1 GB). Generates the database on
 * first use (bench/data/pglite-100k, about 2-3 minutes), then runs bench/http.ts's grid scenarios on it.
 *
 *   npx tsx bench/pglite-100k.ts
 *   npx tsx bench/pglite-100k.ts --connections 1,10 --duration 10 --writes
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { generate } from "./generate.js";
import { runHttp } from "./http.js";
import { BENCH_DIR, printTable, writeResult } from "./lib/report.js";
import { numberList, parseFlags } from "./lib/target.js";

const USAGE = `
npx tsx bench/pglite-100k.ts [--data-dir DIR] [--tickets N] [--regenerate] [--connections 1,10] [--duration S] [--writes]
  --data-dir      default bench/data/pglite-100k (generated when missing)
  --tickets N     when generating (default 100000, one office)
  --regenerate    generate again even if the folder has a database
  --writes        also the create / status / chat scenarios
  --sql           also the direct-SQL reference (PGlite in this process, before the app starts)
`;

async function main() {
  const { values, target } = parseFlags(
    {
      tickets: { type: "string", default: "100000" },
      regenerate: { type: "boolean", default: false },
      connections: { type: "string", default: "1,10" },
      duration: { type: "string", default: "10" },
      writes: { type: "boolean", default: false },
      sql: { type: "boolean", default: false },
    },
    USAGE,
  );
  target.db = "pglite";
  if (!process.argv.some((a) => a.startsWith("--data-dir")))
    target.dataDir = path.join(BENCH_DIR, "data", "pglite-100k");
  const tickets = Number(values.tickets);
  if (values.regenerate || !existsSync(path.join(target.dataDir, "pglite", "PG_VERSION"))) {
    console.log(`generating ${tickets} atendimentos in ${target.dataDir}`);
    const g = await generate({
      target,
      reset: true,
      offices: 1,
      clients: 2000,
      tickets,
      staff: 8,
      years: 5,
      clientUserShare: 0.1,
      messageShare: 0.1,
      debtShare: 0.4,
      batch: 20_000,
      jobs: 1,
      dropIndexes: true,
      vacuum: true,
    });
    console.log(
      `\ngenerated in ${g.seconds} s (${g.ticketsPerSec} atendimentos/s), database ${g.databaseSize}`,
    );
  }
  const grid = ["grid-first", "grid-deep", "grid-status", "grid-search", "grid-sort-requester"] as const;
  const writes = ["create", "status", "message"] as const;
  const r = await runHttp({
    target,
    office: 1,
    connections: numberList(String(values.connections)),
    duration: Number(values.duration),
    warmup: 2,
    only: new Set(values.writes ? [...grid, ...writes] : grid),
    search: "certidao negativa",
    skipSql: !values.sql,
    skipBare: true,
    mailWaitMs: 0,
    pgPool: 1,
    drainSeconds: 0,
    logLevel: "warn",
    port: 3340,
    barePort: 3399,
  });
  const verdict = r.rows
    .filter((x) => x.scenario.startsWith("grid"))
    .map((x) => ({
      scenario: x.scenario,
      c: x.c,
      p95: x.p95,
      "p95 < 100 ms": (x.p95 ?? Infinity) < 100 ? "yes" : "NO",
      rssPeakMiB: x.rssPeakMiB,
      "RSS < 1 GB": (x.rssPeakMiB ?? Infinity) < 1024 ? "yes" : "NO",
    }));
  console.log("\nagainst the targets (embedded PGlite, 100k atendimentos)\n");
  printTable(verdict);
  writeResult("pglite-100k", { ...r, verdict });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
