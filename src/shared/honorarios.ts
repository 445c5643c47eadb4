/**
 * The rules of honorários (issue 16), shared by the server and the browser: which 12 index months a
 * reajuste uses, the accumulated index as the exact product of (1 + monthly rate), the readjusted
 * value rounded once to the centavo (half up), the 13º honorário and the pro rata of a partial month.
 *
 * Index rates are integers in **parts per million** (ppm): 0,56% = 5 600 ppm, −1,93% = −19 300 ppm.
 * The published indexes (IPCA, INPC by IBGE; IGP-M by FGV) have two decimals in percent; four are
 * accepted. No float touches a rate or an amount: the product is a BigInt fraction.
 */
import { addMonths, daysInMonth, mulDivRound, parseIsoDate } from "./finance.js";
import { assertCents } from "./money.js";

export const PRICE_INDEXES = ["ipca", "igpm", "inpc"] as const;
export type PriceIndex = (typeof PRICE_INDEXES)[number];
export const PRICE_INDEX_LABELS: Record<PriceIndex, string> = { ipca: "IPCA", igpm: "IGP-M", inpc: "INPC" };

export const REAJUSTE_KINDS = ["ipca", "igpm", "inpc", "fixed", "none"] as const;
export type ReajusteKind = (typeof REAJUSTE_KINDS)[number];
export const REAJUSTE_LABELS: Record<ReajusteKind, string> = {
  ...PRICE_INDEX_LABELS,
  fixed: "Percentual fixo",
  none: "Sem reajuste",
};

/** Which 12 months: ending two months before the anniversary (index published late) or the month before. */
export const INDEX_WINDOWS = ["two_months_before", "month_before"] as const;
export type IndexWindow = (typeof INDEX_WINDOWS)[number];
export const INDEX_WINDOW_LABELS: Record<IndexWindow, string> = {
  two_months_before: "12 meses até 2 meses antes do aniversário",
  month_before: "12 meses até o mês anterior ao aniversário",
};

export const THIRTEENTH_MODES = ["none", "december", "split"] as const;
export type ThirteenthMode = (typeof THIRTEENTH_MODES)[number];
export const THIRTEENTH_LABELS: Record<ThirteenthMode, string> = {
  none: "Sem 13º",
  december: "Em dezembro",
  split: "Dividido nos meses escolhidos",
};

/** What a deflation (accumulated index below zero) does: reduce the fee, or keep it (floor at zero). */
export const NEGATIVE_INDEX_MODES = ["floor", "apply"] as const;
export type NegativeIndexMode = (typeof NEGATIVE_INDEX_MODES)[number];
export const NEGATIVE_INDEX_LABELS: Record<NegativeIndexMode, string> = {
  floor: "Índice negativo não reduz o valor (mantém)",
  apply: "Índice negativo reduz o valor",
};

export const PPM = 1_000_000;
/** A monthly rate above −100% and at most +100% (a month of index never doubles a price). */
export const MIN_RATE_PPM = -999_999;
export const MAX_RATE_PPM = 1_000_000;

// ---------- competências (YYYY-MM) ----------

export const PERIOD_RE = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function parsePeriod(period: string): [number, number] {
  const m = PERIOD_RE.exec(period);
  if (!m) throw new RangeError(`not a competência: ${period}`);
  return [Number(m[1]), Number(m[2])];
}

export function addPeriods(period: string, n: number): string {
  return addMonths(`${period}-01`, n).slice(0, 7);
}

/** "2026-03" → "03/2026" */
export function formatPeriodBR(period: string): string {
  const [y, m] = parsePeriod(period);
  return `${String(m).padStart(2, "0")}/${y}`;
}

/** Whole months from a to b (b − a). */
export function periodsBetween(a: string, b: string): number {
  const [ya, ma] = parsePeriod(a);
  const [yb, mb] = parsePeriod(b);
  return (yb - ya) * 12 + (mb - ma);
}

export const firstDayOf = (period: string) => `${period}-01`;
export function lastDayOf(period: string): string {
  const [y, m] = parsePeriod(period);
  return `${period}-${String(daysInMonth(y, m)).padStart(2, "0")}`;
}

// ---------- rates ----------

