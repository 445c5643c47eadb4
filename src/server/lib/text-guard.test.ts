import Fastify from "fastify";
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from "fastify-type-provider-zod";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { errorHandler } from "./error-handler.js";
import { textGuard } from "./text-guard.js";

/** A route that declares its strings without the shared text rule: the net still refuses them. */
const app = Fastify().withTypeProvider<ZodTypeProvider>();
let seen: unknown[] = [];
beforeAll(async () => {
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler);
  await textGuard(app);
  await app.register(async (child) => {
    child.withTypeProvider<ZodTypeProvider>().post(
      "/raw/:key",
      {
        schema: {
          params: z.object({ key: z.string() }),
          querystring: z.object({ q: z.string().optional() }),
          body: z.object({ note: z.string(), tags: z.array(z.object({ name: z.string() })).default([]) }),
        },
      },
      async (request) => {
        seen.push(request.body);
        return { ok: true };
      },
    );
  });
  await app.ready();
});
afterAll(() => app.close());

describe("textGuard", () => {
  it.each([
    ["/raw/k", { note: "\ud800" }, "note", "Verifique os campos destacados."],
    ["/raw/k", { note: "ok", tags: [{ name: "a\u0000" }] }, "tags.0.name", "Verifique os campos destacados."],
    ["/raw/k?q=%00", { note: "ok" }, "q", "Parâmetros inválidos."],
    ["/raw/a%1Bb", { note: "ok" }, "key", "Parâmetros inválidos."],
  ])("%s %j → 400 naming %s, handler not reached", async (url, payload, field, message) => {
    seen = [];
    const res = await app.inject({ method: "POST", url, payload });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({
      error: {
        code: "validation_failed",
        message,
        fields: { [field]: "O texto contém caracteres não permitidos" },
      },
    });
    expect(seen).toEqual([]);
  });

  it("lets line breaks, tabs and any well-formed Unicode through", async () => {
    seen = [];
    const note = "linha 1\r\nlinha 2\tÇ 😀 \u2028";
    const res = await app.inject({ method: "POST", url: "/raw/k?q=a%20b", payload: { note } });
    expect(res.statusCode).toBe(200);
    expect(seen).toEqual([{ note, tags: [] }]);
  });
});
