/**
 * Faturamento mensal: the preview of a competência (every contract's charge, reajuste, 13º, pro
 * rata) and "Faturar", which creates the debts in batches of contracts, one transaction each. A
 * batch locks its contracts, so a second instance billing at the same time waits and then finds the
 * charges created (the debts' unique key (contract, competência, kind) is the last guard): billing
 * twice creates nothing new. A reajuste whose index months are missing stays pending, not guessed,
 * and its contract is not billed until the months are typed.
 */

import { formatIsoDateBR, todayInSaoPaulo } from "../../../shared/finance.js";
import {
  addPeriods,
  chargeDueDate,
  computeReajuste,
  coveredDays,
  firstDayOf,
  formatPeriodBR,
  lastDayOf,
  type NegativeIndexMode,
  proRata,
  type ReajusteMemoria,
  reajusteDueAt,
  thirteenthAt,
} from "../../../shared/honorarios.js";
import type { BillingLine, BillingPreview, BillingRunResult } from "../../../shared/honorarios-api.js";
import { formatCents } from "../../../shared/money.js";
import type { Db, Executor } from "../../db/client.js";
import type { JobQueue } from "../../jobs/queue.js";
import { invalid } from "../../lib/errors.js";
import type { Actor } from "../auth/context.js";
import { sendCollection } from "../finance/collection.js";
import { newTxid } from "../finance/commands.js";
import * as repo from "./repository.js";

export const BILLING_BATCH = 500;

/** The latest competência that may be billed: this month and the next (fees billed in advance). */
export function checkBillablePeriod(period: string, today = todayInSaoPaulo()) {
  const limit = addPeriods(today.slice(0, 7), 1);
  if (period > limit)
    throw invalid(
      { period: `Só é possível faturar até a competência ${formatPeriodBR(limit)}.` },
      `Competência ${formatPeriodBR(period)} no futuro: só é possível faturar até ${formatPeriodBR(limit)}.`,
    );
}

interface Plan {
  line: BillingLine;
  view: repo.ContractView;
  /** a reajuste to record with this competência's charges */
  newReajuste: ReajusteMemoria | null;
  /** a reajuste of a later competência exists (billing a past month): the current value stays */
  laterReajuste: boolean;
}

/** One contract's charge for a competência, from what was loaded. */
export function planContract(
  view: repo.ContractView,
  period: string,
  reajustes: repo.ContractEventRow[],
  charges: repo.FeeDebtRow[],
  rates: Map<string, Map<string, number>>,
  negative: NegativeIndexMode,
): Plan | null {
  const c = view.contract;
  const cov = coveredDays(period, c.startDate, c.endDate);
  if (cov.days === 0) return null;
  const later = reajustes.find((e) => (e.period ?? "") > period);
  const atPeriod = reajustes.find((e) => e.period === period);
  // the value in force before this competência's reajuste
  let monthly = atPeriod
    ? (atPeriod.fromCents ?? c.monthlyCents)
    : later
      ? (later.fromCents ?? c.monthlyCents)
      : c.monthlyCents;
  let reajuste: BillingLine["reajuste"] = null;
  let newReajuste: ReajusteMemoria | null = null;
  if (atPeriod) {
    const memoria = (atPeriod.data as { memoria?: ReajusteMemoria }).memoria as ReajusteMemoria;
    reajuste = {
      status: "applied",
      fromCents: atPeriod.fromCents ?? monthly,
      toCents: atPeriod.toCents ?? monthly,
      memoria,
      alreadyApplied: true,
    };
    monthly = atPeriod.toCents ?? monthly;
  } else if (reajusteDueAt(c, period) && c.reajuste !== "none") {
    const out = computeReajuste({
      fromCents: monthly,
      kind: c.reajuste,
      fixedRatePpm: c.fixedRatePpm,
      window: c.indexWindow,
      effectivePeriod: period,
      rates: rates.get(c.reajuste) ?? new Map(),
      negative,
    });
    if (out.status === "pending") reajuste = out;
    else {
      reajuste = {
        status: "applied",
        fromCents: monthly,
        toCents: out.memoria.toCents,
        memoria: out.memoria,
        alreadyApplied: false,
      };
      newReajuste = out.memoria;
      monthly = out.memoria.toCents;
    }
  }
  const monthlyCharge = proRata(monthly, cov.days, cov.monthDays);
  const thirteenth = thirteenthAt(monthly, c.thirteenth, c.thirteenthMonths, period);
  const billedMonthly = charges.find((d) => d.feeKind === "monthly")?.id ?? null;
  const billedThirteenth = charges.find((d) => d.feeKind === "thirteenth")?.id ?? null;
  const done = billedMonthly !== null && (thirteenth === 0 || billedThirteenth !== null);
  const state = done ? "billed" : reajuste?.status === "pending" ? "pending" : "ready";
  return {
    view,
    newReajuste: state === "ready" ? newReajuste : null,
    laterReajuste: later !== undefined,
    line: {
      contractId: c.id,
      client: { id: c.clientId, name: view.clientName },
      monthlyCents: monthly,
      reajuste,
      proRata: cov.days < cov.monthDays ? cov : null,
      monthlyChargeCents: monthlyCharge,
      thirteenthCents: thirteenth,
      totalCents: monthlyCharge + thirteenth,
      dueDate: chargeDueDate(period, c.dueDay, c.dueNextMonth),
      billed: { monthly: billedMonthly, thirteenth: billedThirteenth },
      state,
    },
  };
}