/**
 * "0,56" (percent, comma as decimal separator, up to 4 decimals, optional sign and %) → 5600 ppm.
 * A dot is refused: "0.56" in a pt-BR sheet is either a typo or a thousands separator.
 */
export function parseRatePercent(text: string): { ppm: number } | { error: string } {
  const s = text.trim().replace(/\s*%$/, "").replace(/^\+/, "");
  if (/^-?\d+\.\d+$/.test(s))
    return { error: `"${text.trim()}": use vírgula como separador decimal (ex.: 0,56).` };
  const m = /^(-?)(\d{1,3})(?:,(\d{1,4}))?$/.exec(s);
  if (!m) return { error: `"${text.trim()}" não é um percentual válido (ex.: 0,56 ou -1,93).` };
  const ppm = (m[1] ? -1 : 1) * (Number(m[2]) * 10_000 + Number((m[3] ?? "").padEnd(4, "0")));
  if (ppm < MIN_RATE_PPM || ppm > MAX_RATE_PPM)
    return { error: `"${text.trim()}": a variação mensal deve estar entre -99,9999% e 100%.` };
  return { ppm: ppm === 0 ? 0 : ppm };
}

/** 5600 ppm → "0,56%", −19300 → "-1,93%", 123456 → "12,3456%" (two decimals at least). */
export function formatRatePpm(ppm: number): string {
  const sign = ppm < 0 ? "-" : "";
  const abs = Math.abs(ppm);
  const whole = Math.floor(abs / 10_000);
  const frac = String(abs % 10_000)
    .padStart(4, "0")
    .replace(/0{1,2}$/, "");
  return `${sign}${whole},${frac}%`;
}

// ---------- the accumulated index ----------

/** An exact fraction num/den (den > 0). */
export interface Ratio {
  num: bigint;
  den: bigint;
}

/** Π (1 + r_i) with r_i = ppm_i / 10⁶, exactly: Π (10⁶ + ppm_i) / 10^(6n). */
export function accumulatedFactor(ratesPpm: readonly number[]): Ratio {
  let num = 1n;
  let den = 1n;
  for (const r of ratesPpm) {
    if (!Number.isInteger(r) || r < MIN_RATE_PPM || r > MAX_RATE_PPM)
      throw new RangeError(`invalid rate ${r}`);
    num *= BigInt(PPM + r);
    den *= BigInt(PPM);
  }
  return { num, den };
}

/** value × num / den rounded half up (away from zero for the positive values used here), exactly. */
export function applyFactor(cents: number, f: Ratio): number {
  assertCents(cents);
  if (cents < 0 || f.num < 0n || f.den <= 0n) throw new RangeError("applyFactor takes non-negative values");
  const p = BigInt(cents) * f.num;
  return Number((p * 2n + f.den) / (2n * f.den));
}

/** A fraction as a percent with `decimals` places, rounded half up (for the memória only). */
export function formatFactorPercent(f: Ratio, decimals = 4): string {
  const scale = 10n ** BigInt(decimals);
  const diff = f.num - f.den; // (factor − 1) × den
  const neg = diff < 0n;
  const abs = neg ? -diff : diff;
  const scaled = (abs * 100n * scale * 2n + f.den) / (2n * f.den);
  const whole = scaled / scale;
  const frac = String(scaled % scale).padStart(decimals, "0");
  return `${neg && scaled !== 0n ? "-" : ""}${whole},${frac}%`;
}

/**
 * The 12 competências a reajuste effective at `effectivePeriod` uses: the 12 months ending two
 * months before it (two_months_before) or the month before it (month_before), oldest first.
 */
export function indexWindow(effectivePeriod: string, window: IndexWindow): string[] {
  const last = addPeriods(effectivePeriod, window === "two_months_before" ? -2 : -1);
  return Array.from({ length: 12 }, (_, i) => addPeriods(last, i - 11));
}

export interface ReajusteMemoria {
  kind: ReajusteKind;
  effectivePeriod: string;
  fromCents: number;
  toCents: number;
  /** the months and their rates (index reajuste) */
  months: { period: string; ratePpm: number }[];
  /** fixed reajuste: the rate */
  fixedRatePpm: number | null;
  /** the exact accumulated factor, as decimal strings of the BigInt fraction */
  factorNum: string;
  factorDen: string;
  /** accumulated variation, 4 decimals, for people ("4,8312%") */
  accumulatedPercent: string;
  /** the accumulated index was negative and the office keeps the value */
  flooredAtZero: boolean;
  /** one line per step, pt-BR */
  lines: string[];
}

