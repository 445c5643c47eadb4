import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { type AttachmentDto, idSchema, type UploadLimits } from "../../../shared/api.js";
import { requireActor } from "../auth/context.js";
import { addAttachments, removeAttachment } from "./commands.js";
import { safeMime } from "./content-type.js";
import { attachmentNotFound } from "./errors.js";
import { contentDisposition } from "./file-name.js";
import { authorizeAttachment, authorizeList, authorizeUpload } from "./policy.js";
import { presentAttachment } from "./presenter.js";
import * as repo from "./repository.js";
import { receiveFiles } from "./upload.js";

const params = z.object({ id: idSchema });
const tags = ["anexos"];

/** Headers of every download: never shown inline, never sniffed, never cached by a shared cache. */
const DOWNLOAD_HEADERS = {
  "x-content-type-options": "nosniff",
  "content-security-policy": "default-src 'none'; sandbox",
  "cache-control": "private, no-store",
  "cross-origin-resource-policy": "same-origin",
};

export const attachmentRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, config, blobStore } = app.deps;
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
      const actor = requireActor(request);
      let files: Awaited<ReturnType<typeof receiveFiles>>;
      try {
        // refused before reading any byte of the body
        authorizeUpload(actor, await repo.findTicketFacts(db, actor.officeId, request.params.id));
        files = await receiveFiles(request, blobStore, limits);
      } catch (err) {
        // the rest of the body may still be on its way: close the connection instead of reading it
        reply.header("connection", "close");
        throw err;
      }
      const { ticketStatus, ticketRequesterId, rows } = await addAttachments(
        db,
        actor,
        request.params.id,
        files,
      );
      const dtos = rows.map((r) =>
        presentAttachment(actor, {
          ...r,
          uploaderName: actor.name,
          ticketOfficeId: r.officeId,
          ticketStatus,
          ticketRequesterId,
        }),
      );
      return reply.code(201).send(dtos);
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
