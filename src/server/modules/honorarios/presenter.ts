/** The JSON shapes of honorários. */
import { debtStatus } from "../../../shared/finance.js";
import { nextReajustePeriod, type ReajusteMemoria } from "../../../shared/honorarios.js";
import type { FeeChargeDto, FeeContractDto, FeeContractEventDto } from "../../../shared/honorarios-api.js";
import type { Executor } from "../../db/client.js";
import * as repo from "./repository.js";

export function presentContract(
  v: repo.ContractView,
  names: Map<string, string>,
  today: string,
): FeeContractDto {
  const c = v.contract;
  return {
    id: c.id,
    client: { id: c.clientId, name: v.clientName },
    category: { id: c.categoryId, name: v.categoryName },
    monthlyCents: c.monthlyCents,
    dueDay: c.dueDay,
    dueNextMonth: c.dueNextMonth,
    startDate: c.startDate,
    endDate: c.endDate,
    services: c.serviceIds.map((id) => ({ id, name: names.get(id) ?? "(serviço removido)" })),
    notes: c.notes,
    reajuste: c.reajuste,
    fixedRatePpm: c.fixedRatePpm,
    anniversaryMonth: c.anniversaryMonth,
    indexWindow: c.indexWindow,
    thirteenth: c.thirteenth,
    thirteenthMonths: c.thirteenthMonths,
    nextReajuste: c.endDate && c.endDate < today ? null : nextReajustePeriod(c, today.slice(0, 7)),
    active: !c.endDate || c.endDate >= today,
    version: c.version,
  };
}

/** Contracts with their services' names (one query for the page). */
export async function presentContracts(
  db: Executor,
  officeId: string,
  views: repo.ContractView[],
  today: string,
) {
  const names = await repo.serviceNames(db, officeId, [
    ...new Set(views.flatMap((v) => v.contract.serviceIds)),
  ]);
  return views.map((v) => presentContract(v, names, today));
}

export function presentCharge(d: repo.FeeDebtRow, today: string): FeeChargeDto {
  return {
    debtId: d.id,
    period: d.feePeriod ?? "",
    kind: d.feeKind ?? "monthly",
    description: d.description,
    amountCents: d.amountCents,
    paidCents: d.paidCents,
    dueDate: d.dueDate,
    status: debtStatus(d, today),
  };
}

export function presentEvent(
  r: Awaited<ReturnType<typeof repo.listContractEvents>>[number],
): FeeContractEventDto {
  const e = r.event;
  return {
    id: e.id,
    type: e.type,
    period: e.period,
    fromCents: e.fromCents,
    toCents: e.toCents,
    summary: e.summary,
    memoria: (e.data as { memoria?: ReajusteMemoria }).memoria ?? null,
    actor: e.actorId ? { id: e.actorId, name: r.actorName ?? "" } : null,
    createdAt: e.createdAt.toISOString(),
  };
}
