import { and, asc, count, eq } from "drizzle-orm";
import type { PageQuery } from "../../../shared/api.js";
import type { Executor } from "../../db/client.js";
import { services } from "../../db/schema/index.js";
import { activeFilter, containsText, offsetOf } from "../../lib/sql.js";

export type ServiceRow = typeof services.$inferSelect;
export type ServiceValues = Pick<ServiceRow, "name" | "priceCents" | "active">;

export async function list(db: Executor, officeId: string, q: PageQuery) {
  const where = and(
    eq(services.officeId, officeId),
    activeFilter(services.active, q.active),
    q.q ? containsText(services.name, q.q) : undefined,
  );
  const [items, [total]] = await Promise.all([
    db
      .select()
      .from(services)
      .where(where)
      .orderBy(asc(services.name), asc(services.id))
      .limit(q.pageSize)
      .offset(offsetOf(q)),
    db.select({ n: count() }).from(services).where(where),
  ]);
  return { items, total: total?.n ?? 0 };
}

export async function findById(db: Executor, officeId: string, id: string) {
  const [row] = await db
    .select()
    .from(services)
    .where(and(eq(services.officeId, officeId), eq(services.id, id)));
  return row;
}

export async function insert(db: Executor, officeId: string, v: ServiceValues) {
  const [row] = await db
    .insert(services)
    .values({ ...v, officeId })
    .returning();
  return row as ServiceRow;
}

export async function update(db: Executor, officeId: string, id: string, v: ServiceValues) {
  const [row] = await db
    .update(services)
    .set({ ...v, updatedAt: new Date() })
    .where(and(eq(services.officeId, officeId), eq(services.id, id)))
    .returning();
  return row;
}
