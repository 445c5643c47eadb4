/**
 * The JSON shapes of the finance module (DebtDto, DebtDetail, PaymentDto, the statement), built
 * from repository rows. The shown status and the actions come from the same rules as the server's.
 */
import type {
  ChargeQuote,
  DebtCategoryDto,
  DebtDetail,
  DebtDto,
  DebtEventDto,
  FinanceSettingsDto,
  PaymentDto,
  StatementDto,
  StatementEntry,
} from "../../../shared/api.js";
import {
  amountDue,
  type ChargeRates,
  debtStatus,
  formatIsoDateBR,
  PAYMENT_METHOD_LABELS,
  todayInSaoPaulo,
} from "../../../shared/finance.js";
import { formatCents } from "../../../shared/money.js";
import { normalizePixKey } from "../../../shared/pix.js";
import type { Executor } from "../../db/client.js";
import type { Actor } from "../auth/context.js";
import { formatProtocol } from "../tickets/protocol.js";
import { authorizeDebt, debtActions } from "./policy.js";
import * as repo from "./repository.js";

export function presentCategory(r: repo.CategoryRow): DebtCategoryDto {
  return { id: r.id, name: r.name, active: r.active };
}

export function presentSettings(r: repo.FinanceSettingsRow): FinanceSettingsDto {
  return {
    pixKey: r.pixKey,
    pixKeyType: r.pixKey ? (normalizePixKey(r.pixKey)?.type ?? null) : null,
    pixMerchantName: r.pixMerchantName,
    pixMerchantCity: r.pixMerchantCity,
    pixConfigured: !!(r.pixKey && r.pixMerchantName && r.pixMerchantCity),
    lateFeeBp: r.lateFeeBp,
    monthlyInterestBp: r.monthlyInterestBp,
    remindersEnabled: r.remindersEnabled,
    reminderOffsets: r.reminderOffsets,
  };
}

export const ratesOf = (s: repo.FinanceSettingsRow): ChargeRates => ({
  lateFeeBp: s.lateFeeBp,
  monthlyInterestBp: s.monthlyInterestBp,
});

/** Principal still owed: nothing for a cancelled debt. */
export const balanceOf = (d: repo.DebtRecord) => (d.state === "cancelled" ? 0 : d.amountCents - d.paidCents);

/** 2026/000012 */
export const receiptNumber = (p: { receiptYear: number; receiptSeq: number }) =>
  formatProtocol(p.receiptYear, p.receiptSeq);

/** "parcela 2/3" for an installment of several, "" otherwise */
export const installmentLabel = (d: { installmentNumber: number; installmentCount: number }) =>
  d.installmentCount > 1 ? `parcela ${d.installmentNumber}/${d.installmentCount}` : "";

export function presentDebt(actor: Actor, v: repo.DebtView, today = todayInSaoPaulo()): DebtDto {
  const d = v.debt;
  return {
    id: d.id,
    client: { id: d.clientId, name: v.clientName },
    ticket:
      d.ticketId && v.ticketProtocolYear !== null && v.ticketProtocolSeq !== null
        ? { id: d.ticketId, protocol: formatProtocol(v.ticketProtocolYear, v.ticketProtocolSeq) }
        : null,
    category: { id: d.categoryId, name: v.categoryName },
    description: d.description,
    installmentNumber: d.installmentNumber,
    installmentCount: d.installmentCount,
    amountCents: d.amountCents,
    paidCents: d.paidCents,
    balanceCents: balanceOf(d),
    dueDate: d.dueDate,
    status: debtStatus(d, today),
    txid: d.txid,
    createdAt: d.createdAt.toISOString(),
    actions: debtActions(actor, d),
  };
}

/** What settles the debt's balance on a day, with the office's multa and juros. */
export function quoteOf(d: repo.DebtRecord, on: string, rates: ChargeRates): ChargeQuote {
  const due = amountDue(balanceOf(d), d.dueDate, on, rates);
  return {
    on,
    daysLate: due.daysLate,
    principalCents: due.principalCents,
    lateFeeCents: due.lateFeeCents,
    interestCents: due.interestCents,
    totalCents: due.totalCents,
  };
}

