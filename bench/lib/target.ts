/** Which database a benchmark runs against: the flags every script shares. */
import path from "node:path";
import { type ParseArgsConfig, parseArgs } from "node:util";
import { BENCH_DIR } from "./report.js";

export const DEFAULT_PG_URL = "postgres://postgres@127.0.0.1:55433/atende_bench";
export const DEFAULT_PGLITE_DIR = path.join(BENCH_DIR, "data", "pglite");
/** the SMTP sink of bench/http.ts; bench offices' SMTP settings point here */
export const SMTP_SINK_PORT = 2599;
/** every bench login (admin, staff, client users) has this password */
export const BENCH_PASSWORD = "atende123";
export const benchAdminEmail = (office: number) => `admin${office}@bench.atende.com.br`;
export const benchStaffEmail = (office: number, n: number) => `staff${n}.o${office}@bench.atende.com.br`;

export interface Target {
  db: "postgres" | "pglite";
  /** PostgreSQL URL (db=postgres) */
  url: string;
  /** the app's DATA_DIR (db=pglite: the database is in <dataDir>/pglite) */
  dataDir: string;
}

export const targetOptions = {
  db: { type: "string", default: "postgres" },
  url: { type: "string", default: process.env.BENCH_DATABASE_URL ?? DEFAULT_PG_URL },
  "data-dir": { type: "string", default: DEFAULT_PGLITE_DIR },
  help: { type: "boolean", default: false },
} as const satisfies ParseArgsConfig["options"];

export type Flags = Record<string, string | boolean | undefined>;

export function parseFlags(options: NonNullable<ParseArgsConfig["options"]>, usage: string) {
  const { values } = parseArgs({
    options: { ...targetOptions, ...options },
    strict: true,
    allowPositionals: false,
  }) as {
    values: Flags;
  };
  if (values.help) {
    console.log(usage.trim());
    process.exit(0);
  }
  const db = values.db === "pglite" ? "pglite" : values.db === "postgres" ? "postgres" : undefined;
  if (!db) throw new Error(`--db must be postgres or pglite (got ${values.db})`);
  const target: Target = {
    db,
    url: String(values.url),
    dataDir: path.resolve(String(values["data-dir"])),
  };
  return { values, target };
}

/** The environment that points the app at the target. */
export function targetEnv(t: Target): Record<string, string> {
  return t.db === "postgres"
    ? { DATABASE_URL: t.url, DATA_DIR: path.join(BENCH_DIR, "data", "app-pg") }
    : { DATABASE_URL: "", DATA_DIR: t.dataDir };
}

export function describeTarget(t: Target) {
  return t.db === "postgres"
    ? `PostgreSQL ${t.url.replace(/\/\/[^@]*@/, "//")}`
    : `PGlite ${t.dataDir}/pglite`;
}

export const numberList = (s: string) =>
  s
    .split(",")
    .map((x) => Number(x.trim()))
    .filter((x) => Number.isFinite(x) && x > 0);
