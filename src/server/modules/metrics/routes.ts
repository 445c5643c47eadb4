import { createHash, timingSafeEqual } from "node:crypto";
import type { FastifyInstance } from "fastify";
import { AppError, notFound } from "../../lib/errors.js";
import { createMetrics } from "./registry.js";

const digest = (s: string) => createHash("sha256").update(s).digest();

/** Is `header` exactly `Bearer <token>`? Compared in constant time. */
export function bearerMatches(header: string | undefined, token: string) {
  const m = /^Bearer (.+)$/.exec(header ?? "");
  return Boolean(m?.[1] && timingSafeEqual(digest(m[1]), digest(token)));
}

/**
 * GET /metrics in Prometheus text format, for the operator's scraper: only with METRICS_TOKEN set
 * (unset → 404, as if there were no such route) and `Authorization: Bearer <token>` (else 401).
 * Not encapsulated: the latency hook sees every request of the app.
 */
export async function metricsRoutes(app: FastifyInstance) {
  const token = app.deps.config.metricsToken;
  const metrics = token ? createMetrics(app) : undefined;
  if (metrics)
    app.addHook("onResponse", async (request, reply) => {
      metrics.observeRequest(request.method, request.routeOptions.url, reply.statusCode, reply.elapsedTime);
    });

  app.get("/metrics", { schema: { hide: true } }, async (request, reply) => {
    if (!metrics || !token) throw notFound("Rota");
    if (!bearerMatches(request.headers.authorization, token)) {
      reply.header("WWW-Authenticate", 'Bearer realm="metrics"');
      throw new AppError(401, "unauthenticated", "Token de métricas ausente ou inválido.");
    }
    const body = await metrics.registry.metrics();
    return reply
      .header("content-type", metrics.registry.contentType)
      .header("cache-control", "no-store")
      .send(body);
  });
}