export type ReajusteOutcome =
  | { status: "applied"; memoria: ReajusteMemoria }
  | { status: "pending"; missing: string[] };

/**
 * The reajuste of a monthly value effective at a competência. With an index, the 12 months of the
 * window must all be known: a missing month makes it pending (never guessed). The factor is the exact
 * product; the value is rounded once, to the centavo, half up. A negative accumulated index reduces
 * the value only when the office says so (negative = "apply"); otherwise the value stays.
 */
export function computeReajuste(p: {
  fromCents: number;
  kind: Exclude<ReajusteKind, "none">;
  fixedRatePpm?: number | null;
  window: IndexWindow;
  effectivePeriod: string;
  /** rate by competência of the contract's index */
  rates: ReadonlyMap<string, number>;
  negative: NegativeIndexMode;
}): ReajusteOutcome {
  assertCents(p.fromCents);
  let months: { period: string; ratePpm: number }[] = [];
  let factor: Ratio;
  const lines: string[] = [];
  if (p.kind === "fixed") {
    const r = p.fixedRatePpm ?? 0;
    factor = accumulatedFactor([r]);
    lines.push(`Percentual fixo do contrato: ${formatRatePpm(r)}`);
  } else {
    const wanted = indexWindow(p.effectivePeriod, p.window);
    const missing = wanted.filter((m) => !p.rates.has(m));
    if (missing.length) return { status: "pending", missing };
    months = wanted.map((period) => ({ period, ratePpm: p.rates.get(period) as number }));
    factor = accumulatedFactor(months.map((m) => m.ratePpm));
    const label = PRICE_INDEX_LABELS[p.kind];
    lines.push(
      `${label} acumulado de ${formatPeriodBR(wanted[0] as string)} a ${formatPeriodBR(wanted[11] as string)} = Π(1 + taxa mensal) − 1`,
    );
    lines.push(months.map((m) => `${formatPeriodBR(m.period)}: ${formatRatePpm(m.ratePpm)}`).join("; "));
  }
  const accumulatedPercent = formatFactorPercent(factor);
  lines.push(`Variação acumulada: ${accumulatedPercent} (fator exato, sem arredondamento intermediário)`);
  const flooredAtZero = factor.num < factor.den && p.negative === "floor";
  const applied = flooredAtZero ? { num: 1n, den: 1n } : factor;
  const toCents = applyFactor(p.fromCents, applied);
  if (flooredAtZero) lines.push("Índice acumulado negativo: o valor é mantido (configuração do escritório).");
  lines.push(
    `Novo valor: ${centsText(p.fromCents)} × (1 ${factor.num >= factor.den ? "+" : "−"} ${accumulatedPercent.replace("-", "")}) = ${centsText(toCents)} (arredondado uma vez ao centavo, meio para cima)`,
  );
  return {
    status: "applied",
    memoria: {
      kind: p.kind,
      effectivePeriod: p.effectivePeriod,
      fromCents: p.fromCents,
      toCents,
      months,
      fixedRatePpm: p.kind === "fixed" ? (p.fixedRatePpm ?? 0) : null,
      factorNum: factor.num.toString(),
      factorDen: factor.den.toString(),
      accumulatedPercent,
      flooredAtZero,
      lines,
    },
  };
}

/** "R$ 1.234,56" without Intl's non-breaking space (memória text, logs). */
function centsText(cents: number): string {
  const reais = Math.floor(cents / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ".");
  return `R$ ${reais},${String(cents % 100).padStart(2, "0")}`;
}

/**
 * Whether a reajuste is due at a competência: the anniversary month, at least 12 months after the
 * contract's first competência, with a reajuste kind.
 */
export function reajusteDueAt(
  c: { reajuste: ReajusteKind; anniversaryMonth: number; startDate: string },
  period: string,
) {
  if (c.reajuste === "none") return false;
  const [, month] = parsePeriod(period);
  return month === c.anniversaryMonth && periodsBetween(c.startDate.slice(0, 7), period) >= 12;
}

