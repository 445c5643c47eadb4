/** Spreadsheets for the import's tests and benchmark: generated clients, .xlsx and .csv, hand-made zips. */
import { randomUUID } from "node:crypto";
import { crc32, deflateRawSync } from "node:zlib";
import ExcelJS from "exceljs";
import { cnpjCheckDigits } from "../../../shared/documents.js";

/** A valid CNPJ from a number (different numbers, different CNPJs). */
export function cnpjFromNumber(n: number): string {
  const base = `${String(n).padStart(8, "0").slice(-8)}0001`;
  return base + cnpjCheckDigits(base);
}

export const CLIENT_HEADERS = [
  "Razão Social",
  "Nome Fantasia",
  "CNPJ/CPF",
  "E-mail",
  "Telefone",
  "Regime Tributário",
  "Município",
  "Cód. IBGE",
  "UF",
];

/** `count` believable clients as spreadsheet rows (CNPJ formatted), starting at `start`. */
export function clientRows(count: number, start = 1): string[][] {
  const regimes = ["Simples Nacional", "Lucro Presumido", "MEI", "Lucro Real"];
  const cities = [
    ["São Paulo", "3550308", "SP"],
    ["Campinas", "3509502", "SP"],
    ["Curitiba", "4106902", "PR"],
    ["Belo Horizonte", "3106200", "MG"],
  ];
  return Array.from({ length: count }, (_, k) => {
    const i = start + k;
    const c = cnpjFromNumber(10_000_000 + i * 7919);
    const city = cities[i % cities.length] as string[];
    return [
      `Empresa Importada ${i} Ltda`,
      `Importada ${i}`,
      `${c.slice(0, 2)}.${c.slice(2, 5)}.${c.slice(5, 8)}/${c.slice(8, 12)}-${c.slice(12)}`,
      `contato${i}@importada.com.br`,
      `(11) 3${String(1000 + (i % 9000)).padStart(4, "0")}-${String(i % 10000).padStart(4, "0")}`,
      regimes[i % regimes.length] as string,
      city[0] as string,
      city[1] as string,
      city[2] as string,
    ];
  });
}

/** An .xlsx with one sheet; a cell given as { formula } is written as a formula. */
export async function xlsxBuffer(
  rows: (string | number | { formula: string; result?: string | number })[][],
) {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("Clientes");
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** A .csv as Excel in pt-BR saves it: ";" and CRLF. */
export function csvText(rows: string[][], sep = ";") {
  const q = (s: string) => (/[;,"\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  return `${rows.map((r) => r.map(q).join(sep)).join("\r\n")}\r\n`;
}

/** A zip built by hand (deflated entries), to make files exceljs would never write (zip bombs). */
export function zipBuffer(entries: { name: string; data: Buffer; declaredSize?: number }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name);
    const data = deflateRawSync(e.data);
    const crc = crc32(e.data);
    const size = e.declaredSize ?? e.data.length;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0, 6);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, data);
    centrals.push(central, name);
    offset += local.length + name.length + data.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

/** A multipart/form-data body with one file, as a browser sends it. */
export function multipartFile(fileName: string, data: Buffer | string, field = "file") {
  const boundary = `----AtendeImport${randomUUID().replaceAll("-", "")}`;
  const body = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${fileName}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    ),
    typeof data === "string" ? Buffer.from(data) : data,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { body, headers: { "content-type": `multipart/form-data; boundary=${boundary}` } };
}
