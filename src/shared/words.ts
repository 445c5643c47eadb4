/**
 * Amounts in words (valor por extenso) for the recibo: 123456 centavos → "mil duzentos e trinta e
 * quatro reais e cinquenta e seis centavos". Integer arithmetic only.
 *
 * Rules of Portuguese followed here: "cem" alone, "cento e …" above; "mil" without "um"; groups are
 * joined by "e" only before the last non-zero group when it is below 100 or a whole hundred
 * ("mil e cem", "um milhão e duzentos mil", "mil duzentos e trinta"); "de reais" after a whole
 * milhão/bilhão/trilhão ("um milhão de reais", but "um milhão e mil reais").
 */
import { assertCents } from "./money.js";

const UNITS = [
  "zero",
  "um",
  "dois",
  "três",
  "quatro",
  "cinco",
  "seis",
  "sete",
  "oito",
  "nove",
  "dez",
  "onze",
  "doze",
  "treze",
  "catorze",
  "quinze",
  "dezesseis",
  "dezessete",
  "dezoito",
  "dezenove",
];
const TENS = [
  "",
  "",
  "vinte",
  "trinta",
  "quarenta",
  "cinquenta",
  "sessenta",
  "setenta",
  "oitenta",
  "noventa",
];
const HUNDREDS = [
  "",
  "cento",
  "duzentos",
  "trezentos",
  "quatrocentos",
  "quinhentos",
  "seiscentos",
  "setecentos",
  "oitocentos",
  "novecentos",
];
/** [singular, plural] of each group above the units; the thousands group is just "mil" */
const SCALES: [string, string][] = [
  ["", ""],
  ["mil", "mil"],
  ["milhão", "milhões"],
  ["bilhão", "bilhões"],
  ["trilhão", "trilhões"],
];

/** 0–999 in words; 0 → "" (a zero group is not spoken). */
function below1000(n: number): string {
  if (n === 0) return "";
  if (n === 100) return "cem";
  const h = Math.floor(n / 100);
  const rest = n % 100;
  const parts: string[] = [];
  if (h > 0) parts.push(HUNDREDS[h] as string);
  if (rest > 0 && rest < 20) parts.push(UNITS[rest] as string);
  else if (rest >= 20) {
    const t = Math.floor(rest / 10);
    const u = rest % 10;
    parts.push(u === 0 ? (TENS[t] as string) : `${TENS[t]} e ${UNITS[u]}`);
  }
  return parts.join(" e ");
}

/** A non-negative integer in words (masculine): 2345678 → "dois milhões trezentos e quarenta…". */
export function integerInWords(n: number): string {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`not a non-negative integer: ${n}`);
  if (n === 0) return "zero";
  const groups: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 1000)) groups.push(v % 1000);
  if (groups.length > SCALES.length) throw new RangeError(`number too large for words: ${n}`);
  const spoken: { words: string; value: number }[] = [];
  for (let i = groups.length - 1; i >= 0; i--) {
    const g = groups[i] as number;
    if (g === 0) continue;
    const [one, many] = SCALES[i] as [string, string];
    let words: string;
    if (i === 0) words = below1000(g);
    else if (i === 1) words = g === 1 ? "mil" : `${below1000(g)} mil`;
    else words = `${below1000(g)} ${g === 1 ? one : many}`;
    spoken.push({ words, value: g });
  }
  const last = spoken.at(-1);
  return spoken
    .map((s, i) => {
      if (i === 0) return s.words;
      const joinWithE = s === last && (s.value < 100 || s.value % 100 === 0);
      return `${joinWithE ? "e " : ""}${s.words}`;
    })
    .join(" ");
}

/** Centavos in words: 1 → "um centavo", 100 → "um real", 123456 → "mil duzentos … e cinquenta e seis centavos". */
export function amountInWords(cents: number): string {
  assertCents(cents);
  if (cents < 0) throw new RangeError(`negative amount: ${cents}`);
  const reais = Math.floor(cents / 100);
  const centavos = cents % 100;
  const centavosText =
    centavos === 0 ? "" : `${integerInWords(centavos)} ${centavos === 1 ? "centavo" : "centavos"}`;
  if (reais === 0) return centavosText || "zero reais";
  // "um milhão de reais": a whole milhão (or above) with nothing in the last two groups
  const de = reais >= 1_000_000 && reais % 1_000_000 === 0 ? "de " : "";
  const reaisText = `${integerInWords(reais)} ${de}${reais === 1 ? "real" : "reais"}`;
  return centavosText ? `${reaisText} e ${centavosText}` : reaisText;
}
