import fc from "fast-check";

fc.configureGlobal({ numRuns: Number(process.env.FC_RUNS ?? 100) });

import { describe, expect, it } from "vitest";
import {
  accumulatedFactor,
  addPeriods,
  agingBucket,
  applyFactor,
  chargeDueDate,
  computeReajuste,
  coveredDays,
  formatRatePpm,
  indexWindow,
  nextReajustePeriod,
  parseRatePercent,
  proRata,
  reajusteDueAt,
  thirteenthAt,
} from "./honorarios.js";

/**
 * The test's own exact computation: value × Π(1 + r/10⁶) with decimal strings turned into a
 * reduced fraction, then rounded half up by comparing twice the remainder with the denominator.
 */
function independentReadjust(cents: number, rates: number[]): number {
  const gcd = (a: bigint, b: bigint): bigint => (b === 0n ? (a < 0n ? -a : a) : gcd(b, a % b));
  let num = BigInt(cents);
  let den = 1n;
  for (const r of rates) {
    num *= BigInt(1_000_000 + r);
    den *= 1_000_000n;
    const g = gcd(num, den);
    num /= g;
    den /= g;
  }
  const q = num / den;
  const rem = num % den;
  return Number(rem * 2n >= den ? q + 1n : q);
}

const rate = fc.integer({ min: -30_000, max: 30_000 }); // −3% … +3% a month
const rates12 = fc.array(rate, { minLength: 12, maxLength: 12 });
const cents = fc.integer({ min: 1, max: 100_000_000 });

function ratesFor(window: string[], values: number[]) {
  return new Map(window.map((p, i) => [p, values[i] as number]));
}

describe("accumulated index", () => {
  it("is the exact product of (1 + monthly rate), rounded once half up on the final value", () => {
    fc.assert(
      fc.property(cents, rates12, (value, rs) => {
        expect(applyFactor(value, accumulatedFactor(rs))).toBe(independentReadjust(value, rs));
      }),
    );
  });

  it("differs from rounding month by month (the memória is exact)", () => {
    // R$ 1,00 with twelve months of 0,15%: rounding each month keeps R$ 1,00; the exact product gives 1,02
    const rs = Array(12).fill(1_500);
    const exact = applyFactor(100, accumulatedFactor(rs));
    let stepwise = 100;
    for (const r of rs) stepwise = Math.round((stepwise * (1_000_000 + r)) / 1_000_000);
    expect(exact).toBe(independentReadjust(100, rs));
    expect(exact).toBe(102);
    expect(stepwise).toBe(100);
  });

  it("agrees with a float computation within a centavo", () => {
    fc.assert(
      fc.property(cents, rates12, (value, rs) => {
        const f = rs.reduce((acc, r) => acc * (1 + r / 1e6), 1);
        expect(Math.abs(applyFactor(value, accumulatedFactor(rs)) - value * f)).toBeLessThanOrEqual(1);
      }),
    );
  });

  it("rounds half up at exactly half a centavo", () => {
    // 1 centavo × 1,5 = 1,5 → 2; 3 × 0,5 = 1,5 → 2
    expect(applyFactor(1, accumulatedFactor([500_000]))).toBe(2);
    expect(applyFactor(3, accumulatedFactor([-500_000]))).toBe(2);
    expect(applyFactor(5, accumulatedFactor([-500_000]))).toBe(3);
  });
});

