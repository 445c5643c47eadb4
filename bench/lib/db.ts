/** Direct access to the benchmark database from the bench process (never while the app holds PGlite). */
import { existsSync } from "node:fs";
import path from "node:path";
import { connectPostgres, type Database, openPglite } from "../../src/server/db/client.js";
import type { Target } from "./target.js";

export async function openTarget(t: Target, poolSize = 10): Promise<Database> {
  if (t.db === "postgres") return connectPostgres(t.url, poolSize);
  const dir = path.join(t.dataDir, "pglite");
  if (!existsSync(path.join(dir, "PG_VERSION")))
    throw new Error(
      `no PGlite database in ${dir}: run bench/generate.ts --db pglite --data-dir ${t.dataDir} first`,
    );
  return openPglite(dir);
}

export async function withTarget<T>(t: Target, fn: (d: Database) => Promise<T>, poolSize = 10): Promise<T> {
  const d = await openTarget(t, poolSize);
  try {
    return await fn(d);
  } finally {
    await d.close();
  }
}

/** The office of a login and how many atendimentos it has. */
export async function officeOf(d: Database, email: string) {
  const { rows } = await d.rawQuery(
    `select u.office_id as "officeId", (select count(*)::int from tickets t where t.office_id = u.office_id) as tickets
       from users u where lower(u.email) = lower($1)`,
    [email],
  );
  const row = rows[0] as { officeId: string; tickets: number } | undefined;
  if (!row) throw new Error(`no user ${email} in the database: run bench/generate.ts first`);
  return row;
}
