/**
 * The API contract of honorários (issue 16): contracts, índices, faturamento, reports and the
 * portal's view. Rules (reajuste, 13º, pro rata) live in shared/honorarios.ts.
 * Routes: staff under /api/fees/*, client users at /api/portal/fees.
 */
import { z } from "zod";
import { idSchema, searchSchema } from "./api.js";
import { dateOnly } from "./dates.js";
import type { DebtStatus } from "./finance.js";
import {
  type AgingBucket,
  INDEX_WINDOWS,
  type IndexWindow,
  MAX_RATE_PPM,
  MIN_RATE_PPM,
  NEGATIVE_INDEX_MODES,
  type NegativeIndexMode,
  PERIOD_RE,
  PRICE_INDEXES,
  type PriceIndex,
  REAJUSTE_KINDS,
  type ReajusteKind,
  type ReajusteMemoria,
  THIRTEENTH_MODES,
  type ThirteenthMode,
} from "./honorarios.js";
import { MAX_AMOUNT_CENTS } from "./money.js";
import { multiLineString } from "./text.js";

export const periodSchema = z
  .string({ error: "Informe a competência" })
  .regex(PERIOD_RE, "Competência inválida (use AAAA-MM)")
  .refine((p) => p >= "1900-01" && p <= "2999-12", "Competência fora do intervalo permitido");

const ratePpmSchema = z
  .number({ error: "Informe o percentual" })
  .int("Percentual inválido")
  .min(MIN_RATE_PPM, "O percentual deve ser maior que -100%")
  .max(MAX_RATE_PPM, "O percentual deve ser no máximo 100%");

const month = z
  .number({ error: "Mês inválido" })
  .int("Mês inválido")
  .min(1, "Mês inválido")
  .max(12, "Mês inválido");

export const feeContractSchema = z
  .object({
    clientId: idSchema.describe("Cliente"),
    categoryId: idSchema.describe("Categoria"),
    monthlyCents: z
      .number({ error: "Informe o valor mensal" })
      .int("O valor deve estar em centavos inteiros")
      .min(1, "O valor mensal deve ser maior que zero")
      .max(MAX_AMOUNT_CENTS, "Valor acima do permitido"),
    dueDay: z
      .number({ error: "Informe o dia de vencimento" })
      .int("Dia de vencimento inválido")
      .min(1, "O dia de vencimento deve estar entre 1 e 31")
      .max(31, "O dia de vencimento deve estar entre 1 e 31"),
    dueNextMonth: z.boolean().default(true),
    startDate: dateOnly,
    endDate: dateOnly.nullable().default(null),
    serviceIds: z.array(idSchema).max(50, "No máximo 50 serviços").default([]),
    notes: multiLineString("as observações")
      .trim()
      .max(2000, "Observações: no máximo 2000 caracteres")
      .default(""),
    reajuste: z.enum(REAJUSTE_KINDS, { error: "Reajuste inválido" }),
    fixedRatePpm: ratePpmSchema.nullable().default(null),
    anniversaryMonth: month,
    indexWindow: z.enum(INDEX_WINDOWS, { error: "Janela do índice inválida" }).default("two_months_before"),
    thirteenth: z.enum(THIRTEENTH_MODES, { error: "13º inválido" }).default("none"),
    thirteenthMonths: z.array(month).max(12).default([]),
  })
  .superRefine((v, ctx) => {
    if (v.endDate && v.endDate < v.startDate)
      ctx.addIssue({
        code: "custom",
        path: ["endDate"],
        message: "O término deve ser igual ou posterior ao início",
      });
    if (v.reajuste === "fixed" && v.fixedRatePpm === null)
      ctx.addIssue({
        code: "custom",
        path: ["fixedRatePpm"],
        message: "Informe o percentual fixo do reajuste",
      });
    if (v.thirteenth === "split" && v.thirteenthMonths.length === 0)
      ctx.addIssue({ code: "custom", path: ["thirteenthMonths"], message: "Escolha os meses do 13º" });
  });
export type FeeContractInput = z.input<typeof feeContractSchema>;
export const feeContractUpdateSchema = feeContractSchema.and(z.object({ version: z.number().int().min(1) }));

export const feeContractListQuerySchema = z.object({
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
  clientId: idSchema.optional(),
  q: searchSchema,
  state: z.enum(["active", "ended", "all"]).default("all"),
  /** the cadastro page's filter: true = active, false = ended */
  active: z.enum(["true", "false", "all"]).default("all"),
});

export interface FeeContractDto {
  id: string;
  client: { id: string; name: string };
  category: { id: string; name: string };
  monthlyCents: number;
  dueDay: number;
  dueNextMonth: boolean;
  startDate: string;
  endDate: string | null;
  services: { id: string; name: string }[];
  notes: string;
  reajuste: ReajusteKind;
  fixedRatePpm: number | null;
  anniversaryMonth: number;
  indexWindow: IndexWindow;
  thirteenth: ThirteenthMode;
  thirteenthMonths: number[];
  /** the next competência a reajuste takes effect (null: none) */
  nextReajuste: string | null;
  active: boolean;
  version: number;
}

