import { randomBytes } from "node:crypto";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { idSchema, type Page } from "../../../shared/api.js";
import {
  type InboundEmailDto,
  type InboundSettingsDto,
  type InboundTestResult,
  inboundLinkSchema,
  inboundListQuerySchema,
  inboundSettingsSchema,
} from "../../../shared/inbound.js";
import { notFound } from "../../lib/errors.js";
import { encryptSecret } from "../../lib/secrets.js";
import { requireAdmin, requireStaff } from "../auth/context.js";
import { formatProtocol } from "../tickets/protocol.js";
import { discardInbound, linkInbound } from "./commands.js";
import { testMailbox } from "./poller.js";
import type { InboundDeps } from "./process.js";
import * as repo from "./repository.js";

const tags = ["e-mail recebido"];
const params = z.object({ id: idSchema });

function presentSettings(row: repo.InboundSettingsRow | undefined): InboundSettingsDto {
  if (!row)
    return {
      configured: false,
      host: "",
      port: 993,
      security: "tls",
      username: "",
      hasPassword: false,
      folder: "INBOX",
      address: "",
      reopenOnReply: true,
      lastError: null,
      lastErrorAt: null,
      lastSuccessAt: null,
      nextPollAt: null,
      failures: 0,
    };
  return {
    configured: true,
    host: row.host,
    port: row.port,
    security: row.security,
    username: row.username,
    hasPassword: !!row.passwordEnc,
    folder: row.folder,
    address: row.address,
    reopenOnReply: row.reopenOnReply,
    lastError: row.lastError,
    lastErrorAt: row.lastErrorAt?.toISOString() ?? null,
    lastSuccessAt: row.lastSuccessAt?.toISOString() ?? null,
    nextPollAt: row.nextPollAt.toISOString(),
    failures: row.failures,
  };
}

function presentInbound(r: Awaited<ReturnType<typeof repo.listInbound>>["items"][number]): InboundEmailDto {
  const e = r.email;
  return {
    id: e.id,
    status: e.status,
    from: { address: e.fromAddress, name: e.fromName },
    subject: e.subject,
    sentAt: e.sentAt?.toISOString() ?? null,
    receivedAt: e.createdAt.toISOString(),
    note: e.note,
    text: e.visibleText || e.fullText.slice(0, 5000),
    sizeBytes: e.sizeBytes,
    hasOriginal: !!e.rawSha256,
    headers: e.headers,
    ticket:
      e.ticketId && r.protocolYear !== null && r.protocolSeq !== null
        ? { id: e.ticketId, protocol: formatProtocol(r.protocolYear, r.protocolSeq) }
        : null,
    client: e.clientId && r.clientName ? { id: e.clientId, name: r.clientName } : null,
    canLink: e.status === "triage" || e.status === "too_large",
  };
}