export function presentPayment(actor: Actor, v: repo.PaymentView, debt: repo.DebtRecord): PaymentDto {
  const p = v.payment;
  const staff = actor.role !== "client" && actor.officeId === p.officeId;
  return {
    id: p.id,
    amountCents: p.amountCents,
    principalCents: p.principalCents,
    lateFeeCents: p.lateFeeCents,
    interestCents: p.interestCents,
    paidOn: p.paidOn,
    method: p.method,
    note: p.note,
    receiptNumber: receiptNumber(p),
    createdAt: p.createdAt.toISOString(),
    createdBy: p.createdBy && v.createdByName ? { id: p.createdBy, name: v.createdByName } : null,
    reversal: p.reversedAt
      ? {
          at: p.reversedAt.toISOString(),
          by: p.reversedBy && v.reversedByName ? { id: p.reversedBy, name: v.reversedByName } : null,
          reason: p.reversalReason ?? "",
        }
      : null,
    actions: { reverse: staff && p.reversedAt === null && debt.state !== "cancelled" },
  };
}

export function presentDebtEvent(e: Awaited<ReturnType<typeof repo.listDebtEvents>>[number]): DebtEventDto {
  return {
    id: e.id,
    type: e.type,
    summary: e.summary,
    actor: e.actorId && e.actorName ? { id: e.actorId, name: e.actorName } : null,
    createdAt: e.createdAt.toISOString(),
  };
}

/**
 * The debt with its payments (newest first), history (oldest first) and what settles it today.
 * Another office's debt (or, for a client user, another company's) is "not found".
 */
export async function loadDebtDetail(db: Executor, actor: Actor, id: string): Promise<DebtDetail> {
  const view = await repo.findDebt(db, actor.officeId, id);
  authorizeDebt(actor, "read", view?.debt);
  if (!view) throw new Error("unreachable: authorizeDebt accepted a missing debt");
  const d = view.debt;
  const [paymentRows, events, settings] = await Promise.all([
    repo.listPayments(db, actor.officeId, id),
    repo.listDebtEvents(db, actor.officeId, id),
    repo.getFinanceSettings(db, actor.officeId),
  ]);
  const today = todayInSaoPaulo();
  return {
    ...presentDebt(actor, view, today),
    cancelReason: d.cancelReason,
    payments: paymentRows.map((p) => presentPayment(actor, p, d)),
    events: events.map(presentDebtEvent),
    quote: balanceOf(d) > 0 ? quoteOf(d, today, ratesOf(settings)) : null,
  };
}

// ---------- extrato ----------

type Dated = Omit<StatementEntry, "balanceCents"> & { at: number; order: number };
const KIND_ORDER: Record<StatementEntry["kind"], number> = {
  debt: 0,
  charges: 1,
  payment: 2,
  reversal: 3,
  cancellation: 4,
};

/**
 * The client's statement: every movement that changes what they owe, in order, with the running
 * balance. A payment's multa and juros are a debit of their own ("charges") followed by the payment's
 * credit. A reversal (estorno) undoes both: it debits the amount of the payment and credits back its
 * multa and juros, so the balance goes up by exactly the principal the payment had settled. A
 * cancellation credits the balance that was cancelled. The closing balance is therefore the sum of
 * the balances of the client's debts.
 */
