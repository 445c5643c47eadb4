import { and, asc, count, eq, inArray, or, sql } from "drizzle-orm";
import type { PageQuery, Role } from "../../../shared/api.js";
import type { Executor } from "../../db/client.js";
import { clientMemberships, clients, users } from "../../db/schema/index.js";
import { activeFilter, containsText, offsetOf } from "../../lib/sql.js";

export type UserRow = typeof users.$inferSelect;
export type UserValues = { name: string; email: string; role: Role; active: boolean; passwordHash?: string };

export async function list(db: Executor, officeId: string, q: PageQuery) {
  const where = and(
    eq(users.officeId, officeId),
    activeFilter(users.active, q.active),
    q.q ? or(containsText(users.name, q.q), containsText(users.email, q.q)) : undefined,
  );
  const [items, [total]] = await Promise.all([
    db
      .select()
      .from(users)
      .where(where)
      .orderBy(asc(users.name), asc(users.id))
      .limit(q.pageSize)
      .offset(offsetOf(q)),
    db.select({ n: count() }).from(users).where(where),
  ]);
  return { items, total: total?.n ?? 0 };
}

export async function findById(db: Executor, officeId: string, id: string) {
  const [row] = await db
    .select()
    .from(users)
    .where(and(eq(users.officeId, officeId), eq(users.id, id)));
  return row;
}

export async function insert(db: Executor, officeId: string, v: UserValues) {
  if (!v.passwordHash) throw new Error("a new user needs a password hash");
  const [row] = await db
    .insert(users)
    .values({ ...v, passwordHash: v.passwordHash, officeId })
    .returning();
  return row as UserRow;
}

export async function update(db: Executor, officeId: string, id: string, v: UserValues) {
  const [row] = await db
    .update(users)
    .set({ ...v, updatedAt: new Date() })
    .where(and(eq(users.officeId, officeId), eq(users.id, id)))
    .returning();
  return row;
}

/** Active office people who can be Responsável of an atendimento. */
export async function staffOptions(db: Executor, officeId: string) {
  return db
    .select({ id: users.id, name: users.name })
    .from(users)
    .where(and(eq(users.officeId, officeId), eq(users.active, true), inArray(users.role, ["admin", "staff"])))
    .orderBy(asc(users.name));
}

export async function isActiveStaff(db: Executor, officeId: string, id: string) {
  const [row] = await db
    .select({ n: sql<number>`1` })
    .from(users)
    .where(
      and(
        eq(users.officeId, officeId),
        eq(users.id, id),
        eq(users.active, true),
        inArray(users.role, ["admin", "staff"]),
      ),
    );
  return !!row;
}

/** user id → the client companies a client user is linked to */
export async function clientLinks(db: Executor, officeId: string, userIds: string[]) {
  const out = new Map<string, { id: string; name: string }[]>();
  if (userIds.length === 0) return out;
  const rows = await db
    .select({ userId: clientMemberships.userId, id: clients.id, name: clients.name })
    .from(clientMemberships)
    .innerJoin(clients, eq(clients.id, clientMemberships.clientId))
    .where(and(eq(clientMemberships.officeId, officeId), inArray(clientMemberships.userId, userIds)))
    .orderBy(asc(clients.name));
  for (const r of rows) out.set(r.userId, [...(out.get(r.userId) ?? []), { id: r.id, name: r.name }]);
  return out;
}

export async function countClients(db: Executor, officeId: string, ids: string[]) {
  if (ids.length === 0) return 0;
  const [row] = await db
    .select({ n: count() })
    .from(clients)
    .where(and(eq(clients.officeId, officeId), inArray(clients.id, ids)));
  return row?.n ?? 0;
}

export async function setClientLinks(db: Executor, officeId: string, userId: string, clientIds: string[]) {
  await db.delete(clientMemberships).where(eq(clientMemberships.userId, userId));
  if (clientIds.length)
    await db.insert(clientMemberships).values(clientIds.map((clientId) => ({ userId, clientId, officeId })));
}

/**
 * The office's active admins, locked: two admins demoting each other at once are serialised, and
 * the second sees that only one is left.
 */
export async function lockActiveAdmins(db: Executor, officeId: string) {
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.officeId, officeId), eq(users.role, "admin"), eq(users.active, true)))
    .for("update");
  return rows.map((r) => r.id);
}