/** Configurações › Caixa de e-mail (admin) and the Caixa de entrada (staff). */
export const inboundRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, jobs, bus, blobStore, config, secretKey } = app.deps;
  const deps: InboundDeps = {
    db,
    jobs,
    bus,
    blobStore,
    publicUrl: config.publicUrl,
    maxMessageBytes: config.inboundMaxBytes,
    maxFileBytes: config.maxFileBytes,
    log: app.log,
  };

  app.get(
    "/api/settings/inbound",
    { schema: { tags, summary: "Caixa de e-mail do escritório (IMAP)" } },
    async (request) => {
      const actor = requireAdmin(request);
      return presentSettings(await repo.getSettings(db, actor.officeId));
    },
  );

  const passwordFor = (b: z.output<typeof inboundSettingsSchema>, current?: repo.InboundSettingsRow) =>
    b.password
      ? encryptSecret(secretKey, b.password)
      : b.password === null
        ? null
        : (current?.passwordEnc ?? null);

  app.put(
    "/api/settings/inbound",
    {
      schema: {
        tags,
        summary: "Salvar a caixa de e-mail (a senha nunca é devolvida)",
        body: inboundSettingsSchema,
      },
    },
    async (request) => {
      const actor = requireAdmin(request);
      const b = request.body;
      const current = await repo.getSettings(db, actor.officeId);
      const mailboxChanged =
        !current ||
        current.host !== b.host ||
        current.port !== b.port ||
        current.username !== b.username ||
        current.folder !== b.folder;
      await repo.upsertSettings(
        db,
        {
          officeId: actor.officeId,
          host: b.host,
          port: b.port,
          security: b.security,
          username: b.username,
          passwordEnc: passwordFor(b, current),
          folder: b.folder,
          address: b.address.toLowerCase(),
          reopenOnReply: b.reopenOnReply,
          tokenKey: current?.tokenKey ?? randomBytes(32).toString("hex"),
        },
        mailboxChanged,
      );
      return presentSettings(await repo.getSettings(db, actor.officeId));
    },
  );

  app.delete(
    "/api/settings/inbound",
    { schema: { tags, summary: "Desligar a caixa de e-mail" } },
    async (request, reply) => {
      const actor = requireAdmin(request);
      await repo.deleteSettings(db, actor.officeId);
      return reply.code(204).send();
    },
  );

  app.post(
    "/api/settings/inbound/test",
    {
      schema: {
        tags,
        summary: "Testar conexão com os dados do formulário (senha vazia: a salva)",
        body: inboundSettingsSchema,
      },
    },
    async (request): Promise<InboundTestResult> => {
      const actor = requireAdmin(request);
      const b = request.body;
      const current = await repo.getSettings(db, actor.officeId);
      return testMailbox({ ...b, passwordEnc: passwordFor(b, current) }, secretKey, 10_000);
    },
  );

  app.get(
    "/api/inbound",
    { schema: { tags, summary: "Caixa de entrada: e-mails recebidos", querystring: inboundListQuerySchema } },
    async (request): Promise<Page<InboundEmailDto>> => {
      const actor = requireStaff(request);
      const q = request.query;
      const { items, total } = await repo.listInbound(db, actor.officeId, {
        pending: q.view === "pending",
        limit: q.pageSize,
        offset: (q.page - 1) * q.pageSize,
      });
      return { items: items.map(presentInbound), total, page: q.page, pageSize: q.pageSize };
    },
  );

  app.get(
    "/api/inbound/:id/original",
    { schema: { tags, summary: "O e-mail original (.eml), como chegou", params } },
    async (request, reply) => {
      const actor = requireStaff(request);
      const row = await repo.findInbound(db, actor.officeId, request.params.id);
      if (!row?.rawSha256) throw notFound("E-mail");
      const body = await blobStore.open(row.rawSha256).catch(() => {
        throw notFound("E-mail");
      });
      return reply
        .headers({
          "x-content-type-options": "nosniff",
          "content-security-policy": "default-src 'none'; sandbox",
          "cache-control": "private, no-store",
        })
        .header("content-type", "message/rfc822")
        .header("content-disposition", `attachment; filename="email-${row.id.slice(0, 8)}.eml"`)
        .send(body);
    },
  );

  app.post(
    "/api/inbound/:id/link",
    {
      schema: {
        tags,
        summary: "Vincular a um cliente (vira um atendimento Aberto)",
        params,
        body: inboundLinkSchema,
      },
    },
    async (request) => {
      const actor = requireStaff(request);
      const created = await linkInbound(deps, actor, request.params.id, request.body.clientId);
      for (const ev of created.events)
        await bus.publish(ev).catch((err: unknown) => request.log.error({ err }, "publish failed"));
      return { ticketId: created.ticketId };
    },
  );

  app.post(
    "/api/inbound/:id/discard",
    { schema: { tags, summary: "Descartar", params, body: z.object({}).nullish() } },
    async (request, reply) => {
      const actor = requireStaff(request);
      await discardInbound(db, actor, request.params.id);
      return reply.code(204).send();
    },
  );
};