export function buildStatement(
  client: { id: string; name: string; document: string },
  rows: Awaited<ReturnType<typeof repo.statementRows>>,
  range: { from?: string; to?: string },
): StatementDto {
  const debtsById = new Map(rows.debts.map((d) => [d.id, d]));
  const entries: Dated[] = [];
  const about = (d: repo.DebtRecord) => {
    const part = installmentLabel(d);
    return part ? `${d.description} (${part})` : d.description;
  };
  // a payment registered with a date before the debt was posted (received first, posted later):
  // the debt is shown on that day, so the running balance never dips below zero
  const firstPaidOn = new Map<string, string>();
  for (const p of rows.payments) {
    const seen = firstPaidOn.get(p.debtId);
    if (!seen || p.paidOn < seen) firstPaidOn.set(p.debtId, p.paidOn);
  }
  for (const d of rows.debts) {
    const posted = todayInSaoPaulo(d.createdAt);
    const paid = firstPaidOn.get(d.id);
    entries.push({
      date: paid && paid < posted ? paid : posted,
      at: d.createdAt.getTime(),
      order: KIND_ORDER.debt,
      kind: "debt",
      description: `Débito: ${about(d)}, vencimento ${formatIsoDateBR(d.dueDate)}`,
      debtId: d.id,
      debitCents: d.amountCents,
      creditCents: 0,
    });
    if (d.state === "cancelled" && d.cancelledAt) {
      entries.push({
        date: todayInSaoPaulo(d.cancelledAt),
        at: d.cancelledAt.getTime(),
        order: KIND_ORDER.cancellation,
        kind: "cancellation",
        description: `Cancelamento: ${about(d)}${d.cancelReason ? ` — ${d.cancelReason}` : ""}`,
        debtId: d.id,
        debitCents: 0,
        creditCents: d.amountCents - d.paidCents,
      });
    }
  }
  for (const p of rows.payments) {
    const d = debtsById.get(p.debtId);
    if (!d) continue;
    const charges = p.lateFeeCents + p.interestCents;
    const receipt = receiptNumber(p);
    if (charges > 0) {
      entries.push({
        date: p.paidOn,
        at: p.createdAt.getTime(),
        order: KIND_ORDER.charges,
        kind: "charges",
        description: `Multa e juros: ${about(d)} (recibo ${receipt})`,
        debtId: d.id,
        debitCents: charges,
        creditCents: 0,
      });
    }
    entries.push({
      date: p.paidOn,
      at: p.createdAt.getTime(),
      order: KIND_ORDER.payment,
      kind: "payment",
      description: `Pagamento (${PAYMENT_METHOD_LABELS[p.method]}): ${about(d)} (recibo ${receipt})`,
      debtId: d.id,
      debitCents: 0,
      creditCents: p.amountCents,
    });
    if (p.reversedAt) {
      entries.push({
        date: todayInSaoPaulo(p.reversedAt),
        at: p.reversedAt.getTime(),
        order: KIND_ORDER.reversal,
        kind: "reversal",
        description: `Estorno do pagamento: ${about(d)} (recibo ${receipt})${p.reversalReason ? ` — ${p.reversalReason}` : ""}`,
        debtId: d.id,
        debitCents: p.amountCents,
        creditCents: charges,
      });
    }
  }
  entries.sort((a, b) =>
    a.date !== b.date ? (a.date < b.date ? -1 : 1) : a.at !== b.at ? a.at - b.at : a.order - b.order,
  );

  let balance = 0;
  let opening = 0;
  const shown: StatementEntry[] = [];
  const totals = { debitCents: 0, creditCents: 0 };
  for (const { at: _at, order: _order, ...e } of entries) {
    if (range.to && e.date > range.to) break;
    balance += e.debitCents - e.creditCents;
    if (range.from && e.date < range.from) {
      opening = balance;
      continue;
    }
    totals.debitCents += e.debitCents;
    totals.creditCents += e.creditCents;
    shown.push({ ...e, balanceCents: balance });
  }
  return {
    client,
    from: range.from ?? null,
    to: range.to ?? null,
    openingBalanceCents: opening,
    entries: shown,
    closingBalanceCents: balance,
    totals,
  };
}

/** "R$ 1.030,00 (PIX) em 05/12/2026" */
export function paymentPhrase(p: {
  amountCents: number;
  method: repo.PaymentRecord["method"];
  paidOn: string;
}) {
  return `${formatCents(p.amountCents)} (${PAYMENT_METHOD_LABELS[p.method]}) em ${formatIsoDateBR(p.paidOn)}`;
}
