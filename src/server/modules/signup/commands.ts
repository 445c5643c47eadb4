import { createHash, randomBytes } from "node:crypto";
import type { Executor } from "../../db/client.js";
import type { JobQueue } from "../../jobs/queue.js";
import { AppError } from "../../lib/errors.js";
import { applyOfficeDefaults } from "../../seed/office-defaults.js";
import { hashPassword } from "../auth/password.js";
import { queueEmail } from "../mail/outbox.js";
import * as usersRepo from "../users/repository.js";
import { confirmationEmail, existingAccountEmail } from "./emails.js";
import * as repo from "./repository.js";

export const CONFIRMATION_HOURS = 24;
export const hashToken = (t: string) => createHash("sha256").update(t).digest("hex");
export const newToken = () => randomBytes(32).toString("base64url");

const gone = (code: string, message: string) => new AppError(410, code, message);

/**
 * A new office with what every office starts with (seed/office-defaults.ts) and its first admin.
 * Used by the sign-up confirmation and by `npm run office -- create`.
 */
export async function createOfficeWithAdmin(
  tx: Executor,
  v: { name: string; document: string; adminName: string; adminEmail: string; passwordHash: string },
) {
  const office = await repo.insertOffice(tx, { name: v.name, document: v.document });
  await applyOfficeDefaults(tx, office.id);
  const admin = await usersRepo.insert(tx, office.id, {
    name: v.adminName,
    email: v.adminEmail,
    role: "admin",
    active: true,
    passwordHash: v.passwordHash,
  });
  return { office, admin };
}

export interface SignupData {
  officeName: string;
  document: string;
  adminName: string;
  email: string;
  password: string;
}

/**
 * A sign-up, in one transaction: a new e-mail gets a pending request and its confirmation link; an
 * e-mail that already has an account gets a note to its owner instead. Both cost the same (the
 * password is hashed either way) and answer the same, so the form reveals nothing about who exists.
 * Returns the e-mail queued.
 */
export async function requestSignup(tx: Executor, jobs: JobQueue, publicUrl: string, v: SignupData) {
  const passwordHash = await hashPassword(v.password);
  const [existing] = await repo.usersWithEmail(tx, v.email);
  if (existing) {
    return queueEmail(tx, jobs, {
      officeId: null,
      ticketId: null,
      kind: "signup_existing",
      to: [v.email],
      createdBy: null,
      content: existingAccountEmail({ name: existing.name, loginLink: `${publicUrl}/login` }),
    });
  }
  const token = newToken();
  const expiresAt = new Date(Date.now() + CONFIRMATION_HOURS * 3600_000);
  await repo.insertRequest(tx, {
    tokenHash: hashToken(token),
    officeName: v.officeName,
    document: v.document,
    adminName: v.adminName,
    email: v.email,
    passwordHash,
    expiresAt,
  });
  return queueEmail(tx, jobs, {
    officeId: null,
    ticketId: null,
    kind: "signup_confirmation",
    to: [v.email],
    createdBy: null,
    content: confirmationEmail({
      adminName: v.adminName,
      officeName: v.officeName,
      document: v.document,
      link: `${publicUrl}/cadastro/confirmar/${token}`,
      expiresAt,
    }),
  });
}

/** The pending request of a token, or the pt-BR reason it cannot be used (404, 410). */
export function checkRequest(row: repo.SignupRequestRow | undefined) {
  if (!row) throw new AppError(404, "not_found", "Link de confirmação não encontrado.");
  if (row.usedAt)
    throw gone(
      "signup_used",
      "Este link de confirmação já foi usado. Entre com o seu e-mail e senha na página de login.",
    );
  if (row.expiresAt.getTime() <= Date.now())
    throw gone(
      "signup_expired",
      "Este link de confirmação expirou (vale 24 horas). Faça o cadastro novamente para receber um novo.",
    );
  return row;
}

/**
 * Confirms a sign-up: creates the office and its admin, and uses up the link — all in one
 * transaction with the request row locked, so a link clicked twice at once creates one office.
 * Returns the admin's id (the route signs them in).
 */
export async function confirmSignup(tx: Executor, token: string) {
  const req = checkRequest(await repo.findRequestByTokenHash(tx, hashToken(token), true));
  // another sign-up with the same e-mail was confirmed first, or the address got an account since
  if ((await repo.usersWithEmail(tx, req.email)).length > 0) {
    await repo.markRequestUsed(tx, req.id, null);
    return { conflict: true as const };
  }
  const { office, admin } = await createOfficeWithAdmin(tx, {
    name: req.officeName,
    document: req.document,
    adminName: req.adminName,
    adminEmail: req.email,
    passwordHash: req.passwordHash,
  });
  await repo.markRequestUsed(tx, req.id, office.id);
  return { conflict: false as const, userId: admin.id, officeId: office.id };
}