/** Plans a batch of contracts: loads their reajustes and this competência's charges in two queries. */
async function planBatch(
  db: Executor,
  officeId: string,
  period: string,
  views: repo.ContractView[],
  rates: Map<string, Map<string, number>>,
  negative: NegativeIndexMode,
) {
  const ids = views.map((v) => v.contract.id);
  const [reajustes, charges] = await Promise.all([
    repo.reajusteEvents(db, officeId, ids),
    repo.feeCharges(db, officeId, ids, period),
  ]);
  const byContract = <T extends { contractId?: string; feeContractId?: string | null }>(
    rows: T[],
    key: (r: T) => string | null | undefined,
  ) => {
    const m = new Map<string, T[]>();
    for (const r of rows) {
      const k = key(r);
      if (!k) continue;
      const list = m.get(k) ?? [];
      list.push(r);
      m.set(k, list);
    }
    return m;
  };
  const reajustesOf = byContract(reajustes, (r) => r.contractId);
  const chargesOf = byContract(charges, (r) => r.feeContractId);
  return views.flatMap((v) => {
    const plan = planContract(
      v,
      period,
      reajustesOf.get(v.contract.id) ?? [],
      chargesOf.get(v.contract.id) ?? [],
      rates,
      negative,
    );
    return plan ? [plan] : [];
  });
}

/** The index months a competência may need: 14 months before it and on. */
const ratesFrom = (period: string) => addPeriods(period, -15);

export async function previewBilling(db: Db, actor: Actor, period: string): Promise<BillingPreview> {
  const [rates, settings] = await Promise.all([
    repo.indexRates(db, actor.officeId, ratesFrom(period)),
    repo.getFeeSettings(db, actor.officeId),
  ]);
  const lines: BillingLine[] = [];
  let afterId: string | null = null;
  for (;;) {
    const views = await repo.contractsOfPeriod(db, {
      officeId: actor.officeId,
      first: firstDayOf(period),
      last: lastDayOf(period),
      afterId,
      limit: BILLING_BATCH * 4,
      lock: false,
    });
    if (views.length === 0) break;
    afterId = views[views.length - 1]?.contract.id ?? null;
    const plans = await planBatch(db, actor.officeId, period, views, rates, settings.negativeIndex);
    lines.push(...plans.map((p) => p.line));
  }
  lines.sort(
    (a, b) => a.client.name.localeCompare(b.client.name, "pt-BR") || a.contractId.localeCompare(b.contractId),
  );
  const totals = { contracts: lines.length, ready: 0, billed: 0, pending: 0, toBillCents: 0 };
  for (const l of lines) {
    totals[l.state] += 1;
    if (l.state === "ready")
      totals.toBillCents +=
        (l.billed.monthly ? 0 : l.monthlyChargeCents) + (l.billed.thirteenth ? 0 : l.thirteenthCents);
  }
  return { period, lines, totals };
}

const chargeDescription = (kind: "monthly" | "thirteenth", period: string) =>
  kind === "monthly"
    ? `Honorários contábeis — competência ${formatPeriodBR(period)}`
    : `13º honorário — competência ${formatPeriodBR(period)}`;

