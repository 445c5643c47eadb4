import { sql } from "drizzle-orm";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { migrationsFolder } from "../../db/client.js";
import { appliedMigrationMillis, shippedMigrationMillis } from "../../db/migration-status.js";
import { DATABASE_RETRY_AFTER_SECONDS } from "../../lib/errors.js";

type Check = "ok" | "error";

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

  // liveness: the process answers (a restart would not help a database outage, so it is not checked)
  app.get(
    "/api/health/live",
    { schema: { tags: ["sistema"], summary: "O processo está vivo" } },
    async () => ({ status: "ok" }),
  );

  // readiness: may this instance take traffic? database, migrations up to date, job queue running,
  // and not shutting down (a load balancer stops sending requests before the listener closes)
  app.get(
    "/api/health/ready",
    { schema: { tags: ["sistema"], summary: "Pronto para receber requisições" } },
    async (_req, reply) => {
      const checks: { database: Check; migrations: Check; jobs: Check; shuttingDown: boolean } = {
        database: "error",
        migrations: "error",
        jobs: app.deps.jobs.isRunning() ? "ok" : "error",
        shuttingDown: app.lifecycle.shuttingDown,
      };
      try {
        const applied = await appliedMigrationMillis(app.deps.database.rawQuery);
        checks.database = "ok";
        checks.migrations = applied >= shippedMigrationMillis(migrationsFolder) ? "ok" : "error";
      } catch (err) {
        app.log.warn({ err }, "readiness check: database failed");
      }
      const ready =
        !checks.shuttingDown &&
        checks.database === "ok" &&
        checks.migrations === "ok" &&
        checks.jobs === "ok";
      if (ready) return { status: "ok", ...checks };
      return reply
        .code(503)
        .header("Retry-After", String(DATABASE_RETRY_AFTER_SECONDS))
        .send({ status: "error", ...checks });
    },
  );
};
