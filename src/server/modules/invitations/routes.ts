import { createHash, randomBytes } from "node:crypto";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { type InvitationInfo, idSchema, invitationAcceptSchema } from "../../../shared/api.js";
import { QUEUES } from "../../jobs/queue.js";
import { AppError, notFound } from "../../lib/errors.js";
import { assertStrongPassword } from "../../lib/password-strength.js";
import { requireAdmin } from "../auth/context.js";
import { hashPassword } from "../auth/password.js";
import { deleteUserSessions } from "../auth/repository.js";
import { issueSession } from "../auth/routes.js";
import { queueEmail } from "../mail/outbox.js";
import { awaitFirstAttempt } from "../mail/sender.js";
import { outcomeOf } from "../mail/wording.js";
import * as usersRepo from "../users/repository.js";
import { invitationEmail } from "./emails.js";
import * as repo from "./repository.js";

const INVITATION_DAYS = 7;
const hashToken = (t: string) => createHash("sha256").update(t).digest("hex");
const tokenParams = z.object({ token: z.string().min(20).max(100) });

const gone = (code: string, message: string) => new AppError(410, code, message);

/** Invitations: a single-use, expiring link by e-mail to set a password (client users and staff). */
export const invitationRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, jobs, config } = app.deps;

  app.post(
    "/api/users/:id/invite",
    {
      schema: {
        tags: ["usuários"],
        summary: "Enviar convite por e-mail para definir a senha",
        params: z.object({ id: idSchema }),
        body: z.object({}).nullish(),
      },
    },
    async (request) => {
      const actor = requireAdmin(request);
      const email = await db.transaction(async (tx) => {
        const user = await usersRepo.findById(tx, actor.officeId, request.params.id);
        if (!user?.active) throw notFound("Usuário");
        await repo.expireOpen(tx, user.id);
        const token = randomBytes(32).toString("base64url");
        const expiresAt = new Date(Date.now() + INVITATION_DAYS * 86400_000);
        await repo.insert(tx, {
          officeId: actor.officeId,
          userId: user.id,
          tokenHash: hashToken(token),
          expiresAt,
          createdBy: actor.userId,
        });
        const link = `${config.publicUrl}/convite/${token}`;
        const until = new Intl.DateTimeFormat("pt-BR", {
          timeZone: "America/Sao_Paulo",
          dateStyle: "short",
        }).format(expiresAt);
        return queueEmail(tx, jobs, {
          officeId: actor.officeId,
          ticketId: null,
          kind: "invitation",
          to: [user.email],
          createdBy: actor.userId,
          content: invitationEmail({
            officeName: actor.officeName,
            name: user.name,
            role: user.role,
            link,
            until,
          }),
        });
      });
      if (email.state === "queued") jobs.wake(QUEUES.email);
      return outcomeOf(await awaitFirstAttempt(db, actor.officeId, email.id, config.mailWaitMs));
    },
  );

  const check = (inv: Awaited<ReturnType<typeof repo.findByTokenHash>>) => {
    if (!inv?.active) throw notFound("Convite");
    if (inv.usedAt)
      throw gone(
        "invitation_used",
        "Este convite já foi usado. Entre com sua senha ou peça um novo convite ao escritório.",
      );
    if (inv.expiresAt.getTime() <= Date.now())
      throw gone("invitation_expired", "Este convite expirou. Peça um novo convite ao escritório.");
    return inv;
  };

  app.get(
    "/api/invitations/:token",
    { schema: { tags: ["convites"], summary: "Dados do convite", params: tokenParams } },
    async (request): Promise<InvitationInfo> => {
      const inv = check(await repo.findByTokenHash(db, hashToken(request.params.token)));
      return {
        name: inv.name,
        email: inv.email,
        officeName: inv.officeName,
        expiresAt: inv.expiresAt.toISOString(),
      };
    },
  );

  app.post(
    "/api/invitations/:token/accept",
    {
      schema: {
        tags: ["convites"],
        summary: "Definir a senha e entrar",
        params: tokenParams,
        body: invitationAcceptSchema,
      },
    },
    async (request, reply) => {
      const found = check(await repo.findByTokenHash(db, hashToken(request.params.token)));
      await assertStrongPassword(request.body.password, [found.name, found.email, found.officeName]);
      const passwordHash = await hashPassword(request.body.password);
      const userId = await db.transaction(async (tx) => {
        const inv = check(await repo.findByTokenHash(tx, hashToken(request.params.token), true));
        await repo.setPassword(tx, inv.userId, passwordHash);
        // a new password ends the sessions opened with the old one; issueSession opens a fresh one
        await deleteUserSessions(tx, inv.userId);
        await repo.markUsed(tx, inv.id);
        return inv.userId;
      });
      return issueSession(app, reply, userId);
    },
  );
};
