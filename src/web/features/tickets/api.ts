import { keepPreviousData, queryOptions, useQuery } from "@tanstack/react-query";
import type {
  BulkActionInput,
  BulkResult,
  HistoryEvent,
  Page,
  TicketDetail,
  TicketInput,
  TicketRow,
  TicketUpdateInput,
  TicketWithEmail,
} from "../../../shared/api.js";
import type { TicketStatus } from "../../../shared/status.js";
import { api } from "../../api/client.js";
import type { TicketListParams } from "./useTicketFilters.js";

export const ticketKeys = {
  all: ["tickets"] as const,
  list: (query: TicketListParams) => ["tickets", "list", query] as const,
  detail: (id: string) => ["tickets", "detail", id] as const,
  history: (id: string) => ["tickets", "history", id] as const,
};

const path = (id: string) => `/api/tickets/${encodeURIComponent(id)}`;

/** The grid page's query, shared by the grid and the prefetch at login. */
export const ticketListOptions = (query: TicketListParams) =>
  queryOptions({
    queryKey: ticketKeys.list(query),
    queryFn: ({ signal }) => api.get<Page<TicketRow>>("/api/tickets", { query: { ...query }, signal }),
  });

export function useTicketList(query: TicketListParams) {
  return useQuery({ ...ticketListOptions(query), placeholderData: keepPreviousData });
}

export function useTicket(id: string | null) {
  return useQuery({
    queryKey: ticketKeys.detail(id ?? ""),
    queryFn: ({ signal }) => api.get<TicketDetail>(path(id ?? ""), { signal }),
    enabled: Boolean(id),
  });
}

export function useTicketHistory(id: string | null, enabled: boolean) {
  return useQuery({
    queryKey: ticketKeys.history(id ?? ""),
    queryFn: ({ signal }) => api.get<HistoryEvent[]>(`${path(id ?? "")}/history`, { signal }),
    enabled: Boolean(id) && enabled,
  });
}

export const ticketApi = {
  create: (input: TicketInput) => api.post<TicketDetail>("/api/tickets", input),
  update: (id: string, input: TicketUpdateInput) => api.put<TicketDetail>(path(id), input),
  // these three answer with the atendimento and the outcome of the e-mail they caused
  changeStatus: (id: string, status: TicketStatus, version: number) =>
    api.post<TicketWithEmail>(`${path(id)}/status`, { status, version }),
  reopen: (id: string, version: number) => api.post<TicketWithEmail>(`${path(id)}/reopen`, { version }),
  notify: (id: string, version: number) => api.post<TicketWithEmail>(`${path(id)}/notify`, { version }),
  /** one action for the selected rows: a result (done, or the reason it was not) per atendimento */
  bulk: (input: BulkActionInput) => api.post<BulkResult>("/api/tickets/bulk", input),
};
