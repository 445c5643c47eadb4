import { sql } from "drizzle-orm";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";

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
        app.log.error({ err }, "health check failed");
        return reply.code(503).send({ status: "error", database: app.deps.database.kind });
      }
    },
  );
};
