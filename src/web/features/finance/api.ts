/** Cobrança de débitos: the staff routes under /api/finance and Movimentar (POST /api/tickets/:id/debts). */
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type {
  ChargeQuote,
  CollectionResult,
  DebtCategoryDto,
  DebtDetail,
  DebtDto,
  DebtListQuery,
  DebtPage,
  FinanceSettingsDto,
  FinanceSettingsInput,
  MovimentarInput,
  Page,
  PaymentInput,
  PixCharge,
  StatementDto,
  TicketDetail,
} from "../../../shared/api.js";
import { api } from "../../api/client.js";

export const financeKeys = {
  all: ["finance"] as const,
  debts: ["finance", "debts"] as const,
  list: (q: DebtListParams) => ["finance", "debts", "list", q] as const,
  detail: (id: string) => ["finance", "debts", "detail", id] as const,
  quote: (id: string, on: string) => ["finance", "debts", "quote", id, on] as const,
  pix: (id: string) => ["finance", "debts", "pix", id] as const,
  statement: (clientId: string, from?: string, to?: string) =>
    ["finance", "statement", clientId, from ?? "", to ?? ""] as const,
  categories: ["debtCategories"] as const,
  settings: ["settings", "finance"] as const,
};

/** The query string of GET /api/finance/debts, numbers already numbers. */
export type DebtListParams = Omit<DebtListQuery, "page" | "pageSize"> & { page: number; pageSize: number };

const debtPath = (id: string) => `/api/finance/debts/${encodeURIComponent(id)}`;

export function useDebtList(q: DebtListParams) {
  return useQuery({
    queryKey: financeKeys.list(q),
    queryFn: ({ signal }) => api.get<DebtPage>("/api/finance/debts", { query: { ...q }, signal }),
    placeholderData: keepPreviousData,
  });
}

export function useDebt(id: string | null) {
  return useQuery({
    queryKey: financeKeys.detail(id ?? ""),
    queryFn: ({ signal }) => api.get<DebtDetail>(debtPath(id ?? ""), { signal }),
    enabled: Boolean(id),
  });
}

export function useQuote(id: string, on: string | null) {
  return useQuery({
    queryKey: financeKeys.quote(id, on ?? ""),
    queryFn: ({ signal }) => api.get<ChargeQuote>(`${debtPath(id)}/quote`, { query: { on }, signal }),
    enabled: Boolean(on),
    placeholderData: keepPreviousData,
    staleTime: 0,
  });
}

/** The PIX copia e cola of a debt's balance (shared by the drawer and the portal). */
export function usePix(id: string | null, enabled = true) {
  return useQuery({
    queryKey: financeKeys.pix(id ?? ""),
    queryFn: ({ signal }) => api.get<PixCharge>(`${debtPath(id ?? "")}/pix`, { signal }),
    enabled: Boolean(id) && enabled,
    staleTime: 60_000,
  });
}

/** Every active category, for the Movimentar form. */
export function useActiveCategories() {
  return useQuery({
    queryKey: [...financeKeys.categories, "options"],
    queryFn: ({ signal }) =>
      api.get<Page<DebtCategoryDto>>("/api/finance/categories", {
        query: { active: "true", pageSize: 200 },
        signal,
      }),
    select: (page) => page.items,
    staleTime: 60_000,
  });
}

export function useFinanceSettings() {
  return useQuery({
    queryKey: financeKeys.settings,
    queryFn: ({ signal }) => api.get<FinanceSettingsDto>("/api/finance/settings", { signal }),
    staleTime: 60_000,
  });
}

export function useStatement(clientId: string | null, from?: string, to?: string) {
  return useQuery({
    queryKey: financeKeys.statement(clientId ?? "", from, to),
    queryFn: ({ signal }) =>
      api.get<StatementDto>(`/api/finance/clients/${encodeURIComponent(clientId ?? "")}/statement`, {
        query: { from, to },
        signal,
      }),
    enabled: Boolean(clientId),
    placeholderData: keepPreviousData,
  });
}

export const financeApi = {
  movimentar: (ticketId: string, input: MovimentarInput) =>
    api.post<{ debts: DebtDto[]; ticket: TicketDetail }>(
      `/api/tickets/${encodeURIComponent(ticketId)}/debts`,
      input,
    ),
  pay: (id: string, input: PaymentInput) => api.post<DebtDetail>(`${debtPath(id)}/payments`, input),
  reverse: (paymentId: string, reason: string) =>
    api.post<DebtDetail>(`/api/finance/payments/${encodeURIComponent(paymentId)}/reversal`, { reason }),
  cancel: (id: string, reason: string) => api.post<DebtDetail>(`${debtPath(id)}/cancel`, { reason }),
  collect: (id: string) => api.post<CollectionResult>(`${debtPath(id)}/collection`, {}),
  saveSettings: (input: FinanceSettingsInput) => api.put<FinanceSettingsDto>("/api/finance/settings", input),
};
