/**
 * CPF and CNPJ validation and formatting. CNPJ accepts the alphanumeric format valid since
 * July 2026 (12 characters 0-9A-Z followed by two numeric check digits; each character is worth
 * its ASCII code minus 48).
 */

export type DocumentType = "cpf" | "cnpj";

/** Removes punctuation and upper-cases; keeps letters (alphanumeric CNPJ) and digits. */
export function normalizeDocument(input: string): string {
  return input.toUpperCase().replace(/[^0-9A-Z]/g, "");
}

function cpfDigit(digits: number[], weightStart: number): number {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) sum += (digits[i] ?? 0) * (weightStart - i);
  const rest = (sum * 10) % 11;
  return rest === 10 ? 0 : rest;
}

export function isValidCPF(input: string): boolean {
  const s = normalizeDocument(input);
  if (!/^\d{11}$/.test(s) || /^(\d)\1{10}$/.test(s)) return false;
  const d = [...s].map(Number);
  const d1 = cpfDigit(d.slice(0, 9), 10);
  const d2 = cpfDigit(d.slice(0, 10), 11);
  return d1 === d[9] && d2 === d[10];
}

function cnpjDigit(chars: string, weights: number[]): number {
  let sum = 0;
  for (let i = 0; i < chars.length; i++) sum += (chars.charCodeAt(i) - 48) * (weights[i] ?? 0);
  const rest = sum % 11;
  return rest < 2 ? 0 : 11 - rest;
}

const W1 = [5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2];
const W2 = [6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2];

export function cnpjCheckDigits(base12: string): string {
  const d1 = cnpjDigit(base12, W1);
  const d2 = cnpjDigit(base12 + String(d1), W2);
  return `${d1}${d2}`;
}

export function isValidCNPJ(input: string): boolean {
  const s = normalizeDocument(input);
  if (!/^[0-9A-Z]{12}\d{2}$/.test(s) || /^(.)\1{13}$/.test(s)) return false;
  return cnpjCheckDigits(s.slice(0, 12)) === s.slice(12);
}

export function documentType(input: string): DocumentType | null {
  const s = normalizeDocument(input);
  if (s.length === 11 && isValidCPF(s)) return "cpf";
  if (s.length === 14 && isValidCNPJ(s)) return "cnpj";
  return null;
}

export function formatCPF(input: string): string {
  const s = normalizeDocument(input);
  return s.length === 11 ? `${s.slice(0, 3)}.${s.slice(3, 6)}.${s.slice(6, 9)}-${s.slice(9)}` : input;
}

export function formatCNPJ(input: string): string {
  const s = normalizeDocument(input);
  return s.length === 14
    ? `${s.slice(0, 2)}.${s.slice(2, 5)}.${s.slice(5, 8)}/${s.slice(8, 12)}-${s.slice(12)}`
    : input;
}

export function formatDocument(input: string): string {
  const s = normalizeDocument(input);
  return s.length === 11 ? formatCPF(s) : formatCNPJ(s);
}

/** Joins the groups typed so far with their separators, leaving no separator dangling at the end. */
function joinGroups(s: string, groups: readonly [number, number, string][]): string {
  let out = "";
  for (const [start, end, separatorBefore] of groups) {
    const part = s.slice(start, end);
    if (!part) break;
    out += (start > 0 ? separatorBefore : "") + part;
  }
  return out;
}

const CPF_GROUPS: [number, number, string][] = [
  [0, 3, ""],
  [3, 6, "."],
  [6, 9, "."],
  [9, 11, "-"],
];
const CNPJ_GROUPS: [number, number, string][] = [
  [0, 2, ""],
  [2, 5, "."],
  [5, 8, "."],
  [8, 12, "/"],
  [12, 14, "-"],
];

/** The CNPJ characters of an input: letters or digits in the first 12 positions, digits in the last 2. */
function cnpjChars(input: string): string {
  let out = "";
  for (const c of normalizeDocument(input)) {
    if (out.length >= 14) break;
    if (out.length < 12 || /\d/.test(c)) out += c;
  }
  return out;
}

/** Masks a CPF as it is typed: 000.000.000-00 (digits only, at most 11). */
export function maskCPF(input: string): string {
  return joinGroups(input.replace(/\D/g, "").slice(0, 11), CPF_GROUPS);
}

/**
 * Masks a CNPJ as it is typed: 00.000.000/0000-00, letters allowed in the first 12 positions
 * (alphanumeric CNPJ) and upper-cased; the two check digits are numeric.
 */
export function maskCNPJ(input: string): string {
  return joinGroups(cnpjChars(input), CNPJ_GROUPS);
}

/**
 * Masks a CPF or CNPJ as it is typed, in a field that takes either: up to 11 digits it is a CPF,
 * beyond that (or once a letter appears) a CNPJ.
 */
export function maskDocument(input: string): string {
  const s = normalizeDocument(input);
  return /^\d{0,11}$/.test(s) ? maskCPF(s) : maskCNPJ(s);
}
