/**
 * The use cases of cobrança de débitos. Each one is a transaction that locks what it changes,
 * checks the policy on the locked row, writes the change and its history (debt_events, and the
 * atendimento's history for Movimentar). Side effects (websocket) happen in the route after commit.
 */
import { randomInt, randomUUID } from "node:crypto";
import type { z } from "zod";
import type { movimentarSchema, paymentSchema } from "../../../shared/api.js";
import {
  allocatePayment,
  amountDue,
  formatIsoDateBR,
  installmentSchedule,
  todayInSaoPaulo,
} from "../../../shared/finance.js";
import { formatCents } from "../../../shared/money.js";
import type { Db, Executor } from "../../db/client.js";
import { AppError, conflict, invalid, notFound } from "../../lib/errors.js";
import { pgErrorCode } from "../../lib/sql.js";
import type { Actor } from "../auth/context.js";
import { authorizeTicket } from "../tickets/policy.js";
import { formatProtocol, protocolYear } from "../tickets/protocol.js";
import * as ticketsRepo from "../tickets/repository.js";
import { authorizeDebt } from "./policy.js";
import { balanceOf, installmentLabel, paymentPhrase, ratesOf, receiptNumber } from "./presenter.js";
import * as repo from "./repository.js";

type MovimentarInput = z.output<typeof movimentarSchema>;
type PaymentInput = z.output<typeof paymentSchema>;

const CHECK_VIOLATION = "23514";
const TXID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
const TXID_LENGTH = 25;

/** A PIX txid: 25 upper-case letters and digits from the CSPRNG (36^25 ≈ 8·10^38 values). */
export function newTxid(): string {
  let s = "";
  for (let i = 0; i < TXID_LENGTH; i++) s += TXID_ALPHABET[randomInt(TXID_ALPHABET.length)];
  return s;
}

/** n txids not yet used by a debt of the office (the unique index is the last guard). */
async function freshTxids(db: Executor, officeId: string, n: number) {
  for (;;) {
    const txids = Array.from({ length: n }, newTxid);
    if (new Set(txids).size !== n) continue;
    if ((await repo.takenTxids(db, officeId, txids)).length === 0) return txids;
  }
}

/**
 * Movimentar: posts an atendimento's value as debts of its Solicitante — one per installment, in
 * one group — with a "created" event per debt and one "debt_posted" event in the atendimento's
 * history, in one transaction.
 */
export async function movimentar(db: Db, actor: Actor, ticketId: string, input: MovimentarInput) {
  return db.transaction(async (tx) => {
    const ticket = await ticketsRepo.findForUpdate(tx, actor.officeId, ticketId);
    authorizeTicket(actor, "move", ticket);
    const category = await repo.findCategory(tx, actor.officeId, input.categoryId);
    if (!category?.active) throw invalid({ categoryId: "Categoria não encontrada ou inativa." });
    if (input.amountCents < input.installments)
      throw invalid({
        installments: `Parcelas demais para o valor: cada parcela precisa de pelo menos R$ 0,01.`,
      });
    const schedule = installmentSchedule(input.amountCents, input.installments, input.dueDate);
    const txids = await freshTxids(tx, actor.officeId, schedule.length);
    const groupId = randomUUID();
    const created = await repo.insertDebts(
      tx,
      schedule.map((p, i) => ({
        officeId: actor.officeId,
        clientId: ticket.requesterId,
        ticketId: ticket.id,
        categoryId: category.id,
        groupId,
        installmentNumber: p.number,
        installmentCount: schedule.length,
        description: input.description,
        amountCents: p.amountCents,
        dueDate: p.dueDate,
        txid: txids[i] as string,
        createdBy: actor.userId,
      })),
    );
    created.sort((a, b) => a.installmentNumber - b.installmentNumber);
    const protocol = formatProtocol(ticket.protocolYear, ticket.protocolSeq);
    for (const d of created) {
      const part = installmentLabel(d);
      await repo.insertDebtEvent(tx, {
        officeId: actor.officeId,
        debtId: d.id,
        actorId: actor.userId,
        type: "created",
        summary: `Débito lançado: ${formatCents(d.amountCents)}, vencimento ${formatIsoDateBR(d.dueDate)}${part ? ` (${part})` : ""}, atendimento ${protocol}`,
        data: { groupId, ticketId: ticket.id, categoryId: category.id },
      });
    }
    const first = formatIsoDateBR(input.dueDate);
    const what =
      schedule.length > 1
        ? `${formatCents(input.amountCents)} em ${schedule.length} parcelas, 1º vencimento ${first}`
        : `${formatCents(input.amountCents)}, vencimento ${first}`;
    await ticketsRepo.insertEvent(tx, {
      officeId: actor.officeId,
      ticketId: ticket.id,
      actorId: actor.userId,
      type: "debt_posted",
      changes: [{ field: "debt", from: null, to: `${what} (${category.name})` }],
    });
    await repo.markTicketMoved(tx, actor.officeId, ticket.id);
    return { debts: created, ticketId: ticket.id };
  });
}

/**
 * Baixa: registers a payment on the locked debt. The amount is split into principal, multa and
 * juros (allocatePayment); anything above what is due on that day is refused, so two payments at
 * once never overpay — the second one waits for the lock and sees the first.
 */
