import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { type LoginResult, loginOfficeSchema, loginTotpSchema } from "../../../shared/accounts.js";
import { loginSchema, type SessionInfo, type SessionState } from "../../../shared/api.js";
import { AppError } from "../../lib/errors.js";
import {
  chooseOffice,
  createSession,
  type LoginOutcome,
  login,
  SESSION_COOKIE,
  type SessionOrigin,
  sessionIdFromToken,
  twoFactorStepUser,
  verifySecondFactor,
} from "./commands.js";
import { LoginBlocked, LoginLimiter } from "./login-limiter.js";
import * as repo from "./repository.js";

/** the socket address: with trustProxy, request.ip comes from X-Forwarded-For, which anyone may set */
export const socketAddress = (request: FastifyRequest) => request.socket.remoteAddress ?? "";

export function originOf(request: FastifyRequest): SessionOrigin {
  const ua = request.headers["user-agent"];
  return { userAgent: typeof ua === "string" ? ua : null, ipAddress: request.ip || null };
}

/** Throws the limiter's 429 with a Retry-After header. */
export function checkLimit(limiter: LoginLimiter, key: string, reply: FastifyReply) {
  try {
    limiter.check(key);
  } catch (err) {
    if (err instanceof LoginBlocked) reply.header("retry-after", String(err.retryAfterSeconds));
    throw err;
  }
}

export const authRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, config, secretKey } = app.deps;
  const cookieOptions = sessionCookieOptions(config.cookieSecure);

  const limiter = new LoginLimiter(config.loginMaxAttempts);
  /** wrong two-factor codes per user: six digits must not be guessable by trying */
  const codeLimiter = new LoginLimiter(config.loginMaxAttempts);

  const answer = async (reply: FastifyReply, outcome: LoginOutcome): Promise<LoginResult> => {
    if (outcome.kind === "office") return { step: "office", token: outcome.token, offices: outcome.offices };
    if (outcome.kind === "totp") return { step: "totp", token: outcome.token };
    return sendSession(app, reply, outcome.session);
  };

  app.post(
    "/api/auth/login",
    { schema: { tags: ["auth"], summary: "Entrar com e-mail e senha", body: loginSchema } },
    async (request, reply) => {
      const key = `${socketAddress(request)}|${request.body.email.toLowerCase()}`;
      checkLimit(limiter, key, reply);
      let outcome: LoginOutcome;
      try {
        outcome = await login(
          db,
          secretKey,
          request.body.email,
          request.body.password,
          config.sessionTtlHours,
          originOf(request),
        );
      } catch (err) {
        if (err instanceof AppError && err.code === "invalid_credentials") limiter.fail(key);
        throw err;
      }
      limiter.succeed(key);
      return answer(reply, outcome);
    },
  );

  app.post(
    "/api/auth/login/office",
    {
      schema: {
        tags: ["auth"],
        summary: "Escolher o escritório (o e-mail entra em mais de um)",
        body: loginOfficeSchema,
      },
    },
    async (request, reply) =>
      answer(
        reply,
        await chooseOffice(
          db,
          secretKey,
          request.body.token,
          request.body.officeId,
          config.sessionTtlHours,
          originOf(request),
        ),
      ),
  );

  app.post(
    "/api/auth/login/totp",
    {
      schema: {
        tags: ["auth"],
        summary: "Informar o código da verificação em duas etapas (ou um código de recuperação)",
        body: loginTotpSchema,
      },
    },
    async (request, reply) => {
      const userId = twoFactorStepUser(secretKey, request.body.token);
      const key = `totp|${userId}`;
      checkLimit(codeLimiter, key, reply);
      let user: Awaited<ReturnType<typeof verifySecondFactor>>;
      try {
        user = await verifySecondFactor(db, secretKey, userId, request.body.code);
      } catch (err) {
        if (err instanceof AppError && err.code === "invalid_code") codeLimiter.fail(key);
        throw err;
      }
      codeLimiter.succeed(key);
      return sendSession(
        app,
        reply,
        await createSession(db, user, config.sessionTtlHours, originOf(request)),
      );
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
          twoFactorSetupRequired: a.twoFactorSetupRequired,
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
): Promise<SessionInfo> {
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
      twoFactorSetupRequired: s.twoFactorSetupRequired,
    },
    csrfToken: s.csrfToken,
  } satisfies SessionInfo;
}

/** Signs a user in (after accepting an invitation). */
export async function issueSession(app: FastifyInstance, reply: FastifyReply, userId: string) {
  const user = await repo.findUserById(app.deps.db, userId);
  if (!user?.active) throw new AppError(401, "invalid_credentials", "Usuário inativo.");
  return sendSession(
    app,
    reply,
    await createSession(app.deps.db, user, app.deps.config.sessionTtlHours, originOf(reply.request)),
  );
}
