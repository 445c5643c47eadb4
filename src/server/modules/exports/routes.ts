import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import {
  debtExportQuerySchema,
  type ExportFormat,
  ticketExportQuerySchema,
} from "../../../shared/exports.js";
import { todayInSaoPaulo } from "../../../shared/finance.js";
import { requireStaff } from "../auth/context.js";
import { debtFilterOf } from "../finance/list-filter.js";
import { presentDebt } from "../finance/presenter.js";
import * as financeRepo from "../finance/repository.js";
import { ticketFilterOf } from "../tickets/list-filter.js";
import { presentTicketRow } from "../tickets/presenter.js";
import * as ticketsRepo from "../tickets/repository.js";
import { debtColumns, ticketColumns } from "./columns.js";
import { CONTENT_TYPES, exportStream, inBatches } from "./writer.js";

const tags = ["exportações"];

const disposition = (name: string, format: ExportFormat) =>
  `attachment; filename="${name}-${todayInSaoPaulo()}.${format}"`;

/**
 * The grid and Contas a receber as the person filtered and sorted them, to CSV or XLSX. The ids are
 * read first (the list's own filter and order), the rows then in batches while the file streams.
 */
export const exportRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;

  app.get(
    "/api/tickets/export",
    {
      schema: {
        tags,
        summary: "Exportar a grade de atendimentos filtrada (CSV ou XLSX)",
        querystring: ticketExportQuerySchema,
      },
    },
    async (request, reply) => {
      const actor = requireStaff(request);
      const q = request.query;
      const ids = await ticketsRepo.exportIds(db, ticketFilterOf(actor.officeId, q));
      const rows = inBatches(ids, async (batch) =>
        (await ticketsRepo.rowsByIds(db, actor.officeId, batch)).map((r) => presentTicketRow(actor, r)),
      );
      return reply
        .header("content-type", CONTENT_TYPES[q.format])
        .header("content-disposition", disposition("atendimentos", q.format))
        .header("cache-control", "no-store")
        .send(exportStream(q.format, "Atendimentos", ticketColumns, rows));
    },
  );

  app.get(
    "/api/finance/debts/export",
    {
      schema: {
        tags,
        summary: "Exportar Contas a receber filtrado (CSV ou XLSX)",
        querystring: debtExportQuerySchema,
      },
    },
    async (request, reply) => {
      const actor = requireStaff(request);
      const q = request.query;
      const today = todayInSaoPaulo();
      const ids = await financeRepo.exportDebtIds(db, debtFilterOf(actor.officeId, q, today));
      const rows = inBatches(ids, async (batch) =>
        (await financeRepo.debtsByIds(db, actor.officeId, batch)).map((v) => presentDebt(actor, v, today)),
      );
      return reply
        .header("content-type", CONTENT_TYPES[q.format])
        .header("content-disposition", disposition("contas-a-receber", q.format))
        .header("cache-control", "no-store")
        .send(exportStream(q.format, "Contas a receber", debtColumns, rows));
    },
  );
};
