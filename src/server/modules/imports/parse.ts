import { parse as parseCsv } from "csv-parse/sync";
import type ExcelJS from "exceljs";
import { hasForbiddenChars, normalizeSingleLine } from "../../../shared/text.js";
import { AppError } from "../../lib/errors.js";
import { assertSafeXlsx, type ZipLimits } from "./zip-guard.js";

/** A spreadsheet as text: the header cells, the data rows, and rows refused as a whole. */
export interface ParsedSheet {
  format: "csv" | "xlsx";
  headers: string[];
  rows: string[][];
  /** data row index → why the row cannot be imported (a cell with a formula) */
  rowNotes: Record<string, string>;
}

export interface ParseLimits {
  maxRows: number;
  zip?: ZipLimits;
}

const fmt = (n: number) => new Intl.NumberFormat("pt-BR").format(n);

export const emptyFile = () =>
  new AppError(
    400,
    "import_empty",
    "O arquivo está vazio: não há cabeçalho nem linhas de dados para importar.",
  );
const noData = () =>
  new AppError(400, "import_empty", "A planilha tem só o cabeçalho: não há linhas de dados para importar.");
const notSupported = (detail = "") =>
  new AppError(
    415,
    "import_unsupported",
    `Formato não suportado${detail}. Envie uma planilha .xlsx ou um arquivo .csv (separado por ";" ou ",").`,
  );
const tooManyRows = (max: number) =>
  new AppError(
    400,
    "import_too_many_rows",
    `A planilha tem mais de ${fmt(max)} linhas. Divida o arquivo em partes de até ${fmt(max)} linhas e importe uma de cada vez.`,
  );

/** Reads a .csv (UTF-8 or Windows-1252, ";" or ",") or an .xlsx into text cells; refuses anything else. */
export async function parseSpreadsheet(
  buffer: Buffer,
  fileName: string,
  limits: ParseLimits,
): Promise<ParsedSheet> {
  if (buffer.length === 0) throw emptyFile();
  const ext = fileName.toLowerCase().split(".").pop() ?? "";
  const isZip = buffer.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]));
  const isOle = buffer.subarray(0, 4).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0]));
  if (isOle || ext === "xls") throw notSupported(" (.xls do Excel 97-2003: salve como .xlsx)");
  if (isZip) {
    if (ext !== "xlsx") throw notSupported(ext ? ` (.${ext})` : "");
    return parseXlsx(buffer, limits);
  }
  if (ext === "xlsx") {
    throw new AppError(
      400,
      "import_bad_file",
      "O arquivo não é uma planilha .xlsx válida. Abra-o no Excel e salve novamente como .xlsx ou .csv.",
    );
  }
  if (ext !== "csv" && ext !== "txt") throw notSupported(ext ? ` (.${ext})` : "");
  return parseCsvText(decodeText(buffer), limits);
}

/** UTF-8 (BOM stripped) when it is valid UTF-8, otherwise Windows-1252 (Excel and Domínio on Windows). */
export function decodeText(buffer: Buffer): string {
  let bytes = buffer;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) bytes = bytes.subarray(3);
  // UTF-16 (Excel's "Unicode text"): not what we read; say so instead of showing garbage
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    throw notSupported(" (texto UTF-16)");
  }
  // a binary file (an image, a PDF renamed .csv) has NUL bytes; text never does
  if (bytes.subarray(0, 64 * 1024).includes(0)) throw notSupported(" (o arquivo não é texto)");
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder("windows-1252").decode(bytes);
  }
}

/** ";" (Excel in pt-BR, Domínio) or "," or TAB: the one that splits the header line the most. */
export function detectDelimiter(text: string): string {
  const firstLine = text.split(/\r?\n/, 1)[0] ?? "";
  const outside = firstLine.replace(/"[^"]*"/g, "");
  const count = (c: string) => outside.split(c).length - 1;
  const candidates = [";", ",", "\t"].map((c) => [c, count(c)] as const);
  candidates.sort((a, b) => b[1] - a[1]);
  return candidates[0] && candidates[0][1] > 0 ? candidates[0][0] : ";";
}

