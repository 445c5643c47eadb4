import { existsSync } from "node:fs";
import path from "node:path";
import cookie from "@fastify/cookie";
import multipart from "@fastify/multipart";
import fastifyStatic from "@fastify/static";
import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import websocket from "@fastify/websocket";
import Fastify, { type FastifyInstance } from "fastify";
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from "fastify-type-provider-zod";
import type { Config } from "./config.js";
import type { Database, Db } from "./db/client.js";
import type { JobQueue } from "./jobs/queue.js";
import { errorHandler } from "./lib/error-handler.js";
import { registerSecurityHeaders } from "./lib/security-headers.js";
import { textGuard } from "./lib/text-guard.js";
import { accountRoutes } from "./modules/account/routes.js";
import { accountantRoutes } from "./modules/accountants/routes.js";
import { attachmentRoutes } from "./modules/attachments/routes.js";
import { passwordResetRoutes } from "./modules/auth/password-reset-routes.js";
import { sessionHooks } from "./modules/auth/plugin.js";
import { authRoutes } from "./modules/auth/routes.js";
import { clientRoutes } from "./modules/clients/routes.js";
import { dashboardRoutes } from "./modules/dashboard/routes.js";
import { exportRoutes } from "./modules/exports/routes.js";
import { collectionRoutes } from "./modules/finance/collection-routes.js";
import { financeRoutes } from "./modules/finance/routes.js";
import { healthRoutes } from "./modules/health/routes.js";
import { feeRoutes } from "./modules/honorarios/routes.js";
import { importRoutes } from "./modules/imports/routes.js";
import { inboundRoutes } from "./modules/inbound/routes.js";
import { invitationRoutes } from "./modules/invitations/routes.js";
import { mailRoutes } from "./modules/mail/routes.js";
import { messageRoutes } from "./modules/messages/routes.js";
import { metricsRoutes } from "./modules/metrics/routes.js";
import { obligationRoutes } from "./modules/obligations/routes.js";
import { onboardingRoutes } from "./modules/onboarding/routes.js";
import { portalRoutes } from "./modules/portal/routes.js";
import { serviceRoutes } from "./modules/services/routes.js";
import { signupRoutes } from "./modules/signup/routes.js";
import { ticketRoutes } from "./modules/tickets/routes.js";
import { userRoutes } from "./modules/users/routes.js";
import type { Bus } from "./realtime/bus.js";
import { CLOSE } from "./realtime/hub.js";
import { realtimeRoutes } from "./realtime/ws.js";
import { type BlobStore, createBlobStore } from "./storage/index.js";

export interface Deps {
  config: Config;
  database: Database;
  db: Db;
  jobs: JobQueue;
  /** encrypts secrets at rest (SMTP passwords) */
  secretKey: Buffer;
  /** file bytes (content-addressed); local disk under DATA_DIR/files unless given */
  blobStore: BlobStore;
  /** events after commit, to every app instance's websockets (LISTEN/NOTIFY on PostgreSQL) */
  bus: Bus;
}

/** Where the process is in its life: readiness fails once a graceful shutdown began (lib/shutdown.ts). */
export interface Lifecycle {
  shuttingDown: boolean;
}

declare module "fastify" {
  interface FastifyInstance {
    deps: Deps;
    lifecycle: Lifecycle;
  }
}

