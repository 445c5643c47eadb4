/**
 * The rules of cobrança de débitos, shared by the server and the browser (the Movimentar form shows
 * the same installments the server will post). Money is integer centavos; arithmetic that divides
 * goes through BigInt and rounds half up, so no float ever touches an amount.
 * Calendar days are ISO strings (YYYY-MM-DD) in the office's day (America/Sao_Paulo).
 */
import { assertCents } from "./money.js";

export const DEBT_STATUSES = ["open", "overdue", "partially_paid", "paid", "cancelled"] as const;
export type DebtStatus = (typeof DEBT_STATUSES)[number];
export const DEBT_STATUS_INFO: Record<DebtStatus, { label: string; color: string }> = {
  open: { label: "Em aberto", color: "blue" },
  overdue: { label: "Vencido", color: "red" },
  partially_paid: { label: "Parcialmente pago", color: "gold" },
  paid: { label: "Pago", color: "green" },
  cancelled: { label: "Cancelado", color: "default" },
};

export const PAYMENT_METHODS = ["pix", "boleto", "transfer", "cash"] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];
export const PAYMENT_METHOD_LABELS: Record<PaymentMethod, string> = {
  pix: "PIX",
  boleto: "Boleto",
  transfer: "Transferência",
  cash: "Dinheiro",
};

export const MAX_INSTALLMENTS = 36;

/**
 * The shown status. Exclusive, so the totals by status add up: cancelled, then paid, then overdue
 * (due date passed with a balance, even if partly paid), then partially paid, then open.
 */
export function debtStatus(
  d: { state: "open" | "paid" | "cancelled"; amountCents: number; paidCents: number; dueDate: string },
  today: string,
): DebtStatus {
  if (d.state === "cancelled") return "cancelled";
  if (d.state === "paid" || d.paidCents >= d.amountCents) return "paid";
  if (d.dueDate < today) return "overdue";
  if (d.paidCents > 0) return "partially_paid";
  return "open";
}

/**
 * Splits a total into n installments that add up to it exactly. The remainder centavos (fewer than
 * n) go to the first installment: R$ 100,00 in 3 → 33,34 + 33,33 + 33,33.
 */
export function splitInstallments(totalCents: number, n: number): number[] {
  assertCents(totalCents);
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`invalid installment count: ${n}`);
  if (totalCents < n) throw new RangeError("each installment needs at least one centavo");
  const base = Math.floor(totalCents / n);
  const remainder = totalCents - base * n;
  return Array.from({ length: n }, (_, i) => (i === 0 ? base + remainder : base));
}

/** 2026-01-31 + 1 month → 2026-02-28: the day is kept when the month has it, else the month's last. */
export function addMonths(isoDate: string, months: number): string {
  const [y, m, d] = parseIsoDate(isoDate);
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = index - year * 12 + 1;
  const day = Math.min(d, daysInMonth(year, month));
  return formatIsoDate(year, month, day);
}

