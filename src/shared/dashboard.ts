/**
 * Painel: the office at a glance. Every number comes with the filter of the list it counts
 * (`filter`: query parameters that the grid's or Contas a receber's API and page read alike), so a
 * click lands on exactly those rows and the count matches.
 */
import { z } from "zod";
import type { TicketStatus } from "./status.js";

export type ListFilter = Record<string, string>;

export interface CountCell {
  count: number;
  /** query of /api/tickets (page /atendimentos); null when no list shows these rows */
  filter: ListFilter | null;
}
export interface MoneyCell {
  count: number;
  cents: number;
  /** query of /api/finance/debts (page /financeiro/contas-a-receber); null when no list shows them */
  filter: ListFilter | null;
}

export const AGE_BANDS = ["0-2", "3-7", "8-30", "31+"] as const;
export type AgeBand = (typeof AGE_BANDS)[number];
export const AGE_BAND_LABELS: Record<AgeBand, string> = {
  "0-2": "0 a 2 dias",
  "3-7": "3 a 7 dias",
  "8-30": "8 a 30 dias",
  "31+": "Mais de 30 dias",
};

export const AGING_BANDS = ["1-30", "31-60", "61-90", "91+"] as const;
export type AgingBand = (typeof AGING_BANDS)[number];
export const AGING_BAND_LABELS: Record<AgingBand, string> = {
  "1-30": "1 a 30 dias",
  "31-60": "31 a 60 dias",
  "61-90": "61 a 90 dias",
  "91+": "Mais de 90 dias",
};

export interface DashboardDto {
  /** "office": the whole office; "mine": the atendimentos of the signed-in person */
  scope: "office" | "mine";
  /** the office's day the numbers were computed for (YYYY-MM-DD, São Paulo) */
  today: string;
  tickets: {
    open: CountCell;
    byStatus: ({ status: TicketStatus } & CountCell)[];
    byAge: ({ band: AgeBand } & CountCell)[];
    byAssignee: ({ assignee: { id: string; name: string } | null } & CountCell)[];
    /** the last 12 weeks (Monday to Sunday), oldest first */
    weekly: { weekStart: string; opened: CountCell; finished: number }[];
  };
  /** only for the office scope: receivables are the office's, not a person's */
  receivables: {
    dueThisMonth: MoneyCell;
    overdue: MoneyCell;
    receivedThisMonth: { cents: number; count: number };
    aging: ({ band: AgingBand } & MoneyCell)[];
    topDebtors: ({ client: { id: string; name: string } } & MoneyCell)[];
  } | null;
  /** whether staff see the office's numbers (admins change it) */
  staffSeesOffice: boolean;
}

export const dashboardSettingsSchema = z.object({
  staffSeesOffice: z.boolean({ error: "Informe se a equipe vê os números do escritório" }),
});
export type DashboardSettingsInput = z.input<typeof dashboardSettingsSchema>;
