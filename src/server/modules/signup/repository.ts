import { eq, sql } from "drizzle-orm";
import type { Executor } from "../../db/client.js";
import { offices, signupRequests, users } from "../../db/schema/index.js";

export type SignupRequestRow = typeof signupRequests.$inferSelect;

/**
 * The users (of any office) who log in with this e-mail, oldest first. A list, not one row: an
 * e-mail may belong to users of several offices.
 */
export async function usersWithEmail(db: Executor, email: string) {
  return db
    .select({ id: users.id, name: users.name, email: users.email, officeId: users.officeId })
    .from(users)
    .where(eq(sql`lower(${users.email})`, email.toLowerCase()))
    .orderBy(users.createdAt);
}

export async function insertRequest(db: Executor, v: typeof signupRequests.$inferInsert) {
  const [row] = await db.insert(signupRequests).values(v).returning();
  if (!row) throw new Error("signup request insert returned nothing");
  return row;
}

export async function findRequestByTokenHash(db: Executor, tokenHash: string, lock = false) {
  const q = db.select().from(signupRequests).where(eq(signupRequests.tokenHash, tokenHash));
  const [row] = lock ? await q.for("update") : await q;
  return row;
}

export async function markRequestUsed(db: Executor, id: string, officeId: string | null) {
  await db.update(signupRequests).set({ usedAt: new Date(), officeId }).where(eq(signupRequests.id, id));
}

export async function insertOffice(db: Executor, v: { name: string; document: string }) {
  const [row] = await db.insert(offices).values(v).returning();
  if (!row) throw new Error("office insert returned nothing");
  return row;
}