export interface FeeContractEventDto {
  id: string;
  type: "created" | "updated" | "reajuste" | "ended";
  period: string | null;
  fromCents: number | null;
  toCents: number | null;
  summary: string;
  memoria: ReajusteMemoria | null;
  actor: { id: string; name: string } | null;
  createdAt: string;
}

export interface FeeContractDetail extends FeeContractDto {
  events: FeeContractEventDto[];
  charges: FeeChargeDto[];
}

/** One billed charge of a contract (a debt). */
export interface FeeChargeDto {
  debtId: string;
  period: string;
  kind: "monthly" | "thirteenth";
  description: string;
  amountCents: number;
  paidCents: number;
  dueDate: string;
  status: DebtStatus;
}

// ---------- índices ----------

export const priceIndexValueSchema = z.object({
  index: z.enum(PRICE_INDEXES, { error: "Índice inválido" }),
  period: periodSchema,
  ratePpm: ratePpmSchema,
});
export type PriceIndexValueInput = z.input<typeof priceIndexValueSchema>;

export const priceIndexQuerySchema = z.object({
  index: z.enum(PRICE_INDEXES, { error: "Índice inválido" }).optional(),
});

export interface PriceIndexValueDto {
  index: PriceIndex;
  period: string;
  ratePpm: number;
  updatedAt: string;
}

export const priceIndexImportSchema = z.object({
  index: z.enum(PRICE_INDEXES, { error: "Índice inválido" }),
  /** the CSV text: one "competência;percentual" a line (03/2026;0,56 or 2026-03;0,56) */
  csv: z.string().max(200_000, "Arquivo grande demais (máximo 200 KB)"),
  /** true: only check and show what would be written */
  dryRun: z.boolean().default(false),
});
export interface PriceIndexImportResult {
  rows: {
    line: number;
    period: string | null;
    ratePpm: number | null;
    error: string | null;
    previousPpm: number | null;
  }[];
  errors: number;
  saved: number;
}

export const feeSettingsSchema = z.object({
  negativeIndex: z.enum(NEGATIVE_INDEX_MODES, { error: "Opção inválida" }),
});
export interface FeeSettingsDto {
  negativeIndex: NegativeIndexMode;
}

// ---------- faturamento ----------

/** How far ahead a competência may be billed: the current month and the next one. */
export const MAX_BILLING_MONTHS_AHEAD = 1;

export const billingQuerySchema = z.object({ period: periodSchema });
export const billingRunSchema = z.object({
  period: periodSchema,
  /** queue the cobrança e-mails (PIX) of the charges created */
  sendEmails: z.boolean().default(false),
});

export interface BillingLine {
  contractId: string;
  client: { id: string; name: string };
  /** monthly value in force at the competência, before the pro rata */
  monthlyCents: number;
  /** reajuste taking effect at this competência */
  reajuste:
    | {
        status: "applied";
        fromCents: number;
        toCents: number;
        memoria: ReajusteMemoria;
        alreadyApplied: boolean;
      }
    | { status: "pending"; missing: string[] }
    | null;
  /** pro rata: days covered / days of the month (null: the whole month) */
  proRata: { days: number; monthDays: number } | null;
  monthlyChargeCents: number;
  thirteenthCents: number;
  totalCents: number;
  dueDate: string;
  /** already billed charges of this competência (debt ids) */
  billed: { monthly: string | null; thirteenth: string | null };
  /** "ready" to bill, "billed" (nothing left), "pending" (reajuste waits for the index) */
  state: "ready" | "billed" | "pending";
}

export interface BillingPreview {
  period: string;
  lines: BillingLine[];
  totals: { contracts: number; ready: number; billed: number; pending: number; toBillCents: number };
}

export interface BillingRunResult {
  period: string;
  chargesCreated: number;
  totalCents: number;
  reajustesApplied: number;
  pending: number;
  emailsQueued: number;
}

// ---------- reports ----------

export const carteiraQuerySchema = z.object({ period: periodSchema });
export interface CarteiraReport {
  period: string;
  activeContracts: number;
  mrrCents: number;
  bands: { label: string; clients: number; mrrCents: number }[];
  churn: {
    contracts: number;
    lostMrrCents: number;
    items: { contractId: string; clientName: string; endDate: string; monthlyCents: number }[];
  };
  billedCents: number;
  receivedCents: number;
  openCents: number;
}

export interface AgingReport {
  today: string;
  buckets: { bucket: AgingBucket; debts: number; balanceCents: number }[];
  totalCents: number;
  byClient: {
    clientId: string;
    clientName: string;
    buckets: Record<AgingBucket, number>;
    totalCents: number;
  }[];
}

// ---------- portal ----------

export interface PortalFeeContract {
  id: string;
  client: { id: string; name: string };
  monthlyCents: number;
  dueDay: number;
  reajuste: ReajusteKind;
  nextReajuste: string | null;
  startDate: string;
  endDate: string | null;
  charges: FeeChargeDto[];
}
