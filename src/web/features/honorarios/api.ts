/** Honorários: the staff routes under /api/fees and the portal's /api/portal/fees. */
import { useQuery } from "@tanstack/react-query";
import type { PriceIndex } from "../../../shared/honorarios.js";
import type {
  AgingReport,
  BillingPreview,
  CarteiraReport,
  FeeContractDetail,
  FeeSettingsDto,
  PortalFeeContract,
  PriceIndexValueDto,
} from "../../../shared/honorarios-api.js";
import { api } from "../../api/client.js";

export const feeKeys = {
  all: ["fees"] as const,
  contracts: "feeContracts",
  contract: (id: string) => ["fees", "contract", id] as const,
  indexes: (index: PriceIndex) => ["fees", "indexes", index] as const,
  billing: (period: string) => ["fees", "billing", period] as const,
  carteira: (period: string) => ["fees", "carteira", period] as const,
  aging: ["fees", "aging"] as const,
  settings: ["fees", "settings"] as const,
  portal: ["portal", "fees"] as const,
};

export const useContract = (id: string | null) =>
  useQuery({
    queryKey: feeKeys.contract(id ?? ""),
    queryFn: ({ signal }) => api.get<FeeContractDetail>(`/api/fees/contracts/${id}`, { signal }),
    enabled: Boolean(id),
  });

export const useIndexValues = (index: PriceIndex) =>
  useQuery({
    queryKey: feeKeys.indexes(index),
    queryFn: ({ signal }) => api.get<PriceIndexValueDto[]>("/api/fees/indexes", { query: { index }, signal }),
  });

export const useBillingPreview = (period: string) =>
  useQuery({
    queryKey: feeKeys.billing(period),
    queryFn: ({ signal }) => api.get<BillingPreview>("/api/fees/billing", { query: { period }, signal }),
  });

export const useCarteira = (period: string) =>
  useQuery({
    queryKey: feeKeys.carteira(period),
    queryFn: ({ signal }) =>
      api.get<CarteiraReport>("/api/fees/reports/carteira", { query: { period }, signal }),
  });

export const useAging = () =>
  useQuery({
    queryKey: feeKeys.aging,
    queryFn: ({ signal }) => api.get<AgingReport>("/api/fees/reports/aging", { signal }),
  });

export const useFeeSettings = () =>
  useQuery({
    queryKey: feeKeys.settings,
    queryFn: ({ signal }) => api.get<FeeSettingsDto>("/api/fees/settings", { signal }),
  });

export const usePortalFees = () =>
  useQuery({
    queryKey: feeKeys.portal,
    queryFn: ({ signal }) => api.get<PortalFeeContract[]>("/api/portal/fees", { signal }),
  });
