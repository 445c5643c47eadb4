import {
  IMPORT_FIELDS,
  type ImportDto,
  type ImportKind,
  type ImportQuery,
  type ImportStatus,
} from "../../../shared/imports.js";
import type { Executor } from "../../db/client.js";
import { AppError, invalid } from "../../lib/errors.js";
import type { Actor } from "../auth/context.js";
import { guessMapping } from "./columns.js";
import {
  type ClientImportValues,
  type EvaluatedRow,
  evaluate,
  rowKeys,
  type ServiceImportValues,
} from "./evaluate.js";
import type { ParsedSheet } from "./parse.js";
import * as repo from "./repository.js";

/** rows committed per transaction */
export const IMPORT_BATCH_SIZE = 500;
/** how long an import waits between its preview and "Importar" */
const IMPORT_TTL_MS = 24 * 3600 * 1000;

const missingImport = () =>
  new AppError(404, "not_found", "Importação não encontrada ou expirada. Envie o arquivo de novo.");

/** Keeps the parsed file (nothing reaches the cadastro) and answers its preview. */
export async function createImport(
  db: Executor,
  actor: Actor,
  kind: ImportKind,
  fileName: string,
  sheet: ParsedSheet,
) {
  await repo.deleteExpired(db, actor.officeId);
  const row = await repo.insert(db, {
    officeId: actor.officeId,
    userId: actor.userId,
    kind,
    fileName,
    headers: sheet.headers,
    cells: sheet.rows,
    rowNotes: sheet.rowNotes,
    mapping: guessMapping(kind, sheet.headers),
    totalRows: sheet.rows.length,
    expiresAt: new Date(Date.now() + IMPORT_TTL_MS),
  });
  return row;
}

export async function getImport(db: Executor, actor: Actor, id: string, lock = false) {
  const row = await repo.find(db, actor.officeId, actor.userId, id, lock);
  if (!row) throw missingImport();
  return row;
}

async function evaluateImport(db: Executor, officeId: string, row: repo.ImportRow): Promise<EvaluatedRow[]> {
  const kind = row.kind as ImportKind;
  const src = { kind, cells: row.cells, mapping: row.mapping, rowNotes: row.rowNotes };
  const keys = rowKeys(src);
  const existing =
    kind === "clients"
      ? await repo.existingClientDocuments(db, officeId, keys)
      : new Set([...(await repo.serviceKeys(db, officeId)).keys()].filter((k) => keys.includes(k)));
  const accountants =
    kind === "clients" ? await repo.accountantKeys(db, officeId) : new Map<string, string>();
  return evaluate(src, { accountants, existing });
}

/** The preview (or the progress, once importing): counts and one page of rows with their errors. */
export async function presentImport(
  db: Executor,
  actor: Actor,
  row: repo.ImportRow,
  /** pageSize 0: progress only (no preview rows, counts left at 0) */
  q: ImportQuery = { page: 1, pageSize: 50, show: "all" },
): Promise<ImportDto> {
  const kind = row.kind as ImportKind;
  // while importing, the progress is the answer: the rows are not evaluated again
  const rows = q.pageSize === 0 ? [] : await evaluateImport(db, actor.officeId, row);
  const counts = { total: row.totalRows, new: 0, update: 0, invalid: 0 };
  for (const r of rows) counts[r.action]++;
  const shown = q.show === "all" ? rows : rows.filter((r) => r.action === q.show);
  const start = (q.page - 1) * q.pageSize;
  return {
    id: row.id,
    kind,
    fileName: row.fileName,
    status: row.status as ImportStatus,
    headers: row.headers,
    mapping: row.mapping,
    fields: IMPORT_FIELDS[kind],
    counts,
    progress: {
      processed: row.processedRows,
      total: row.totalRows,
      created: row.createdCount,
      updated: row.updatedCount,
      skipped: row.skippedCount,
    },
    rows: shown.slice(start, start + q.pageSize).map(({ line, action, values, errors }) => ({
      line,
      action,
      values,
      errors,
    })),
    rowsTotal: shown.length,
    expiresAt: row.expiresAt.toISOString(),
  };
}

