import { createHash, randomBytes } from "node:crypto";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import {
  forgotPasswordSchema,
  type PasswordResetInfo,
  resetPasswordSchema,
} from "../../../shared/accounts.js";
import { QUEUES } from "../../jobs/queue.js";
import { AppError, notFound } from "../../lib/errors.js";
import { assertStrongPassword } from "../../lib/password-strength.js";
import { queueEmail } from "../mail/outbox.js";
import { escapeHtml } from "../mail/templates.js";
import { LoginLimiter } from "./login-limiter.js";
import { hashPassword, hasPassword } from "./password.js";
import * as repo from "./repository.js";
import { checkLimit, socketAddress } from "./routes.js";

const RESET_MINUTES = 60;
/** every answer to "Esqueci minha senha" takes at least this long, whether the e-mail exists or not */
const FORGOT_MIN_MS = 400;
const hashToken = (t: string) => createHash("sha256").update(t).digest("hex");
const gone = (code: string, message: string) => new AppError(410, code, message);

export const FORGOT_ANSWER =
  "Se este e-mail estiver cadastrado, enviamos um link para criar uma nova senha. Ele vale por 1 hora.";

/** "Esqueci minha senha": a single-use, 1-hour link by e-mail; no answer tells whether the e-mail exists. */
export const passwordResetRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, jobs, config } = app.deps;
  /** requests per address and e-mail, counted whatever the outcome (each may send an e-mail) */
  const limiter = new LoginLimiter(config.loginMaxAttempts);

  app.post(
    "/api/auth/password/forgot",
    {
      schema: {
        tags: ["auth"],
        summary: "Esqueci minha senha: enviar o link por e-mail",
        body: forgotPasswordSchema,
      },
    },
    async (request, reply) => {
      const started = Date.now();
      const key = `${socketAddress(request)}|${request.body.email.toLowerCase()}`;
      checkLimit(limiter, key, reply);
      limiter.fail(key);
      const queued: string[] = [];
      await db.transaction(async (tx) => {
        // one link per account of the e-mail (one per office), each through its office's SMTP
        for (const u of await repo.findUsersForLogin(tx, request.body.email)) {
          if (!u.active) continue;
          const user = await repo.findUserById(tx, u.id);
          if (!user) continue;
          const token = randomBytes(32).toString("base64url");
          const expiresAt = new Date(Date.now() + RESET_MINUTES * 60_000);
          await repo.insertPasswordReset(tx, { userId: u.id, tokenHash: hashToken(token), expiresAt });
          const link = `${config.publicUrl}/redefinir-senha/${token}`;
          const what = hasPassword(user.passwordHash) ? "criar uma nova senha" : "definir sua senha";
          const email = await queueEmail(tx, jobs, {
            officeId: u.officeId,
            ticketId: null,
            kind: "password_reset",
            to: [user.email],
            createdBy: null,
            content: {
              subject: `${u.officeName}: redefinição de senha do Atende`,
              text: `Olá, ${user.name}.\n\nRecebemos um pedido para ${what} no Atende (${u.officeName}).\nUse este link em até 1 hora (uso único):\n${link}\n\nSe não foi você, ignore este e-mail: sua senha continua a mesma.\n`,
              html: `<!doctype html><html lang="pt-BR"><head><meta charset="utf-8"></head><body style="font-family:Arial,sans-serif"><p>Olá, ${escapeHtml(user.name)}.</p><p>Recebemos um pedido para ${what} no Atende (${escapeHtml(u.officeName)}).</p><p><a href="${escapeHtml(link)}">Criar nova senha</a> (válido por 1 hora, uso único)</p><p>Se não foi você, ignore este e-mail: sua senha continua a mesma.</p></body></html>`,
            },
          });
          if (email.state === "queued") queued.push(email.id);
        }
      });
      if (queued.length) jobs.wake(QUEUES.email);
      // the same answer, after about the same time, for a known and an unknown e-mail
      const wait = FORGOT_MIN_MS - (Date.now() - started);
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      return reply.code(202).send({ message: FORGOT_ANSWER });
    },
  );

  const check = (r: Awaited<ReturnType<typeof repo.findPasswordReset>>) => {
    if (!r?.active) throw notFound("Link");
    if (r.usedAt)
      throw gone("reset_used", "Este link já foi usado. Peça um novo em \u201cEsqueci minha senha\u201d.");
    if (r.expiresAt.getTime() <= Date.now())
      throw gone(
        "reset_expired",
        "Este link expirou (vale por 1 hora). Peça um novo em \u201cEsqueci minha senha\u201d.",
      );
    return r;
  };

  app.get(
    "/api/auth/password/reset/:token",
    {
      schema: {
        tags: ["auth"],
        summary: "Dados do link de redefinição de senha",
        params: z.object({ token: z.string().min(20).max(100) }),
      },
    },
    async (request): Promise<PasswordResetInfo> => {
      const r = check(await repo.findPasswordReset(db, hashToken(request.params.token)));
      return { name: r.name, email: r.email, officeName: r.officeName };
    },
  );

  app.post(
    "/api/auth/password/reset",
    { schema: { tags: ["auth"], summary: "Criar a nova senha pelo link", body: resetPasswordSchema } },
    async (request, reply) => {
      const tokenHash = hashToken(request.body.token);
      const found = check(await repo.findPasswordReset(db, tokenHash));
      await assertStrongPassword(request.body.password, [found.name, found.email, found.officeName]);
      const passwordHash = await hashPassword(request.body.password);
      await db.transaction(async (tx) => {
        // checked again under a lock: two requests with the same link cannot both use it
        const r = check(await repo.findPasswordReset(tx, tokenHash, true));
        await repo.setPasswordHash(tx, r.userId, passwordHash);
        await repo.closePasswordResets(tx, r.userId);
        // whoever knew the old password is signed out everywhere
        await repo.deleteUserSessions(tx, r.userId);
      });
      return reply.code(204).send();
    },
  );
};
