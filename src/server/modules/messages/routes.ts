import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { idSchema, type MessageDto, messageCreateSchema } from "../../../shared/api.js";
import { requireActor } from "../auth/context.js";
import { authorizeTicket } from "../tickets/policy.js";
import { markTicketRead, postMessage } from "./commands.js";
import { listMessagesForActor, loadMessageForActor } from "./queries.js";
import * as repo from "./repository.js";

const params = z.object({ id: idSchema });
const tags = ["chat"];

/** The chat of an atendimento, for office staff and the client users of its company alike. */
export const messageRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, jobs, config, bus } = app.deps;

  app.get(
    "/api/tickets/:id/messages",
    { schema: { tags, summary: "Mensagens do chat (notas internas só para a equipe)", params } },
    async (request): Promise<MessageDto[]> => {
      const actor = requireActor(request);
      authorizeTicket(actor, "read", await repo.ticketFacts(db, actor.officeId, request.params.id));
      return listMessagesForActor(db, actor, request.params.id);
    },
  );

  app.post(
    "/api/tickets/:id/messages",
    { schema: { tags, summary: "Enviar mensagem ou nota interna", params, body: messageCreateSchema } },
    async (request, reply) => {
      const actor = requireActor(request);
      const m = await postMessage(
        db,
        jobs,
        config.digestDelaySeconds,
        actor,
        request.params.id,
        request.body,
      );
      const ev = { officeId: actor.officeId, ticketId: request.params.id };
      await bus
        .publish({ type: "message", ...ev, messageId: m.id, internal: m.internal })
        .catch((err) => request.log.error({ err }, "publish failed"));
      const dto = await loadMessageForActor(db, actor, m.id);
      return reply.code(201).send(dto);
    },
  );

  app.post(
    "/api/tickets/:id/read",
    { schema: { tags, summary: "Marcar o chat como lido", params, body: z.object({}).nullish() } },
    async (request) => {
      const actor = requireActor(request);
      const at = await markTicketRead(db, actor, request.params.id);
      const side = actor.role === "client" ? "client" : "office";
      await bus
        .publish({
          type: "read",
          officeId: actor.officeId,
          ticketId: request.params.id,
          side,
          at: at.toISOString(),
        })
        .catch((err) => request.log.error({ err }, "publish failed"));
      return { readAt: at.toISOString() };
    },
  );
};
