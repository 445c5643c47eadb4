import fc from "fast-check";

fc.configureGlobal({ numRuns: Number(process.env.FC_RUNS ?? 100) });

import { describe, expect, it } from "vitest";
import {
  addMonths,
  allocatePayment,
  amountDue,
  type ChargeRates,
  daysBetween,
  debtStatus,
  formatBasisPoints,
  formatIsoDateBR,
  installmentSchedule,
  lateCharges,
  MAX_INSTALLMENTS,
  mulDivRound,
  splitDueNow,
  splitInstallments,
  todayInSaoPaulo,
} from "./finance.js";

const RATES: ChargeRates = { lateFeeBp: 200, monthlyInterestBp: 100 };

/** ISO date n days after d (UTC calendar arithmetic, for building cases) */
function plusDays(d: string, n: number): string {
  const t = Date.parse(`${d}T00:00:00Z`) + n * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

const isoDate = fc
  .date({ min: new Date("2000-01-01T00:00:00Z"), max: new Date("2099-12-31T00:00:00Z"), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));
const rates = fc.record({
  lateFeeBp: fc.integer({ min: 0, max: 2000 }),
  monthlyInterestBp: fc.integer({ min: 0, max: 1000 }),
});

describe("debtStatus", () => {
  const base = { state: "open" as const, amountCents: 10_000, paidCents: 0, dueDate: "2026-12-10" };
  it("is exclusive: cancelled, then paid, then overdue, then partially paid, then open", () => {
    expect(debtStatus({ ...base, state: "cancelled" }, "2027-01-01")).toBe("cancelled");
    expect(debtStatus({ ...base, state: "paid", paidCents: 10_000 }, "2027-01-01")).toBe("paid");
    expect(debtStatus({ ...base, paidCents: 10_000 }, "2027-01-01")).toBe("paid");
    expect(debtStatus({ ...base, paidCents: 5_000 }, "2026-12-11")).toBe("overdue");
    expect(debtStatus(base, "2026-12-11")).toBe("overdue");
    expect(debtStatus({ ...base, paidCents: 5_000 }, "2026-12-10")).toBe("partially_paid");
    expect(debtStatus(base, "2026-12-10")).toBe("open");
  });
});

describe("splitInstallments", () => {
  it("puts the remainder centavos in the first installment", () => {
    expect(splitInstallments(10_000, 3)).toEqual([3_334, 3_333, 3_333]);
    expect(splitInstallments(30_000, 3)).toEqual([10_000, 10_000, 10_000]);
    expect(splitInstallments(1, 1)).toEqual([1]);
    expect(splitInstallments(36, 36)).toEqual(Array(36).fill(1));
  });

  it("refuses counts it cannot split and amounts that are not centavos", () => {
    expect(() => splitInstallments(2, 3)).toThrow(RangeError);
    expect(() => splitInstallments(100, 0)).toThrow(RangeError);
    expect(() => splitInstallments(100, 1.5)).toThrow(RangeError);
    expect(() => splitInstallments(10.5, 2)).toThrow(RangeError);
  });

  it("always adds up exactly, differing by fewer than n centavos, remainder in the first", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: MAX_INSTALLMENTS }),
        fc.integer({ min: 0, max: 100_000_000_000 }),
        (n, extra) => {
          const total = n + extra;
          const parts = splitInstallments(total, n);
          expect(parts).toHaveLength(n);
          expect(parts.reduce((a, b) => a + b, 0)).toBe(total);
          const [first, ...rest] = parts as [number, ...number[]];
          for (const p of rest) {
            expect(Number.isInteger(p)).toBe(true);
            expect(p).toBe(parts[1]);
            expect(p).toBeGreaterThanOrEqual(1);
          }
          const last = parts[n - 1] as number;
          expect(first - last).toBeGreaterThanOrEqual(0);
          expect(first - last).toBeLessThan(n);
        },
      ),
    );
  });
});