export async function registerPayment(
  db: Db,
  actor: Actor,
  debtId: string,
  input: PaymentInput,
  now = new Date(),
) {
  const today = todayInSaoPaulo(now);
  if (input.paidOn > today) throw invalid({ paidOn: "A data do pagamento não pode ser futura" });
  return db
    .transaction(async (tx) => {
      const debt = await repo.lockDebt(tx, actor.officeId, debtId);
      authorizeDebt(actor, "pay", debt);
      const rates = ratesOf(await repo.getFinanceSettings(tx, actor.officeId));
      const balanceCents = balanceOf(debt);
      const split = allocatePayment({
        amountCents: input.amountCents,
        balanceCents,
        dueDate: debt.dueDate,
        paidOn: input.paidOn,
        rates,
        waiveCharges: input.waiveCharges,
      });
      if (!split) {
        const max = input.waiveCharges
          ? balanceCents
          : amountDue(balanceCents, debt.dueDate, input.paidOn, rates).totalCents;
        const msg = `O valor excede o saldo devedor: o máximo em ${formatIsoDateBR(input.paidOn)} é ${formatCents(max)}.`;
        throw new AppError(409, "overpayment", msg, { amountCents: msg });
      }
      const year = protocolYear(now);
      const seq = await repo.nextReceiptSeq(tx, actor.officeId, year);
      const payment = await repo.insertPayment(tx, {
        officeId: actor.officeId,
        debtId: debt.id,
        amountCents: input.amountCents,
        principalCents: split.principalCents,
        lateFeeCents: split.lateFeeCents,
        interestCents: split.interestCents,
        paidOn: input.paidOn,
        method: input.method,
        note: input.note,
        receiptYear: year,
        receiptSeq: seq,
        createdBy: actor.userId,
      });
      const updated = await repo.addPaidCents(tx, actor.officeId, debt.id, split.principalCents);
      const parts =
        split.lateFeeCents + split.interestCents > 0
          ? `: principal ${formatCents(split.principalCents)} + multa ${formatCents(split.lateFeeCents)} + juros ${formatCents(split.interestCents)} (${split.daysLate} dias de atraso)`
          : input.waiveCharges && split.daysLate > 0
            ? `: multa e juros dispensados (${split.daysLate} dias de atraso)`
            : "";
      const settled = updated.state === "paid" ? " Débito quitado." : "";
      await repo.insertDebtEvent(tx, {
        officeId: actor.officeId,
        debtId: debt.id,
        actorId: actor.userId,
        type: "payment",
        summary: `Pagamento de ${paymentPhrase(payment)}, recibo ${receiptNumber(payment)}${parts}.${settled}`,
        data: { paymentId: payment.id, ...split },
      });
      return { debt: updated, payment };
    })
    .catch((err: unknown) => {
      // the CHECK debts_paid_in_range: the last guard against paying more than the debt
      if (pgErrorCode(err) === CHECK_VIOLATION)
        throw new AppError(409, "overpayment", "O valor excede o saldo devedor deste débito.");
      throw err;
    });
}

/** Estorno: marks the payment reversed and gives its principal back to the debt's balance. */
export async function reversePayment(db: Db, actor: Actor, paymentId: string, reason: string) {
  return db.transaction(async (tx) => {
    const found = await repo.findPayment(tx, actor.officeId, paymentId);
    if (!found) throw notFound("Pagamento");
    const debt = await repo.lockDebt(tx, actor.officeId, found.debtId);
    authorizeDebt(actor, "reverse", debt);
    // read again under the debt's lock: a reversal that just committed is seen here
    const payment = await repo.findPayment(tx, actor.officeId, paymentId);
    if (!payment) throw notFound("Pagamento");
    if (payment.reversedAt) throw conflict("already_reversed", "Este pagamento já foi estornado.");
    if (debt.state === "cancelled")
      throw conflict("invalid_state", "Este débito está cancelado: o pagamento não pode ser estornado.");
    const reversed = await repo.markPaymentReversed(tx, actor.officeId, payment.id, {
      by: actor.userId,
      reason,
    });
    if (!reversed) throw conflict("already_reversed", "Este pagamento já foi estornado.");
    const updated = await repo.addPaidCents(tx, actor.officeId, debt.id, -payment.principalCents);
    await repo.insertDebtEvent(tx, {
      officeId: actor.officeId,
      debtId: debt.id,
      actorId: actor.userId,
      type: "reversal",
      summary: `Pagamento de ${paymentPhrase(payment)} (recibo ${receiptNumber(payment)}) estornado. Motivo: ${reason}`,
      data: { paymentId: payment.id, principalCents: payment.principalCents },
    });
    return { debt: updated };
  });
}

/** Cancels an open debt without payments (a debt with payments has them reversed first). */
export async function cancelDebt(db: Db, actor: Actor, debtId: string, reason: string) {
  return db.transaction(async (tx) => {
    const debt = await repo.lockDebt(tx, actor.officeId, debtId);
    authorizeDebt(actor, "cancel", debt);
    const updated = await repo.cancelDebtRow(tx, actor.officeId, debt.id, reason);
    await repo.insertDebtEvent(tx, {
      officeId: actor.officeId,
      debtId: debt.id,
      actorId: actor.userId,
      type: "cancelled",
      summary: `Débito de ${formatCents(debt.amountCents)} cancelado. Motivo: ${reason}`,
      data: { balanceCents: balanceOf(debt) },
    });
    return { debt: updated };
  });
}
