/**
 * Obrigações e prazos (issue 15, ADR 0019): the API contract of the obligations cadastro, the
 * office's fiscal calendar and the generation of a competência.
 */
import { z } from "zod";
import { centsSchema, ibgeCodeSchema, idSchema, ufSchema } from "./api.js";
import { TAX_REGIMES } from "./brazil.js";
import { isRealDay } from "./fiscal-calendar/days.js";
import { PERIOD_RE } from "./fiscal-calendar/due-dates.js";
import { singleLineString } from "./text.js";

export const DEPARTMENTS = ["fiscal", "contabil", "pessoal", "societario"] as const;
export type Department = (typeof DEPARTMENTS)[number];
export const DEPARTMENT_LABELS: Record<Department, string> = {
  fiscal: "Fiscal",
  contabil: "Contábil",
  pessoal: "Pessoal",
  societario: "Societário",
};

export const PERIODICITIES = ["monthly", "quarterly", "yearly", "custom"] as const;
export type Periodicity = (typeof PERIODICITIES)[number];
export const PERIODICITY_LABELS: Record<Periodicity, string> = {
  monthly: "Mensal",
  quarterly: "Trimestral",
  yearly: "Anual",
  custom: "Meses escolhidos",
};

export const SHIFTS = ["before", "after"] as const;
export type Shift = (typeof SHIFTS)[number];
export const SHIFT_LABELS: Record<Shift, string> = {
  before: "Antecipar (dia útil anterior)",
  after: "Prorrogar (próximo dia útil)",
};

const name = (label: string, max: number) =>
  singleLineString(label, { error: `Informe ${label}` })
    .trim()
    .min(1, `Informe ${label}`)
    .max(max, `O campo deve ter no máximo ${max} caracteres`);

export const periodSchema = z
  .string({ error: "Informe a competência" })
  .regex(PERIOD_RE, "Competência inválida (use AAAA-MM)")
  .refine((p) => p >= "2000-01" && p <= "2100-12", "Competência fora do intervalo 01/2000–12/2100");

export const obligationSchema = z
  .object({
    name: name("o nome", 120),
    department: z.enum(DEPARTMENTS, { error: "Departamento inválido" }),
    taxRegimes: z
      .array(z.enum(TAX_REGIMES, { error: "Regime tributário inválido" }))
      .max(6)
      .default([]),
    clientIds: z.array(idSchema).max(5000, "No máximo 5.000 clientes escolhidos").default([]),
    periodicity: z.enum(PERIODICITIES, { error: "Periodicidade inválida" }),
    /** competência months for "custom" (and the one month of "yearly") */
    months: z.array(z.number().int().min(1, "Mês inválido").max(12, "Mês inválido")).max(12).default([]),
    offsetMonths: z
      .number({ error: "Informe o deslocamento da competência" })
      .int()
      .min(0, "O deslocamento vai de 0 a 12 meses")
      .max(12, "O deslocamento vai de 0 a 12 meses"),
    legalDay: z
      .number({ error: "Informe o dia legal" })
      .int("Dia legal inválido")
      .min(1, "O dia legal vai de 1 a 31")
      .max(31, "O dia legal vai de 1 a 31"),
    shift: z.enum(SHIFTS, { error: "Escolha antecipar ou prorrogar" }),
    targetBusinessDays: z
      .number()
      .int()
      .min(0, "A meta vai de 0 a 20 dias úteis antes")
      .max(20, "A meta vai de 0 a 20 dias úteis antes")
      .default(0),
    assigneeId: idSchema
      .nullable()
      .optional()
      .transform((v) => v ?? null),
    serviceId: idSchema
      .nullable()
      .optional()
      .transform((v) => v ?? null),
    amountCents: centsSchema.default(0),
    checklist: z.array(name("o passo do checklist", 200)).max(30, "No máximo 30 passos").default([]),
    active: z.boolean().default(true),
  })
  .superRefine((o, ctx) => {
    if (o.taxRegimes.length === 0 && o.clientIds.length === 0)
      ctx.addIssue({
        code: "custom",
        path: ["taxRegimes"],
        message: "Escolha ao menos um regime tributário ou um cliente",
      });
    if ((o.periodicity === "custom" || o.periodicity === "yearly") && o.months.length === 0)
      ctx.addIssue({ code: "custom", path: ["months"], message: "Escolha o(s) mês(es) da competência" });
  });
export type ObligationInput = z.input<typeof obligationSchema>;

export interface ObligationDto {
  id: string;
  name: string;
  department: Department;
  taxRegimes: (typeof TAX_REGIMES)[number][];
  clientIds: string[];
  periodicity: Periodicity;
  months: number[];
  offsetMonths: number;
  legalDay: number;
  shift: Shift;
  targetBusinessDays: number;
  assignee: { id: string; name: string } | null;
  service: { id: string; name: string } | null;
  amountCents: number;
  checklist: string[];
  active: boolean;
  /** how many atendimentos it generated */
  itemCount: number;
}

export const generateSchema = z.object({ period: periodSchema });

export interface GenerationPreviewItem {
  obligationId: string;
  obligationName: string;
  clientId: string;
  clientName: string;
  legalDueDate: string;
  targetDate: string;
  /** already generated: generating again skips it */
  exists: boolean;
  /** the client has no município: national + state calendar only */
  withoutCity: boolean;
}

export interface GenerationPreview {
  period: string;
  total: number;
  toCreate: number;
  existing: number;
  withoutCity: number;
  /** the first 200 items, ordered by Data Legal */
  items: GenerationPreviewItem[];
}

export interface GenerationResult {
  period: string;
  created: number;
  existing: number;
}

// ---------- fiscal calendar ----------

export const calendarSettingsSchema = z.object({
  carnaval: z.boolean(),
  corpusChristi: z.boolean(),
});

export const officeHolidaySchema = z
  .object({
    date: z.string({ error: "Informe a data" }).refine(isRealDay, "Data inválida (use AAAA-MM-DD)"),
    recurring: z.boolean().default(false),
    name: name("o nome do feriado", 120),
    uf: ufSchema,
    cityIbgeCode: ibgeCodeSchema,
  })
  .superRefine((h, ctx) => {
    if (h.date < "2000-01-01" || h.date > "2100-12-31")
      ctx.addIssue({ code: "custom", path: ["date"], message: "A data deve estar entre 2000 e 2100" });
    if (h.cityIbgeCode && !h.uf)
      ctx.addIssue({ code: "custom", path: ["uf"], message: "Informe a UF do município" });
  });
export type OfficeHolidayInput = z.input<typeof officeHolidaySchema>;

export interface OfficeHolidayDto {
  id: string;
  date: string;
  recurring: boolean;
  name: string;
  uf: string | null;
  cityIbgeCode: string | null;
}

export interface CalendarSettingsDto {
  carnaval: boolean;
  corpusChristi: boolean;
  holidays: OfficeHolidayDto[];
}

/** one atendimento of an obligation on the calendar / board */
export interface DeadlineItem {
  id: string;
  protocol: string;
  subject: string;
  client: { id: string; name: string };
  assignee: { id: string; name: string } | null;
  period: string;
  legalDueDate: string;
  targetDate: string;
  status: string;
  late: boolean;
}

export const deadlineQuerySchema = z.object({
  /** `YYYY-MM`: the month shown */
  month: periodSchema,
  /** "late": every open atendimento past its Data Legal, whatever the month */
  scope: z.enum(["month", "late"], { error: "Filtro inválido" }).default("month"),
});

export interface DeadlineList {
  month: string;
  /** São Paulo */
  today: string;
  items: DeadlineItem[];
  truncated: boolean;
}
