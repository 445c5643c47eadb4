/**
 * Acompanhamento: the carteira of a competência (MRR, clients by fee band, churn, billed vs received)
 * and the aging of every open receivable of the office — the same balances Contas a receber totals.
 */
import { daysBetween } from "../../../shared/finance.js";
import {
  AGING_BUCKETS,
  type AgingBucket,
  agingBucket,
  FEE_BANDS,
  firstDayOf,
  lastDayOf,
} from "../../../shared/honorarios.js";
import type { AgingReport, CarteiraReport } from "../../../shared/honorarios-api.js";
import type { Executor } from "../../db/client.js";
import * as repo from "./repository.js";

export async function carteira(db: Executor, officeId: string, period: string): Promise<CarteiraReport> {
  const last = lastDayOf(period);
  const [active, ended, billed] = await Promise.all([
    repo.activeContractsOn(db, officeId, last),
    repo.contractsEndedBetween(db, officeId, firstDayOf(period), last),
    repo.billedVsReceived(db, officeId, period),
  ]);
  const byClient = new Map<string, number>();
  for (const c of active) byClient.set(c.clientId, (byClient.get(c.clientId) ?? 0) + c.monthlyCents);
  const bands = FEE_BANDS.map((b) => ({ label: b.label, clients: 0, mrrCents: 0 }));
  for (const cents of byClient.values()) {
    const i = FEE_BANDS.findIndex((b) => b.maxCents === null || cents <= b.maxCents);
    const band = bands[i];
    if (band) {
      band.clients += 1;
      band.mrrCents += cents;
    }
  }
  return {
    period,
    activeContracts: active.length,
    mrrCents: active.reduce((s, c) => s + c.monthlyCents, 0),
    bands,
    churn: {
      contracts: ended.length,
      lostMrrCents: ended.reduce((s, c) => s + c.monthlyCents, 0),
      items: ended.map((e) => ({ ...e, endDate: e.endDate ?? "" })),
    },
    billedCents: billed.billedCents,
    receivedCents: billed.receivedCents,
    openCents: billed.billedCents - billed.receivedCents,
  };
}

const emptyBuckets = () =>
  Object.fromEntries(AGING_BUCKETS.map((b) => [b, 0])) as Record<AgingBucket, number>;

export async function aging(db: Executor, officeId: string, today: string): Promise<AgingReport> {
  const rows = await repo.openBalances(db, officeId);
  const totals = AGING_BUCKETS.map((bucket) => ({ bucket, debts: 0, balanceCents: 0 }));
  const clients = new Map<string, AgingReport["byClient"][number]>();
  for (const r of rows) {
    const bucket = agingBucket(daysBetween(r.dueDate, today));
    const t = totals[AGING_BUCKETS.indexOf(bucket)];
    if (t) {
      t.debts += r.debts;
      t.balanceCents += r.balanceCents;
    }
    const c = clients.get(r.clientId) ?? {
      clientId: r.clientId,
      clientName: r.clientName,
      buckets: emptyBuckets(),
      totalCents: 0,
    };
    c.buckets[bucket] += r.balanceCents;
    c.totalCents += r.balanceCents;
    clients.set(r.clientId, c);
  }
  return {
    today,
    buckets: totals,
    totalCents: totals.reduce((s, t) => s + t.balanceCents, 0),
    byClient: [...clients.values()].sort(
      (a, b) => b.totalCents - a.totalCents || a.clientName.localeCompare(b.clientName, "pt-BR"),
    ),
  };
}
