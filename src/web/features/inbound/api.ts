/** The office's incoming mailbox (admin) and the Caixa de entrada (staff). */
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type { Page } from "../../../shared/api.js";
import type {
  InboundEmailDto,
  InboundSettingsDto,
  InboundSettingsInput,
  InboundTestResult,
} from "../../../shared/inbound.js";
import { api } from "../../api/client.js";

export const inboundKeys = {
  settings: ["settings", "inbound"] as const,
  all: ["inbound"] as const,
  list: (q: InboundListParams) => ["inbound", "list", q] as const,
};

export interface InboundListParams {
  page: number;
  pageSize: number;
  view: "pending" | "all";
}

export function useInboundSettings() {
  return useQuery({
    queryKey: inboundKeys.settings,
    queryFn: ({ signal }) => api.get<InboundSettingsDto>("/api/settings/inbound", { signal }),
    // the reader's last error and next attempt change by themselves
    refetchInterval: 15_000,
  });
}

export function useInboundList(q: InboundListParams) {
  return useQuery({
    queryKey: inboundKeys.list(q),
    queryFn: ({ signal }) => api.get<Page<InboundEmailDto>>("/api/inbound", { query: { ...q }, signal }),
    placeholderData: keepPreviousData,
    refetchInterval: 30_000,
  });
}

export const inboundApi = {
  save: (input: InboundSettingsInput) => api.put<InboundSettingsDto>("/api/settings/inbound", input),
  remove: () => api.delete<void>("/api/settings/inbound"),
  test: (input: InboundSettingsInput) => api.post<InboundTestResult>("/api/settings/inbound/test", input),
  link: (id: string, clientId: string) =>
    api.post<{ ticketId: string }>(`/api/inbound/${encodeURIComponent(id)}/link`, { clientId }),
  discard: (id: string) => api.post<void>(`/api/inbound/${encodeURIComponent(id)}/discard`, {}),
};
