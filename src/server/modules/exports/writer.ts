/**
 * Streams rows as CSV (pt-BR dialect) or XLSX (exceljs' streaming WorkbookWriter) from batches read
 * one after the other: the response never holds more than one batch of rows.
 */
import { PassThrough, Readable } from "node:stream";
import type ExcelJS from "exceljs";
import type { ExportFormat } from "../../../shared/exports.js";
import { formatIsoDateBR } from "../../../shared/finance.js";
import {
  CSV_BOM,
  csvCents,
  csvDateTime,
  csvLine,
  neutralizeFormula,
  xlsxDate,
  xlsxDateTime,
} from "../../../shared/spreadsheet.js";

/** A column of an export: its header and how a row shows in it. */
export type Column<T> =
  | { header: string; width: number; kind: "text"; value: (row: T) => string }
  | { header: string; width: number; kind: "int"; value: (row: T) => number }
  | { header: string; width: number; kind: "money"; value: (row: T) => number }
  | { header: string; width: number; kind: "date"; value: (row: T) => string | null }
  | { header: string; width: number; kind: "datetime"; value: (row: T) => Date };

export const EXPORT_BATCH = 1000;

/** Reads `ids` in batches of EXPORT_BATCH through `load`. */
export async function* inBatches<T>(ids: string[], load: (ids: string[]) => Promise<T[]>) {
  for (let i = 0; i < ids.length; i += EXPORT_BATCH) yield await load(ids.slice(i, i + EXPORT_BATCH));
}

function csvCell<T>(c: Column<T>, row: T): string {
  switch (c.kind) {
    case "text":
      return neutralizeFormula(c.value(row));
    case "int":
      return String(c.value(row));
    case "money":
      return csvCents(c.value(row));
    case "date": {
      const v = c.value(row);
      return v ? formatIsoDateBR(v) : "";
    }
    case "datetime":
      return csvDateTime(c.value(row));
  }
}

export function csvStream<T>(columns: Column<T>[], batches: AsyncIterable<T[]>): Readable {
  async function* lines() {
    yield CSV_BOM + csvLine(columns.map((c) => c.header));
    for await (const rows of batches) {
      if (rows.length) yield rows.map((r) => csvLine(columns.map((c) => csvCell(c, r)))).join("");
    }
  }
  return Readable.from(lines());
}

function xlsxCell<T>(c: Column<T>, row: T): ExcelJS.CellValue {
  switch (c.kind) {
    case "text":
      return neutralizeFormula(c.value(row));
    case "int":
      return c.value(row);
    case "money":
      // a number shown with the R$ format: centavos / 100 is exact to the cent at any office's scale
      return c.value(row) / 100;
    case "date": {
      const v = c.value(row);
      return v ? xlsxDate(v) : null;
    }
    case "datetime":
      return xlsxDateTime(c.value(row));
  }
}

const NUM_FMT: Record<Column<unknown>["kind"], string | undefined> = {
  text: undefined,
  int: "0",
  money: '"R$" #,##0.00;-"R$" #,##0.00',
  date: "dd/mm/yyyy",
  datetime: "dd/mm/yyyy hh:mm",
};

export function xlsxStream<T>(
  sheetName: string,
  columns: Column<T>[],
  batches: AsyncIterable<T[]>,
): Readable {
  const out = new PassThrough();
  (async () => {
    // exceljs costs ~300 ms of CPU to load: at the first export, not at the server's start
    const { default: Excel } = await import("exceljs");
    const wb = new Excel.stream.xlsx.WorkbookWriter({
      stream: out,
      useStyles: true,
      useSharedStrings: false,
    });
    const sheet = wb.addWorksheet(sheetName, { views: [{ state: "frozen", ySplit: 1 }] });
    sheet.columns = columns.map((c, i) => ({
      key: String(i),
      header: c.header,
      width: c.width,
      style: NUM_FMT[c.kind] ? { numFmt: NUM_FMT[c.kind] } : {},
    }));
    sheet.getRow(1).font = { bold: true };
    for await (const rows of batches) {
      for (const r of rows) sheet.addRow(columns.map((c) => xlsxCell(c, r))).commit();
    }
    sheet.commit();
    await wb.commit();
  })().catch((err: unknown) => out.destroy(err instanceof Error ? err : new Error(String(err))));
  return out;
}

export function exportStream<T>(
  format: ExportFormat,
  sheetName: string,
  columns: Column<T>[],
  batches: AsyncIterable<T[]>,
): Readable {
  return format === "xlsx" ? xlsxStream(sheetName, columns, batches) : csvStream(columns, batches);
}

export const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: "text/csv; charset=utf-8",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
};