/** 2026-01-31 + 1 → 2026-02-01; negative days go back. */
export function addDays(isoDate: string, days: number): string {
  const [y, m, d] = parseIsoDate(isoDate);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

export interface Installment {
  number: number;
  amountCents: number;
  dueDate: string;
}

/** The installments of a Movimentar: monthly from the first due date. */
export function installmentSchedule(totalCents: number, count: number, firstDueDate: string): Installment[] {
  return splitInstallments(totalCents, count).map((amountCents, i) => ({
    number: i + 1,
    amountCents,
    dueDate: addMonths(firstDueDate, i),
  }));
}

export interface ChargeRates {
  /** multa, basis points of the principal paid late (200 = 2%) */
  lateFeeBp: number;
  /** juros, basis points per 30-day month, pro rata per day (100 = 1% a.m.) */
  monthlyInterestBp: number;
}

/** Whole days from a to b (b - a), both ISO dates. */
export function daysBetween(a: string, b: string): number {
  const [ya, ma, da] = parseIsoDate(a);
  const [yb, mb, db] = parseIsoDate(b);
  return Math.round((Date.UTC(yb, mb - 1, db) - Date.UTC(ya, ma - 1, da)) / 86_400_000);
}

/** n * num / den rounded half up, exactly (BigInt), for non-negative values. */
export function mulDivRound(n: number, num: number, den: number): number {
  if (n < 0 || num < 0 || den <= 0) throw new RangeError("mulDivRound takes non-negative values");
  const p = BigInt(n) * BigInt(num);
  const d = BigInt(den);
  return Number((p * 2n + d) / (2n * d));
}

export interface Charges {
  daysLate: number;
  lateFeeCents: number;
  interestCents: number;
}

/**
 * Multa and juros on a principal paid on `paidOn` for a debt due on `dueDate`: nothing when paid on
 * or before the due date; else multa = principal × fee, juros = principal × monthly rate × days / 30.
 */
export function lateCharges(
  principalCents: number,
  dueDate: string,
  paidOn: string,
  r: ChargeRates,
): Charges {
  assertCents(principalCents);
  const daysLate = Math.max(0, daysBetween(dueDate, paidOn));
  if (daysLate === 0 || principalCents === 0) return { daysLate, lateFeeCents: 0, interestCents: 0 };
  return {
    daysLate,
    lateFeeCents: mulDivRound(principalCents, r.lateFeeBp, 10_000),
    interestCents: mulDivRound(principalCents, r.monthlyInterestBp * daysLate, 10_000 * 30),
  };
}

export interface AmountDue extends Charges {
  principalCents: number;
  totalCents: number;
}

/** What settles the whole balance on a given day. */
export function amountDue(balanceCents: number, dueDate: string, on: string, r: ChargeRates): AmountDue {
  const c = lateCharges(balanceCents, dueDate, on, r);
  return { ...c, principalCents: balanceCents, totalCents: balanceCents + c.lateFeeCents + c.interestCents };
}

export interface Allocation {
  principalCents: number;
  lateFeeCents: number;
  interestCents: number;
  daysLate: number;
}

/**
 * Splits a payment into principal, multa and juros. A payment that settles the balance pays its
 * charges in full. A partial late payment settles the largest principal P whose P + charges(P)
 * fits the amount; the rounding centavos left over count as juros. The parts always add up to the
 * amount. Returns null when the amount is above what is due (overpayment).
 */
export function allocatePayment(p: {
  amountCents: number;
  balanceCents: number;
  dueDate: string;
  paidOn: string;
  rates: ChargeRates;
  /** dispensar multa e juros */
  waiveCharges?: boolean;
}): Allocation | null {
  assertCents(p.amountCents);
  assertCents(p.balanceCents);
  if (p.amountCents <= 0) return null;
  const full = amountDue(p.balanceCents, p.dueDate, p.paidOn, p.rates);
  if (p.waiveCharges || full.daysLate === 0) {
    if (p.amountCents > p.balanceCents) return null;
    return { principalCents: p.amountCents, lateFeeCents: 0, interestCents: 0, daysLate: full.daysLate };
  }
  if (p.amountCents > full.totalCents) return null;
  if (p.amountCents === full.totalCents) {
    return {
      principalCents: full.principalCents,
      lateFeeCents: full.lateFeeCents,
      interestCents: full.interestCents,
      daysLate: full.daysLate,
    };
  }
  // f(P) = P + charges(P) is strictly increasing: binary search the largest P with f(P) <= amount
  const f = (principal: number) => {
    const c = lateCharges(principal, p.dueDate, p.paidOn, p.rates);
    return principal + c.lateFeeCents + c.interestCents;
  };
  let lo = 0;
  let hi = p.balanceCents;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (f(mid) <= p.amountCents) lo = mid;
    else hi = mid - 1;
  }
  const c = lateCharges(lo, p.dueDate, p.paidOn, p.rates);
  const leftover = p.amountCents - (lo + c.lateFeeCents + c.interestCents);
  return {
    principalCents: lo,
    lateFeeCents: c.lateFeeCents,
    interestCents: c.interestCents + leftover,
    daysLate: c.daysLate,
  };
}

/**
 * The client's totals on the office's day: the open debts due on or before `today` (vencido e a vencer
 * hoje), counted by what settles them today (multa and juros included), and the ones due later
 * (próximas parcelas), counted by their balance. Debts with nothing owed are left out.
 */
export function splitDueNow(
  debts: { dueDate: string; balanceCents: number; totalDueCents: number }[],
  today: string,
): {
  dueNowCents: number;
  dueNowCount: number;
  overdueCount: number;
  upcomingCents: number;
  upcomingCount: number;
} {
  const totals = { dueNowCents: 0, dueNowCount: 0, overdueCount: 0, upcomingCents: 0, upcomingCount: 0 };
  for (const d of debts) {
    if (d.balanceCents <= 0) continue;
    if (d.dueDate <= today) {
      totals.dueNowCents += d.totalDueCents;
      totals.dueNowCount += 1;
      if (d.dueDate < today) totals.overdueCount += 1;
    } else {
      totals.upcomingCents += d.balanceCents;
      totals.upcomingCount += 1;
    }
  }
  return totals;
}

/** Today in São Paulo as YYYY-MM-DD. */
export function todayInSaoPaulo(now: Date = new Date()): string {
  return new Intl.DateTimeFormat("en-CA", {
    timeZone: "America/Sao_Paulo",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(now);
}

/** 2026-03-05 → 05/03/2026 */
export function formatIsoDateBR(isoDate: string): string {
  const [y, m, d] = parseIsoDate(isoDate);
  return `${String(d).padStart(2, "0")}/${String(m).padStart(2, "0")}/${y}`;
}

/** 200 basis points → "2%", 33 → "0,33%" */
export function formatBasisPoints(bp: number): string {
  const whole = Math.floor(bp / 100);
  const frac = bp % 100;
  return frac === 0 ? `${whole}%` : `${whole},${String(frac).padStart(2, "0").replace(/0$/, "")}%`;
}

export function parseIsoDate(isoDate: string): [number, number, number] {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!m) throw new RangeError(`not an ISO date: ${isoDate}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

function formatIsoDate(y: number, m: number, d: number): string {
  return `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}
