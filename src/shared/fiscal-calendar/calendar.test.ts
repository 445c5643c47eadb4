import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildCalendar, type CalendarSettings } from "./calendar.js";
import { dayNumber, easterSunday, isoOfDayNumber, weekday } from "./days.js";
import { type DueDateRule, dueDates } from "./due-dates.js";

// Every expected date below was worked out by hand from 01/01/2026 being a Thursday and the Easter
// Sundays 05/04/2026 and 28/03/2027 (Carnaval = Easter − 48/−47, Sexta-feira Santa = −2, Corpus Christi = +60).
const SP_CITY = "3550308";
const CAMPINAS = "3509502";
const none: CalendarSettings = { carnaval: false, corpusChristi: false };
const rule = (over: Partial<DueDateRule> = {}): DueDateRule => ({
  legalDay: 20,
  offsetMonths: 1,
  shift: "after",
  targetBusinessDaysBefore: 0,
  ...over,
});

describe("Easter and weekdays", () => {
  it("computes Easter Sunday", () => {
    expect(["2024", "2025", "2026", "2027", "2028"].map((y) => easterSunday(Number(y)))).toEqual([
      "2024-03-31",
      "2025-04-20",
      "2026-04-05",
      "2027-03-28",
      "2028-04-16",
    ]);
    expect(weekday(dayNumber("2026-01-01"))).toBe(4);
    expect(weekday(dayNumber("2026-11-20"))).toBe(5);
  });
});

describe("national holidays", () => {
  it("20/11 is a holiday from 2024 on (Lei 14.759/2023), not before", () => {
    const cal = buildCalendar({}, none);
    expect(cal.holidayName("2023-11-20")).toBeUndefined();
    expect(cal.isBusinessDay("2023-11-20")).toBe(true); // a Monday
    expect(cal.holidayName("2024-11-20")).toMatch(/Consciência Negra/);
    expect(cal.isBusinessDay("2026-11-20")).toBe(false);
  });

  it("legal day 20, competência 10/2026: prorrogar → 23/11/2026, antecipar → 19/11/2026", () => {
    const cal = buildCalendar({ uf: "SP" }, none);
    expect(dueDates(rule({ shift: "after" }), "2026-10", cal).legalDueDate).toBe("2026-11-23");
    expect(dueDates(rule({ shift: "before" }), "2026-10", cal).legalDueDate).toBe("2026-11-19");
  });

  it("DCTFWeb of 10/2026 (day 15, antecipar): Sunday 15/11 → Friday 13/11", () => {
    const cal = buildCalendar({}, none);
    expect(dueDates(rule({ legalDay: 15, shift: "before" }), "2026-10", cal).legalDueDate).toBe("2026-11-13");
  });

  it("Sexta-feira Santa 2027 is 26/03: prorrogar → 29/03, antecipar → 25/03", () => {
    const cal = buildCalendar({}, none);
    expect(cal.holidayName("2027-03-26")).toMatch(/Sexta-feira Santa/);
    const r = rule({ legalDay: 26 });
    expect(dueDates(r, "2027-02", cal).legalDueDate).toBe("2027-03-29");
    expect(dueDates({ ...r, shift: "before" }, "2027-02", cal).legalDueDate).toBe("2027-03-25");
  });
});

