/** Shared by the benchmarks: percentiles, the printed table, the JSON result file, the machine. */
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const BENCH_DIR = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
export const ROOT = path.dirname(BENCH_DIR);

export interface Percentiles {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

/** Nearest-rank percentiles of raw samples (ms), rounded to 0.01. */
export function percentiles(samples: number[]): Percentiles {
  const s = [...samples].sort((a, b) => a - b);
  const at = (p: number) => (s.length ? (s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)] ?? 0) : 0);
  const r = (x: number) => Math.round(x * 100) / 100;
  const mean = s.length ? s.reduce((a, b) => a + b, 0) / s.length : 0;
  return {
    n: s.length,
    p50: r(at(0.5)),
    p95: r(at(0.95)),
    p99: r(at(0.99)),
    max: r(s.at(-1) ?? 0),
    mean: r(mean),
  };
}

/** A compact Markdown table (pastes straight into docs/BENCHMARKS.md). */
export function printTable(table: object[], columns?: string[]) {
  const rows = table as Record<string, unknown>[];
  if (rows.length === 0) return;
  const cols = columns ?? Object.keys(rows[0] as object);
  const cell = (v: unknown) =>
    v === undefined || v === null
      ? ""
      : typeof v === "number"
        ? String(Math.round(v * 100) / 100)
        : String(v);
  const widths = cols.map((c) => Math.max(c.length, ...rows.map((r) => cell(r[c]).length)));
  const line = (vals: string[]) => `| ${vals.map((v, i) => v.padEnd(widths[i] ?? 0)).join(" | ")} |`;
  console.log(line(cols));
  console.log(line(widths.map((w) => "-".repeat(w))));
  for (const r of rows) console.log(line(cols.map((c) => cell(r[c]))));
}

function tryRun(cmd: string, args: string[]): string | undefined {
  try {
    return execFileSync(cmd, args, { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  } catch {
    return undefined;
  }
}

/** What the figures were measured on; the load average says whether the machine was idle. */
export function machine() {
  const cpus = os.cpus();
  return {
    date: new Date().toISOString(),
    host: os.hostname(),
    cpus: cpus.length,
    cpuModel: cpus[0]?.model,
    memGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    loadavg: os.loadavg().map((x) => Math.round(x * 100) / 100),
    node: process.version,
    kernel: os.release(),
    gitCommit: tryRun("git", ["-C", ROOT, "rev-parse", "--short", "HEAD"]),
    gitDirty: (tryRun("git", ["-C", ROOT, "status", "--porcelain", "--untracked-files=no"]) ?? "") !== "",
  };
}

/** Writes bench/results/<name>-<date>.json and returns its path. */
export function writeResult(name: string, data: object): string {
  const dir = path.join(BENCH_DIR, "results");
  mkdirSync(dir, { recursive: true });
  const stamp = new Date().toISOString().replace(/:/g, "-").replace(/\..*/, "");
  const file = path.join(dir, `${name}-${stamp}.json`);
  writeFileSync(file, `${JSON.stringify({ name, machine: machine(), ...data }, null, 2)}\n`);
  console.log(`\nresults: ${path.relative(process.cwd(), file)}`);
  return file;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export const round = (x: number, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;
