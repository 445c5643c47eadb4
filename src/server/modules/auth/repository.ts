import { and, asc, desc, eq, gt, isNull, lt, ne, or, sql } from "drizzle-orm";
import type { Executor } from "../../db/client.js";
import {
  clientMemberships,
  offices,
  passwordResets,
  recoveryCodes,
  sessions,
  users,
} from "../../db/schema/index.js";

/** Every user with this e-mail, one per office at most (an accountant may serve two offices). */
export async function findUsersForLogin(db: Executor, email: string) {
  return db
    .select({
      id: users.id,
      officeId: users.officeId,
      officeName: offices.name,
      passwordHash: users.passwordHash,
      active: users.active,
      totpEnabled: sql<boolean>`${users.totpEnabledAt} is not null`,
    })
    .from(users)
    .innerJoin(offices, eq(offices.id, users.officeId))
    .where(eq(sql`lower(${users.email})`, email.toLowerCase()))
    .orderBy(asc(offices.name), asc(users.id));
}

/** Whether anyone signs in with this e-mail, in any office (office sign-up asks this). */
export async function userExistsWithEmail(db: Executor, email: string): Promise<boolean> {
  const [row] = await db
    .select({ n: sql<number>`1` })
    .from(users)
    .where(eq(sql`lower(${users.email})`, email.toLowerCase()))
    .limit(1);
  return !!row;
}

export async function insertSession(
  db: Executor,
  s: {
    id: string;
    userId: string;
    officeId: string;
    csrfToken: string;
    expiresAt: Date;
    userAgent: string | null;
    ipAddress: string | null;
  },
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
      lastSeenAt: sessions.lastSeenAt,
      // the office requires 2FA and this staff member has not turned it on: only the account pages
      twoFactorSetupRequired: sql<boolean>`${offices.requireTwoFactor} and ${users.role} <> 'client' and ${users.totpEnabledAt} is null`,
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
    .select({
      id: users.id,
      officeId: users.officeId,
      officeName: offices.name,
      name: users.name,
      email: users.email,
      role: users.role,
      active: users.active,
      passwordHash: users.passwordHash,
      totpSecretEnc: users.totpSecretEnc,
      totpEnabledAt: users.totpEnabledAt,
      totpLastCounter: users.totpLastCounter,
      requireTwoFactor: offices.requireTwoFactor,
    })
    .from(users)
    .innerJoin(offices, eq(offices.id, users.officeId))
    .where(eq(users.id, id));
  return row;
}

/** Refreshes a session's "last seen", at most once a minute (the condition keeps other writes away). */
export async function touchSession(db: Executor, id: string) {
  await db
    .update(sessions)
    .set({ lastSeenAt: new Date() })
    .where(and(eq(sessions.id, id), lt(sessions.lastSeenAt, new Date(Date.now() - 60_000))));
}

export async function listUserSessions(db: Executor, userId: string) {
  return db
    .select({
      id: sessions.id,
      publicId: sessions.publicId,
      userAgent: sessions.userAgent,
      ipAddress: sessions.ipAddress,
      createdAt: sessions.createdAt,
      lastSeenAt: sessions.lastSeenAt,
    })
    .from(sessions)
    .where(and(eq(sessions.userId, userId), gt(sessions.expiresAt, new Date())))
    .orderBy(desc(sessions.lastSeenAt));
}

/** Ends one session of the user by its public id; false when the user has no such session. */
export async function deleteUserSessionByPublicId(db: Executor, userId: string, publicId: string) {
  const rows = await db
    .delete(sessions)
    .where(and(eq(sessions.userId, userId), eq(sessions.publicId, publicId)))
    .returning({ id: sessions.id });
  return rows.length > 0;
}

export async function setPasswordHash(db: Executor, userId: string, passwordHash: string) {
  await db.update(users).set({ passwordHash, updatedAt: new Date() }).where(eq(users.id, userId));
}

// ---------- password reset ----------

export async function insertPasswordReset(
  db: Executor,
  v: { userId: string; tokenHash: string; expiresAt: Date },
) {
  await db.insert(passwordResets).values(v);
}

export async function findPasswordReset(db: Executor, tokenHash: string, lock = false) {
  const q = db
    .select({
      id: passwordResets.id,
      userId: passwordResets.userId,
      expiresAt: passwordResets.expiresAt,
      usedAt: passwordResets.usedAt,
      name: users.name,
      email: users.email,
      active: users.active,
      officeName: offices.name,
    })
    .from(passwordResets)
    .innerJoin(users, eq(users.id, passwordResets.userId))
    .innerJoin(offices, eq(offices.id, users.officeId))
    .where(eq(passwordResets.tokenHash, tokenHash));
  const [row] = lock ? await q.for("update", { of: passwordResets }) : await q;
  return row;
}

/** Uses a link: it and every other open link of the user stop working. */
export async function closePasswordResets(db: Executor, userId: string) {
  await db
    .update(passwordResets)
    .set({ usedAt: new Date() })
    .where(and(eq(passwordResets.userId, userId), isNull(passwordResets.usedAt)));
}

// ---------- two-factor ----------

export async function setTotpSecret(db: Executor, userId: string, secretEnc: string | null) {
  await db
    .update(users)
    .set({ totpSecretEnc: secretEnc, totpEnabledAt: null, totpLastCounter: null, updatedAt: new Date() })
    .where(eq(users.id, userId));
}

export async function enableTotp(db: Executor, userId: string, counter: number) {
  await db
    .update(users)
    .set({ totpEnabledAt: new Date(), totpLastCounter: counter, updatedAt: new Date() })
    .where(eq(users.id, userId));
}

/**
 * Accepts a TOTP step for the user only if it is later than the last one accepted, in one statement,
 * so two requests with the same code cannot both pass.
 */
export async function claimTotpStep(db: Executor, userId: string, counter: number): Promise<boolean> {
  const rows = await db
    .update(users)
    .set({ totpLastCounter: counter })
    .where(and(eq(users.id, userId), or(isNull(users.totpLastCounter), lt(users.totpLastCounter, counter))))
    .returning({ id: users.id });
  return rows.length > 0;
}

export async function replaceRecoveryCodes(db: Executor, userId: string, hashes: string[]) {
  await db.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
  if (hashes.length) await db.insert(recoveryCodes).values(hashes.map((codeHash) => ({ userId, codeHash })));
}

/** Uses a recovery code once; false when it does not exist or was used. */
export async function spendRecoveryCode(db: Executor, userId: string, codeHash: string): Promise<boolean> {
  const rows = await db
    .update(recoveryCodes)
    .set({ usedAt: new Date() })
    .where(
      and(
        eq(recoveryCodes.userId, userId),
        eq(recoveryCodes.codeHash, codeHash),
        isNull(recoveryCodes.usedAt),
      ),
    )
    .returning({ id: recoveryCodes.id });
  return rows.length > 0;
}

export async function countRecoveryCodesLeft(db: Executor, userId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(recoveryCodes)
    .where(and(eq(recoveryCodes.userId, userId), isNull(recoveryCodes.usedAt)));
  return row?.n ?? 0;
}

export async function setOfficeRequireTwoFactor(db: Executor, officeId: string, value: boolean) {
  await db
    .update(offices)
    .set({ requireTwoFactor: value, updatedAt: new Date() })
    .where(eq(offices.id, officeId));
}

export async function officeRequiresTwoFactor(db: Executor, officeId: string): Promise<boolean> {
  const [row] = await db
    .select({ v: offices.requireTwoFactor })
    .from(offices)
    .where(eq(offices.id, officeId));
  return row?.v ?? false;
}