describe("pontos facultativos (office setting)", () => {
  it("Carnaval 16–17/02/2026 only when the office treats it as non-business", () => {
    const r = rule({ legalDay: 16 });
    expect(dueDates(r, "2026-01", buildCalendar({}, none)).legalDueDate).toBe("2026-02-16");
    const withCarnaval = buildCalendar({}, { carnaval: true, corpusChristi: false });
    expect(dueDates(r, "2026-01", withCarnaval).legalDueDate).toBe("2026-02-18"); // Ash Wednesday works
    expect(dueDates({ ...r, shift: "before" }, "2026-01", withCarnaval).legalDueDate).toBe("2026-02-13");
    expect(withCarnaval.holidayName("2027-02-08")).toMatch(/Carnaval/);
    expect(withCarnaval.holidayName("2027-02-09")).toMatch(/Carnaval/);
  });

  it("Corpus Christi 04/06/2026: a holiday in São Paulo city by municipal law, not in Campinas unless the office says", () => {
    const r = rule({ legalDay: 4 });
    const sp = buildCalendar({ uf: "SP", cityIbgeCode: SP_CITY }, none);
    const campinas = buildCalendar({ uf: "SP", cityIbgeCode: CAMPINAS }, none);
    expect(dueDates(r, "2026-05", sp).legalDueDate).toBe("2026-06-05");
    expect(dueDates(r, "2026-05", campinas).legalDueDate).toBe("2026-06-04");
    const everywhere = buildCalendar(
      { uf: "SP", cityIbgeCode: CAMPINAS },
      { carnaval: false, corpusChristi: true },
    );
    expect(dueDates(r, "2026-05", everywhere).legalDueDate).toBe("2026-06-05");
    // 2027: Easter 28/03 + 60 = Thursday 27/05
    expect(sp.holidayName("2027-05-27")).toBe("Corpus Christi");
  });
});

describe("state and municipal holidays", () => {
  it("09/07/2026 (Thursday) is a holiday for São Paulo state clients only", () => {
    const r = rule({ legalDay: 9 });
    expect(
      dueDates(r, "2026-06", buildCalendar({ uf: "SP", cityIbgeCode: CAMPINAS }, none)).legalDueDate,
    ).toBe("2026-07-10");
    expect(dueDates(r, "2026-06", buildCalendar({ uf: "RJ" }, none)).legalDueDate).toBe("2026-07-09");
  });

  it("a municipal holiday the office adds for one city moves only that city's dates", () => {
    const settings: CalendarSettings = {
      ...none,
      officeHolidays: [
        {
          date: "2026-07-14",
          recurring: false,
          name: "Aniversário de Campinas",
          uf: "SP",
          cityIbgeCode: CAMPINAS,
        },
      ],
    };
    const r = rule({ legalDay: 14 });
    expect(
      dueDates(r, "2026-06", buildCalendar({ uf: "SP", cityIbgeCode: CAMPINAS }, settings)).legalDueDate,
    ).toBe("2026-07-15");
    expect(
      dueDates(r, "2026-06", buildCalendar({ uf: "SP", cityIbgeCode: SP_CITY }, settings)).legalDueDate,
    ).toBe("2026-07-14");
    // recurring: every year on that day
    const yearly = buildCalendar(
      { uf: "SP", cityIbgeCode: CAMPINAS },
      {
        ...none,
        officeHolidays: [
          { date: "2000-07-14", recurring: true, name: "Aniversário", cityIbgeCode: CAMPINAS },
        ],
      },
    );
    expect(yearly.isBusinessDay("2027-07-14")).toBe(false);
  });

  it("a client without município gets the national + state calendar", () => {
    const cal = buildCalendar({ uf: "SP", cityIbgeCode: null }, none);
    expect(cal.isBusinessDay("2026-01-26")).toBe(true);
    expect(cal.isBusinessDay("2026-07-09")).toBe(false);
    expect(cal.isBusinessDay("2026-06-04")).toBe(true);
  });
});

