/**
 * Use cases of contracts and índices: each one a transaction that checks the references of the
 * office, writes the change and its history (fee_contract_events) together.
 */
import { parse } from "csv-parse/sync";
import type { z } from "zod";
import { formatIsoDateBR, todayInSaoPaulo } from "../../../shared/finance.js";
import {
  formatPeriodBR,
  PERIOD_RE,
  PRICE_INDEX_LABELS,
  type PriceIndex,
  parseRatePercent,
  REAJUSTE_LABELS,
} from "../../../shared/honorarios.js";
import type {
  feeContractSchema,
  PriceIndexImportResult,
  priceIndexValueSchema,
} from "../../../shared/honorarios-api.js";
import { formatCents } from "../../../shared/money.js";
import type { Db, Executor } from "../../db/client.js";
import { conflict, invalid, notFound } from "../../lib/errors.js";
import type { Actor } from "../auth/context.js";
import { findCategory } from "../finance/repository.js";
import * as repo from "./repository.js";

type ContractInput = z.output<typeof feeContractSchema>;

async function checkReferences(tx: Executor, actor: Actor, input: ContractInput) {
  const client = await repo.clientOfOffice(tx, actor.officeId, input.clientId);
  if (!client) throw invalid({ clientId: "Cliente não encontrado." });
  const category = await findCategory(tx, actor.officeId, input.categoryId);
  if (!category?.active) throw invalid({ categoryId: "Categoria não encontrada ou inativa." });
  const ids = [...new Set(input.serviceIds)];
  const names = await repo.serviceNames(tx, actor.officeId, ids);
  if (names.size !== ids.length) throw invalid({ serviceIds: "Serviço não encontrado." });
  return ids;
}

const valuesOf = (input: ContractInput, serviceIds: string[]): repo.ContractValues => ({
  clientId: input.clientId,
  categoryId: input.categoryId,
  monthlyCents: input.monthlyCents,
  dueDay: input.dueDay,
  dueNextMonth: input.dueNextMonth,
  startDate: input.startDate,
  endDate: input.endDate,
  serviceIds,
  notes: input.notes,
  reajuste: input.reajuste,
  fixedRatePpm: input.reajuste === "fixed" ? input.fixedRatePpm : null,
  anniversaryMonth: input.anniversaryMonth,
  indexWindow: input.indexWindow,
  thirteenth: input.thirteenth,
  thirteenthMonths:
    input.thirteenth === "split" ? [...new Set(input.thirteenthMonths)].sort((a, b) => a - b) : [],
});

const describeContract = (v: repo.ContractValues) =>
  `${formatCents(v.monthlyCents)} por mês, vencimento dia ${v.dueDay}, início ${formatIsoDateBR(v.startDate)}${v.endDate ? `, término ${formatIsoDateBR(v.endDate)}` : ""}, reajuste ${REAJUSTE_LABELS[v.reajuste ?? "none"]}`;

export async function createContract(db: Db, actor: Actor, input: ContractInput) {
  return db.transaction(async (tx) => {
    const serviceIds = await checkReferences(tx, actor, input);
    const values = valuesOf(input, serviceIds);
    const row = await repo.insertContract(tx, actor.officeId, actor.userId, values);
    await repo.insertContractEvents(tx, [
      {
        officeId: actor.officeId,
        contractId: row.id,
        actorId: actor.userId,
        type: "created",
        toCents: row.monthlyCents,
        summary: `Contrato criado: ${describeContract(values)}`,
      },
    ]);
    return row;
  });
}

/** Edits a contract (the version read must be current); ending it is an edit of the end date. */
export async function updateContract(
  db: Db,
  actor: Actor,
  id: string,
  input: ContractInput & { version: number },
) {
  return db.transaction(async (tx) => {
    const current = await repo.findContract(tx, actor.officeId, id, true);
    if (!current) throw notFound("Contrato");
    if (current.contract.version !== input.version)
      throw conflict(
        "stale_version",
        "Este contrato foi alterado por outra pessoa depois que você o abriu. Recarregue para ver a versão atual; nada foi sobrescrito.",
      );
    if (input.clientId !== current.contract.clientId)
      throw invalid({ clientId: "O cliente de um contrato não muda: encerre este e crie outro." });
    const serviceIds = await checkReferences(tx, actor, input);
    const values = valuesOf(input, serviceIds);
    const row = await repo.updateContract(tx, actor.officeId, id, input.version, values);
    if (!row) throw conflict("stale_version", "Este contrato foi alterado por outra pessoa. Recarregue.");
    const before = current.contract;
    const ended = !before.endDate && values.endDate;
    await repo.insertContractEvents(tx, [
      {
        officeId: actor.officeId,
        contractId: id,
        actorId: actor.userId,
        type: ended ? "ended" : "updated",
        fromCents: before.monthlyCents,
        toCents: row.monthlyCents,
        summary: ended
          ? `Contrato encerrado em ${formatIsoDateBR(values.endDate as string)}`
          : `Contrato alterado: ${describeContract(values)}`,
      },
    ]);
    return row;
  });
}

// ---------- índices ----------

type IndexInput = z.output<typeof priceIndexValueSchema>;

function checkNotFuture(period: string, field: string) {
  const current = todayInSaoPaulo().slice(0, 7);
  if (period > current)
    throw invalid({
      [field]: `A competência ${formatPeriodBR(period)} ainda não terminou: o índice não existe.`,
    });
}

