/** Exports of the grid and of Contas a receber: the lists' own filters plus the file format. */
import { z } from "zod";
import { debtListQuerySchema, ticketListQuerySchema } from "./api.js";

export const EXPORT_FORMATS = ["csv", "xlsx"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
const format = z
  .enum(EXPORT_FORMATS, { error: "Formato de exportação inválido (use csv ou xlsx)" })
  .default("csv");

export const ticketExportQuerySchema = ticketListQuerySchema
  .omit({ page: true, pageSize: true })
  .extend({ format });
export type TicketExportQuery = z.input<typeof ticketExportQuerySchema>;

export const debtExportQuerySchema = debtListQuerySchema
  .omit({ page: true, pageSize: true })
  .extend({ format });
export type DebtExportQuery = z.input<typeof debtExportQuerySchema>;
