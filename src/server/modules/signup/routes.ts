import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import {
  type SignupAccepted,
  type SignupInfo,
  type SignupStatus,
  signupSchema,
} from "../../../shared/signup.js";
import { QUEUES } from "../../jobs/queue.js";
import { AppError, conflict } from "../../lib/errors.js";
import { assertStrongPassword } from "../../lib/password-strength.js";
import { issueSession } from "../auth/routes.js";
import { checkRequest, confirmSignup, hashToken, requestSignup } from "./commands.js";
import { SignupBlocked, SignupLimiter } from "./limiter.js";
import * as repo from "./repository.js";

const tokenParams = z.object({ token: z.string().min(20).max(100) });

/** Criar conta do escritório: the public form (SIGNUP=open), its e-mail confirmation and first login. */
export const signupRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, jobs, config } = app.deps;
  const open = config.signup === "open";
  const closed = () =>
    new AppError(
      404,
      "signup_closed",
      "O cadastro de escritórios não está aberto nesta instalação. Fale com o administrador do Atende.",
    );
  const limiter = new SignupLimiter(config.signupMaxPerHour);

  app.get(
    "/api/signup",
    { schema: { tags: ["cadastro"], summary: "O cadastro de escritórios está aberto?" } },
    async (): Promise<SignupStatus> => ({ open }),
  );

  app.post(
    "/api/signup",
    {
      schema: {
        tags: ["cadastro"],
        summary: "Criar conta do escritório (envia o link de confirmação por e-mail)",
        description:
          "Responde sempre 202 com a mesma mensagem, exista ou não uma conta com o e-mail: quem já tem conta recebe um aviso por e-mail em vez do link.",
        body: signupSchema,
      },
    },
    async (request, reply): Promise<SignupAccepted> => {
      if (!open) throw closed();
      // the socket address, not request.ip (X-Forwarded-For can be anything): see auth/routes.ts
      try {
        limiter.hit(request.socket.remoteAddress ?? "");
      } catch (err) {
        if (err instanceof SignupBlocked) reply.header("retry-after", String(err.retryAfterSeconds));
        throw err;
      }
      const b = request.body;
      await assertStrongPassword(b.password, [b.adminName, b.email, b.officeName, b.document]);
      const email = await db.transaction((tx) => requestSignup(tx, jobs, config.publicUrl, b));
      if (email.state === "queued") jobs.wake(QUEUES.email);
      reply.code(202);
      return {
        message: `Enviamos para ${b.email} um e-mail com o link para confirmar o cadastro (válido por 24 horas). Abra-o para ativar a conta.`,
      };
    },
  );

  app.get(
    "/api/signup/:token",
    { schema: { tags: ["cadastro"], summary: "Dados do cadastro a confirmar", params: tokenParams } },
    async (request): Promise<SignupInfo> => {
      if (!open) throw closed();
      const req = checkRequest(await repo.findRequestByTokenHash(db, hashToken(request.params.token)));
      return {
        officeName: req.officeName,
        adminName: req.adminName,
        email: req.email,
        expiresAt: req.expiresAt.toISOString(),
      };
    },
  );

  app.post(
    "/api/signup/:token/confirm",
    {
      schema: {
        tags: ["cadastro"],
        summary: "Confirmar o e-mail: cria o escritório e entra",
        params: tokenParams,
        body: z.object({}).nullish(),
      },
    },
    async (request, reply) => {
      if (!open) throw closed();
      const result = await db.transaction((tx) => confirmSignup(tx, request.params.token));
      if (result.conflict)
        throw conflict(
          "email_taken",
          "Este e-mail já tem uma conta no Atende. Entre com a sua senha na página de login.",
        );
      return issueSession(app, reply, result.userId);
    },
  );
};
