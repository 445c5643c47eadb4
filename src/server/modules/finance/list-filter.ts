import type { z } from "zod";
import type { debtListQuerySchema } from "../../../shared/api.js";
import { invalid } from "../../lib/errors.js";
import type { DebtListFilter } from "./repository.js";

/** A date range whose end comes before its start is a mistake of the person, not an empty result. */
export function checkRange(from: string | undefined, to: string | undefined, field: string) {
  if (from && to && from > to)
    throw invalid({ [field]: "A data final deve ser igual ou posterior à inicial" });
}

/** Contas a receber's query as the repository's filter: the list and its export read it alike. */
export function debtFilterOf(
  officeId: string,
  q: Omit<z.output<typeof debtListQuerySchema>, "page" | "pageSize">,
  today: string,
): Omit<DebtListFilter, "limit" | "offset"> {
  checkRange(q.dueFrom, q.dueTo, "dueTo");
  return {
    officeId,
    today,
    statuses: q.status,
    clientId: q.clientId,
    ticketId: q.ticketId,
    dueFrom: q.dueFrom,
    dueTo: q.dueTo,
    q: q.q || undefined,
    sort: q.sort,
    order: q.order,
  };
}