describe("addMonths", () => {
  it("keeps the day, or takes the month's last day", () => {
    expect(addMonths("2026-01-31", 1)).toBe("2026-02-28");
    expect(addMonths("2028-01-31", 1)).toBe("2028-02-29");
    expect(addMonths("2026-01-31", 2)).toBe("2026-03-31");
    expect(addMonths("2026-03-31", 1)).toBe("2026-04-30");
    expect(addMonths("2026-12-10", 1)).toBe("2027-01-10");
    expect(addMonths("2026-11-30", 3)).toBe("2027-02-28");
    expect(addMonths("2026-03-31", -1)).toBe("2026-02-28");
    expect(addMonths("2026-01-15", -1)).toBe("2025-12-15");
    expect(addMonths("2026-05-05", 0)).toBe("2026-05-05");
    expect(addMonths("2026-01-29", 13)).toBe("2027-02-28");
  });

  it("always lands on a valid date in the target month, never after the original day", () => {
    fc.assert(
      fc.property(isoDate, fc.integer({ min: -48, max: 48 }), (d, m) => {
        const r = addMonths(d, m);
        expect(r).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        // a real calendar day
        expect(new Date(`${r}T00:00:00Z`).toISOString().slice(0, 10)).toBe(r);
        const [y, mo, day] = d.split("-").map(Number) as [number, number, number];
        const [ry, rmo, rday] = r.split("-").map(Number) as [number, number, number];
        expect(ry * 12 + rmo - (y * 12 + mo)).toBe(m);
        expect(rday).toBeLessThanOrEqual(day);
        if (rday < day) expect(addMonths(`${r.slice(0, 8)}01`, 1).slice(0, 7)).not.toBe(r.slice(0, 7));
      }),
    );
  });
});

describe("installmentSchedule", () => {
  it("falls monthly from the first due date and adds up", () => {
    expect(installmentSchedule(30_001, 3, "2026-01-31")).toEqual([
      { number: 1, amountCents: 10_001, dueDate: "2026-01-31" },
      { number: 2, amountCents: 10_000, dueDate: "2026-02-28" },
      { number: 3, amountCents: 10_000, dueDate: "2026-03-31" },
    ]);
  });
});

describe("daysBetween and mulDivRound", () => {
  it("counts calendar days across months and leap years", () => {
    expect(daysBetween("2026-01-10", "2026-02-09")).toBe(30);
    expect(daysBetween("2028-02-28", "2028-03-01")).toBe(2);
    expect(daysBetween("2026-02-09", "2026-01-10")).toBe(-30);
  });

  it("rounds half up, exactly, even far beyond float precision", () => {
    expect(mulDivRound(1, 1, 2)).toBe(1); // 0.5 → 1
    expect(mulDivRound(3, 1, 2)).toBe(2); // 1.5 → 2
    expect(mulDivRound(1, 1, 3)).toBe(0); // 0.333 → 0
    expect(mulDivRound(2, 1, 3)).toBe(1); // 0.667 → 1
    expect(mulDivRound(49, 1, 100)).toBe(0);
    expect(mulDivRound(50, 1, 100)).toBe(1);
    expect(mulDivRound(0, 5, 7)).toBe(0);
    expect(mulDivRound(100_000_000_000, 1000 * 3650, 300_000)).toBe(1_216_666_666_667);
    expect(() => mulDivRound(-1, 1, 1)).toThrow(RangeError);
    expect(() => mulDivRound(1, 1, 0)).toThrow(RangeError);
  });

  it("matches floor(n·num/den + 1/2) computed with BigInt", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 100_000_000_000 }),
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.integer({ min: 1, max: 1_000_000 }),
        (n, num, den) => {
          // amounts stay far below 2^53 centavos; beyond it a number cannot carry the result
          fc.pre((BigInt(n) * BigInt(num)) / BigInt(den) < BigInt(Number.MAX_SAFE_INTEGER));
          const r = BigInt(mulDivRound(n, num, den));
          const exact2 = BigInt(n) * BigInt(num) * 2n; // 2·n·num
          const d = BigInt(den);
          // r is the nearest integer, ties up: 2·r·den − den ≤ 2·n·num < 2·r·den + den
          expect(2n * r * d - d <= exact2).toBe(true);
          expect(exact2 < 2n * r * d + d).toBe(true);
        },
      ),
    );
  });
});

