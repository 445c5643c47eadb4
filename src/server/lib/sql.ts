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