describe("the stated rules", () => {
  it("legal day 31 (or a day the month lacks) is the last business day of the month", () => {
    const cal = buildCalendar({}, none);
    // September 2026 has 30 days; 30/09 is a Wednesday — never 01/10, even with prorrogar
    expect(dueDates(rule({ legalDay: 31 }), "2026-08", cal)).toMatchObject({
      nominal: "2026-09-30",
      legalDueDate: "2026-09-30",
    });
    // 31/05/2026 is a Sunday → Friday 29/05
    expect(dueDates(rule({ legalDay: 31 }), "2026-04", cal).legalDueDate).toBe("2026-05-29");
    // February 2027: day 30 does not exist, 28/02 is a Sunday → Friday 26/02
    expect(dueDates(rule({ legalDay: 30 }), "2027-01", cal).legalDueDate).toBe("2027-02-26");
    // DEFIS of 2026 (competência 12/2026 + 3 months, day 31) → Wednesday 31/03/2027
    expect(dueDates(rule({ legalDay: 31, offsetMonths: 3 }), "2026-12", cal).legalDueDate).toBe("2027-03-31");
  });

  it("year boundary: day 1 of January 2027 (a Friday holiday) prorrogar → Monday 04/01/2027", () => {
    const cal = buildCalendar({}, none);
    expect(dueDates(rule({ legalDay: 1 }), "2026-12", cal).legalDueDate).toBe("2027-01-04");
    expect(dueDates(rule({ legalDay: 1, shift: "before" }), "2026-12", cal).legalDueDate).toBe("2026-12-31");
  });

  it("a meta before the month's first business day falls in the previous month (and year)", () => {
    const cal = buildCalendar({}, none);
    // 05/01/2027 (Tuesday): 3 business days before → 04/01, 31/12, 30/12
    expect(dueDates(rule({ legalDay: 5, targetBusinessDaysBefore: 3 }), "2026-12", cal)).toEqual({
      nominal: "2027-01-05",
      legalDueDate: "2027-01-05",
      targetDate: "2026-12-30",
    });
    // DAS of 10/2026: 23/11 → meta 2 business days before skips the 20/11 holiday → 18/11
    expect(dueDates(rule({ targetBusinessDaysBefore: 2 }), "2026-10", cal).targetDate).toBe("2026-11-18");
  });
});

describe("properties (fast-check)", () => {
  const ufs = ["SP", "RJ", "MG", "RS", "BA", "PE", "DF", null];
  const cities = [SP_CITY, "3304557", "3106200", "4106902", CAMPINAS, null];
  const arb = fc.record({
    year: fc.integer({ min: 2024, max: 2035 }),
    month: fc.integer({ min: 1, max: 12 }),
    legalDay: fc.integer({ min: 1, max: 31 }),
    offsetMonths: fc.integer({ min: 0, max: 12 }),
    meta: fc.integer({ min: 0, max: 10 }),
    uf: fc.constantFrom(...ufs),
    city: fc.constantFrom(...cities),
    carnaval: fc.boolean(),
    corpusChristi: fc.boolean(),
  });

  it("every computed date is a business day of that client's calendar; prorrogar ≥ nominal ≥ antecipar", () => {
    fc.assert(
      fc.property(arb, (a) => {
        const cal = buildCalendar({ uf: a.uf, cityIbgeCode: a.city }, a);
        const period = `${a.year}-${String(a.month).padStart(2, "0")}`;
        const base = { legalDay: a.legalDay, offsetMonths: a.offsetMonths, targetBusinessDaysBefore: a.meta };
        const after = dueDates({ ...base, shift: "after" }, period, cal);
        const before = dueDates({ ...base, shift: "before" }, period, cal);
        for (const d of [after.legalDueDate, after.targetDate, before.legalDueDate, before.targetDate])
          expect(cal.isBusinessDay(d)).toBe(true);
        expect(after.legalDueDate >= after.nominal || a.legalDay >= 28).toBe(true);
        expect(after.legalDueDate >= before.legalDueDate).toBe(true);
        expect(before.legalDueDate <= before.nominal).toBe(true);
        expect(after.targetDate <= after.legalDueDate).toBe(true);
        // antecipar never leaves the due month (a month always has a business day before its 4th)
        if (a.legalDay > 4) expect(before.legalDueDate.slice(0, 7)).toBe(before.nominal.slice(0, 7));
        // "último dia do mês" stays in the month even with prorrogar
        if (a.legalDay === 31) expect(after.legalDueDate.slice(0, 7)).toBe(after.nominal.slice(0, 7));
      }),
      { numRuns: 500 },
    );
  });

  it("addBusinessDays(-n) then counting forward lands on the same day", () => {
    const cal = buildCalendar({ uf: "SP", cityIbgeCode: SP_CITY }, { carnaval: true, corpusChristi: false });
    fc.assert(
      fc.property(
        fc.integer({ min: dayNumber("2024-01-01"), max: dayNumber("2034-12-31") }),
        fc.nat(15),
        (n, k) => {
          const start = cal.toBusinessDay(isoOfDayNumber(n), "after");
          expect(cal.addBusinessDays(cal.addBusinessDays(start, -k), k)).toBe(start);
        },
      ),
    );
  });
});