describe("lateCharges", () => {
  it("R$ 1.000,00 due 10/01 paid 09/02 (30 days), 2% + 1% a.m. → multa R$ 20,00, juros R$ 10,00", () => {
    expect(lateCharges(100_000, "2026-01-10", "2026-02-09", RATES)).toEqual({
      daysLate: 30,
      lateFeeCents: 2_000,
      interestCents: 1_000,
    });
  });

  it("charges nothing on or before the due date", () => {
    expect(lateCharges(100_000, "2026-01-10", "2026-01-10", RATES)).toEqual({
      daysLate: 0,
      lateFeeCents: 0,
      interestCents: 0,
    });
    expect(lateCharges(100_000, "2026-01-10", "2025-12-01", RATES).lateFeeCents).toBe(0);
  });

  it("computes juros pro rata per day and rounds each part half up", () => {
    // 1 day: 100000 × 1% / 30 = 33,33… → 33
    expect(lateCharges(100_000, "2026-01-10", "2026-01-11", RATES)).toEqual({
      daysLate: 1,
      lateFeeCents: 2_000,
      interestCents: 33,
    });
    // 2 days: 66,67 → 67
    expect(lateCharges(100_000, "2026-01-10", "2026-01-12", RATES).interestCents).toBe(67);
    // multa 2% of R$ 0,25 = 0,5 centavo → 1
    expect(lateCharges(25, "2026-01-10", "2026-01-11", RATES).lateFeeCents).toBe(1);
    // 45 days, 2,5% + 0,33% a.m. on R$ 1.234,56
    expect(
      lateCharges(123_456, "2026-01-10", "2026-02-24", { lateFeeBp: 250, monthlyInterestBp: 33 }),
    ).toEqual({
      daysLate: 45,
      lateFeeCents: 3_086, // 3086,4
      interestCents: 611, // 123456 × 33 × 45 / 300000 = 611,1072
    });
  });

  it("amountDue adds principal, multa and juros", () => {
    expect(amountDue(100_000, "2026-01-10", "2026-02-09", RATES)).toEqual({
      daysLate: 30,
      principalCents: 100_000,
      lateFeeCents: 2_000,
      interestCents: 1_000,
      totalCents: 103_000,
    });
  });
});

