import { and, asc, count, eq, or } from "drizzle-orm";
import type { PageQuery } from "../../../shared/api.js";
import type { Executor } from "../../db/client.js";
import { accountants } from "../../db/schema/index.js";
import { activeFilter, containsText, offsetOf } from "../../lib/sql.js";

export type AccountantRow = typeof accountants.$inferSelect;
export type AccountantValues = Omit<
  typeof accountants.$inferInsert,
  "id" | "officeId" | "createdAt" | "updatedAt"
>;

export async function list(db: Executor, officeId: string, q: PageQuery) {
  const where = and(
    eq(accountants.officeId, officeId),
    activeFilter(accountants.active, q.active),
    q.q ? or(containsText(accountants.name, q.q), containsText(accountants.crc, q.q)) : undefined,
  );
  const [items, [total]] = await Promise.all([
    db
      .select()
      .from(accountants)
      .where(where)
      .orderBy(asc(accountants.name), asc(accountants.id))
      .limit(q.pageSize)
      .offset(offsetOf(q)),
    db.select({ n: count() }).from(accountants).where(where),
  ]);
  return { items, total: total?.n ?? 0 };
}

export async function findById(db: Executor, officeId: string, id: string) {
  const [row] = await db
    .select()
    .from(accountants)
    .where(and(eq(accountants.officeId, officeId), eq(accountants.id, id)));
  return row;
}

export async function insert(db: Executor, officeId: string, v: AccountantValues) {
  const [row] = await db
    .insert(accountants)
    .values({ ...v, officeId })
    .returning();
  return row as AccountantRow;
}

export async function update(db: Executor, officeId: string, id: string, v: AccountantValues) {
  const [row] = await db
    .update(accountants)
    .set({ ...v, updatedAt: new Date() })
    .where(and(eq(accountants.officeId, officeId), eq(accountants.id, id)))
    .returning();
  return row;
}
