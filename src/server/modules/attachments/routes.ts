import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import {
  type AttachmentDto,
  type ChatFilesResult,
  idSchema,
  type UploadLimits,
} from "../../../shared/api.js";
import { type Actor, requireActor } from "../auth/context.js";
import { sendFilesInChat } from "../messages/commands.js";
import { loadMessageForActor } from "../messages/queries.js";
import { addAttachments, removeAttachment } from "./commands.js";
import { safeMime } from "./content-type.js";
import { attachmentNotFound } from "./errors.js";
import { contentDisposition } from "./file-name.js";
import { authorizeAttachment, authorizeList, authorizeUpload, clientUploadForbidden } from "./policy.js";
import { presentAttachment } from "./presenter.js";
import * as repo from "./repository.js";
import { type ReceivedFile, receiveFiles } from "./upload.js";

const params = z.object({ id: idSchema });
const tags = ["anexos"];

/** Headers of every download: never shown inline, never sniffed, never cached by a shared cache. */
const DOWNLOAD_HEADERS = {
  "x-content-type-options": "nosniff",
  "content-security-policy": "default-src 'none'; sandbox",
  "cache-control": "private, no-store",
  "cross-origin-resource-policy": "same-origin",
};

/** The files just added, as their uploader sees them. */
function presentAdded(actor: Actor, added: Awaited<ReturnType<typeof addAttachments>>): AttachmentDto[] {
  return added.rows.map((r) =>
    presentAttachment(actor, {
      ...r,
      uploaderName: actor.name,
      ticketOfficeId: r.officeId,
      ticketStatus: added.ticketStatus,
      ticketRequesterId: added.ticketRequesterId,
    }),
  );
}

export const attachmentRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, config, blobStore, jobs, bus } = app.deps;
  const limits: UploadLimits = {
    maxFileBytes: config.maxFileBytes,
    maxFilesPerRequest: config.maxFilesPerRequest,
    maxRequestBytes: config.maxRequestBytes,
  };

  app.get(
    "/api/config/limits",
    { schema: { tags, summary: "Limites de envio de arquivos" } },
    async (request): Promise<UploadLimits> => {
      requireActor(request);
      return limits;
    },
  );

  app.get(
    "/api/tickets/:id/attachments",
    { schema: { tags, summary: "Arquivos do atendimento (mais antigos primeiro)", params } },
    async (request): Promise<AttachmentDto[]> => {
      const actor = requireActor(request);
      authorizeList(actor, await repo.findTicketFacts(db, actor.officeId, request.params.id));
      const rows = await repo.listByTicket(db, actor.officeId, request.params.id);
      return rows.map((r) => presentAttachment(actor, r));
    },
  );

  app.post(
    "/api/tickets/:id/attachments",
    {
      schema: {
        tags,
        summary: 'Anexar arquivos (multipart/form-data, campo "files", um ou mais)',
        params,
      },
    },
    async (request, reply) => {
      let actor: Actor;
      let files: ReceivedFile[];
      try {
        // refused before reading any byte of the body: client users send files through the chat
        actor = requireActor(request);
        if (actor.role === "client") throw clientUploadForbidden();
        authorizeUpload(actor, await repo.findTicketFacts(db, actor.officeId, request.params.id), "form");
        files = await receiveFiles(request, blobStore, limits);
      } catch (err) {
        // the rest of the body may still be on its way: close the connection instead of reading it
        reply.header("connection", "close");
        throw err;
      }
      const added = await addAttachments(db, actor, request.params.id, files);
      return reply.code(201).send(presentAdded(actor, added));
    },
  );

  app.post(
    "/api/tickets/:id/messages/files",
    {
      schema: {
        tags: ["chat"],
        summary: 'Enviar arquivos pelo chat (multipart/form-data, campo "files"): equipe e cliente',
        params,
      },
    },
    async (request, reply): Promise<ChatFilesResult> => {
      const actor = requireActor(request);
      let files: ReceivedFile[];
      try {
        authorizeUpload(actor, await repo.findTicketFacts(db, actor.officeId, request.params.id), "chat");
        files = await receiveFiles(request, blobStore, limits);
      } catch (err) {
        reply.header("connection", "close");
        throw err;
      }
      const { message, ...added } = await sendFilesInChat(
        db,
        jobs,
        config.digestDelaySeconds,
        actor,
        request.params.id,
        files,
      );
      await bus
        .publish({
          type: "message",
          officeId: actor.officeId,
          ticketId: request.params.id,
          messageId: message.id,
          internal: false,
        })
        .catch((err) => request.log.error({ err }, "publish failed"));
      const dto = await loadMessageForActor(db, actor, message.id);
      return reply.code(201).send({ attachments: presentAdded(actor, added), message: dto });
    },
  );

  app.get(
    "/api/attachments/:id/download",
    { schema: { tags, summary: "Baixar o arquivo (sempre como anexo)", params } },
    async (request, reply) => {
      const actor = requireActor(request);
      const found = await repo.findById(db, actor.officeId, request.params.id);
      authorizeAttachment(actor, "download", found);
      let body: Awaited<ReturnType<typeof blobStore.open>>;
      try {
        body = await blobStore.open(found.sha256);
      } catch (err) {
        if ((err as { code?: string }).code !== "ENOENT") throw err;
        request.log.error({ attachmentId: found.id, sha256: found.sha256 }, "attachment blob missing");
        throw attachmentNotFound();
      }
      return reply
        .headers(DOWNLOAD_HEADERS)
        .header("content-type", safeMime(found.mime))
        .header("content-disposition", contentDisposition(found.name))
        .header("content-length", String(found.sizeBytes))
        .send(body);
    },
  );

  app.delete(
    "/api/attachments/:id",
    { schema: { tags, summary: "Remover o arquivo (fica no histórico)", params } },
    async (request, reply) => {
      const actor = requireActor(request);
      await removeAttachment(db, actor, request.params.id);
      return reply.code(204).send();
    },
  );
};
