import { createHash, randomBytes } from "node:crypto";
import type { Executor } from "../../db/client.js";
import { AppError } from "../../lib/errors.js";
import { dummyHash, hasPassword, verifyPassword } from "./password.js";
import * as repo from "./repository.js";

export const SESSION_COOKIE = "atende_sid";

export function sessionIdFromToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export async function login(db: Executor, email: string, password: string, ttlHours: number) {
  const user = await repo.findUserForLogin(db, email);
  // every failure costs one full argon2 verification, so the time taken does not tell an unknown
  // e-mail, an inactive user or an invited user without a password from a wrong password
  const real = user && hasPassword(user.passwordHash);
  const ok = await verifyPassword(real ? user.passwordHash : await dummyHash(), password);
  if (!user || !real || !ok || !user.active) {
    throw new AppError(401, "invalid_credentials", "E-mail ou senha inválidos.");
  }
  return createSession(db, user, ttlHours);
}

/** A new server-side session; the cookie carries the token, the database only its hash. */
export async function createSession(db: Executor, user: { id: string; officeId: string }, ttlHours: number) {
  const token = randomBytes(32).toString("base64url");
  const csrfToken = randomBytes(24).toString("base64url");
  const expiresAt = new Date(Date.now() + ttlHours * 3600_000);
  // housekeeping on the way in: expired sessions never sign anyone in (the lookup checks the date)
  // but would pile up; each new session clears them, through the expires_at index
  await repo.deleteExpiredSessions(db);
  await repo.insertSession(db, {
    id: sessionIdFromToken(token),
    userId: user.id,
    officeId: user.officeId,
    csrfToken,
    expiresAt,
  });
  return { token, expiresAt };
}
