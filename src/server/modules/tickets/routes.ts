import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import {
  idSchema,
  type Page,
  reopenSchema,
  statusChangeSchema,
  type TicketRow,
  ticketInputSchema,
  ticketListQuerySchema,
  ticketUpdateSchema,
} from "../../../shared/api.js";
import { notFound } from "../../lib/errors.js";
import { requireStaff } from "../auth/context.js";
import { changeStatus, createTicket, reopenTicket, updateTicket } from "./commands.js";
import { saoPauloDayStart } from "./dates.js";
import { authorizeTicket } from "./policy.js";
import { presentEvent, presentTicketDetail, presentTicketRow } from "./presenter.js";
import * as repo from "./repository.js";

const params = z.object({ id: idSchema });
const tags = ["atendimentos"];

export const ticketRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;

  const detail = async (actor: ReturnType<typeof requireStaff>, id: string) => {
    const row = await repo.findDetail(db, actor.officeId, id);
    if (!row) throw notFound("Atendimento");
    return presentTicketDetail(actor, row);
  };

  app.get(
    "/api/tickets",
    {
      schema: {
        tags,
        summary: "Grid de atendimentos (filtros, busca, ordenação, paginação)",
        querystring: ticketListQuerySchema,
      },
    },
    async (request): Promise<Page<TicketRow>> => {
      const actor = requireStaff(request);
      const q = request.query;
      const { items, total } = await repo.list(db, {
        officeId: actor.officeId,
        statuses: q.status,
        assigneeId: q.assigneeId,
        requesterId: q.requesterId,
        serviceId: q.serviceId,
        openedFrom: q.openedFrom ? saoPauloDayStart(q.openedFrom) : undefined,
        openedBefore: q.openedTo ? saoPauloDayStart(q.openedTo, 1) : undefined,
        q: q.q || undefined,
        sort: q.sort,
        order: q.order,
        limit: q.pageSize,
        offset: (q.page - 1) * q.pageSize,
      });
      return {
        items: items.map((r) => presentTicketRow(actor, r)),
        total,
        page: q.page,
        pageSize: q.pageSize,
      };
    },
  );

  app.get("/api/tickets/:id", { schema: { tags, params } }, async (request) =>
    detail(requireStaff(request), request.params.id),
  );

  app.post(
    "/api/tickets",
    { schema: { tags, summary: "Adicionar atendimento", body: ticketInputSchema } },
    async (request, reply) => {
      const actor = requireStaff(request);
      const t = await createTicket(db, actor, request.body);
      return reply.code(201).send(await detail(actor, t.id));
    },
  );

  app.put(
    "/api/tickets/:id",
    { schema: { tags, summary: "Editar atendimento (com a versão lida)", params, body: ticketUpdateSchema } },
    async (request) => {
      const actor = requireStaff(request);
      await updateTicket(db, actor, request.params.id, request.body);
      return detail(actor, request.params.id);
    },
  );

  app.post(
    "/api/tickets/:id/status",
    { schema: { tags, summary: "Alterar o status", params, body: statusChangeSchema } },
    async (request) => {
      const actor = requireStaff(request);
      await changeStatus(db, actor, request.params.id, request.body);
      return detail(actor, request.params.id);
    },
  );

  app.post(
    "/api/tickets/:id/reopen",
    { schema: { tags, summary: "Reabrir (status Reaberto)", params, body: reopenSchema } },
    async (request) => {
      const actor = requireStaff(request);
      await reopenTicket(db, actor, request.params.id, request.body.version);
      return detail(actor, request.params.id);
    },
  );

  app.get("/api/tickets/:id/history", { schema: { tags, summary: "Histórico", params } }, async (request) => {
    const actor = requireStaff(request);
    const t = await repo.findDetail(db, actor.officeId, request.params.id);
    authorizeTicket(
      actor,
      "read",
      t ? { officeId: t.officeId, status: t.status, touchedAt: t.touchedAt } : undefined,
    );
    const events = await repo.listEvents(db, actor.officeId, request.params.id);
    return events.map(presentEvent);
  });
};
