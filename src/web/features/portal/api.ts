import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useCallback } from "react";
import { useSearchParams } from "react-router";
import type {
  HistoryEvent,
  Page,
  PortalCompany,
  PortalTicket,
  PortalTicketCreateInput,
} from "../../../shared/api.js";
import { api } from "../../api/client.js";

export const portalKeys = {
  all: ["portal"] as const,
  companies: ["portal", "companies"] as const,
  list: (q: { clientId?: string; page: number; pageSize: number }) => ["portal", "tickets", q] as const,
  detail: (id: string) => ["portal", "ticket", id] as const,
  history: (id: string) => ["portal", "history", id] as const,
};

const path = (id: string) => `/api/portal/tickets/${encodeURIComponent(id)}`;

export function usePortalCompanies() {
  return useQuery({
    queryKey: portalKeys.companies,
    queryFn: ({ signal }) => api.get<PortalCompany[]>("/api/portal/companies", { signal }),
    staleTime: 60_000,
  });
}

export function usePortalTickets(q: { clientId?: string; page: number; pageSize: number }) {
  return useQuery({
    queryKey: portalKeys.list(q),
    queryFn: ({ signal }) => api.get<Page<PortalTicket>>("/api/portal/tickets", { query: { ...q }, signal }),
    placeholderData: keepPreviousData,
  });
}

export function usePortalTicket(id: string) {
  return useQuery({
    queryKey: portalKeys.detail(id),
    queryFn: ({ signal }) => api.get<PortalTicket>(path(id), { signal }),
  });
}

export function usePortalHistory(id: string, enabled: boolean) {
  return useQuery({
    queryKey: portalKeys.history(id),
    queryFn: ({ signal }) => api.get<HistoryEvent[]>(`${path(id)}/history`, { signal }),
    enabled: Boolean(id) && enabled,
  });
}

export const portalApi = {
  create: (input: PortalTicketCreateInput) => api.post<PortalTicket>("/api/portal/tickets", input),
};

/** The company chosen in the header, kept in the URL (?empresa=<id>); null = all of them. */
export function useCompanyParam(): [string | null, (id: string | null) => void] {
  const [params, setParams] = useSearchParams();
  const value = params.get("empresa");
  const set = useCallback(
    (id: string | null) =>
      setParams((prev) => {
        const out = new URLSearchParams(prev);
        if (id) out.set("empresa", id);
        else out.delete("empresa");
        out.delete("page");
        return out;
      }),
    [setParams],
  );
  return [value, set];
}
