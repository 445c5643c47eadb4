import type { FastifyReply } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import {
  type CollectionResult,
  idSchema,
  type PixCharge,
  type PortalDebt,
  type PortalDebtList,
  type PortalReceipt,
  portalDebtQuerySchema,
} from "../../../shared/api.js";
import { addMonths, debtStatus, splitDueNow, todayInSaoPaulo } from "../../../shared/finance.js";
import { QUEUES } from "../../jobs/queue.js";
import { forbidden, notFound } from "../../lib/errors.js";
import { type Actor, requireActor, requireStaff } from "../auth/context.js";
import * as mailRepo from "../mail/repository.js";
import { awaitFirstAttempt } from "../mail/sender.js";
import { outcomeOf } from "../mail/wording.js";
import { sendCollection } from "./collection.js";
import * as collectionRepo from "./collection-repository.js";
import { buildPixCharge, dueToday, pixReceiverOf } from "./pix-charge.js";
import { authorizeDebt } from "./policy.js";
import { loadDebtDetail, receiptNumber } from "./presenter.js";
import {
  loadPaymentReceipt,
  loadReceipt,
  receiptFilename,
  renderPaymentReceiptPdf,
  renderReceiptPdf,
  settlementFilename,
} from "./receipt.js";
import { findDebt, getFinanceSettings } from "./repository.js";

const params = z.object({ id: idSchema });
const tags = ["financeiro"];

function requireClientUser(request: Parameters<typeof requireActor>[0]): Actor {
  const actor = requireActor(request);
  if (actor.role !== "client") throw forbidden("O portal é para os usuários dos clientes do escritório.");
  return actor;
}

/** Cobrança: the PIX code of a debt, the cobrança e-mail, the recibo PDF and the portal's debts. */
export const collectionRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, jobs, config } = app.deps;

  app.get(
    "/api/finance/debts/:id/pix",
    { schema: { tags, summary: "PIX copia e cola e QR Code do que quita o débito hoje", params } },
    async (request): Promise<PixCharge> => {
      const actor = requireActor(request);
      const view = await findDebt(db, actor.officeId, request.params.id);
      authorizeDebt(actor, "pix", view?.debt);
      const settings = await getFinanceSettings(db, actor.officeId);
      const { due: _due, ...charge } = await buildPixCharge(settings, view.debt, todayInSaoPaulo());
      return charge;
    },
  );

  /**
   * After the commit, the e-mail worker is woken and the request waits a few seconds for the first
   * attempt, so the person sees the real outcome: sent, failed with the reason, or queued for retry.
   */
  app.post(
    "/api/finance/debts/:id/collection",
    {
      schema: {
        tags,
        summary: "Enviar a cobrança por e-mail (PIX copia e cola e QR Code)",
        params,
        body: z.object({}).nullish(),
      },
    },
    async (request): Promise<CollectionResult> => {
      const actor = requireStaff(request);
      const email = await sendCollection(db, jobs, actor, request.params.id, {
        today: todayInSaoPaulo(),
        publicUrl: config.publicUrl,
      });
      if (email.state === "queued") jobs.wake(QUEUES.email);
      const row =
        email.state === "queued"
          ? await awaitFirstAttempt(db, actor.officeId, email.id, config.mailWaitMs)
          : await mailRepo.findEmail(db, actor.officeId, email.id);
      return {
        debt: await loadDebtDetail(db, actor, request.params.id),
        email: outcomeOf(row ?? email),
      };
    },
  );

  const sendPdf = (reply: FastifyReply, filename: string, pdf: Buffer) =>
    reply
      .header("content-type", "application/pdf")
      .header("content-disposition", `attachment; filename="${filename}"`)
      .header("cache-control", "private, no-store")
      .header("x-content-type-options", "nosniff")
      .send(pdf);

  app.get(
    "/api/finance/debts/:id/receipt",
    { schema: { tags, summary: "Recibo de quitação (PDF) do débito pago, com todos os pagamentos", params } },
    async (request, reply) => {
      const actor = requireActor(request);
      const receipt = await loadReceipt(db, actor, request.params.id);
      return sendPdf(reply, settlementFilename(receipt.number), await renderReceiptPdf(receipt));
    },
  );

  app.get(
    "/api/finance/debts/:id/payments/:paymentId/receipt",
    {
      schema: {
        tags,
        summary: "Recibo (PDF) de um pagamento, parcial ou não (o de um pagamento estornado sai ESTORNADO)",
        params: z.object({ id: idSchema, paymentId: idSchema }),
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const receipt = await loadPaymentReceipt(db, actor, request.params.id, request.params.paymentId);
      return sendPdf(reply, receiptFilename(receipt.number), await renderPaymentReceiptPdf(receipt));
    },
  );

  app.get(
    "/api/portal/debts",
    {
      schema: {
        tags: ["portal do cliente"],
        summary: "Débitos das minhas empresas (em aberto e pagos nos últimos 12 meses)",
        querystring: portalDebtQuerySchema,
      },
    },
    async (request): Promise<PortalDebtList> => {
      const actor = requireClientUser(request);
      const { clientId } = request.query;
      if (clientId && !actor.clientIds.includes(clientId)) throw notFound("Cliente");
      const today = todayInSaoPaulo();
      const [rows, settings] = await Promise.all([
        collectionRepo.portalDebts(db, {
          officeId: actor.officeId,
          clientIds: clientId ? [clientId] : actor.clientIds,
          paidSince: addMonths(today, -12),
        }),
        getFinanceSettings(db, actor.officeId),
      ]);
      const paid = await collectionRepo.standingPayments(
        db,
        actor.officeId,
        rows.map((r) => r.debt.id),
      );
      const receiptsOf = new Map<string, PortalReceipt[]>();
      for (const p of paid) {
        const list = receiptsOf.get(p.debtId) ?? [];
        list.push({
          paymentId: p.id,
          receiptNumber: receiptNumber(p),
          paidOn: p.paidOn,
          amountCents: p.amountCents,
        });
        receiptsOf.set(p.debtId, list);
      }
      const pixConfigured = pixReceiverOf(settings) !== null;
      const items = rows.map(({ debt: d, clientName, lastPaidOn }): PortalDebt => {
        const open = d.state === "open";
        const balanceCents = open ? d.amountCents - d.paidCents : 0;
        return {
          id: d.id,
          client: { id: d.clientId, name: clientName },
          description: d.description,
          installmentNumber: d.installmentNumber,
          installmentCount: d.installmentCount,
          amountCents: d.amountCents,
          balanceCents,
          dueDate: d.dueDate,
          status: debtStatus(d, today),
          totalDueCents: open ? dueToday(settings, d, today).totalCents : 0,
          paidOn: d.state === "paid" ? lastPaidOn : null,
          pixAvailable: open && balanceCents > 0 && pixConfigured,
          receiptAvailable: d.state === "paid",
          receipts: receiptsOf.get(d.id) ?? [],
        };
      });
      return { items, totals: splitDueNow(items, today) };
    },
  );
};
