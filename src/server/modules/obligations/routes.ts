import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { idSchema } from "../../../shared/api.js";
import {
  type CalendarSettingsDto,
  calendarSettingsSchema,
  deadlineQuerySchema,
  type GenerationResult,
  generateSchema,
  obligationSchema,
  officeHolidaySchema,
  periodSchema,
} from "../../../shared/obligations.js";
import { crudRoutes } from "../../lib/crud.js";
import { invalid, notFound } from "../../lib/errors.js";
import { requireAdmin, requireStaff } from "../auth/context.js";
import { STARTER_OBLIGATIONS } from "./catalogue.js";
import { listDeadlines } from "./deadlines.js";
import { generate, preview, redateFuture } from "./generation.js";
import { presentObligations, toColumns } from "./presenter.js";
import * as repo from "./repository.js";

const cadastro = crudRoutes({
  path: "/api/obligations",
  tag: "obrigações",
  label: "Obrigação",
  input: obligationSchema,
  authorizeRead: requireStaff,
  authorizeWrite: requireStaff,
  repo,
  async toValues(db, actor, input) {
    const fields: Record<string, string> = {};
    if (input.assigneeId && (await repo.countStaff(db, actor.officeId, input.assigneeId)) === 0)
      fields.assigneeId = "Responsável não encontrado";
    if (input.serviceId && (await repo.countServices(db, actor.officeId, input.serviceId)) === 0)
      fields.serviceId = "Serviço não encontrado";
    const clientIds = [...new Set(input.clientIds)];
    if (clientIds.length && (await repo.countClients(db, actor.officeId, clientIds)) !== clientIds.length)
      fields.clientIds = "Cliente não encontrado";
    if (Object.keys(fields).length) throw invalid(fields);
    return toColumns(input);
  },
  // a rule change re-dates only the untouched, still-open atendimentos due from today on
  afterUpdate: async (db, actor, row) => {
    await redateFuture(db, actor.officeId, row, actor.userId);
  },
  present: presentObligations,
  uniqueMessages: {},
});

export const obligationRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;
  const params = z.object({ id: idSchema });
  await app.register(cadastro);

  // deleted: no more generation; the atendimentos already generated are kept (and say so)
  app.delete("/api/obligations/:id", { schema: { tags: ["obrigações"], params } }, async (request, reply) => {
    const actor = requireStaff(request);
    const row = await repo.softDelete(db, actor.officeId, request.params.id);
    if (!row) throw notFound("Obrigação");
    return reply.code(204).send();
  });

  // the starter catalogue: adds the ones the office does not have yet (by name)
  app.post("/api/obligations/starter", { schema: { tags: ["obrigações"] } }, async (request) => {
    const actor = requireStaff(request);
    return db.transaction(async (tx) => {
      const have = await repo.names(tx, actor.officeId);
      const missing = STARTER_OBLIGATIONS.filter((s) => !have.has(s.name.toLowerCase()));
      await repo.insertMany(
        tx,
        actor.officeId,
        missing.map(({ source: _source, ...s }) => toColumns(obligationSchema.parse(s))),
      );
      return { added: missing.length };
    });
  });

  app.get(
    "/api/obligations/preview",
    { schema: { tags: ["obrigações"], querystring: z.object({ period: periodSchema }) } },
    async (request) => {
      const actor = requireStaff(request);
      return preview(db, actor.officeId, request.query.period);
    },
  );

  app.post(
    "/api/obligations/generate",
    { schema: { tags: ["obrigações"], body: generateSchema } },
    async (request) => {
      const actor = requireStaff(request);
      return (await generate(db, actor.officeId, request.body.period, actor.userId)) as GenerationResult;
    },
  );

  app.get(
    "/api/obligations/deadlines",
    { schema: { tags: ["obrigações"], querystring: deadlineQuerySchema } },
    async (request) => {
      const actor = requireStaff(request);
      return listDeadlines(db, actor.officeId, request.query.month, request.query.scope);
    },
  );

  // ---------- fiscal calendar ----------

  const calendarDto = async (officeId: string): Promise<CalendarSettingsDto> => {
    const s = await repo.calendarSettings(db, officeId);
    return {
      carnaval: s.carnaval,
      corpusChristi: s.corpusChristi,
      holidays: s.holidays.map((h) => ({
        id: h.id,
        date: h.date,
        recurring: h.recurring,
        name: h.name,
        uf: h.uf,
        cityIbgeCode: h.cityIbgeCode,
      })),
    };
  };

  app.get("/api/fiscal-calendar", { schema: { tags: ["obrigações"] } }, async (request) => {
    const actor = requireStaff(request);
    return calendarDto(actor.officeId);
  });

  app.put(
    "/api/fiscal-calendar",
    { schema: { tags: ["obrigações"], body: calendarSettingsSchema } },
    async (request) => {
      const actor = requireAdmin(request);
      await repo.saveCalendarSettings(db, actor.officeId, request.body);
      return calendarDto(actor.officeId);
    },
  );

  app.post(
    "/api/fiscal-calendar/holidays",
    { schema: { tags: ["obrigações"], body: officeHolidaySchema } },
    async (request, reply) => {
      const actor = requireAdmin(request);
      const h = await repo.insertHoliday(db, actor.officeId, request.body);
      return reply.code(201).send({
        id: h.id,
        date: h.date,
        recurring: h.recurring,
        name: h.name,
        uf: h.uf,
        cityIbgeCode: h.cityIbgeCode,
      });
    },
  );

  app.delete(
    "/api/fiscal-calendar/holidays/:id",
    { schema: { tags: ["obrigações"], params } },
    async (request, reply) => {
      const actor = requireAdmin(request);
      if (!(await repo.deleteHoliday(db, actor.officeId, request.params.id))) throw notFound("Feriado");
      return reply.code(204).send();
    },
  );
};
