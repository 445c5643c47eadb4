/** Lookups shared by the filters and forms (users, services, accountants, clients). */
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type { AccountantDto, ClientDto, Option, Page, ServiceDto } from "../../shared/api.js";
import { api } from "./client.js";

export const optionKeys = {
  users: ["users", "options"] as const,
  services: ["services", "options"] as const,
  accountants: ["accountants", "options"] as const,
  clients: (q: string) => ["clients", "options", q] as const,
  client: (id: string) => ["clients", "detail", id] as const,
};

export function useUserOptions() {
  return useQuery({
    queryKey: optionKeys.users,
    queryFn: ({ signal }) => api.get<Option[]>("/api/users/options", { signal }),
    staleTime: 60_000,
  });
}

/** Every service, active or not (filters show all; forms offer the active ones). */
export function useServiceOptions() {
  return useQuery({
    queryKey: optionKeys.services,
    queryFn: ({ signal }) =>
      api.get<Page<ServiceDto>>("/api/services", { query: { active: "all", pageSize: 200 }, signal }),
    select: (page) => page.items,
    staleTime: 60_000,
  });
}

export function useAccountantOptions() {
  return useQuery({
    queryKey: optionKeys.accountants,
    queryFn: ({ signal }) =>
      api.get<Page<AccountantDto>>("/api/accountants", { query: { active: "true", pageSize: 200 }, signal }),
    select: (page) => page.items,
    staleTime: 60_000,
  });
}

export function useClientSearch(q: string) {
  return useQuery({
    queryKey: optionKeys.clients(q),
    queryFn: ({ signal }) =>
      api.get<Page<ClientDto>>("/api/clients", { query: { q, active: "true", pageSize: 20 }, signal }),
    select: (page) => page.items,
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
}

export function useClient(id: string | undefined, enabled = true) {
  return useQuery({
    queryKey: optionKeys.client(id ?? ""),
    queryFn: ({ signal }) => api.get<ClientDto>(`/api/clients/${encodeURIComponent(id ?? "")}`, { signal }),
    enabled: Boolean(id) && enabled,
    staleTime: 60_000,
  });
}