function parseCsvText(text: string, limits: ParseLimits): ParsedSheet {
  if (text.trim() === "") throw emptyFile();
  let records: string[][];
  try {
    records = parseCsv(text, {
      delimiter: detectDelimiter(text),
      relax_column_count: true,
      skip_empty_lines: true,
      skip_records_with_empty_values: true,
      // stop reading once the file is known to be over the limit (header + maxRows + 1)
      to: limits.maxRows + 2,
      max_record_size: 64 * 1024,
    }) as string[][];
  } catch (err) {
    const line = (err as { lines?: number }).lines;
    throw new AppError(
      400,
      "import_malformed",
      `O arquivo CSV está malformado${line ? ` perto da linha ${line}` : ""} (aspas sem fechar ou linha longa demais). Abra-o no Excel e salve novamente como CSV.`,
    );
  }
  return finish("csv", records, {}, limits);
}

function finish(
  format: "csv" | "xlsx",
  records: string[][],
  rowNotes: Record<string, string>,
  limits: ParseLimits,
): ParsedSheet {
  const [header, ...rows] = records;
  if (!header || header.every((h) => h.trim() === "")) throw emptyFile();
  if (rows.length === 0) throw noData();
  if (rows.length > limits.maxRows) throw tooManyRows(limits.maxRows);
  const headers = header.map((h, i) => cleanCell(h) || `Coluna ${i + 1}`);
  return { format, headers, rows: rows.map((r) => r.map(cleanCell)), rowNotes };
}

/** One line, trimmed; refused characters are left for the field validation to point at. */
function cleanCell(s: string): string {
  return hasForbiddenChars(s) ? s.trim() : normalizeSingleLine(s).trim();
}

const colName = (n: number) => {
  let s = "";
  for (let i = n; i > 0; i = Math.floor((i - 1) / 26)) s = String.fromCharCode(65 + ((i - 1) % 26)) + s;
  return s;
};

/** The first worksheet; a cell with a formula refuses its row (its value would be a guess). */
async function parseXlsx(buffer: Buffer, limits: ParseLimits): Promise<ParsedSheet> {
  await assertSafeXlsx(buffer, limits.zip);
  // exceljs costs ~300 ms of CPU to load: at the first .xlsx, not at the server's start
  const { default: Excel } = await import("exceljs");
  const wb = new Excel.Workbook();
  try {
    await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  } catch {
    throw new AppError(
      400,
      "import_bad_file",
      "O arquivo não é uma planilha .xlsx válida. Abra-o no Excel e salve novamente como .xlsx ou .csv.",
    );
  }
  const ws = wb.worksheets[0];
  if (!ws || ws.actualRowCount === 0) throw emptyFile();
  if (ws.actualRowCount > limits.maxRows + 1) throw tooManyRows(limits.maxRows);
  const records: string[][] = [];
  const rowNotes: Record<string, string> = {};
  ws.eachRow({ includeEmpty: false }, (row) => {
    const cells: string[] = [];
    const formulas: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell, col) => {
      const v = cell.value;
      if (v !== null && typeof v === "object" && ("formula" in v || "sharedFormula" in v)) {
        formulas.push(`${colName(col)}${cell.row}`);
        cells[col - 1] = "";
        return;
      }
      cells[col - 1] = cellText(v);
    });
    for (let i = 0; i < cells.length; i++) cells[i] ??= "";
    if (cells.every((c) => c.trim() === "")) return;
    if (formulas.length > 0 && records.length > 0) {
      rowNotes[String(records.length - 1)] =
        `Célula com fórmula (${formulas.join(", ")}): a fórmula não é importada. Copie e cole como valores (Colar especial › Valores) e envie de novo.`;
    } else if (formulas.length > 0) {
      throw new AppError(
        400,
        "import_formula",
        `O cabeçalho tem fórmulas (${formulas.join(", ")}). Copie e cole a planilha como valores e envie de novo.`,
      );
    }
    records.push(cells);
  });
  return finish("xlsx", records, rowNotes, limits);
}

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "string") return v;
  if (typeof v === "number") {
    // CNPJs and phones typed as numbers: no exponent, no thousands separator
    return Number.isInteger(v) ? BigInt(Math.round(v)).toString() : String(v);
  }
  if (typeof v === "boolean") return v ? "sim" : "não";
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === "object") {
    if ("richText" in v) return v.richText.map((r) => r.text).join("");
    if ("text" in v && typeof v.text === "string") return v.text;
    if ("error" in v) return "";
  }
  return String(v);
}