/** Faturar: creates the competência's charges in batches; optionally queues their cobrança e-mails. */
export async function runBilling(
  db: Db,
  /** null: no e-mails (the demo seed, the bench's billing leg) */
  jobs: JobQueue | null,
  actor: Actor,
  input: { period: string; sendEmails: boolean },
  opts: { publicUrl: string; today?: string; batchSize?: number },
): Promise<BillingRunResult> {
  const today = opts.today ?? todayInSaoPaulo();
  checkBillablePeriod(input.period, today);
  const { period } = input;
  const result: BillingRunResult = {
    period,
    chargesCreated: 0,
    totalCents: 0,
    reajustesApplied: 0,
    pending: 0,
    emailsQueued: 0,
  };
  const created: string[] = [];
  let afterId: string | null = null;
  for (;;) {
    const batch: { done: boolean; lastId: string | null } = await db.transaction(async (tx) => {
      const [rates, settings] = await Promise.all([
        repo.indexRates(tx, actor.officeId, ratesFrom(period)),
        repo.getFeeSettings(tx, actor.officeId),
      ]);
      const views = await repo.contractsOfPeriod(tx, {
        officeId: actor.officeId,
        first: firstDayOf(period),
        last: lastDayOf(period),
        afterId,
        limit: opts.batchSize ?? BILLING_BATCH,
        lock: true,
      });
      if (views.length === 0) return { done: true, lastId: null };
      const plans = await planBatch(tx, actor.officeId, period, views, rates, settings.negativeIndex);
      await applyPlans(tx, actor, period, plans, result, created);
      return { done: false, lastId: views[views.length - 1]?.contract.id ?? null };
    });
    if (batch.done) break;
    afterId = batch.lastId;
    // let other requests of this instance run between batches
    await new Promise((resolve) => setImmediate(resolve));
  }
  if (input.sendEmails && jobs) {
    for (const debtId of created) {
      await sendCollection(db, jobs, actor, debtId, { today, publicUrl: opts.publicUrl, bulk: true });
      result.emailsQueued += 1;
    }
  }
  await repo.insertBillingRun(db, {
    officeId: actor.officeId,
    period,
    createdBy: actor.userId,
    chargesCreated: result.chargesCreated,
    totalCents: result.totalCents,
    reajustesApplied: result.reajustesApplied,
    pending: result.pending,
    emailsQueued: result.emailsQueued,
  });
  return result;
}

async function applyPlans(
  tx: Executor,
  actor: Actor,
  period: string,
  plans: Plan[],
  result: BillingRunResult,
  created: string[],
) {
  const ready = plans.filter((p) => p.line.state === "ready");
  result.pending += plans.filter((p) => p.line.state === "pending").length;
  // reajustes first: recorded once per (contract, competência) by the partial unique index
  const reajusteRows = ready.flatMap((p) =>
    p.newReajuste
      ? [
          {
            officeId: actor.officeId,
            contractId: p.line.contractId,
            actorId: actor.userId,
            type: "reajuste" as const,
            period,
            fromCents: p.newReajuste.fromCents,
            toCents: p.newReajuste.toCents,
            summary: `Reajuste a partir de ${formatPeriodBR(period)}: ${formatCents(p.newReajuste.fromCents)} → ${formatCents(p.newReajuste.toCents)} (${p.newReajuste.accumulatedPercent})`,
            data: { memoria: p.newReajuste },
          },
        ]
      : [],
  );
  const applied = await repo.insertContractEvents(tx, reajusteRows);
  result.reajustesApplied += applied.length;
  // the current value follows the latest reajuste
  await repo.setMonthlyCents(
    tx,
    actor.officeId,
    applied.flatMap((e) => {
      const p = ready.find((r) => r.line.contractId === e.contractId);
      return p && !p.laterReajuste && e.toCents !== null ? [{ id: e.contractId, cents: e.toCents }] : [];
    }),
  );
  const values = ready.flatMap((p) => {
    const c = p.view.contract;
    const base = {
      officeId: actor.officeId,
      clientId: c.clientId,
      ticketId: null,
      categoryId: c.categoryId,
      installmentNumber: 1,
      installmentCount: 1,
      dueDate: p.line.dueDate,
      createdBy: actor.userId,
      feeContractId: c.id,
      feePeriod: period,
    };
    const rows = [];
    if (!p.line.billed.monthly && p.line.monthlyChargeCents > 0)
      rows.push({
        ...base,
        groupId: crypto.randomUUID(),
        feeKind: "monthly" as const,
        description: chargeDescription("monthly", period),
        amountCents: p.line.monthlyChargeCents,
        txid: newTxid(),
      });
    if (!p.line.billed.thirteenth && p.line.thirteenthCents > 0)
      rows.push({
        ...base,
        groupId: crypto.randomUUID(),
        feeKind: "thirteenth" as const,
        description: chargeDescription("thirteenth", period),
        amountCents: p.line.thirteenthCents,
        txid: newTxid(),
      });
    return rows;
  });
  const debts = await repo.insertFeeDebts(tx, values);
  await repo.insertDebtEvents(
    tx,
    debts.map((d) => ({
      officeId: actor.officeId,
      debtId: d.id,
      actorId: actor.userId,
      type: "created" as const,
      summary: `Débito lançado pelo faturamento de honorários: ${formatCents(d.amountCents)}, vencimento ${formatIsoDateBR(d.dueDate)}, competência ${formatPeriodBR(period)}`,
      data: { feeContractId: d.feeContractId, period, kind: d.feeKind },
    })),
  );
  for (const d of debts) {
    result.chargesCreated += 1;
    result.totalCents += d.amountCents;
    created.push(d.id);
  }
}
