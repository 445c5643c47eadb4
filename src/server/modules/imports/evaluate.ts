import { clientSchema, serviceSchema } from "../../../shared/api.js";
import { parseTaxRegime, type TaxRegime } from "../../../shared/brazil.js";
import { normalizeDocument } from "../../../shared/documents.js";
import { IMPORT_FIELDS, type ImportKind, type ImportRowDto } from "../../../shared/imports.js";
import { parseBRL } from "../../../shared/money.js";
import { foldHeader } from "./columns.js";

export interface ClientImportValues {
  name: string;
  tradeName: string | null;
  document: string;
  emails: string[];
  phone: string | null;
  defaultAccountantId: string | null;
  taxRegime: TaxRegime | null;
  uf: string | null;
  cityIbgeCode: string | null;
  cityName: string | null;
}
export interface ServiceImportValues {
  name: string;
  priceCents: number;
}

export interface EvaluatedRow extends ImportRowDto {
  /** the values to write, when the row is valid */
  data?: ClientImportValues | ServiceImportValues;
  /** the key it is matched by: the document of a client, the folded name of a service */
  key?: string;
}

export interface EvaluationContext {
  /** accountants of the office: folded name or normalised CRC → id */
  accountants: Map<string, string>;
  /** keys already in the cadastro (documents of clients, folded names of services) */
  existing: Set<string>;
}

export interface ImportSource {
  kind: ImportKind;
  cells: string[][];
  mapping: Record<string, number | null>;
  rowNotes: Record<string, string>;
}

/** the key a service is matched by: its name without accents, case or punctuation */
export const serviceKey = (name: string) => foldHeader(name);
export const crcKey = (crc: string) => `crc:${crc.toUpperCase().replace(/[^0-9A-Z]/g, "")}`;
export const accountantNameKey = (name: string) => `name:${foldHeader(name)}`;

/**
 * A CNPJ or CPF typed as a number in Excel loses its leading zeros: 1234567000189 is 01234567000189.
 * Digits only, one or two short of a CPF or CNPJ, get them back.
 */
export function restoreLeadingZeros(doc: string): string {
  if (!/^\d+$/.test(doc)) return doc;
  if (doc.length === 12 || doc.length === 13) return doc.padStart(14, "0");
  if (doc.length === 9 || doc.length === 10) return doc.padStart(11, "0");
  return doc;
}

/** The keys of the rows (document or service name) as read, to find the keys already in the cadastro. */
export function rowKeys(src: ImportSource): string[] {
  const col = src.mapping[src.kind === "clients" ? "document" : "name"];
  if (col === null || col === undefined) return [];
  const keys = src.cells.map((r) => {
    const v = r[col] ?? "";
    return src.kind === "clients" ? restoreLeadingZeros(normalizeDocument(v)) : serviceKey(v);
  });
  return [...new Set(keys.filter(Boolean))];
}

/** Every row of the file with its action (new / update / invalid), its errors and the values to write. */
export function evaluate(src: ImportSource, ctx: EvaluationContext): EvaluatedRow[] {
  const fields = IMPORT_FIELDS[src.kind];
  const missing = fields.filter((f) => f.required && (src.mapping[f.key] ?? null) === null);
  const seen = new Map<string, number>();
  return src.cells.map((cells, i) => {
    const line = i + 2;
    const values: Record<string, string> = {};
    for (const f of fields) {
      const col = src.mapping[f.key];
      values[f.key] = col === null || col === undefined ? "" : (cells[col] ?? "");
    }
    const errors: Record<string, string> = {};
    for (const f of missing) errors[f.key] = `Escolha a coluna de "${f.label}"`;
    const note = src.rowNotes[String(i)];
    if (note) errors._row = note;
    const result =
      src.kind === "clients" ? evaluateClient(values, ctx, errors) : evaluateService(values, errors);
    if (result && Object.keys(errors).length === 0) {
      const first = seen.get(result.key);
      if (first !== undefined) {
        errors[src.kind === "clients" ? "document" : "name"] =
          src.kind === "clients"
            ? `CNPJ/CPF repetido no arquivo (já está na linha ${first})`
            : `Serviço repetido no arquivo (já está na linha ${first})`;
      } else {
        seen.set(result.key, line);
      }
    }
    if (!result || Object.keys(errors).length > 0) return { line, action: "invalid", values, errors };
    return {
      line,
      action: ctx.existing.has(result.key) ? "update" : "new",
      values,
      errors,
      data: result.data,
      key: result.key,
    };
  });
}

function evaluateClient(
  v: Record<string, string>,
  ctx: EvaluationContext,
  errors: Record<string, string>,
): { key: string; data: ClientImportValues } | null {
  let accountantId: string | null = null;
  const acc = (v.accountant ?? "").trim();
  if (acc) {
    accountantId = ctx.accountants.get(crcKey(acc)) ?? ctx.accountants.get(accountantNameKey(acc)) ?? null;
    if (!accountantId)
      errors.accountant = `Contador não encontrado: "${acc}" (use o nome ou o CRC cadastrado)`;
  }
  const regimeText = (v.taxRegime ?? "").trim();
  const taxRegime = regimeText ? parseTaxRegime(regimeText) : null;
  if (regimeText && !taxRegime) {
    errors.taxRegime = `Regime tributário desconhecido: "${regimeText}" (MEI, Simples Nacional, Lucro Presumido, Lucro Real, Pessoa Física ou Imune/Isenta)`;
  }
  const parsed = clientSchema.safeParse({
    name: v.name ?? "",
    tradeName: v.tradeName || null,
    document: restoreLeadingZeros(normalizeDocument(v.document ?? "")),
    emails: (v.emails ?? "")
      .split(/[;,\s]+/)
      .map((e) => e.trim())
      .filter(Boolean),
    phone: v.phone || null,
    taxRegime,
    uf: v.uf || null,
    cityIbgeCode: v.cityIbgeCode || null,
    cityName: v.cityName || null,
  });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = String(issue.path[0] ?? "_row");
      errors[key] ??= key === "emails" ? `E-mail inválido: ${v.emails}` : issue.message;
    }
    return null;
  }
  const c = parsed.data;
  return {
    key: c.document,
    data: {
      name: c.name,
      tradeName: c.tradeName,
      document: c.document,
      emails: [...new Set(c.emails)],
      phone: c.phone,
      defaultAccountantId: accountantId,
      taxRegime: c.taxRegime,
      uf: c.uf,
      cityIbgeCode: c.cityIbgeCode,
      cityName: c.cityName,
    },
  };
}

function evaluateService(
  v: Record<string, string>,
  errors: Record<string, string>,
): { key: string; data: ServiceImportValues } | null {
  const priceText = (v.price ?? "").trim();
  const priceCents = priceText ? parseBRL(priceText) : null;
  if (priceText && priceCents === null) errors.price = `Valor inválido: "${priceText}" (use 1.234,56)`;
  else if (!priceText) errors.price ??= "Informe o valor";
  const parsed = serviceSchema.safeParse({ name: v.name ?? "", priceCents: priceCents ?? 0 });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) errors[String(issue.path[0] ?? "_row")] ??= issue.message;
    return null;
  }
  if (priceCents === null) return null;
  return { key: serviceKey(parsed.data.name), data: { name: parsed.data.name, priceCents } };
}
