import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { idSchema, type Page } from "../../../shared/api.js";
import { todayInSaoPaulo } from "../../../shared/finance.js";
import { PRICE_INDEXES } from "../../../shared/honorarios.js";
import {
  type AgingReport,
  type BillingPreview,
  type BillingRunResult,
  billingQuerySchema,
  billingRunSchema,
  type CarteiraReport,
  carteiraQuerySchema,
  type FeeContractDetail,
  type FeeContractDto,
  type FeeSettingsDto,
  feeContractListQuerySchema,
  feeContractSchema,
  feeContractUpdateSchema,
  feeSettingsSchema,
  type PortalFeeContract,
  type PriceIndexImportResult,
  type PriceIndexValueDto,
  periodSchema,
  priceIndexImportSchema,
  priceIndexQuerySchema,
  priceIndexValueSchema,
} from "../../../shared/honorarios-api.js";
import { QUEUES } from "../../jobs/queue.js";
import { invalid, notFound } from "../../lib/errors.js";
import { requireClientUser, requireStaff } from "../auth/context.js";
import { previewBilling, runBilling } from "./billing.js";
import {
  addIndexValue,
  changeIndexValue,
  createContract,
  importIndexCsv,
  updateContract,
} from "./commands.js";
import { presentCharge, presentContracts, presentEvent } from "./presenter.js";
import { aging, carteira } from "./reports.js";
import * as repo from "./repository.js";

const tags = ["honorários"];
const params = z.object({ id: idSchema });

const presentIndex = (r: Awaited<ReturnType<typeof repo.listIndexValues>>[number]): PriceIndexValueDto => ({
  index: r.index,
  period: r.period,
  ratePpm: r.ratePpm,
  updatedAt: r.updatedAt.toISOString(),
});

