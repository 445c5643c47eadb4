import type { TaxRegime } from "../../../shared/brazil.js";
import { monthsOf } from "../../../shared/fiscal-calendar/due-dates.js";
import type {
  Department,
  ObligationDto,
  ObligationInput,
  Periodicity,
  Shift,
} from "../../../shared/obligations.js";
import type { Executor } from "../../db/client.js";
import * as repo from "./repository.js";

export async function presentObligations(
  db: Executor,
  officeId: string,
  rows: repo.ObligationRow[],
): Promise<ObligationDto[]> {
  const ids = rows.map((r) => r.id);
  const [counts, names] = await Promise.all([
    repo.itemCounts(db, officeId, ids),
    repo.namesOf(
      db,
      officeId,
      rows.flatMap((r) => (r.assigneeId ? [r.assigneeId] : [])),
      rows.flatMap((r) => (r.serviceId ? [r.serviceId] : [])),
    ),
  ]);
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    department: r.department as Department,
    taxRegimes: r.taxRegimes as TaxRegime[],
    clientIds: r.clientIds,
    periodicity: r.periodicity as Periodicity,
    months: r.months,
    offsetMonths: r.offsetMonths,
    legalDay: r.legalDay,
    shift: r.shift as Shift,
    targetBusinessDays: r.targetBusinessDays,
    assignee: r.assigneeId ? { id: r.assigneeId, name: names.users.get(r.assigneeId) ?? "" } : null,
    service: r.serviceId ? { id: r.serviceId, name: names.services.get(r.serviceId) ?? "" } : null,
    amountCents: r.amountCents,
    checklist: r.checklist,
    active: r.active,
    itemCount: counts.get(r.id) ?? 0,
  }));
}

/** validated input → column values (the months derived from the periodicity) */
export function toColumns(
  input: Omit<ObligationInput, "assigneeId" | "serviceId" | "clientIds"> & {
    assigneeId?: string | null;
    serviceId?: string | null;
    clientIds?: string[];
  },
): repo.ObligationValues {
  return {
    name: input.name,
    department: input.department,
    taxRegimes: input.taxRegimes ?? [],
    clientIds: [...new Set(input.clientIds ?? [])],
    periodicity: input.periodicity,
    months: monthsOf(input.periodicity, input.months ?? []),
    offsetMonths: input.offsetMonths,
    legalDay: input.legalDay,
    shift: input.shift,
    targetBusinessDays: input.targetBusinessDays ?? 0,
    assigneeId: input.assigneeId ?? null,
    serviceId: input.serviceId ?? null,
    amountCents: input.amountCents ?? 0,
    checklist: input.checklist ?? [],
    active: input.active ?? true,
  };
}