/** The person picks the columns again; only before "Importar". */
export async function setMapping(
  db: Executor,
  actor: Actor,
  id: string,
  mapping: Record<string, number | null>,
) {
  const row = await getImport(db, actor, id);
  if (row.status !== "preview") {
    throw new AppError(
      409,
      "import_started",
      "A importação já começou: as colunas não podem mais ser trocadas.",
    );
  }
  const fields = IMPORT_FIELDS[row.kind as ImportKind];
  const errors: Record<string, string> = {};
  const next: Record<string, number | null> = {};
  const used = new Map<number, string>();
  for (const f of fields) {
    const col = mapping[f.key] ?? null;
    if (col !== null && col >= row.headers.length) errors[f.key] = "Coluna inexistente no arquivo";
    else if (col !== null && used.has(col)) errors[f.key] = `A coluna já está em "${used.get(col)}"`;
    if (col !== null) used.set(col, f.label);
    next[f.key] = col;
  }
  for (const key of Object.keys(mapping))
    if (!fields.some((f) => f.key === key)) errors[key] = "Campo desconhecido";
  if (Object.keys(errors).length > 0) throw invalid(errors, "Verifique as colunas escolhidas.");
  await repo.update(db, row.id, { mapping: next });
  return { ...row, mapping: next };
}

/**
 * "Importar": commits the next batch of valid rows in this transaction (the import row is locked,
 * so two clicks never write the same batch twice) and records the progress with it. The client calls
 * again until the status is "done". Invalid rows are skipped and counted.
 */
export async function runBatch(tx: Executor, actor: Actor, id: string) {
  const row = await getImport(tx, actor, id, true);
  if (row.status === "done") return row;
  const rows = await evaluateImport(tx, actor.officeId, row);
  if (row.status === "preview") {
    const valid = rows.filter((r) => r.action !== "invalid").length;
    if (valid === 0) {
      throw new AppError(
        400,
        "import_nothing_valid",
        "Nenhuma linha válida para importar: corrija o arquivo e envie de novo.",
      );
    }
  }
  const slice = rows.slice(row.processedRows, row.processedRows + IMPORT_BATCH_SIZE);
  const valid = slice.filter((r) => r.data);
  const kind = row.kind as ImportKind;
  const result =
    kind === "clients"
      ? await repo.upsertClients(
          tx,
          actor.officeId,
          valid.map((r) => r.data as ClientImportValues),
          mappedClientFields(row.mapping),
        )
      : await repo.upsertServices(
          tx,
          actor.officeId,
          valid.map((r) => r.data as ServiceImportValues),
        );
  const processed = row.processedRows + slice.length;
  const next = {
    status: processed >= row.totalRows ? "done" : "importing",
    processedRows: processed,
    createdCount: row.createdCount + result.created,
    updatedCount: row.updatedCount + result.updated,
    skippedCount: row.skippedCount + (slice.length - valid.length),
  } as const;
  await repo.update(tx, row.id, next);
  return { ...row, ...next };
}

function mappedClientFields(mapping: Record<string, number | null>): (keyof ClientImportValues)[] {
  const out: (keyof ClientImportValues)[] = ["name", "document"];
  const map: Record<string, keyof ClientImportValues> = {
    tradeName: "tradeName",
    emails: "emails",
    phone: "phone",
    accountant: "defaultAccountantId",
    taxRegime: "taxRegime",
    uf: "uf",
    cityIbgeCode: "cityIbgeCode",
    cityName: "cityName",
  };
  for (const [key, col] of Object.entries(mapping)) {
    const f = map[key];
    if (col !== null && f) out.push(f);
  }
  return out;
}
