/** Money is always integer centavos. These helpers convert between centavos and pt-BR text. */

const brl = new Intl.NumberFormat("pt-BR", { style: "currency", currency: "BRL" });
const plain = new Intl.NumberFormat("pt-BR", { minimumFractionDigits: 2, maximumFractionDigits: 2 });

export const MAX_AMOUNT_CENTS = 100_000_000_000; // R$ 1 bilhão: far above any service fee

/** 123456 → "R$ 1.234,56" (with the non-breaking space Intl puts after R$). */
export function formatCents(cents: number): string {
  assertCents(cents);
  return brl.format(centsToDecimal(cents));
}

/** 123456 → "1.234,56" */
export function formatCentsPlain(cents: number): string {
  assertCents(cents);
  return plain.format(centsToDecimal(cents));
}

/**
 * 123456 → "1234.56": an exact decimal string for Intl (cents / 100 as a float drifts for large
 * amounts, e.g. 9007199254740991 would print as ",90").
 */
function centsToDecimal(cents: number): `${number}` {
  const abs = Math.abs(cents);
  const frac = abs % 100;
  return `${cents < 0 ? "-" : ""}${(abs - frac) / 100}.${String(frac).padStart(2, "0")}` as `${number}`;
}

export function assertCents(cents: number): void {
  if (!Number.isSafeInteger(cents)) throw new RangeError(`not an integer amount of centavos: ${cents}`);
}

/**
 * Parses what a person types as a Brazilian amount into centavos, without floats.
 * Accepts "1.234,56", "1234,5", "R$ 10", "10.50" (a dot followed by one or two digits at the end
 * is read as decimal separator when there is no comma). Returns null for anything else,
 * including negative values.
 */
export function parseBRL(input: string): number | null {
  let s = input
    .replace(/\u00a0/g, " ")
    .trim()
    .replace(/^R\$\s*/i, "")
    .replace(/\s+/g, "");
  if (s === "" || s.startsWith("-")) return null;
  if (!s.includes(",") && /^\d+\.\d{1,2}$/.test(s)) s = s.replace(".", ",");
  const m = /^(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d{1,2}))?$/.exec(s);
  if (!m) return null;
  const intPart = (m[1] ?? "0").replace(/\./g, "");
  const frac = (m[2] ?? "").padEnd(2, "0");
  const cents = BigInt(intPart) * 100n + BigInt(frac || "0");
  if (cents > BigInt(MAX_AMOUNT_CENTS)) return null;
  return Number(cents);
}

/**
 * parseBRL that also reads a minus sign ("-10,00", "R$ -10", "-R$ 10") as negative centavos, so a
 * form can answer "O valor deve ser maior que zero" to a negative amount instead of calling it
 * badly written. Null for anything parseBRL refuses (after the one sign).
 */
export function parseSignedBRL(input: string): number | null {
  const s = input.replace(/\u00a0/g, " ").trim();
  const unsigned = s.replace(/^-\s*/, "").replace(/^(R\$)\s*-\s*/i, "$1 ");
  const cents = parseBRL(unsigned);
  if (cents === null || unsigned === s) return cents;
  return cents === 0 ? 0 : -cents;
}
