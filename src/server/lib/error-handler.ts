import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import { hasZodFastifySchemaValidationErrors } from "fastify-type-provider-zod";
import type { ApiErrorBody } from "../../shared/api.js";
import { StorageUnavailableError } from "../storage/blob-store.js";
import { AppError, DATABASE_RETRY_AFTER_SECONDS, databaseUnavailable, storageUnavailable } from "./errors.js";
import { isDatabaseUnavailable, pgErrorCode } from "./sql.js";

/** text PostgreSQL cannot store (a NUL character, 0x00): the client's input, not a server fault */
const BAD_TEXT_CODES = new Set(["22021", "22P05"]);

const mb = (bytes: number) =>
  `${new Intl.NumberFormat("pt-BR", { maximumFractionDigits: 1 }).format(bytes / 2 ** 20)} MB`;
/** pt-BR messages for the limits of @fastify/multipart, naming the configured limit */
const MULTIPART_LIMITS: Record<string, (request: FastifyRequest) => string> = {
  FST_REQ_FILE_TOO_LARGE: (r) => `O arquivo excede o limite de ${mb(r.server.deps.config.maxFileBytes)}.`,
  FST_FILES_LIMIT: (r) => `Envie no máximo ${r.server.deps.config.maxFilesPerRequest} arquivos por vez.`,
  FST_PARTS_LIMIT: () => "O envio tem partes demais.",
  FST_FIELDS_LIMIT: () => "O envio tem campos demais.",
};

/** The one error handler: every error leaves as { error: { code, message, fields? } } with its status. */
export function errorHandler(
  error: FastifyError | AppError | Error,
  request: FastifyRequest,
  reply: FastifyReply,
) {
  let status = 500;
  let body: ApiErrorBody;
  if (error instanceof StorageUnavailableError) {
    // the object store went away during the request (S3 down, unreachable): nothing was written
    request.log.warn({ err: error }, "file storage unavailable");
    error = storageUnavailable();
  } else if (!(error instanceof AppError) && isDatabaseUnavailable(error)) {
    // the database went away (restart, failover, a cut connection): not a fault of this request
    request.log.warn({ err: error }, "database unavailable");
    error = databaseUnavailable();
  }
  if (error instanceof AppError) {
    status = error.status;
    body = { error: { code: error.code, message: error.message, fields: error.fields } };
  } else if (hasZodFastifySchemaValidationErrors(error)) {
    status = 400;
    const fields: Record<string, string> = {};
    for (const v of error.validation) {
      const key = v.instancePath.replace(/^\//, "").replace(/\//g, ".") || "_";
      fields[key] ??= v.message ?? "Valor inválido";
    }
    const where =
      error.validationContext === "body" ? "Verifique os campos destacados." : "Parâmetros inválidos.";
    body = { error: { code: "validation_failed", message: where, fields } };
  } else if (
    "code" in error &&
    typeof error.code === "string" &&
    Object.hasOwn(MULTIPART_LIMITS, error.code)
  ) {
    // a limit of @fastify/multipart reached outside a route that reports it itself
    status = 413;
    body = { error: { code: "file_too_large", message: MULTIPART_LIMITS[error.code]?.(request) ?? "" } };
  } else if ("statusCode" in error && typeof error.statusCode === "number" && error.statusCode < 500) {
    status = error.statusCode;
    const message =
      status === 413
        ? "Conteúdo grande demais para ser enviado."
        : status === 415
          ? "Formato de conteúdo não suportado."
          : status === 400
            ? "Requisição inválida."
            : "Não foi possível atender a requisição.";
    body = { error: { code: error.code ?? "bad_request", message } };
  } else if (BAD_TEXT_CODES.has(pgErrorCode(error) ?? "")) {
    status = 400;
    body = { error: { code: "invalid_text", message: "O texto enviado contém caracteres não permitidos." } };
  } else {
    request.log.error({ err: error }, "unhandled error");
    body = { error: { code: "internal_error", message: "Erro interno. Tente novamente em instantes." } };
  }
  if (body.error.code === "database_unavailable" || body.error.code === "storage_unavailable")
    reply.header("Retry-After", String(DATABASE_RETRY_AFTER_SECONDS));
  else if (status >= 500 && error instanceof AppError) request.log.error({ err: error }, "server error");
  return reply.code(status).send(body);
}
