import type { FastifyInstance, FastifyRequest } from "fastify";
import { CLOSE, defaultHubOptions, type HubOptions, RealtimeHub } from "./hub.js";

declare module "fastify" {
  interface FastifyInstance {
    realtime: RealtimeHub;
  }
}

/**
 * A browser sends the page's Origin with every websocket handshake, and cookies go along even from
 * another site: the Origin must be this server's own host (as the request names it) or PUBLIC_URL,
 * or any site could read the chat with the visitor's session (cross-site websocket hijacking).
 * The host is compared without the scheme, so a TLS-terminating proxy does not need TRUST_PROXY.
 */
export function originAllowed(request: FastifyRequest, publicUrl: string): boolean {
  const origin = request.headers.origin;
  if (!origin) return false;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  const host = request.headers.host?.toLowerCase();
  if (host && url.host.toLowerCase() === host) return true;
  try {
    return url.origin === new URL(publicUrl).origin;
  } catch {
    return false;
  }
}

/**
 * GET /api/ws — the real-time channel (@fastify/websocket must be registered on the root first).
 * Authenticated by the session cookie, resolved by the session hook like any request; closes with
 * 4403 for a foreign Origin and 4401 without a valid session.
 */
export async function realtimeRoutes(app: FastifyInstance, opts: { hub?: Partial<HubOptions> } = {}) {
  const { db, bus, config } = app.deps;
  const hub = new RealtimeHub(db, bus, app.log, { ...defaultHubOptions(), ...opts.hub });
  app.decorate("realtime", hub);
  app.addHook("onClose", async () => {
    await hub.close();
  });

  app.get("/api/ws", { websocket: true, schema: { hide: true } }, (socket, request) => {
    if (!originAllowed(request, config.publicUrl)) {
      request.log.warn({ origin: request.headers.origin }, "websocket refused: foreign Origin");
      socket.close(CLOSE.forbiddenOrigin, "Origem não permitida.");
      return;
    }
    if (!request.actor) {
      socket.close(CLOSE.unauthenticated, "Sessão expirada ou inexistente.");
      return;
    }
    hub.accept(socket, request.actor);
  });
}
