/**
 * Cells of the exports (CSV and XLSX), as pure functions: the formula-injection guard and the pt-BR
 * CSV dialect Excel opens without the import wizard (UTF-8 BOM, `;`, decimal comma, dd/mm/aaaa).
 */

/** Characters a spreadsheet reads as the start of a formula (OWASP "CSV Injection"). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * Text that a spreadsheet would run as a formula ("=HYPERLINK(…)", "+55 11…", "-2+3", "@SUM(…)",
 * a leading TAB or CR) gets a leading apostrophe, so it is shown as text and never evaluated.
 * Only for text that people typed: numbers and dates are written as numbers and dates.
 */
export function neutralizeFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** The UTF-8 byte order mark: without it Excel pt-BR reads the file as Windows-1252 ("AtenÃ§Ã£o"). */
export const CSV_BOM = "\uFEFF";
export const CSV_SEPARATOR = ";";

/** One CSV field: quoted when it holds the separator, a quote or a line break (RFC 4180). */
export function csvField(value: string): string {
  return /[;"\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** One line of text cells (neutralised, quoted) ending in CRLF, as Excel writes them. */
export function csvLine(cells: string[]): string {
  return `${cells.map(csvField).join(CSV_SEPARATOR)}\r\n`;
}

/** 123456 → "1234,56", -5 → "-0,05": a number Excel pt-BR reads as a number (no thousands dot). */
export function csvCents(cents: number): string {
  if (!Number.isSafeInteger(cents)) throw new RangeError(`not an integer amount of centavos: ${cents}`);
  const abs = Math.abs(cents);
  return `${cents < 0 ? "-" : ""}${Math.floor(abs / 100)},${String(abs % 100).padStart(2, "0")}`;
}

/** The wall-clock parts of an instant in São Paulo. */
export function saoPauloParts(at: Date): { y: number; mo: number; d: number; h: number; mi: number } {
  const p = Object.fromEntries(saoPauloFormat.formatToParts(at).map((x) => [x.type, x.value]));
  return {
    y: Number(p.year),
    mo: Number(p.month),
    d: Number(p.day),
    h: Number(p.hour),
    mi: Number(p.minute),
  };
}
const saoPauloFormat = new Intl.DateTimeFormat("en-US", {
  timeZone: "America/Sao_Paulo",
  hourCycle: "h23",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
});

const two = (n: number) => String(n).padStart(2, "0");

/** An instant as "dd/mm/aaaa hh:mm" in São Paulo. */
export function csvDateTime(at: Date): string {
  const p = saoPauloParts(at);
  return `${two(p.d)}/${two(p.mo)}/${p.y} ${two(p.h)}:${two(p.mi)}`;
}

/**
 * An instant as the Date an XLSX cell needs to show São Paulo's wall clock: spreadsheet dates have no
 * time zone and exceljs writes a Date's UTC fields, so the São Paulo fields are put there.
 */
export function xlsxDateTime(at: Date): Date {
  const p = saoPauloParts(at);
  return new Date(Date.UTC(p.y, p.mo - 1, p.d, p.h, p.mi));
}

/** "2026-03-05" as the Date of an XLSX date cell (midnight UTC, shown 05/03/2026). */
export function xlsxDate(isoDate: string): Date {
  const [y, m, d] = isoDate.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d));
}
