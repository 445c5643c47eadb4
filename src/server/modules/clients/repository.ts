import { and, asc, count, eq, inArray, or } from "drizzle-orm";
import type { PageQuery } from "../../../shared/api.js";
import { normalizeDocument } from "../../../shared/documents.js";
import type { Executor } from "../../db/client.js";
import { accountants, clients } from "../../db/schema/index.js";
import { activeFilter, containsText, offsetOf } from "../../lib/sql.js";

export type ClientRow = typeof clients.$inferSelect;
export type ClientValues = Omit<typeof clients.$inferInsert, "id" | "officeId" | "createdAt" | "updatedAt">;

export async function list(db: Executor, officeId: string, q: PageQuery) {
  const doc = q.q ? normalizeDocument(q.q) : "";
  const where = and(
    eq(clients.officeId, officeId),
    activeFilter(clients.active, q.active),
    q.q
      ? or(
          containsText(clients.name, q.q),
          containsText(clients.tradeName, q.q),
          doc.length >= 3 ? containsText(clients.document, doc) : undefined,
        )
      : undefined,
  );
  const [items, [total]] = await Promise.all([
    db
      .select()
      .from(clients)
      .where(where)
      .orderBy(asc(clients.name), asc(clients.id))
      .limit(q.pageSize)
      .offset(offsetOf(q)),
    db.select({ n: count() }).from(clients).where(where),
  ]);
  return { items, total: total?.n ?? 0 };
}

export async function findById(db: Executor, officeId: string, id: string) {
  const [row] = await db
    .select()
    .from(clients)
    .where(and(eq(clients.officeId, officeId), eq(clients.id, id)));
  return row;
}

export async function insert(db: Executor, officeId: string, v: ClientValues) {
  const [row] = await db
    .insert(clients)
    .values({ ...v, officeId })
    .returning();
  return row as ClientRow;
}

export async function update(db: Executor, officeId: string, id: string, v: ClientValues) {
  const [row] = await db
    .update(clients)
    .set({ ...v, updatedAt: new Date() })
    .where(and(eq(clients.officeId, officeId), eq(clients.id, id)))
    .returning();
  return row;
}

export async function accountantsByIds(db: Executor, officeId: string, ids: string[]) {
  if (ids.length === 0) return [];
  return db
    .select({ id: accountants.id, name: accountants.name, crc: accountants.crc, active: accountants.active })
    .from(accountants)
    .where(and(eq(accountants.officeId, officeId), inArray(accountants.id, ids)));
}
