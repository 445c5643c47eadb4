/**
 * Multa and juros are typed as percentages with two decimals ("2,00") and stored as integer basis
 * points (200). Parsed digit by digit: no float ever touches them.
 */

/** "2,00" / "2" / "0,5" / "1.25%" → 200, 200, 50, 125; null when it is not such a percentage. */
export function parsePercentBp(text: string): number | null {
  const m = /^(\d{1,3})(?:[.,](\d{1,2}))?$/.exec(text.replace(/%/g, "").replace(/\s+/g, ""));
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? "").padEnd(2, "0"));
}

/**
 * parsePercentBp that reads a leading minus as negative basis points, so the form can answer
 * "A multa não pode ser negativa" to "-2" instead of calling it badly written.
 */
export function parseSignedPercentBp(text: string): number | null {
  const t = text.trim();
  if (!t.startsWith("-")) return parsePercentBp(t);
  const bp = parsePercentBp(t.slice(1));
  return bp === null || bp === 0 ? bp : -bp;
}

/** 200 → "2,00"; 33 → "0,33" */
export function formatPercentBp(bp: number): string {
  return `${Math.floor(bp / 100)},${String(bp % 100).padStart(2, "0")}`;
}

/** A step of the régua: -3 → "3 dias antes", 0 → "No dia do vencimento", 1 → "1 dia depois". */
export function offsetLabel(days: number): string {
  if (days === 0) return "No dia do vencimento";
  const n = Math.abs(days);
  return `${n} ${n === 1 ? "dia" : "dias"} ${days < 0 ? "antes" : "depois"}`;
}
