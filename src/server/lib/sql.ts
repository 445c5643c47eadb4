import { type SQL, type SQLWrapper, sql } from "drizzle-orm";
import type { PageQuery } from "../../shared/api.js";

/** Case- and accent-insensitive "contains", with LIKE wildcards in the input escaped. */
export function containsText(column: SQLWrapper, q: string): SQL {
  const pattern = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return sql`lower(public.unaccent(${column})) like lower(public.unaccent(${pattern}))`;
}

export function activeFilter(column: SQLWrapper, active: PageQuery["active"]): SQL | undefined {
  if (active === "all") return undefined;
  return sql`${column} = ${active === "true"}`;
}

export function offsetOf(q: { page: number; pageSize: number }): number {
  return (q.page - 1) * q.pageSize;
}

/** The SQLSTATE of a PostgreSQL error (e.g. "23505"), through Drizzle's error wrapper. */
export function pgErrorCode(err: unknown): string | null {
  for (let e: unknown = err, i = 0; e && i < 4; e = (e as { cause?: unknown }).cause, i++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) return code;
  }
  return null;
}

/** The constraint a unique violation broke (PostgreSQL 23505), through Drizzle's error wrapper. */
export function uniqueViolation(err: unknown): string | null {
  for (let e: unknown = err, i = 0; e && i < 4; e = (e as { cause?: unknown }).cause, i++) {
    const x = e as { code?: unknown; constraint?: unknown; message?: unknown };
    if (x.code === "23505") {
      if (typeof x.constraint === "string") return x.constraint;
      const m = /constraint "([^"]+)"/.exec(String(x.message ?? ""));
      return m?.[1] ?? "unknown";
    }
  }
  return null;
}

/** SQLSTATEs of a database that went away: admin_shutdown, crash_shutdown, cannot_connect_now */
const UNAVAILABLE_CODES = new Set(["57P01", "57P02", "57P03"]);
/** socket errors of a server that is down, restarting or unreachable */
const UNAVAILABLE_ERRNOS = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EAI_AGAIN",
]);
/** what node-postgres says when a connection broke or could not be had in time */
const UNAVAILABLE_MESSAGES = [
  "Connection terminated unexpectedly",
  "Connection terminated due to connection timeout",
  "timeout exceeded when trying to connect",
  "Client has encountered a connection error and is not queryable",
  "Client was closed and is not queryable",
];

/**
 * True when `err` says the database is unreachable or the connection broke (a restart, a failover,
 * pg_terminate_backend), not that the query was wrong: the request may succeed if tried again.
 * Looks through Drizzle's wrapper (`cause`) and Node's AggregateError (`errors`).
 */
export function isDatabaseUnavailable(err: unknown, depth = 0): boolean {
  if (!err || typeof err !== "object" || depth > 4) return false;
  const e = err as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown };
  if (typeof e.code === "string") {
    if (UNAVAILABLE_CODES.has(e.code) || UNAVAILABLE_ERRNOS.has(e.code)) return true;
    if (/^08[0-9A-Z]{3}$/.test(e.code)) return true; // class 08: connection exception
  }
  if (typeof e.message === "string" && UNAVAILABLE_MESSAGES.some((m) => (e.message as string).includes(m)))
    return true;
  if (Array.isArray(e.errors) && e.errors.some((x) => isDatabaseUnavailable(x, depth + 1))) return true;
  return isDatabaseUnavailable(e.cause, depth + 1);
}
