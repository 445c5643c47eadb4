import { sql } from "drizzle-orm";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { DATABASE_RETRY_AFTER_SECONDS } from "../../lib/errors.js";

export const healthRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    "/api/health",
    { schema: { tags: ["sistema"], summary: "Saúde do serviço e do banco" } },
    async (_req, reply) => {
      const started = performance.now();
      try {
        await app.deps.db.execute(sql`select 1`);
        return {
          status: "ok",
          database: app.deps.database.kind,
          dbLatencyMs: Math.round(performance.now() - started),
        };
      } catch (err) {
        // 503 while the database is away; a load balancer takes the instance out and back by itself
        app.log.warn({ err }, "health check failed");
        return reply
          .code(503)
          .header("Retry-After", String(DATABASE_RETRY_AFTER_SECONDS))
          .send({ status: "error", database: app.deps.database.kind });
      }
    },
  );
};
