import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import {
  idSchema,
  type Page,
  type PortalCompany,
  type PortalTicket,
  portalListQuerySchema,
  portalTicketCreateSchema,
} from "../../../shared/api.js";
import { forbidden, notFound } from "../../lib/errors.js";
import { type Actor, requireActor } from "../auth/context.js";
import { createPortalRequest } from "../tickets/commands.js";
import { isClientMember } from "../tickets/policy.js";
import { formatProtocol } from "../tickets/protocol.js";
import { listEvents } from "../tickets/repository.js";
import { clientHistory } from "./client-history.js";
import * as repo from "./repository.js";

const tags = ["portal do cliente"];
const params = z.object({ id: idSchema });

function requireClientUser(request: Parameters<typeof requireActor>[0]): Actor {
  const actor = requireActor(request);
  if (actor.role !== "client") throw forbidden("O portal é para os usuários dos clientes do escritório.");
  return actor;
}

function present(r: NonNullable<Awaited<ReturnType<typeof repo.findForClientUser>>>): PortalTicket {
  return {
    id: r.id,
    protocol: formatProtocol(r.protocolYear, r.protocolSeq),
    client: { id: r.requesterId, name: r.clientName },
    subject: r.subject,
    description: r.description,
    status: r.status,
    service: r.serviceName ?? null,
    assignee: r.assigneeName ?? null,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    unreadMessages: r.unreadMessages,
  };
}

/** The client portal: a client user sees only the atendimentos of their own companies. */
export const portalRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, bus } = app.deps;

  const load = async (actor: Actor, id: string) => {
    const t = await repo.findForClientUser(db, actor.officeId, actor.userId, id);
    if (!t || !isClientMember(actor, t)) throw notFound("Atendimento");
    return t;
  };

  app.get("/api/portal/companies", { schema: { tags, summary: "Empresas do usuário" } }, async (request) => {
    const actor = requireClientUser(request);
    return (await repo.companies(db, actor.officeId, actor.clientIds)) satisfies PortalCompany[];
  });

  app.get(
    "/api/portal/tickets",
    { schema: { tags, summary: "Atendimentos das minhas empresas", querystring: portalListQuerySchema } },
    async (request): Promise<Page<PortalTicket>> => {
      const actor = requireClientUser(request);
      const q = request.query;
      if (q.clientId && !actor.clientIds.includes(q.clientId)) throw notFound("Cliente");
      const ids = q.clientId ? [q.clientId] : actor.clientIds;
      const { items, total } = await repo.listForClientUser(db, actor.officeId, actor.userId, ids, {
        limit: q.pageSize,
        offset: (q.page - 1) * q.pageSize,
      });
      return { items: items.map(present), total, page: q.page, pageSize: q.pageSize };
    },
  );

  app.get("/api/portal/tickets/:id", { schema: { tags, params } }, async (request) => {
    const actor = requireClientUser(request);
    return present(await load(actor, request.params.id));
  });

  app.get("/api/portal/tickets/:id/history", { schema: { tags, params } }, async (request) => {
    const actor = requireClientUser(request);
    await load(actor, request.params.id);
    return clientHistory(
      await listEvents(db, actor.officeId, request.params.id, { clientVisibleOnly: true }),
    );
  });

  app.post(
    "/api/portal/tickets",
    {
      schema: {
        tags,
        summary: "Abrir uma solicitação (vira um atendimento Aberto)",
        body: portalTicketCreateSchema,
      },
    },
    async (request, reply) => {
      const actor = requireClientUser(request);
      if (!actor.clientIds.includes(request.body.clientId)) throw notFound("Cliente");
      const t = await createPortalRequest(db, actor, request.body);
      await bus
        .publish({ type: "ticket", officeId: actor.officeId, ticketId: t.id, reason: "created" })
        .catch((err: unknown) => request.log.error({ err }, "publish failed"));
      return reply.code(201).send(present(await load(actor, t.id)));
    },
  );
};