export async function addIndexValue(db: Db, actor: Actor, input: IndexInput) {
  checkNotFuture(input.period, "period");
  const row = await repo.insertIndexValue(db, {
    officeId: actor.officeId,
    createdBy: actor.userId,
    ...input,
  });
  if (!row)
    throw conflict(
      "duplicate_index_month",
      `O ${PRICE_INDEX_LABELS[input.index]} de ${formatPeriodBR(input.period)} já está cadastrado: edite o valor existente.`,
    );
  return row;
}

export async function changeIndexValue(
  db: Db,
  actor: Actor,
  index: PriceIndex,
  period: string,
  ratePpm: number,
) {
  const row = await repo.updateIndexValue(db, actor.officeId, index, period, ratePpm);
  if (!row) throw notFound("Índice");
  return row;
}

/** "03/2026", "2026-03" or "mar/2026" → "2026-03" */
const MONTHS_PT = ["jan", "fev", "mar", "abr", "mai", "jun", "jul", "ago", "set", "out", "nov", "dez"];
export function parsePeriodCell(text: string): string | null {
  const s = text.trim().toLowerCase();
  let m = /^(\d{1,2})\/(\d{4})$/.exec(s);
  if (m) {
    const p = `${m[2]}-${String(Number(m[1])).padStart(2, "0")}`;
    return PERIOD_RE.test(p) ? p : null;
  }
  m = /^(\d{4})-(\d{2})$/.exec(s);
  if (m) return PERIOD_RE.test(s) ? s : null;
  m = /^([a-zç]{3})[a-zç]*\/(\d{4})$/.exec(s);
  if (m) {
    const i = MONTHS_PT.indexOf(m[1] as string);
    return i < 0 ? null : `${m[2]}-${String(i + 1).padStart(2, "0")}`;
  }
  return null;
}

/**
 * Imports a CSV of one index: "competência;percentual" a line, with or without a header. Every line
 * is checked first (month format, future month, month repeated in the file, pt-BR decimal comma);
 * with any error nothing is written. Months already in the cadastro are replaced (shown beforehand).
 */
export async function importIndexCsv(
  db: Db,
  actor: Actor,
  input: { index: PriceIndex; csv: string; dryRun: boolean },
): Promise<PriceIndexImportResult> {
  const text = input.csv.replace(/^\uFEFF/, "");
  if (!text.trim()) throw invalid({ csv: "O arquivo está vazio." });
  const delimiter = text.split("\n")[0]?.includes(";")
    ? ";"
    : text.split("\n")[0]?.includes("\t")
      ? "\t"
      : ",";
  let records: string[][];
  try {
    records = parse(text, { delimiter, relax_column_count: true, skip_empty_lines: true, trim: true });
  } catch {
    throw invalid({ csv: "Não foi possível ler o CSV (aspas ou colunas malformadas)." });
  }
  if (records.length > 2000) throw invalid({ csv: "No máximo 2.000 linhas por importação." });
  const current = todayInSaoPaulo().slice(0, 7);
  const existing = new Map(
    (await repo.listIndexValues(db, actor.officeId, input.index)).map((r) => [r.period, r.ratePpm]),
  );
  const seen = new Set<string>();
  const rows: PriceIndexImportResult["rows"] = [];
  records.forEach((cells, i) => {
    const line = i + 1;
    const [a = "", b = ""] = cells;
    const period = parsePeriodCell(a);
    if (i === 0 && !period && !/\d/.test(b)) return; // a header line
    if (cells.length < 2 || !b) {
      rows.push({
        line,
        period,
        ratePpm: null,
        previousPpm: null,
        error: "Informe a competência e o percentual.",
      });
      return;
    }
    if (delimiter === "," && cells.length > 2) {
      rows.push({
        line,
        period,
        ratePpm: null,
        previousPpm: null,
        error:
          "Vírgula usada como separador de colunas e decimal: separe as colunas com ponto e vírgula (;).",
      });
      return;
    }
    const rate = parseRatePercent(b);
    let error: string | null = null;
    if (!period) error = `Competência "${a}" inválida (use MM/AAAA).`;
    else if (period > current)
      error = `A competência ${formatPeriodBR(period)} é futura: o índice ainda não existe.`;
    else if (seen.has(period))
      error = `A competência ${formatPeriodBR(period)} aparece mais de uma vez no arquivo.`;
    else if ("error" in rate) error = rate.error;
    if (period) seen.add(period);
    rows.push({
      line,
      period,
      ratePpm: "ppm" in rate ? rate.ppm : null,
      previousPpm: period ? (existing.get(period) ?? null) : null,
      error,
    });
  });
  if (rows.length === 0) throw invalid({ csv: "Nenhuma linha de índice encontrada no arquivo." });
  const errors = rows.filter((r) => r.error).length;
  if (errors || input.dryRun) return { rows, errors, saved: 0 };
  await db.transaction(async (tx) => {
    await repo.upsertIndexValues(
      tx,
      rows.map((r) => ({
        officeId: actor.officeId,
        index: input.index,
        period: r.period as string,
        ratePpm: r.ratePpm as number,
        createdBy: actor.userId,
      })),
    );
  });
  return { rows, errors: 0, saved: rows.length };
}