/** Contratos de honorários, índices, faturamento e relatórios (staff); the portal's view of a client's contract. */
export const feeRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, jobs, config } = app.deps;

  async function contractDto(officeId: string, id: string) {
    const view = await repo.findContract(db, officeId, id);
    if (!view) throw notFound("Contrato");
    const [dto] = await presentContracts(db, officeId, [view], todayInSaoPaulo());
    return dto as FeeContractDto;
  }

  app.get(
    "/api/fees/contracts",
    { schema: { tags, summary: "Contratos de honorários", querystring: feeContractListQuerySchema } },
    async (request): Promise<Page<FeeContractDto>> => {
      const actor = requireStaff(request);
      const q = request.query;
      const today = todayInSaoPaulo();
      const { items, total } = await repo.listContracts(db, {
        officeId: actor.officeId,
        today,
        clientIds: q.clientId ? [q.clientId] : undefined,
        q: q.q || undefined,
        state: q.active === "true" ? "active" : q.active === "false" ? "ended" : q.state,
        limit: q.pageSize,
        offset: (q.page - 1) * q.pageSize,
      });
      return {
        items: await presentContracts(db, actor.officeId, items, today),
        total,
        page: q.page,
        pageSize: q.pageSize,
      };
    },
  );

  app.post(
    "/api/fees/contracts",
    { schema: { tags, summary: "Criar contrato de honorários", body: feeContractSchema } },
    async (request, reply) => {
      const actor = requireStaff(request);
      const row = await createContract(db, actor, request.body);
      return reply.code(201).send(await contractDto(actor.officeId, row.id));
    },
  );

  app.get(
    "/api/fees/contracts/:id",
    { schema: { tags, summary: "Contrato com histórico (memória de cálculo) e cobranças", params } },
    async (request): Promise<FeeContractDetail> => {
      const actor = requireStaff(request);
      const dto = await contractDto(actor.officeId, request.params.id);
      const today = todayInSaoPaulo();
      const [events, charges] = await Promise.all([
        repo.listContractEvents(db, actor.officeId, dto.id),
        repo.feeCharges(db, actor.officeId, [dto.id]),
      ]);
      return {
        ...dto,
        events: events.map(presentEvent),
        charges: charges.map((d) => presentCharge(d, today)),
      };
    },
  );

  app.patch(
    "/api/fees/contracts/:id",
    { schema: { tags, summary: "Alterar ou encerrar contrato", params, body: feeContractUpdateSchema } },
    async (request): Promise<FeeContractDto> => {
      const actor = requireStaff(request);
      await updateContract(db, actor, request.params.id, request.body);
      return contractDto(actor.officeId, request.params.id);
    },
  );

  // ---------- índices ----------

  app.get(
    "/api/fees/indexes",
    { schema: { tags, summary: "Índices mensais (IPCA, IGP-M, INPC)", querystring: priceIndexQuerySchema } },
    async (request): Promise<PriceIndexValueDto[]> => {
      const actor = requireStaff(request);
      return (await repo.listIndexValues(db, actor.officeId, request.query.index)).map(presentIndex);
    },
  );

  app.post(
    "/api/fees/indexes",
    { schema: { tags, summary: "Cadastrar o índice de um mês", body: priceIndexValueSchema } },
    async (request, reply) => {
      const actor = requireStaff(request);
      return reply.code(201).send(presentIndex(await addIndexValue(db, actor, request.body)));
    },
  );

  app.put(
    "/api/fees/indexes/:index/:period",
    {
      schema: {
        tags,
        summary: "Corrigir o índice de um mês",
        params: z.object({
          index: z.enum(PRICE_INDEXES, { error: "Índice inválido" }),
          period: periodSchema,
        }),
        body: priceIndexValueSchema.pick({ ratePpm: true }),
      },
    },
    async (request): Promise<PriceIndexValueDto> => {
      const actor = requireStaff(request);
      const { index, period } = request.params;
      return presentIndex(await changeIndexValue(db, actor, index, period, request.body.ratePpm));
    },
  );

  app.post(
    "/api/fees/indexes/import",
    {
      schema: {
        tags,
        summary: "Importar índices de um CSV (competência;percentual)",
        body: priceIndexImportSchema,
      },
    },
    async (request): Promise<PriceIndexImportResult> => {
      const actor = requireStaff(request);
      const result = await importIndexCsv(db, actor, request.body);
      if (result.errors && !request.body.dryRun) {
        const first = result.rows.find((r) => r.error);
        throw invalid(
          { csv: `Linha ${first?.line}: ${first?.error}` },
          `O arquivo tem ${result.errors} linha(s) com erro: nada foi importado.`,
        );
      }
      return result;
    },
  );

  app.get(
    "/api/fees/settings",
    { schema: { tags, summary: "Configurações de honorários" } },
    async (request) => {
      const actor = requireStaff(request);
      return (await repo.getFeeSettings(db, actor.officeId)) satisfies FeeSettingsDto;
    },
  );

  app.put(
    "/api/fees/settings",
    { schema: { tags, summary: "Salvar configurações de honorários", body: feeSettingsSchema } },
    async (request): Promise<FeeSettingsDto> => {
      const actor = requireStaff(request);
      await repo.saveFeeSettings(db, actor.officeId, request.body.negativeIndex);
      return repo.getFeeSettings(db, actor.officeId);
    },
  );

  // ---------- faturamento ----------

  app.get(
    "/api/fees/billing",
    {
      schema: { tags, summary: "Prévia do faturamento de uma competência", querystring: billingQuerySchema },
    },
    async (request): Promise<BillingPreview> =>
      previewBilling(db, requireStaff(request), request.query.period),
  );

  app.post(
    "/api/fees/billing",
    { schema: { tags, summary: "Faturar a competência (idempotente)", body: billingRunSchema } },
    async (request): Promise<BillingRunResult> => {
      const actor = requireStaff(request);
      const result = await runBilling(db, jobs, actor, request.body, { publicUrl: config.publicUrl });
      if (result.emailsQueued) jobs.wake(QUEUES.email);
      return result;
    },
  );

  // ---------- relatórios ----------

  app.get(
    "/api/fees/reports/carteira",
    {
      schema: {
        tags,
        summary: "Carteira: MRR, faixas, churn, faturado x recebido",
        querystring: carteiraQuerySchema,
      },
    },
    async (request): Promise<CarteiraReport> =>
      carteira(db, requireStaff(request).officeId, request.query.period),
  );

  app.get(
    "/api/fees/reports/aging",
    { schema: { tags, summary: "Aging de contas a receber" } },
    async (request): Promise<AgingReport> => aging(db, requireStaff(request).officeId, todayInSaoPaulo()),
  );

  // ---------- portal ----------

  app.get(
    "/api/portal/fees",
    { schema: { tags: ["portal do cliente"], summary: "Contratos de honorários das minhas empresas" } },
    async (request): Promise<PortalFeeContract[]> => {
      const actor = requireClientUser(request);
      if (actor.clientIds.length === 0) return [];
      const today = todayInSaoPaulo();
      const { items } = await repo.listContracts(db, {
        officeId: actor.officeId,
        today,
        clientIds: actor.clientIds,
        state: "all",
        limit: 50,
        offset: 0,
      });
      const dtos = await presentContracts(db, actor.officeId, items, today);
      const charges = await repo.feeCharges(
        db,
        actor.officeId,
        dtos.map((d) => d.id),
      );
      return dtos.map((d) => ({
        id: d.id,
        client: d.client,
        monthlyCents: d.monthlyCents,
        dueDay: d.dueDay,
        reajuste: d.reajuste,
        nextReajuste: d.nextReajuste,
        startDate: d.startDate,
        endDate: d.endDate,
        charges: charges
          .filter((c) => c.feeContractId === d.id && c.state !== "cancelled")
          .slice(0, 24)
          .map((c) => presentCharge(c, today)),
      }));
    },
  );
};
