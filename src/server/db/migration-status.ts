import { readFileSync } from "node:fs";
import path from "node:path";
import type { RawQuery } from "./client.js";

/** The newest migration this build ships (`when` of the last journal entry), read once. */
let shipped: number | undefined;
export function shippedMigrationMillis(migrationsFolder: string): number {
  if (shipped === undefined) {
    const journal = JSON.parse(readFileSync(path.join(migrationsFolder, "meta/_journal.json"), "utf8")) as {
      entries: { when: number }[];
    };
    shipped = Math.max(0, ...journal.entries.map((e) => e.when));
  }
  return shipped;
}

/** The newest migration applied to the database (Drizzle's own bookkeeping), 0 when none. */
export async function appliedMigrationMillis(rawQuery: RawQuery): Promise<number> {
  const { rows: table } = await rawQuery(
    "select to_regclass('drizzle.__drizzle_migrations') is not null as present",
  );
  if (!(table[0] as { present: boolean } | undefined)?.present) return 0;
  const { rows } = await rawQuery("select max(created_at) as latest from drizzle.__drizzle_migrations");
  return Number((rows[0] as { latest: string | number | null } | undefined)?.latest ?? 0);
}