describe("computeReajuste", () => {
  const window = indexWindow("2027-03", "two_months_before");

  it("uses the 12 months ending two months before the anniversary, or the month before", () => {
    expect(window).toEqual([...Array(12)].map((_, i) => addPeriods("2026-02", i)));
    expect(indexWindow("2027-03", "month_before")[11]).toBe("2027-02");
    expect(indexWindow("2027-01", "two_months_before")).toEqual(
      [...Array(12)].map((_, i) => addPeriods("2025-12", i)),
    );
  });

  it("applies the exact product and shows every month in the memória", () => {
    fc.assert(
      fc.property(cents, rates12, (value, rs) => {
        const out = computeReajuste({
          fromCents: value,
          kind: "ipca",
          window: "two_months_before",
          effectivePeriod: "2027-03",
          rates: ratesFor(window, rs),
          negative: "apply",
        });
        if (out.status !== "applied") throw new Error("expected applied");
        expect(out.memoria.toCents).toBe(independentReadjust(value, rs));
        expect(out.memoria.months.map((m) => m.ratePpm)).toEqual(rs);
        expect(BigInt(out.memoria.factorNum) * 1n).toBe(
          rs.reduce((acc, r) => acc * BigInt(1_000_000 + r), 1n),
        );
      }),
    );
  });

  it("floors a negative accumulated index at zero when the office says so, applies it otherwise", () => {
    fc.assert(
      fc.property(cents, rates12, (value, rs) => {
        const args = {
          fromCents: value,
          kind: "igpm" as const,
          window: "month_before" as const,
          effectivePeriod: "2027-03",
          rates: ratesFor(indexWindow("2027-03", "month_before"), rs),
        };
        const floor = computeReajuste({ ...args, negative: "floor" });
        const apply = computeReajuste({ ...args, negative: "apply" });
        if (floor.status !== "applied" || apply.status !== "applied") throw new Error("expected applied");
        const exact = independentReadjust(value, rs);
        expect(apply.memoria.toCents).toBe(exact);
        expect(floor.memoria.toCents).toBe(Math.max(value, exact));
        const negative = rs.reduce((acc, r) => acc * BigInt(1_000_000 + r), 1n) < 1_000_000n ** 12n;
        expect(floor.memoria.flooredAtZero).toBe(negative);
      }),
    );
  });

  it("is pending, never guessed, when a month is missing", () => {
    const rates = ratesFor(window, Array(12).fill(4_000));
    rates.delete("2026-07");
    rates.delete("2027-01");
    const out = computeReajuste({
      fromCents: 150_000,
      kind: "inpc",
      window: "two_months_before",
      effectivePeriod: "2027-03",
      rates,
      negative: "floor",
    });
    expect(out).toEqual({ status: "pending", missing: ["2026-07", "2027-01"] });
  });

  it("applies a fixed percentage", () => {
    const out = computeReajuste({
      fromCents: 123_457,
      kind: "fixed",
      fixedRatePpm: 50_000,
      window: "two_months_before",
      effectivePeriod: "2027-03",
      rates: new Map(),
      negative: "floor",
    });
    if (out.status !== "applied") throw new Error("expected applied");
    // 1234,57 × 1,05 = 1296,2985 → 1296,30
    expect(out.memoria.toCents).toBe(129_630);
    expect(out.memoria.accumulatedPercent).toBe("5,0000%");
  });
});

describe("reajuste timing", () => {
  const c = { reajuste: "ipca" as const, anniversaryMonth: 3, startDate: "2026-03-10" };
  it("is due on the anniversary month from 12 months after the start", () => {
    expect(reajusteDueAt(c, "2026-03")).toBe(false);
    expect(reajusteDueAt(c, "2027-02")).toBe(false);
    expect(reajusteDueAt(c, "2027-03")).toBe(true);
    expect(reajusteDueAt(c, "2028-03")).toBe(true);
    expect(reajusteDueAt({ ...c, reajuste: "none" }, "2027-03")).toBe(false);
    expect(nextReajustePeriod(c, "2026-04")).toBe("2027-03");
    expect(nextReajustePeriod(c, "2027-04")).toBe("2028-03");
  });
});

