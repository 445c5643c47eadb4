/**
 * The contract of the spreadsheet import (clients and services): upload → preview (nothing written)
 * → mapping edited if needed → "Importar" in batches with progress → summary.
 */
import { z } from "zod";

export const IMPORT_KINDS = ["clients", "services"] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

/** the multipart field of the file */
export const IMPORT_UPLOAD_FIELD = "file";

export interface ImportField {
  key: string;
  label: string;
  required: boolean;
}

export const IMPORT_FIELDS: Record<ImportKind, readonly ImportField[]> = {
  clients: [
    { key: "name", label: "Razão social / Nome", required: true },
    { key: "tradeName", label: "Nome fantasia", required: false },
    { key: "document", label: "CNPJ/CPF", required: true },
    { key: "emails", label: "E-mails", required: false },
    { key: "phone", label: "Telefone", required: false },
    { key: "accountant", label: "Contador padrão (nome ou CRC)", required: false },
    { key: "taxRegime", label: "Regime tributário", required: false },
    { key: "cityName", label: "Município", required: false },
    { key: "cityIbgeCode", label: "Código IBGE do município", required: false },
    { key: "uf", label: "UF", required: false },
  ],
  services: [
    { key: "name", label: "Nome do serviço", required: true },
    { key: "price", label: "Valor (R$)", required: true },
  ],
};

export type ImportRowAction = "new" | "update" | "invalid";

export interface ImportRowDto {
  /** line in the file (the header is line 1) */
  line: number;
  action: ImportRowAction;
  /** the values as read, by field key */
  values: Record<string, string>;
  /** field key (or "_row") → pt-BR message */
  errors: Record<string, string>;
}

export type ImportStatus = "preview" | "importing" | "done" | "failed";

export interface ImportDto {
  id: string;
  kind: ImportKind;
  fileName: string;
  status: ImportStatus;
  headers: string[];
  mapping: Record<string, number | null>;
  fields: readonly ImportField[];
  counts: { total: number; new: number; update: number; invalid: number };
  progress: { processed: number; total: number; created: number; updated: number; skipped: number };
  /** one page of the preview rows */
  rows: ImportRowDto[];
  rowsTotal: number;
  expiresAt: string;
}

export const importQuerySchema = z.object({
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
  show: z.enum(["all", "invalid", "new", "update"], { error: "Filtro inválido" }).default("all"),
});
export type ImportQuery = z.infer<typeof importQuerySchema>;

export const importMappingSchema = z.object({
  mapping: z.record(
    z.string().max(40),
    z.number().int().min(0, "Coluna inválida").max(500, "Coluna inválida").nullable(),
  ),
});
export type ImportMappingInput = z.infer<typeof importMappingSchema>;
