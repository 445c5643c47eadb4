import { existsSync } from "node:fs";
import path from "node:path";
import cookie from "@fastify/cookie";
import rateLimit from "@fastify/rate-limit";
import fastifyStatic from "@fastify/static";
import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import Fastify, { type FastifyInstance } from "fastify";
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from "fastify-type-provider-zod";
import type { Config } from "./config.js";
import type { Database, Db } from "./db/client.js";
import { errorHandler } from "./lib/error-handler.js";
import { accountantRoutes } from "./modules/accountants/routes.js";
import { sessionHooks } from "./modules/auth/plugin.js";
import { authRoutes } from "./modules/auth/routes.js";
import { clientRoutes } from "./modules/clients/routes.js";
import { healthRoutes } from "./modules/health/routes.js";
import { serviceRoutes } from "./modules/services/routes.js";
import { ticketRoutes } from "./modules/tickets/routes.js";
import { userRoutes } from "./modules/users/routes.js";

export interface Deps {
  config: Config;
  database: Database;
  db: Db;
}

declare module "fastify" {
  interface FastifyInstance {
    deps: Deps;
  }
}

export async function buildApp(
  deps: Omit<Deps, "db">,
  opts: { webDir?: string } = {},
): Promise<FastifyInstance> {
  const app = Fastify({
    logger:
      deps.config.logLevel === "silent"
        ? false
        : { level: deps.config.logLevel, redact: ["req.headers.cookie", "req.headers['x-csrf-token']"] },
    trustProxy: true,
    bodyLimit: 1024 * 1024,
  }).withTypeProvider<ZodTypeProvider>();
  app.decorate("deps", { ...deps, db: deps.database.db });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler);

  await app.register(swagger, {
    openapi: {
      info: { title: "Atende API", description: "API do Cadastro de Atendimentos", version: "0.1.0" },
      components: { securitySchemes: { session: { type: "apiKey", in: "cookie", name: "atende_sid" } } },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: "/api/docs" });
  app.get("/api/openapi.json", { schema: { hide: true } }, async () => app.swagger());

  await app.register(cookie);
  await app.register(rateLimit, { global: false });
  await sessionHooks(app); // not encapsulated: applies to every route

  await app.register(healthRoutes);
  await app.register(authRoutes);
  await app.register(userRoutes);
  await app.register(accountantRoutes);
  await app.register(serviceRoutes);
  await app.register(clientRoutes);
  await app.register(ticketRoutes);

  const webDir = opts.webDir;
  if (webDir && existsSync(path.join(webDir, "index.html"))) {
    await app.register(fastifyStatic, { root: webDir, wildcard: false });
    // client-side routes: any non-API GET that is not a file gets the app shell
    app.setNotFoundHandler((request, reply) => {
      if (request.method === "GET" && !request.url.startsWith("/api/")) return reply.sendFile("index.html");
      return reply.code(404).send({ error: { code: "not_found", message: "Rota não encontrada." } });
    });
  } else {
    app.setNotFoundHandler((_request, reply) =>
      reply.code(404).send({ error: { code: "not_found", message: "Rota não encontrada." } }),
    );
  }
  return app;
}