/** The next competência a reajuste takes effect, from `period` on (inclusive). */
export function nextReajustePeriod(
  c: { reajuste: ReajusteKind; anniversaryMonth: number; startDate: string },
  period: string,
): string | null {
  if (c.reajuste === "none") return null;
  for (let i = 0; i < 24; i++) {
    const p = addPeriods(period, i);
    if (reajusteDueAt(c, p)) return p;
  }
  return null;
}

// ---------- pro rata, 13º, due date ----------

/**
 * Days of the competência the contract covers (start day included, end day included) and the
 * month's days. A contract outside the month covers 0.
 */
export function coveredDays(period: string, startDate: string, endDate: string | null) {
  const first = firstDayOf(period);
  const last = lastDayOf(period);
  const from = startDate > first ? startDate : first;
  const to = endDate && endDate < last ? endDate : last;
  const [, , lastDay] = parseIsoDate(last);
  if (from > to) return { days: 0, monthDays: lastDay };
  return { days: parseIsoDate(to)[2] - parseIsoDate(from)[2] + 1, monthDays: lastDay };
}

/** The monthly value for a partial month: value × days / days of the month, half up. */
export function proRata(monthlyCents: number, days: number, monthDays: number): number {
  return days >= monthDays ? monthlyCents : mulDivRound(monthlyCents, days, monthDays);
}

/**
 * The 13º honorário billed at a competência: one monthly value in December, or that value split
 * across the chosen months (the remainder centavos go to the first of them). 0 when none is due.
 */
export function thirteenthAt(
  monthlyCents: number,
  mode: ThirteenthMode,
  months: readonly number[],
  period: string,
): number {
  const [, month] = parsePeriod(period);
  if (mode === "december") return month === 12 ? monthlyCents : 0;
  if (mode !== "split") return 0;
  const chosen = [...new Set(months)].filter((m) => m >= 1 && m <= 12).sort((a, b) => a - b);
  const i = chosen.indexOf(month);
  if (i < 0 || monthlyCents === 0) return 0;
  const n = chosen.length;
  const base = Math.floor(monthlyCents / n);
  return i === 0 ? base + (monthlyCents - base * n) : base;
}

/**
 * Due date of a competência's charge: the due day in the month after the competência (or in the
 * competência itself); a day the month does not have (31 in April, 30 in February) is the month's last.
 */
export function chargeDueDate(period: string, dueDay: number, dueNextMonth: boolean): string {
  const month = dueNextMonth ? addPeriods(period, 1) : period;
  const [y, m] = parsePeriod(month);
  const day = Math.min(dueDay, daysInMonth(y, m));
  return `${month}-${String(day).padStart(2, "0")}`;
}

/** Fee bands of the carteira report (upper bounds in centavos, inclusive; the last is open). */
export const FEE_BANDS: { label: string; maxCents: number | null }[] = [
  { label: "Até R$ 500", maxCents: 50_000 },
  { label: "R$ 500,01 a R$ 1.000", maxCents: 100_000 },
  { label: "R$ 1.000,01 a R$ 2.000", maxCents: 200_000 },
  { label: "R$ 2.000,01 a R$ 5.000", maxCents: 500_000 },
  { label: "Acima de R$ 5.000", maxCents: null },
];

export const AGING_BUCKETS = ["current", "d1_30", "d31_60", "d61_90", "d90_plus"] as const;
export type AgingBucket = (typeof AGING_BUCKETS)[number];
export const AGING_LABELS: Record<AgingBucket, string> = {
  current: "A vencer",
  d1_30: "1 a 30 dias",
  d31_60: "31 a 60 dias",
  d61_90: "61 a 90 dias",
  d90_plus: "Mais de 90 dias",
};

/** The aging bucket of a balance by days past due (≤ 0: a vencer, due today included). */
export function agingBucket(daysLate: number): AgingBucket {
  if (daysLate <= 0) return "current";
  if (daysLate <= 30) return "d1_30";
  if (daysLate <= 60) return "d31_60";
  if (daysLate <= 90) return "d61_90";
  return "d90_plus";
}
