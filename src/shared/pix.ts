/**
 * PIX "copia e cola": the EMV® Merchant Presented Mode payload of the Banco Central's BR Code
 * (Manual de Padrões para Iniciação do Pix). A static code with the amount and a txid, that a bank
 * app reads from the QR code or from the pasted text. Every field is ID (2 digits) + length
 * (2 digits) + value; the payload ends with the CRC16-CCITT (poly 0x1021, init 0xFFFF) of
 * everything before it, including "6304".
 */
import { formatCNPJ, formatCPF, isValidCNPJ, isValidCPF } from "./documents.js";
import { assertCents } from "./money.js";

export const PIX_GUI = "br.gov.bcb.pix";
export const PIX_NAME_MAX = 25;
export const PIX_CITY_MAX = 15;
export const PIX_TXID_MAX = 25;

export type PixKeyType = "cpf" | "cnpj" | "email" | "phone" | "evp";
export const PIX_KEY_TYPE_LABELS: Record<PixKeyType, string> = {
  cpf: "CPF",
  cnpj: "CNPJ",
  email: "E-mail",
  phone: "Celular",
  evp: "Chave aleatória",
};

/**
 * Reads a PIX key as people type it and returns the form the DICT stores: CPF/CNPJ digits only,
 * e-mail in lower case, phone as +55DDNÚMERO, random key (EVP) as a lower-case UUID.
 */
export function normalizePixKey(input: string): { type: PixKeyType; key: string } | null {
  const s = input.trim();
  if (!s) return null;
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s))
    return { type: "evp", key: s.toLowerCase() };
  if (s.includes("@")) {
    const email = s.toLowerCase();
    return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) && email.length <= 77
      ? { type: "email", key: email }
      : null;
  }
  if (s.startsWith("+")) {
    const digits = s.replace(/[\s().-]/g, "");
    return /^\+55\d{10,11}$/.test(digits) ? { type: "phone", key: digits } : null;
  }
  const digits = s.replace(/[\s./-]/g, "");
  if (/^\d{11}$/.test(digits) && isValidCPF(digits)) return { type: "cpf", key: digits };
  if (/^\d{14}$/.test(digits) && isValidCNPJ(digits)) return { type: "cnpj", key: digits };
  // a mobile number typed without +55: (11) 91234-5678
  if (/^\(?\d{2}\)?\s?9\d{4}-?\d{4}$/.test(s)) return { type: "phone", key: `+55${s.replace(/\D/g, "")}` };
  return null;
}

/**
 * Masks a PIX key typed digit by digit once it reads as a CPF or CNPJ (000.000.000-00,
 * 00.000.000/0000-00). Only then: eleven digits may also be a mobile number, so a partial key is
 * left as typed; e-mails, phones and random keys are never touched.
 */
export function maskPixKey(input: string): string {
  if (!/^[\d\s./-]+$/.test(input)) return input;
  const detected = normalizePixKey(input);
  if (detected?.type === "cpf") return formatCPF(detected.key);
  if (detected?.type === "cnpj") return formatCNPJ(detected.key);
  return input;
}

/** Field text without accents and outside the BR Code character set, cut to its maximum length. */
export function pixText(s: string, max: number): string {
  return s
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^A-Za-z0-9 .,/-]/g, " ")
    .replace(/\s+/g, " ")
    .trim()
    .slice(0, max)
    .trim();
}

/** A txid of letters and digits only, at most 25 characters (BR Code field 62-05). */
export function isValidTxid(txid: string): boolean {
  return /^[A-Za-z0-9]{1,25}$/.test(txid);
}

function tlv(id: string, value: string): string {
  const len = value.length;
  if (len > 99) throw new RangeError(`BR Code field ${id} longer than 99 characters`);
  return `${id}${String(len).padStart(2, "0")}${value}`;
}

/** CRC16-CCITT-FALSE over the UTF-8 bytes, four upper-case hex digits. */
export function crc16(payload: string): string {
  let crc = 0xffff;
  for (const byte of new TextEncoder().encode(payload)) {
    crc ^= byte << 8;
    for (let i = 0; i < 8; i++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc.toString(16).toUpperCase().padStart(4, "0");
}

/** 12345 → "123.45" (BR Code field 54: dot as decimal separator, no thousands separator). */
export function pixAmount(cents: number): string {
  assertCents(cents);
  return `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, "0")}`;
}

export interface PixPayloadInput {
  /** the receiver's key, already normalised (normalizePixKey) */
  key: string;
  merchantName: string;
  merchantCity: string;
  /** omitted: the payer types the amount */
  amountCents?: number;
  /** letters and digits, up to 25; "***" when none */
  txid?: string;
  /** optional message shown to the payer (field 26-02); cut to fit the 99 characters of field 26 */
  description?: string;
}

/** Builds the "copia e cola" text. Throws RangeError on a value the layout cannot carry. */
export function buildPixPayload(p: PixPayloadInput): string {
  const name = pixText(p.merchantName, PIX_NAME_MAX);
  const city = pixText(p.merchantCity, PIX_CITY_MAX);
  if (!name) throw new RangeError("PIX: nome do recebedor vazio");
  if (!city) throw new RangeError("PIX: cidade do recebedor vazia");
  const txid = p.txid ?? "***";
  if (txid !== "***" && !isValidTxid(txid)) throw new RangeError("PIX: txid inválido");
  if (p.amountCents !== undefined && (p.amountCents <= 0 || pixAmount(p.amountCents).length > 13))
    throw new RangeError("PIX: valor inválido");
  if (normalizePixKey(p.key)?.key !== p.key) throw new RangeError("PIX: chave inválida ou não normalizada");

  const gui = tlv("00", PIX_GUI);
  const key = tlv("01", p.key);
  let account = gui + key;
  if (p.description) {
    // a long key (an e-mail of 77 characters) leaves no room: the message is left out, never cut
    // with a negative length (slice(0, -n) would keep almost all of it and overflow field 26)
    const room = 99 - account.length - 4;
    const info = room > 0 ? pixText(p.description, room) : "";
    if (info) account += tlv("02", info);
  }
  const payload = [
    tlv("00", "01"),
    tlv("26", account),
    tlv("52", "0000"),
    tlv("53", "986"),
    p.amountCents !== undefined ? tlv("54", pixAmount(p.amountCents)) : "",
    tlv("58", "BR"),
    tlv("59", name),
    tlv("60", city),
    tlv("62", tlv("05", txid)),
    "6304",
  ].join("");
  return payload + crc16(payload);
}

export interface TlvField {
  id: string;
  value: string;
}

/** Splits a TLV string into its fields; throws on a malformed one. */
export function parseTlv(s: string): TlvField[] {
  const fields: TlvField[] = [];
  let i = 0;
  while (i < s.length) {
    const id = s.slice(i, i + 2);
    const lenText = s.slice(i + 2, i + 4);
    const len = Number(lenText);
    if (!/^\d{2}$/.test(id) || !/^\d{2}$/.test(lenText) || i + 4 + len > s.length)
      throw new RangeError(`malformed TLV at ${i}`);
    fields.push({ id, value: s.slice(i + 4, i + 4 + len) });
    i += 4 + len;
  }
  return fields;
}

/** Checks the CRC of a payload: the last four characters against the CRC of the rest. */
export function hasValidCrc(payload: string): boolean {
  return (
    payload.length > 8 &&
    payload.slice(-8, -4) === "6304" &&
    crc16(payload.slice(0, -4)) === payload.slice(-4)
  );
}