describe("pro rata", () => {
  it("counts calendar days, start day and end day included", () => {
    expect(coveredDays("2026-11", "2026-11-16", null)).toEqual({ days: 15, monthDays: 30 });
    expect(coveredDays("2026-11", "2026-01-01", "2026-11-10")).toEqual({ days: 10, monthDays: 30 });
    expect(coveredDays("2026-02", "2026-02-28", null)).toEqual({ days: 1, monthDays: 28 });
    expect(coveredDays("2026-11", "2026-12-01", null).days).toBe(0);
    expect(coveredDays("2026-11", "2026-01-01", "2026-10-31").days).toBe(0);
    expect(proRata(100_000, 15, 30)).toBe(50_000);
    expect(proRata(100_000, 10, 31)).toBe(32_258); // 32258,06…
    expect(proRata(100_001, 1, 2)).toBe(50_001); // 50000,5 → half up
  });

  it("never exceeds the monthly value and adds up across a split month", () => {
    fc.assert(
      fc.property(cents, fc.integer({ min: 1, max: 28 }), (value, day) => {
        const start = `2026-02-${String(day).padStart(2, "0")}`;
        const a = coveredDays("2026-02", "2026-01-01", start);
        const b = coveredDays("2026-02", start, null);
        expect(a.days + b.days).toBe(29); // the split day is in both
        const part = proRata(value, b.days, b.monthDays);
        expect(part).toBeLessThanOrEqual(value);
        expect(part).toBe(Math.floor((value * b.days * 2 + 28) / 56));
      }),
    );
  });
});

describe("13º honorário", () => {
  it("is one monthly value in December, or split across the chosen months to the centavo", () => {
    expect(thirteenthAt(150_000, "december", [], "2026-12")).toBe(150_000);
    expect(thirteenthAt(150_000, "december", [], "2026-11")).toBe(0);
    expect(thirteenthAt(150_000, "none", [], "2026-12")).toBe(0);
    expect(thirteenthAt(100_000, "split", [11, 12, 6], "2026-06")).toBe(33_334);
    expect(thirteenthAt(100_000, "split", [11, 12, 6], "2026-11")).toBe(33_333);
    fc.assert(
      fc.property(
        cents,
        fc.uniqueArray(fc.integer({ min: 1, max: 12 }), { minLength: 1 }),
        (value, months) => {
          let total = 0;
          for (let m = 1; m <= 12; m++)
            total += thirteenthAt(value, "split", months, `2026-${String(m).padStart(2, "0")}`);
          expect(total).toBe(value);
        },
      ),
    );
  });
});

describe("due date and rates", () => {
  it("moves day 31 to the month's last day", () => {
    expect(chargeDueDate("2026-03", 31, true)).toBe("2026-04-30");
    expect(chargeDueDate("2026-01", 31, true)).toBe("2026-02-28");
    expect(chargeDueDate("2027-12", 31, true)).toBe("2028-01-31");
    expect(chargeDueDate("2026-02", 10, false)).toBe("2026-02-10");
  });

  it("parses pt-BR percentages and refuses a dot as decimal separator", () => {
    expect(parseRatePercent("0,56")).toEqual({ ppm: 5_600 });
    expect(parseRatePercent("-1,93%")).toEqual({ ppm: -19_300 });
    expect(parseRatePercent("1,2345")).toEqual({ ppm: 12_345 });
    expect(parseRatePercent("2")).toEqual({ ppm: 20_000 });
    expect(parseRatePercent("0.56")).toEqual({ error: expect.stringContaining("vírgula") });
    expect(parseRatePercent("abc")).toHaveProperty("error");
    expect(parseRatePercent("-100,00")).toHaveProperty("error");
    expect(formatRatePpm(5_600)).toBe("0,56%");
    expect(formatRatePpm(-19_300)).toBe("-1,93%");
    expect(formatRatePpm(12_345)).toBe("1,2345%");
    fc.assert(
      fc.property(fc.integer({ min: -999_999, max: 1_000_000 }), (ppm) => {
        expect(parseRatePercent(formatRatePpm(ppm))).toEqual({ ppm });
      }),
    );
  });

  it("buckets the aging by days late", () => {
    expect([0, 1, 30, 31, 60, 61, 90, 91, -5].map(agingBucket)).toEqual([
      "current",
      "d1_30",
      "d1_30",
      "d31_60",
      "d31_60",
      "d61_90",
      "d61_90",
      "d90_plus",
      "current",
    ]);
  });
});
