/**
 * A client's business-day calendar: weekends, national holidays, the office's pontos facultativos
 * (Carnaval, Corpus Christi), the client's UF and município holidays and the office's own holidays.
 * All days are São Paulo calendar days (`YYYY-MM-DD`).
 */
import {
  dayNumber,
  daysInMonth,
  easterSunday,
  type IsoDay,
  isoDay,
  isoOfDayNumber,
  weekday,
} from "./days.js";
import {
  CARNAVAL,
  CITY_HOLIDAYS,
  CORPUS_CHRISTI,
  type HolidayRule,
  NATIONAL_HOLIDAYS,
  STATE_HOLIDAYS,
} from "./holidays.js";

/** A holiday the office added: one day, or every year on that day; for all clients, a UF or a município. */
export interface OfficeHoliday {
  /** `YYYY-MM-DD`; with `recurring` only the month and day count */
  date: IsoDay;
  recurring: boolean;
  name: string;
  uf?: string | null;
  cityIbgeCode?: string | null;
}

export interface CalendarSettings {
  /** Carnaval Monday and Tuesday are non-business days for the office */
  carnaval: boolean;
  /** Corpus Christi is a non-business day everywhere (else only where a municipal law makes it one) */
  corpusChristi: boolean;
  officeHolidays?: readonly OfficeHoliday[];
}

export interface Place {
  uf?: string | null;
  cityIbgeCode?: string | null;
}

export interface FiscalCalendar {
  /** the holiday's name, or undefined for a business day or a plain weekend */
  holidayName(day: IsoDay): string | undefined;
  isBusinessDay(day: IsoDay): boolean;
  /** the day itself when it is a business day, else the nearest one before ("before") or after */
  toBusinessDay(day: IsoDay, shift: "before" | "after"): IsoDay;
  /** n business days after (n > 0) or before (n < 0) the day; 0 returns the day itself */
  addBusinessDays(day: IsoDay, n: number): IsoDay;
  /** the last business day of the month */
  lastBusinessDayOfMonth(year: number, month: number): IsoDay;
}

function ruleDay(rule: HolidayRule, year: number): IsoDay | undefined {
  if (rule.kind === "fixed") {
    if (rule.since !== undefined && year < rule.since) return undefined;
    return isoDay(year, rule.month, rule.day);
  }
  return isoOfDayNumber(dayNumber(easterSunday(year)) + rule.offset);
}

export function buildCalendar(place: Place, settings: CalendarSettings): FiscalCalendar {
  const uf = place.uf ?? null;
  const city = place.cityIbgeCode ?? null;
  const rules: HolidayRule[] = [...NATIONAL_HOLIDAYS];
  if (settings.carnaval) rules.push(...CARNAVAL);
  if (settings.corpusChristi) rules.push(CORPUS_CHRISTI);
  if (uf) rules.push(...(STATE_HOLIDAYS[uf] ?? []));
  if (city) rules.push(...(CITY_HOLIDAYS[city]?.holidays ?? []));
  const own = (settings.officeHolidays ?? []).filter(
    (h) => (!h.uf || h.uf === uf) && (!h.cityIbgeCode || h.cityIbgeCode === city),
  );

  const years = new Map<number, Map<IsoDay, string>>();
  const holidaysOf = (year: number) => {
    let map = years.get(year);
    if (map) return map;
    map = new Map();
    for (const r of rules) {
      const d = ruleDay(r, year);
      if (d && !map.has(d)) map.set(d, r.name);
    }
    for (const h of own) {
      const d = h.recurring ? `${String(year).padStart(4, "0")}${h.date.slice(4)}` : h.date;
      if (d.startsWith(String(year).padStart(4, "0")) && !map.has(d)) map.set(d, h.name);
    }
    years.set(year, map);
    return map;
  };
  const holidayName = (day: IsoDay) => holidaysOf(Number(day.slice(0, 4))).get(day);
  const isBusinessDayNumber = (n: number) => {
    const w = weekday(n);
    if (w === 0 || w === 6) return false;
    return holidayName(isoOfDayNumber(n)) === undefined;
  };
  const step = (n: number, dir: 1 | -1) => {
    let x = n;
    // a run of non-business days is at most a few days long; 30 is a safe bound against a bad data file
    for (let i = 0; i < 30; i++) {
      if (isBusinessDayNumber(x)) return x;
      x += dir;
    }
    throw new Error("no business day within 30 days");
  };
  return {
    holidayName,
    isBusinessDay: (day) => isBusinessDayNumber(dayNumber(day)),
    toBusinessDay: (day, shift) => isoOfDayNumber(step(dayNumber(day), shift === "before" ? -1 : 1)),
    addBusinessDays(day, n) {
      let x = dayNumber(day);
      const dir = n < 0 ? -1 : 1;
      for (let left = Math.abs(n); left > 0; left--) x = step(x + dir, dir);
      return isoOfDayNumber(x);
    },
    lastBusinessDayOfMonth: (year, month) =>
      isoOfDayNumber(step(dayNumber(isoDay(year, month, daysInMonth(year, month))), -1)),
  };
}
