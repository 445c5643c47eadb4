import type { FastifyInstance } from "fastify";
import { findForbiddenText, forbiddenCharsMessage } from "../../shared/text.js";
import { invalid } from "./errors.js";

/**
 * The net under the text rule (shared/text.ts): every field of the API contract refuses lone
 * surrogates and control characters with its own message, in its schema. A string a route declares
 * some other way, after its schema has parsed it, is checked here too, so no such value reaches
 * PostgreSQL (a 500 on jsonb, NUL in text) or is stored changed (U+FFFD): a 400 naming the field.
 */
export async function textGuard(app: FastifyInstance) {
  app.addHook("preHandler", async (request) => {
    for (const [where, value] of [
      ["params", request.params],
      ["querystring", request.query],
      ["body", request.body],
    ] as const) {
      const path = findForbiddenText(value);
      if (path)
        throw invalid(
          { [path]: forbiddenCharsMessage() },
          where === "body" ? "Verifique os campos destacados." : "Parâmetros inválidos.",
        );
    }
  });
}
