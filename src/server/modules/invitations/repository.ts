import { and, eq, isNull } from "drizzle-orm";
import type { Executor } from "../../db/client.js";
import { invitations, offices, users } from "../../db/schema/index.js";

export async function insert(db: Executor, v: typeof invitations.$inferInsert) {
  const [row] = await db.insert(invitations).values(v).returning();
  if (!row) throw new Error("invitation insert returned nothing");
  return row;
}

/** The invitation of a token hash with its user and office; locked when asked. */
export async function findByTokenHash(db: Executor, tokenHash: string, lock = false) {
  const q = db
    .select({
      id: invitations.id,
      officeId: invitations.officeId,
      userId: invitations.userId,
      expiresAt: invitations.expiresAt,
      usedAt: invitations.usedAt,
      name: users.name,
      email: users.email,
      active: users.active,
      officeName: offices.name,
    })
    .from(invitations)
    .innerJoin(users, eq(users.id, invitations.userId))
    .innerJoin(offices, eq(offices.id, invitations.officeId))
    .where(eq(invitations.tokenHash, tokenHash));
  const [row] = lock ? await q.for("update", { of: invitations }) : await q;
  return row;
}

export async function markUsed(db: Executor, id: string) {
  await db.update(invitations).set({ usedAt: new Date() }).where(eq(invitations.id, id));
}

/** A new invitation replaces the ones not yet used. */
export async function expireOpen(db: Executor, userId: string) {
  await db
    .update(invitations)
    .set({ expiresAt: new Date() })
    .where(and(eq(invitations.userId, userId), isNull(invitations.usedAt)));
}

export async function setPassword(db: Executor, userId: string, passwordHash: string) {
  await db.update(users).set({ passwordHash, updatedAt: new Date() }).where(eq(users.id, userId));
}
