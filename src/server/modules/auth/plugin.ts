import type { FastifyInstance } from "fastify";
import { AppError, unauthenticated } from "../../lib/errors.js";
import { SESSION_COOKIE, sessionIdFromToken } from "./commands.js";
import * as repo from "./repository.js";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
/** writes allowed without a CSRF token: they create the session, there is none to protect yet */
const CSRF_EXEMPT = new Set(["/api/auth/login"]);
/** API routes anyone may call; every other one needs a session */
const PUBLIC_ROUTES = new Set(["/api/auth/login", "/api/auth/logout", "/api/health", "/api/openapi.json"]);

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
    const s = await repo.findSession(app.deps.db, sessionIdFromToken(token));
    if (!s) return;
    request.actor = {
      sessionId: s.sessionId,
      userId: s.userId,
      name: s.name,
      email: s.email,
      role: s.role,
      officeId: s.officeId,
      officeName: s.officeName,
      csrfToken: s.csrfToken,
    };
    const path = request.url.split("?")[0] ?? "";
    if (!SAFE_METHODS.has(request.method) && !CSRF_EXEMPT.has(path)) {
      if (request.headers["x-csrf-token"] !== s.csrfToken) {
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
  });
}
