import { and, eq, gt, lt, ne, sql } from "drizzle-orm";
import type { Executor } from "../../db/client.js";
import { clientMemberships, offices, sessions, users } from "../../db/schema/index.js";

export async function findUserForLogin(db: Executor, email: string) {
  const [row] = await db
    .select({
      id: users.id,
      officeId: users.officeId,
      passwordHash: users.passwordHash,
      active: users.active,
    })
    .from(users)
    .where(eq(sql`lower(${users.email})`, email.toLowerCase()))
    .limit(1);
  return row;
}

export async function insertSession(
  db: Executor,
  s: { id: string; userId: string; officeId: string; csrfToken: string; expiresAt: Date },
) {
  await db.insert(sessions).values(s);
}

/** The session with its user and office, if it exists, has not expired and the user is active. */
export async function findSession(db: Executor, id: string) {
  const [row] = await db
    .select({
      sessionId: sessions.id,
      csrfToken: sessions.csrfToken,
      expiresAt: sessions.expiresAt,
      userId: users.id,
      name: users.name,
      email: users.email,
      role: users.role,
      officeId: offices.id,
      officeName: offices.name,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .innerJoin(offices, eq(offices.id, sessions.officeId))
    .where(and(eq(sessions.id, id), gt(sessions.expiresAt, new Date()), eq(users.active, true)))
    .limit(1);
  return row;
}

export async function deleteSession(db: Executor, id: string) {
  await db.delete(sessions).where(eq(sessions.id, id));
}

/** Ends every session of a user, but `keepSessionId` when given (the one that made the change). */
export async function deleteUserSessions(db: Executor, userId: string, keepSessionId?: string) {
  await db
    .delete(sessions)
    .where(and(eq(sessions.userId, userId), keepSessionId ? ne(sessions.id, keepSessionId) : undefined));
}

export async function deleteExpiredSessions(db: Executor) {
  await db.delete(sessions).where(lt(sessions.expiresAt, new Date()));
}

export async function clientIdsOfUser(db: Executor, userId: string): Promise<string[]> {
  const rows = await db
    .select({ clientId: clientMemberships.clientId })
    .from(clientMemberships)
    .where(eq(clientMemberships.userId, userId));
  return rows.map((r) => r.clientId);
}

export async function findUserById(db: Executor, id: string) {
  const [row] = await db
    .select({ id: users.id, officeId: users.officeId, active: users.active })
    .from(users)
    .where(eq(users.id, id));
  return row;
}
