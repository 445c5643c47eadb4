import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { idSchema } from "../../../shared/api.js";
import {
  IMPORT_KINDS,
  IMPORT_UPLOAD_FIELD,
  importMappingSchema,
  importQuerySchema,
} from "../../../shared/imports.js";
import { AppError } from "../../lib/errors.js";
import { normalizeFileName } from "../attachments/file-name.js";
import { requireStaff } from "../auth/context.js";
import { createImport, getImport, presentImport, runBatch, setMapping } from "./commands.js";
import { emptyFile, parseSpreadsheet } from "./parse.js";

const mb = (bytes: number) =>
  `${new Intl.NumberFormat("pt-BR", { maximumFractionDigits: 1 }).format(bytes / 2 ** 20)} MB`;

/**
 * Import of clients and services from a spreadsheet (.csv or .xlsx):
 * POST /api/imports?kind=clients (multipart, field "file") → preview, nothing written;
 * GET /api/imports/:id (pages of the preview); PUT …/mapping (columns chosen again);
 * POST …/run commits the next batch of rows and answers the progress, until status "done".
 */
export const importRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, config } = app.deps;
  const params = z.object({ id: idSchema });
  const tooLarge = () =>
    new AppError(
      413,
      "file_too_large",
      `O arquivo excede o limite de ${mb(config.importMaxBytes)} para importação. Divida a planilha em partes menores.`,
    );

  app.post(
    "/api/imports",
    {
      schema: {
        tags: ["importação"],
        querystring: z.object({ kind: z.enum(IMPORT_KINDS, { error: "Tipo de importação inválido" }) }),
      },
    },
    async (request, reply) => {
      const actor = requireStaff(request);
      if (!request.isMultipart()) {
        throw new AppError(
          415,
          "unsupported_media_type",
          `Envie o arquivo como multipart/form-data, no campo "${IMPORT_UPLOAD_FIELD}".`,
        );
      }
      const declared = Number(request.headers["content-length"]);
      if (Number.isFinite(declared) && declared > config.importMaxBytes + 64 * 1024) throw tooLarge();
      const part = await request.file({ limits: { fileSize: config.importMaxBytes, files: 1 } });
      if (!part || part.fieldname !== IMPORT_UPLOAD_FIELD) {
        throw new AppError(400, "validation_failed", "Selecione um arquivo .csv ou .xlsx.", {
          [IMPORT_UPLOAD_FIELD]: "Selecione um arquivo",
        });
      }
      let buffer: Buffer;
      try {
        buffer = await part.toBuffer();
      } catch (err) {
        if ((err as { code?: string }).code === "FST_REQ_FILE_TOO_LARGE") throw tooLarge();
        throw err;
      }
      if (part.file.truncated) throw tooLarge();
      if (buffer.length === 0) throw emptyFile();
      const fileName = normalizeFileName(part.filename || "planilha");
      const sheet = await parseSpreadsheet(buffer, fileName, { maxRows: config.importMaxRows });
      const row = await createImport(db, actor, request.query.kind, fileName, sheet);
      return reply.code(201).send(await presentImport(db, actor, row));
    },
  );

  app.get(
    "/api/imports/:id",
    { schema: { tags: ["importação"], params, querystring: importQuerySchema } },
    async (request) => {
      const actor = requireStaff(request);
      const row = await getImport(db, actor, request.params.id);
      return presentImport(db, actor, row, request.query);
    },
  );

  app.put(
    "/api/imports/:id/mapping",
    { schema: { tags: ["importação"], params, body: importMappingSchema } },
    async (request) => {
      const actor = requireStaff(request);
      const row = await setMapping(db, actor, request.params.id, request.body.mapping);
      return presentImport(db, actor, row);
    },
  );

  app.post("/api/imports/:id/run", { schema: { tags: ["importação"], params } }, async (request) => {
    const actor = requireStaff(request);
    const row = await db.transaction((tx) => runBatch(tx, actor, request.params.id));
    return presentImport(db, actor, row, { page: 1, pageSize: 0, show: "all" });
  });
};