export async function buildApp(
  deps: Omit<Deps, "db" | "blobStore"> & { blobStore?: BlobStore },
  opts: { webDir?: string } = {},
): Promise<FastifyInstance> {
  const app = Fastify({
    logger:
      deps.config.logLevel === "silent"
        ? false
        : { level: deps.config.logLevel, redact: ["req.headers.cookie", "req.headers['x-csrf-token']"] },
    trustProxy: deps.config.trustProxy,
    bodyLimit: 1024 * 1024,
  }).withTypeProvider<ZodTypeProvider>();
  app.decorate("deps", {
    ...deps,
    db: deps.database.db,
    blobStore: deps.blobStore ?? (await createBlobStore(deps.config)),
  });
  app.decorate("lifecycle", { shuttingDown: false } satisfies Lifecycle);
  // a closing app (graceful shutdown) is not ready any more, whoever closed it
  app.addHook("preClose", async () => {
    app.lifecycle.shuttingDown = true;
  });
  // a request that was in flight when the shutdown began ends its connection with its reply: the
  // server would otherwise wait for the client to drop an idle keep-alive connection
  app.addHook("onSend", async (_request, reply, payload) => {
    if (app.lifecycle.shuttingDown) reply.header("connection", "close");
    return payload;
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler);
  // before any plugin or route, so every reply carries them (CSP, nosniff, no framing: ADR 0009)
  registerSecurityHeaders(app, { publicUrl: deps.config.publicUrl });

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
  // multipart bodies are streamed by the routes that accept them; limits are checked again there
  await app.register(multipart, {
    limits: {
      fileSize: deps.config.maxFileBytes,
      files: deps.config.maxFilesPerRequest,
      fieldSize: 64 * 1024,
      fields: 20,
    },
  });
  await sessionHooks(app); // not encapsulated: applies to every route
  await textGuard(app); // not encapsulated: no refused character reaches a handler (shared/text.ts)
  await app.register(websocket, {
    options: { maxPayload: 64 * 1024 },
    // shutdown: 1012 "service restart", so browsers reconnect (to another instance) instead of
    // reporting an error
    preClose(done) {
      for (const client of this.websocketServer.clients)
        client.close(CLOSE.serviceRestart, "Servidor reiniciando.");
      this.websocketServer.close();
      done();
    },
  });
  await realtimeRoutes(app); // GET /api/ws; not encapsulated: decorates app.realtime

  await metricsRoutes(app); // GET /metrics; not encapsulated: times every request
  await app.register(healthRoutes);
  await app.register(authRoutes);
  await app.register(passwordResetRoutes);
  await app.register(accountRoutes);
  await app.register(userRoutes);
  await app.register(accountantRoutes);
  await app.register(serviceRoutes);
  await app.register(clientRoutes);
  await app.register(importRoutes);
  await app.register(ticketRoutes);
  await app.register(exportRoutes);
  await app.register(dashboardRoutes);
  await app.register(attachmentRoutes);
  await app.register(mailRoutes);
  await app.register(inboundRoutes);
  await app.register(messageRoutes);
  await app.register(portalRoutes);
  await app.register(invitationRoutes);
  await app.register(financeRoutes);
  await app.register(collectionRoutes);
  await app.register(feeRoutes);
  await app.register(signupRoutes);
  await app.register(onboardingRoutes);
  await app.register(obligationRoutes);

  const webDir = opts.webDir;
  if (webDir && existsSync(path.join(webDir, "index.html"))) {
    await app.register(fastifyStatic, {
      root: webDir,
      // the build writes .br and .gz beside each asset (scripts/vite-precompress.ts): sent as they are
      preCompressed: true,
      cacheControl: false,
      setHeaders: (reply, filePath) => reply.header("cache-control", cacheControlFor(webDir, filePath)),
    });
    // client-side routes: any non-API GET that is not a file gets the app shell
    app.setNotFoundHandler((request, reply) => {
      if (request.method === "GET" && !request.url.startsWith("/api/"))
        return reply.header("cache-control", "no-cache").sendFile("index.html");
      return reply.code(404).send({ error: { code: "not_found", message: "Rota não encontrada." } });
    });
  } else {
    app.setNotFoundHandler((_request, reply) =>
      reply.code(404).send({ error: { code: "not_found", message: "Rota não encontrada." } }),
    );
  }
  return app;
}

/**
 * Hashed build assets (`assets/name-HASH.js`) never change under their name: cached for a year without
 * revalidation. Everything else (index.html, favicon) is revalidated, so a new deploy is seen at once.
 */
export function cacheControlFor(webDir: string, filePath: string): string {
  const rel = path.relative(webDir, filePath).split(path.sep).join("/");
  return rel.startsWith("assets/") ? "public, max-age=31536000, immutable" : "no-cache";
}
