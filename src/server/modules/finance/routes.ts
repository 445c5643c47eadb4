import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import {
  type ChargeQuote,
  type DebtDetail,
  type DebtPage,
  debtListQuerySchema,
  idSchema,
  type MovimentarResult,
  movimentarSchema,
  paymentSchema,
  quoteQuerySchema,
  reasonSchema,
  type StatementDto,
  statementQuerySchema,
} from "../../../shared/api.js";
import { todayInSaoPaulo } from "../../../shared/finance.js";
import { notFound } from "../../lib/errors.js";
import { requireStaff } from "../auth/context.js";
import { presentTicketDetail } from "../tickets/presenter.js";
import * as ticketsRepo from "../tickets/repository.js";
import { categoryRoutes } from "./categories.js";
import { cancelDebt, movimentar, registerPayment, reversePayment } from "./commands.js";
import { checkRange, debtFilterOf } from "./list-filter.js";
import { authorizeDebt } from "./policy.js";
import { buildStatement, loadDebtDetail, presentDebt, quoteOf, ratesOf } from "./presenter.js";
import * as repo from "./repository.js";
import { financeSettingsRoutes } from "./settings.js";

const params = z.object({ id: idSchema });
const tags = ["financeiro"];

/** Contas a receber, Movimentar, baixa, estorno, cancelamento e extrato (staff only). */
export const financeRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, bus } = app.deps;
  await app.register(categoryRoutes);
  await app.register(financeSettingsRoutes);

  /** after the commit: grids and drawers showing the atendimento refresh its open debts */
  const announce = (officeId: string, ticketId: string | null) =>
    ticketId
      ? bus.publish({ type: "ticket", officeId, ticketId, reason: "updated" }).catch((err: unknown) => {
          app.log.error({ err }, "publish failed");
        })
      : Promise.resolve();

  app.post(
    "/api/tickets/:id/debts",
    {
      schema: {
        tags,
        summary: "Movimentar: lançar o valor do atendimento como débito do cliente (parcelas)",
        params,
        body: movimentarSchema,
      },
    },
    async (request, reply) => {
      const actor = requireStaff(request);
      const { debts, ticketId } = await movimentar(db, actor, request.params.id, request.body);
      await announce(actor.officeId, ticketId);
      const today = todayInSaoPaulo();
      const views = await Promise.all(debts.map((d) => repo.findDebt(db, actor.officeId, d.id)));
      const ticket = await ticketsRepo.findDetail(db, actor.officeId, ticketId);
      if (!ticket) throw notFound("Atendimento");
      const result: MovimentarResult = {
        debts: views.flatMap((v) => (v ? [presentDebt(actor, v, today)] : [])),
        ticket: presentTicketDetail(actor, ticket),
      };
      return reply.code(201).send(result);
    },
  );

  app.get(
    "/api/finance/debts",
    {
      schema: {
        tags,
        summary: "Contas a receber: débitos com filtros, busca, ordenação e totais",
        querystring: debtListQuerySchema,
      },
    },
    async (request): Promise<DebtPage> => {
      const actor = requireStaff(request);
      const q = request.query;
      const today = todayInSaoPaulo();
      const { items, totals } = await repo.listDebts(db, {
        ...debtFilterOf(actor.officeId, q, today),
        limit: q.pageSize,
        offset: (q.page - 1) * q.pageSize,
      });
      return {
        items: items.map((v) => presentDebt(actor, v, today)),
        total: totals.count,
        page: q.page,
        pageSize: q.pageSize,
        totals,
      };
    },
  );

  app.get(
    "/api/finance/debts/:id",
    { schema: { tags, summary: "Débito com pagamentos e histórico", params } },
    async (request): Promise<DebtDetail> => loadDebtDetail(db, requireStaff(request), request.params.id),
  );

  app.get(
    "/api/finance/debts/:id/quote",
    {
      schema: {
        tags,
        summary: "Valor para quitar o saldo numa data (com multa e juros)",
        params,
        querystring: quoteQuerySchema,
      },
    },
    async (request): Promise<ChargeQuote> => {
      const actor = requireStaff(request);
      const view = await repo.findDebt(db, actor.officeId, request.params.id);
      authorizeDebt(actor, "read", view?.debt);
      const settings = await repo.getFinanceSettings(db, actor.officeId);
      return quoteOf(view.debt, request.query.on ?? todayInSaoPaulo(), ratesOf(settings));
    },
  );

  app.post(
    "/api/finance/debts/:id/payments",
    { schema: { tags, summary: "Baixa: registrar um pagamento", params, body: paymentSchema } },
    async (request, reply) => {
      const actor = requireStaff(request);
      const { debt } = await registerPayment(db, actor, request.params.id, request.body);
      await announce(actor.officeId, debt.ticketId);
      return reply.code(201).send(await loadDebtDetail(db, actor, debt.id));
    },
  );

  app.post(
    "/api/finance/payments/:id/reversal",
    { schema: { tags, summary: "Estornar um pagamento (com o motivo)", params, body: reasonSchema } },
    async (request): Promise<DebtDetail> => {
      const actor = requireStaff(request);
      const { debt } = await reversePayment(db, actor, request.params.id, request.body.reason);
      await announce(actor.officeId, debt.ticketId);
      return loadDebtDetail(db, actor, debt.id);
    },
  );

  app.post(
    "/api/finance/debts/:id/cancel",
    {
      schema: {
        tags,
        summary: "Cancelar um débito sem pagamentos (com o motivo)",
        params,
        body: reasonSchema,
      },
    },
    async (request): Promise<DebtDetail> => {
      const actor = requireStaff(request);
      const { debt } = await cancelDebt(db, actor, request.params.id, request.body.reason);
      await announce(actor.officeId, debt.ticketId);
      return loadDebtDetail(db, actor, debt.id);
    },
  );

  app.get(
    "/api/finance/clients/:clientId/statement",
    {
      schema: {
        tags,
        summary: "Extrato do cliente com saldo",
        params: z.object({ clientId: idSchema }),
        querystring: statementQuerySchema,
      },
    },
    async (request): Promise<StatementDto> => {
      const actor = requireStaff(request);
      const { from, to } = request.query;
      checkRange(from, to, "to");
      const client = await repo.findClient(db, actor.officeId, request.params.clientId);
      if (!client) throw notFound("Cliente");
      const rows = await repo.statementRows(db, actor.officeId, client.id);
      return buildStatement(client, rows, { from, to });
    },
  );
};
