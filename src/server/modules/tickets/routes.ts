import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import {
  type BulkItemResult,
  type BulkResult,
  bulkActionSchema,
  idSchema,
  type Page,
  reopenSchema,
  statusChangeSchema,
  type TicketRow,
  type TicketWithEmail,
  ticketInputSchema,
  ticketListQuerySchema,
  ticketUpdateSchema,
} from "../../../shared/api.js";
import { QUEUES } from "../../jobs/queue.js";
import { AppError, notFound } from "../../lib/errors.js";
import { requireStaff } from "../auth/context.js";
import type { EmailRow } from "../mail/repository.js";
import { outcomeOf } from "../mail/wording.js";
import {
  changeAssignee,
  changeStatus,
  createTicket,
  notifyTicket,
  reopenTicket,
  updateTicket,
} from "./commands.js";
import { ticketFilterOf } from "./list-filter.js";
import { authorizeTicket } from "./policy.js";
import { presentEvent, presentTicketDetail, presentTicketRow } from "./presenter.js";
import * as repo from "./repository.js";

const params = z.object({ id: idSchema });
const tags = ["atendimentos"];

export const ticketRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, jobs, config, bus } = app.deps;
  /** after the commit: grids, chats and portals showing the atendimento refresh it live */
  const announce = (actor: { officeId: string }, ticketId: string, reason: string) =>
    bus.publish({ type: "ticket", officeId: actor.officeId, ticketId, reason }).catch((err: unknown) => {
      app.log.error({ err }, "publish failed");
    });
  const mail = { jobs, publicUrl: config.publicUrl };

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
      const { items, total } = await repo.listWithTypos(db, {
        ...ticketFilterOf(actor.officeId, q),
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
      await announce(actor, t.id, "created");
      return reply.code(201).send(await detail(actor, t.id));
    },
  );

  app.put(
    "/api/tickets/:id",
    { schema: { tags, summary: "Editar atendimento (com a versão lida)", params, body: ticketUpdateSchema } },
    async (request) => {
      const actor = requireStaff(request);
      await updateTicket(db, actor, request.params.id, request.body);
      await announce(actor, request.params.id, "updated");
      return detail(actor, request.params.id);
    },
  );

  /**
   * After the commit the e-mail dispatcher is woken and the answer goes out at once, with the e-mail
   * as it is now ("na fila", or already final: no e-mail address, no SMTP). A slow or failing SMTP
   * server never slows a status change; the screen follows the outcome (`GET /api/emails/:id/outcome`,
   * woken by the atendimento's websocket event) and shows "E-mail enviado para …" or "Não foi
   * possível enviar o email: …" when it is known (ADR 0018).
   */
  const withEmailOutcome = async (
    actor: ReturnType<typeof requireStaff>,
    id: string,
    email: EmailRow,
  ): Promise<TicketWithEmail> => {
    if (email.state === "queued") jobs.wake(QUEUES.email);
    return { ...(await detail(actor, id)), email: outcomeOf(email) };
  };

  app.post(
    "/api/tickets/:id/status",
    {
      schema: {
        tags,
        summary: "Alterar o status (envia e-mail ao cliente)",
        params,
        body: statusChangeSchema,
      },
    },
    async (request) => {
      const actor = requireStaff(request);
      const { email } = await changeStatus(db, mail, actor, request.params.id, request.body);
      await announce(actor, request.params.id, "status");
      return withEmailOutcome(actor, request.params.id, email);
    },
  );

  app.post(
    "/api/tickets/:id/reopen",
    {
      schema: {
        tags,
        summary: "Reabrir (status Reaberto, envia e-mail ao cliente)",
        params,
        body: reopenSchema,
      },
    },
    async (request) => {
      const actor = requireStaff(request);
      const { email } = await reopenTicket(db, mail, actor, request.params.id, request.body.version);
      await announce(actor, request.params.id, "status");
      return withEmailOutcome(actor, request.params.id, email);
    },
  );

  app.post(
    "/api/tickets/:id/notify",
    {
      schema: {
        tags,
        summary: "Notificar: aviso de novo atendimento ao cliente e ao responsável",
        params,
        body: z.object({}).nullish(),
      },
    },
    async (request) => {
      const actor = requireStaff(request);
      const { email } = await notifyTicket(db, mail, actor, request.params.id);
      return withEmailOutcome(actor, request.params.id, email);
    },
  );

  /**
   * Bulk actions of the grid: every item runs alone, in its own transaction, through the same command
   * as the single action; a failed item (stale version, closed, not allowed, not found) is reported in
   * its result and never undoes or stops the others. E-mails queued by the items are woken at the end
   * (without waiting for each first attempt: the grid shows their state).
   */
  app.post(
    "/api/tickets/bulk",
    {
      schema: {
        tags,
        summary: "Ação em lote: alterar status, alterar responsável ou Notificar (resultado por atendimento)",
        body: bulkActionSchema,
      },
    },
    async (request): Promise<BulkResult> => {
      const actor = requireStaff(request);
      const body = request.body;
      const results: BulkItemResult[] = [];
      let queued = false;
      try {
        for (const { id, version } of body.items) {
          try {
            if (body.action === "status" && body.status) {
              const { email } = await changeStatus(db, mail, actor, id, { status: body.status, version });
              queued ||= email.state === "queued";
              await announce(actor, id, "status");
            } else if (body.action === "assignee" && body.assigneeId) {
              await changeAssignee(db, actor, id, body.assigneeId, version);
              await announce(actor, id, "updated");
            } else {
              const { email } = await notifyTicket(db, mail, actor, id);
              queued ||= email.state === "queued";
            }
            results.push({ id, ok: true, ticket: await detail(actor, id) });
          } catch (err) {
            if (!(err instanceof AppError) || err.status >= 500) throw err;
            const fields = err.fields ? Object.values(err.fields) : [];
            results.push({
              id,
              ok: false,
              error: { code: err.code, message: fields.length ? fields.join(" ") : err.message },
            });
          }
        }
      } finally {
        // the items already committed keep their e-mails even if a later item broke unexpectedly
        if (queued) jobs.wake(QUEUES.email);
      }
      return { results };
    },
  );

  app.get("/api/tickets/:id/history", { schema: { tags, summary: "Histórico", params } }, async (request) => {
    const actor = requireStaff(request);
    const t = await repo.findDetail(db, actor.officeId, request.params.id);
    authorizeTicket(
      actor,
      "read",
      t
        ? { officeId: t.officeId, status: t.status, touchedAt: t.touchedAt, requesterId: t.requesterId }
        : undefined,
    );
    const events = await repo.listEvents(db, actor.officeId, request.params.id);
    return events.map(presentEvent);
  });
};
