import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import { hasZodFastifySchemaValidationErrors } from "fastify-type-provider-zod";
import type { ApiErrorBody } from "../../shared/api.js";
import { AppError } from "./errors.js";

/** The one error handler: every error leaves as { error: { code, message, fields? } } with its status. */
export function errorHandler(
  error: FastifyError | AppError | Error,
  request: FastifyRequest,
  reply: FastifyReply,
) {
  let status = 500;
  let body: ApiErrorBody;
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
  } else {
    request.log.error({ err: error }, "unhandled error");
    body = { error: { code: "internal_error", message: "Erro interno. Tente novamente em instantes." } };
  }
  if (status >= 500 && error instanceof AppError) request.log.error({ err: error }, "server error");
  return reply.code(status).send(body);
}