describe("allocatePayment", () => {
  it("splits a full late payment into the balance and its charges", () => {
    expect(
      allocatePayment({
        amountCents: 103_000,
        balanceCents: 100_000,
        dueDate: "2026-01-10",
        paidOn: "2026-02-09",
        rates: RATES,
      }),
    ).toEqual({ principalCents: 100_000, lateFeeCents: 2_000, interestCents: 1_000, daysLate: 30 });
  });

  it("refuses more than what is due, and zero", () => {
    const p = { balanceCents: 100_000, dueDate: "2026-01-10", paidOn: "2026-02-09", rates: RATES };
    expect(allocatePayment({ ...p, amountCents: 103_001 })).toBeNull();
    expect(allocatePayment({ ...p, amountCents: 0 })).toBeNull();
    expect(allocatePayment({ ...p, amountCents: 100_001, waiveCharges: true })).toBeNull();
    expect(allocatePayment({ ...p, amountCents: 100_001, paidOn: "2026-01-10" })).toBeNull();
  });

  it("pays principal only on time or when the charges are waived", () => {
    const p = { balanceCents: 100_000, dueDate: "2026-01-10", rates: RATES };
    expect(allocatePayment({ ...p, amountCents: 40_000, paidOn: "2026-01-05" })).toEqual({
      principalCents: 40_000,
      lateFeeCents: 0,
      interestCents: 0,
      daysLate: 0,
    });
    expect(allocatePayment({ ...p, amountCents: 100_000, paidOn: "2026-02-09", waiveCharges: true })).toEqual(
      {
        principalCents: 100_000,
        lateFeeCents: 0,
        interestCents: 0,
        daysLate: 30,
      },
    );
  });

  it("a partial late payment settles the largest principal whose charges fit", () => {
    // 51.500 = P + 2%P + 1%P → P = 50.000 exactly
    expect(
      allocatePayment({
        amountCents: 51_500,
        balanceCents: 100_000,
        dueDate: "2026-01-10",
        paidOn: "2026-02-09",
        rates: RATES,
      }),
    ).toEqual({ principalCents: 50_000, lateFeeCents: 1_000, interestCents: 500, daysLate: 30 });
  });

  const cases = fc.record({
    balanceCents: fc.integer({ min: 1, max: 10_000_000_000 }),
    dueDate: isoDate,
    daysLate: fc.integer({ min: -60, max: 2_000 }),
    rates,
    waiveCharges: fc.boolean(),
    fraction: fc.double({ min: 0, max: 1.2, noNaN: true }),
  });

  it("parts add up to the amount, principal ≤ balance, never above what is due", () => {
    fc.assert(
      fc.property(cases, (c) => {
        const paidOn = plusDays(c.dueDate, c.daysLate);
        const due = amountDue(c.balanceCents, c.dueDate, paidOn, c.rates);
        const max = c.waiveCharges ? c.balanceCents : due.totalCents;
        const amountCents = Math.max(1, Math.round(max * c.fraction));
        const a = allocatePayment({ ...c, amountCents, paidOn });
        if (amountCents > max) {
          expect(a).toBeNull();
          return;
        }
        expect(a).not.toBeNull();
        if (!a) return;
        expect(a.principalCents + a.lateFeeCents + a.interestCents).toBe(amountCents);
        for (const v of [a.principalCents, a.lateFeeCents, a.interestCents]) {
          expect(Number.isSafeInteger(v)).toBe(true);
          expect(v).toBeGreaterThanOrEqual(0);
        }
        expect(a.principalCents).toBeLessThanOrEqual(c.balanceCents);
        expect(a.lateFeeCents).toBeLessThanOrEqual(due.lateFeeCents);
        if (c.waiveCharges || c.daysLate <= 0) {
          expect(a.principalCents).toBe(amountCents);
        } else {
          // the charges paid are at least those of the principal settled
          const own = lateCharges(a.principalCents, c.dueDate, paidOn, c.rates);
          expect(a.lateFeeCents).toBe(own.lateFeeCents);
          expect(a.interestCents).toBeGreaterThanOrEqual(own.interestCents);
        }
      }),
    );
  });

  it("a payment of exactly what is due settles the balance and pays exactly the charges", () => {
    fc.assert(
      fc.property(cases, (c) => {
        const paidOn = plusDays(c.dueDate, c.daysLate);
        const due = amountDue(c.balanceCents, c.dueDate, paidOn, c.rates);
        const a = allocatePayment({ ...c, waiveCharges: false, amountCents: due.totalCents, paidOn });
        expect(a).toEqual({
          principalCents: c.balanceCents,
          lateFeeCents: due.lateFeeCents,
          interestCents: due.interestCents,
          daysLate: due.daysLate,
        });
        expect(
          allocatePayment({ ...c, waiveCharges: false, amountCents: due.totalCents + 1, paidOn }),
        ).toBeNull();
      }),
    );
  });

  it("a partial payment leaves less than one step of rounding, and splitting costs at most that", () => {
    fc.assert(
      fc.property(cases, fc.double({ min: 0.01, max: 0.99, noNaN: true }), (c, share) => {
        const paidOn = plusDays(c.dueDate, Math.max(1, c.daysLate));
        const due = amountDue(c.balanceCents, c.dueDate, paidOn, c.rates);
        const first = Math.max(1, Math.floor(due.totalCents * share));
        const a = allocatePayment({ ...c, waiveCharges: false, amountCents: first, paidOn });
        expect(a).not.toBeNull();
        if (!a || a.principalCents === c.balanceCents) return;
        const f = (p: number) => amountDue(p, c.dueDate, paidOn, c.rates).totalCents;
        // the largest principal that fits: one more centavo of principal would not
        expect(f(a.principalCents)).toBeLessThanOrEqual(first);
        expect(f(a.principalCents + 1)).toBeGreaterThan(first);
        const leftover = first - f(a.principalCents);
        // paying the rest afterwards costs what one payment would, up to the rounding of each part
        const rest = amountDue(c.balanceCents - a.principalCents, c.dueDate, paidOn, c.rates).totalCents;
        expect(first + rest).toBeGreaterThanOrEqual(due.totalCents - 2);
        expect(first + rest).toBeLessThanOrEqual(due.totalCents + 2 + leftover);
      }),
    );
  });
});

