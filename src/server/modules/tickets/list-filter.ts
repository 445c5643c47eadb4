import type { z } from "zod";
import type { ticketListQuerySchema } from "../../../shared/api.js";
import { saoPauloDayStart } from "./dates.js";
import type { ListFilter } from "./repository.js";

/** The grid's query as the repository's filter: the grid and its export read it alike. */
export function ticketFilterOf(
  officeId: string,
  q: Omit<z.output<typeof ticketListQuerySchema>, "page" | "pageSize">,
): Omit<ListFilter, "limit" | "offset"> {
  return {
    officeId,
    statuses: q.status,
    assigneeId: q.assigneeId,
    requesterId: q.requesterId,
    serviceId: q.serviceId,
    openedFrom: q.openedFrom ? saoPauloDayStart(q.openedFrom) : undefined,
    openedBefore: q.openedTo ? saoPauloDayStart(q.openedTo, 1) : undefined,
    q: q.q || undefined,
    sort: q.sort,
    order: q.order,
  };
}
