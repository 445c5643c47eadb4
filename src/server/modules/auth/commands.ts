import { createHash, randomBytes } from "node:crypto";
import type { Executor } from "../../db/client.js";
import { AppError } from "../../lib/errors.js";
import { decryptSecret } from "../../lib/secrets.js";
import { LOGIN_STEP_SECONDS, readLoginStep, signLoginStep } from "./login-token.js";
import { dummyHash, hasPassword, verifyPassword } from "./password.js";
import * as repo from "./repository.js";
import { hashRecoveryCode, looksLikeRecoveryCode, totpStep } from "./totp.js";

export const SESSION_COOKIE = "atende_sid";

export function sessionIdFromToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** Where a session was started from, shown in "Sessões ativas". */
export interface SessionOrigin {
  userAgent: string | null;
  ipAddress: string | null;
}

export const invalidCredentials = () =>
  new AppError(401, "invalid_credentials", "E-mail ou senha inválidos.");
const stepExpired = () =>
  new AppError(
    401,
    "login_step_expired",
    "O tempo para concluir a entrada acabou. Entre novamente com e-mail e senha.",
  );
export const invalidTwoFactorCode = () =>
  new AppError(
    401,
    "invalid_code",
    "Código inválido ou já usado. Confira o aplicativo autenticador e tente novamente.",
  );

/** What the password step leads to: a session, the office picker or the two-factor code. */
export type LoginOutcome =
  | { kind: "session"; session: { token: string; expiresAt: Date } }
  | { kind: "office"; token: string; offices: { id: string; name: string }[] }
  | { kind: "totp"; token: string };

export async function login(
  db: Executor,
  secretKey: Buffer,
  email: string,
  password: string,
  ttlHours: number,
  origin: SessionOrigin,
): Promise<LoginOutcome> {
  const candidates = (await repo.findUsersForLogin(db, email)).filter((u) => hasPassword(u.passwordHash));
  // every failure costs one full argon2 verification per account of the e-mail (one for an unknown
  // e-mail), so the time taken does not tell an unknown e-mail, an inactive user or an invited user
  // without a password from a wrong password
  const matched: typeof candidates = [];
  if (candidates.length === 0) await verifyPassword(await dummyHash(), password);
  for (const u of candidates)
    if ((await verifyPassword(u.passwordHash, password)) && u.active) matched.push(u);
  if (matched.length === 0) throw invalidCredentials();
  if (matched.length > 1) {
    const exp = Date.now() + LOGIN_STEP_SECONDS * 1000;
    return {
      kind: "office",
      token: signLoginStep(secretKey, { kind: "office", userIds: matched.map((u) => u.id), exp }),
      offices: matched.map((u) => ({ id: u.officeId, name: u.officeName })),
    };
  }
  return continueAs(db, secretKey, matched[0] as (typeof matched)[number], ttlHours, origin);
}

/** After the password (and the office): the two-factor step when the user has it, else a session. */
async function continueAs(
  db: Executor,
  secretKey: Buffer,
  user: { id: string; officeId: string; totpEnabled: boolean },
  ttlHours: number,
  origin: SessionOrigin,
): Promise<LoginOutcome> {
  if (user.totpEnabled) {
    const exp = Date.now() + LOGIN_STEP_SECONDS * 1000;
    return { kind: "totp", token: signLoginStep(secretKey, { kind: "totp", userId: user.id, exp }) };
  }
  return { kind: "session", session: await createSession(db, user, ttlHours, origin) };
}

/** The office picker: the chosen office must be one the password matched. */
export async function chooseOffice(
  db: Executor,
  secretKey: Buffer,
  token: string,
  officeId: string,
  ttlHours: number,
  origin: SessionOrigin,
): Promise<LoginOutcome> {
  const step = readLoginStep(secretKey, token, "office");
  if (!step) throw stepExpired();
  for (const id of step.userIds) {
    const u = await repo.findUserById(db, id);
    if (u?.active && u.officeId === officeId)
      return continueAs(db, secretKey, { ...u, totpEnabled: u.totpEnabledAt !== null }, ttlHours, origin);
  }
  throw new AppError(400, "invalid_office", "Escolha um dos escritórios da lista.");
}

/** The user id of a valid two-factor step token (the caller rate-limits per user before checking a code). */
export function twoFactorStepUser(secretKey: Buffer, token: string): string {
  const step = readLoginStep(secretKey, token, "totp");
  if (!step) throw stepExpired();
  return step.userId;
}

/**
 * Checks a TOTP code (each time step is accepted once) or a recovery code (each code once) of a user
 * with two-factor authentication on.
 */
export async function verifySecondFactor(db: Executor, secretKey: Buffer, userId: string, code: string) {
  const u = await repo.findUserById(db, userId);
  if (!u?.active || !u.totpEnabledAt || !u.totpSecretEnc) throw invalidTwoFactorCode();
  const step = totpStep(decryptSecret(secretKey, u.totpSecretEnc), code);
  if (step !== null) {
    if (!(await repo.claimTotpStep(db, u.id, step))) throw invalidTwoFactorCode();
    return u;
  }
  if (looksLikeRecoveryCode(code) && (await repo.spendRecoveryCode(db, u.id, hashRecoveryCode(code))))
    return u;
  throw invalidTwoFactorCode();
}

/** A new server-side session; the cookie carries the token, the database only its hash. */
export async function createSession(
  db: Executor,
  user: { id: string; officeId: string },
  ttlHours: number,
  origin: SessionOrigin = { userAgent: null, ipAddress: null },
) {
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
    userAgent: origin.userAgent?.slice(0, 400) ?? null,
    ipAddress: origin.ipAddress,
  });
  return { token, expiresAt };
}