describe("dates and labels", () => {
  it("today is the São Paulo day, not the UTC day", () => {
    // 02:00 UTC on 1 Jan is still 31 Dec in São Paulo (UTC−3)
    expect(todayInSaoPaulo(new Date("2027-01-01T02:00:00Z"))).toBe("2026-12-31");
    expect(todayInSaoPaulo(new Date("2027-01-01T03:00:00Z"))).toBe("2027-01-01");
  });

  it("formats dates and rates the pt-BR way", () => {
    expect(formatIsoDateBR("2026-03-05")).toBe("05/03/2026");
    expect(formatBasisPoints(200)).toBe("2%");
    expect(formatBasisPoints(250)).toBe("2,5%");
    expect(formatBasisPoints(33)).toBe("0,33%");
    expect(formatBasisPoints(5)).toBe("0,05%");
    expect(formatBasisPoints(0)).toBe("0%");
  });
});

describe("splitDueNow", () => {
  const debts = [
    { dueDate: "2026-11-09", balanceCents: 10000, totalDueCents: 10233 },
    { dueDate: "2026-11-10", balanceCents: 20000, totalDueCents: 20000 },
    { dueDate: "2026-12-10", balanceCents: 30000, totalDueCents: 30000 },
    { dueDate: "2026-11-01", balanceCents: 0, totalDueCents: 0 },
  ];

  it("puts due on or before today in 'vencido e a vencer hoje' and the later ones in 'próximas parcelas'", () => {
    expect(splitDueNow(debts, "2026-11-10")).toEqual({
      dueNowCents: 30233,
      dueNowCount: 2,
      overdueCount: 1,
      upcomingCents: 30000,
      upcomingCount: 1,
    });
    expect(splitDueNow([], "2026-11-10")).toEqual({
      dueNowCents: 0,
      dueNowCount: 0,
      overdueCount: 0,
      upcomingCents: 0,
      upcomingCount: 0,
    });
  });

  it("moves a debt due on the 10th into today's total at midnight in São Paulo, not in UTC", () => {
    // 02:59:59 UTC on the 10th is still 23:59:59 of the 9th in São Paulo (UTC-3)
    const before = splitDueNow(debts, todayInSaoPaulo(new Date("2026-11-10T02:59:59Z")));
    expect(before).toMatchObject({ dueNowCents: 10233, dueNowCount: 1, overdueCount: 0, upcomingCount: 2 });
    expect(before.upcomingCents).toBe(50000);
    const after = splitDueNow(debts, todayInSaoPaulo(new Date("2026-11-10T03:00:00Z")));
    expect(after).toMatchObject({
      dueNowCents: 30233,
      dueNowCount: 2,
      overdueCount: 1,
      upcomingCents: 30000,
    });
  });
});
