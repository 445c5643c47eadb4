/**
 * Cold start: time from spawning the server on an existing embedded database (PGlite in DATA_DIR)
 * to /api/health answering 200, repeated. Three ways to start:
 *   server (default)  node scripts/start.mjs                  — what `npm start` runs: the compiled
 *                                                               server (dist/server), built if stale
 *   --tsx             node --import tsx src/server/main.ts   — the TypeScript sources (npm run dev)
 *   --npm-start       npm start                               — through npm
 *
 *   npx tsx bench/generate.ts --db pglite --data-dir bench/data/pglite-100k --reset --offices 1 --tickets 100000
 *   npx tsx bench/cold-start.ts --data-dir bench/data/pglite-100k
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { procStats } from "./lib/app.js";
import { percentiles, printTable, ROOT, round, sleep, writeResult } from "./lib/report.js";
import { describeTarget, parseFlags, targetEnv } from "./lib/target.js";

const USAGE = `
npx tsx bench/cold-start.ts [--db pglite|postgres] [--data-dir DIR] [--url URL] [--runs N] [--tsx|--npm-start] [--port N]
  --db          default pglite (the embedded database of DATA_DIR); postgres also works
  --runs N      default 3
  --tsx         the sources through tsx instead of the compiled server
  --npm-start   time "npm start" (npm itself, then the launcher) instead of the launcher alone
`;

async function once(cmd: string, args: string[], env: Record<string, string>, port: number) {
  const started = performance.now();
  // its own process group, so npm → sh → node all stop together
  const child: ChildProcess = spawn(cmd, args, {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let out = "";
  child.stdout?.on("data", (b: Buffer) => {
    out += b.toString();
  });
  child.stderr?.on("data", (b: Buffer) => {
    out += b.toString();
  });
  let exited = false;
  const exit = new Promise<void>((r) =>
    child.once("exit", () => {
      exited = true;
      r();
    }),
  );
  const url = `http://127.0.0.1:${port}/api/health`;
  let healthMs = Number.NaN;
  while (!exited && performance.now() - started < 300_000) {
    try {
      if ((await fetch(url)).status === 200) {
        healthMs = performance.now() - started;
        break;
      }
    } catch {
      // not up yet
    }
    await sleep(10);
  }
  if (Number.isNaN(healthMs)) throw new Error(`no answer from ${url}:\n${out.slice(-3000)}`);
  const ready = /ready in (\d+) ms/.exec(out)?.[1];
  const cpu = /CPU (\d+) ms/.exec(out)?.[1];
  // the node process is the group leader (server mode) or a child of npm: find the listener's RSS
  const rss = child.pid ? procStats(child.pid)?.rssMiB : undefined;
  if (child.pid) process.kill(-child.pid, "SIGTERM");
  const t = setTimeout(() => child.pid && process.kill(-child.pid, "SIGKILL"), 15_000);
  await exit;
  clearTimeout(t);
  await sleep(500); // the port and the PGlite files are released
  return {
    healthMs: Math.round(healthMs),
    appReadyMs: ready ? Number(ready) : undefined,
    cpuAtReadyMs: cpu ? Number(cpu) : undefined,
    rssMiB: rss ? Math.round(rss) : undefined,
  };
}

async function main() {
  const { values, target } = parseFlags(
    {
      runs: { type: "string", default: "3" },
      "npm-start": { type: "boolean", default: false },
      tsx: { type: "boolean", default: false },
      port: { type: "string", default: "3320" },
    },
    USAGE,
  );
  // this script defaults to the embedded database
  if (!process.argv.some((a) => a.startsWith("--db"))) target.db = "pglite";
  if (target.db === "pglite" && !existsSync(path.join(target.dataDir, "pglite", "PG_VERSION")))
    throw new Error(
      `no PGlite database in ${target.dataDir}/pglite: run bench/generate.ts --db pglite first`,
    );
  const port = Number(values.port);
  const npm = Boolean(values["npm-start"]);
  const env = {
    ...targetEnv(target),
    PORT: String(port),
    HOST: "127.0.0.1",
    LOG_LEVEL: "warn",
    SEED_DEMO: "false",
    DEMO_MAILBOX_PORT: "0",
  };
  const tsx = Boolean(values.tsx);
  const [cmd, args] = npm
    ? ["npm", ["start"]]
    : tsx
      ? [process.execPath, ["--import", "tsx", "src/server/main.ts"]]
      : [process.execPath, ["scripts/start.mjs"]];
  const command = npm
    ? "npm start"
    : tsx
      ? "node --import tsx src/server/main.ts"
      : "node scripts/start.mjs (dist/server/main.js)";
  const runs = [];
  console.log(`${describeTarget(target)}: ${command}`);
  for (let i = 1; i <= Number(values.runs); i++) {
    const r = await once(cmd as string, args as string[], env, port);
    runs.push({ run: i, ...r });
    console.log(
      `  run ${i}: /api/health 200 after ${r.healthMs} ms (app says ready in ${r.appReadyMs} ms, CPU ${r.cpuAtReadyMs} ms)`,
    );
  }
  const p = percentiles(runs.map((r) => r.healthMs));
  console.log();
  printTable(runs);
  console.log(`\nmedian ${p.p50} ms, max ${p.max} ms`);
  writeResult(npm ? "cold-start-npm" : tsx ? "cold-start-tsx" : "cold-start", {
    target: describeTarget(target),
    command,
    runs,
    medianMs: p.p50,
    maxMs: round(p.max, 0),
  });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
