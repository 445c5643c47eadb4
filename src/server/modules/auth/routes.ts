import type { FastifyInstance, FastifyReply } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { loginSchema, type SessionInfo, type SessionState } from "../../../shared/api.js";
import { AppError } from "../../lib/errors.js";
import { createSession, login, SESSION_COOKIE, sessionIdFromToken } from "./commands.js";
import { LoginBlocked, LoginLimiter } from "./login-limiter.js";
import * as repo from "./repository.js";

export const authRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, config } = app.deps;
  const cookieOptions = sessionCookieOptions(config.cookieSecure);

  const limiter = new LoginLimiter(config.loginMaxAttempts);
  app.post(
    "/api/auth/login",
    { schema: { tags: ["auth"], summary: "Entrar com e-mail e senha", body: loginSchema } },
    async (request, reply) => {
      // the socket address, not request.ip: with trustProxy, request.ip comes from X-Forwarded-For,
      // which a client may set to anything to get a fresh counter on every attempt
      const key = `${request.socket.remoteAddress ?? ""}|${request.body.email}`;
      try {
        limiter.check(key);
      } catch (err) {
        if (err instanceof LoginBlocked) reply.header("retry-after", String(err.retryAfterSeconds));
        throw err;
      }
      let session: Awaited<ReturnType<typeof login>>;
      try {
        session = await login(db, request.body.email, request.body.password, config.sessionTtlHours);
      } catch (err) {
        if (err instanceof AppError && err.code === "invalid_credentials") limiter.fail(key);
        throw err;
      }
      limiter.succeed(key);
      return sendSession(app, reply, session);
    },
  );

  app.post(
    "/api/auth/logout",
    // the web app posts without a body (null here): that must log out, not fail validation
    { schema: { tags: ["auth"], summary: "Sair", body: z.object({}).nullish() } },
    async (request, reply) => {
      if (request.actor) await repo.deleteSession(db, request.actor.sessionId);
      reply.clearCookie(SESSION_COOKIE, cookieOptions);
      return reply.code(204).send();
    },
  );

  app.get(
    "/api/auth/me",
    {
      schema: {
        tags: ["auth"],
        summary: "Usuário da sessão",
        description:
          "Sem sessão válida responde 200 com `user: null` (e apaga um cookie vencido): para a página de login, não estar conectado não é um erro. As demais rotas respondem 401.",
      },
    },
    async (request, reply): Promise<SessionState> => {
      const a = request.actor;
      if (!a) {
        if (request.cookies[SESSION_COOKIE] !== undefined) reply.clearCookie(SESSION_COOKIE, cookieOptions);
        return { user: null, csrfToken: null };
      }
      return {
        user: {
          id: a.userId,
          name: a.name,
          email: a.email,
          role: a.role,
          office: { id: a.officeId, name: a.officeName },
        },
        csrfToken: a.csrfToken,
      } satisfies SessionInfo;
    },
  );
};

export const sessionCookieOptions = (secure: boolean) => ({
  path: "/",
  httpOnly: true,
  sameSite: "lax" as const,
  secure,
});

/** Sets the session cookie and answers with the session info, as login does. */
async function sendSession(
  app: FastifyInstance,
  reply: FastifyReply,
  session: { token: string; expiresAt: Date },
) {
  const { db, config } = app.deps;
  reply.setCookie(SESSION_COOKIE, session.token, {
    ...sessionCookieOptions(config.cookieSecure),
    expires: session.expiresAt,
  });
  const s = await repo.findSession(db, sessionIdFromToken(session.token));
  if (!s) throw new AppError(500, "session_failed", "Não foi possível iniciar a sessão.");
  return {
    user: {
      id: s.userId,
      name: s.name,
      email: s.email,
      role: s.role,
      office: { id: s.officeId, name: s.officeName },
    },
    csrfToken: s.csrfToken,
  } satisfies SessionInfo;
}

/** Signs a user in (after accepting an invitation). */
export async function issueSession(app: FastifyInstance, reply: FastifyReply, userId: string) {
  const user = await repo.findUserById(app.deps.db, userId);
  if (!user?.active) throw new AppError(401, "invalid_credentials", "Usuário inativo.");
  return sendSession(app, reply, await createSession(app.deps.db, user, app.deps.config.sessionTtlHours));
}
