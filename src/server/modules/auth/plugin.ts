import type { FastifyInstance } from "fastify";
import { AppError, unauthenticated } from "../../lib/errors.js";
import { actorFromSession } from "./actor.js";
import { SESSION_COOKIE, sessionIdFromToken } from "./commands.js";
import * as repo from "./repository.js";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
/** writes allowed without a CSRF token: they create the session, there is none to protect yet */
const CSRF_EXEMPT = new Set([
  "/api/auth/login",
  "/api/auth/login/office",
  "/api/auth/login/totp",
  "/api/auth/password/forgot",
  "/api/auth/password/reset",
]);
const CSRF_EXEMPT_PREFIXES = ["/api/invitations/", "/api/signup"];
/** what a person whose office requires 2FA may call before turning it on (not /api/accountants) */
const setupAllowed = (route: string) =>
  route.startsWith("/api/auth/") || route === "/api/account" || route.startsWith("/api/account/");
/** API routes anyone may call; every other one needs a session. The websocket checks its own session
 * (it must answer with a close code, 4401, which a browser can read, not with an HTTP 401). */
const PUBLIC_ROUTES = new Set([
  "/api/auth/login",
  "/api/auth/logout",
  // answers 200 with no user when signed out: a logged-out page must not log a failed request
  "/api/auth/me",
  "/api/auth/login/office",
  "/api/auth/login/totp",
  "/api/auth/password/forgot",
  "/api/auth/password/reset",
  "/api/auth/password/reset/:token",
  "/api/health",
  "/api/health/live",
  "/api/health/ready",
  "/api/openapi.json",
  "/api/invitations/:token",
  "/api/invitations/:token/accept",
  "/api/signup",
  "/api/signup/:token",
  "/api/signup/:token/confirm",
  "/api/ws",
]);

/**
 * Resolves the session cookie into request.actor and enforces CSRF on cookie-authenticated writes:
 * every non-GET request with a session must carry the session's token in the x-csrf-token header.
 */
export async function sessionHooks(app: FastifyInstance) {
  app.decorateRequest("actor", null);
  app.addHook("onRequest", async (request) => {
    if (!request.url.startsWith("/api/")) return;
    const token = request.cookies[SESSION_COOKIE];
    if (!token) return;
    const actor = await actorFromSession(app.deps.db, sessionIdFromToken(token));
    if (!actor) return;
    request.actor = actor;
    // "last seen" of Sessões ativas: one write a minute at most, not one per request
    if (Date.now() - actor.lastSeenAt.getTime() > 60_000)
      await repo.touchSession(app.deps.db, actor.sessionId);
    const path = request.url.split("?")[0] ?? "";
    if (
      !SAFE_METHODS.has(request.method) &&
      !CSRF_EXEMPT.has(path) &&
      !CSRF_EXEMPT_PREFIXES.some((p) => path.startsWith(p))
    ) {
      if (request.headers["x-csrf-token"] !== actor.csrfToken) {
        throw new AppError(
          403,
          "csrf_failed",
          "A requisição não pôde ser confirmada (token CSRF ausente ou inválido). Recarregue a página.",
        );
      }
    }
  });
  // authenticate before validating: a request without a session learns nothing about the body
  // a route expects, it is told to sign in (the handlers still check role and record)
  app.addHook("preValidation", async (request) => {
    const route = request.routeOptions.url;
    if (!route?.startsWith("/api/") || PUBLIC_ROUTES.has(route) || route.startsWith("/api/docs")) return;
    if (!request.actor) throw unauthenticated();
    if (request.actor.twoFactorSetupRequired && !setupAllowed(route))
      throw new AppError(
        403,
        "two_factor_setup_required",
        "O escritório exige a verificação em duas etapas. Ative-a em Minha conta para continuar.",
      );
  });
}
