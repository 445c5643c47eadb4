/**
 * The dates of one obligation for one competência: Data Legal (the law's deadline moved by the
 * client's calendar) and Data Meta (the office's goal, N business days earlier). ADR 0019.
 */
import type { FiscalCalendar } from "./calendar.js";
import { daysInMonth, type IsoDay, isoDay } from "./days.js";

/** `YYYY-MM`, the month the work refers to */
export type Period = string;

export interface DueDateRule {
  /** day of the due month, 1..31; a day the month does not have (or 31) is "the last day of the month" */
  legalDay: number;
  /** months from the competência to the due month: the DAS of 10/2026 is due in 11/2026 (1) */
  offsetMonths: number;
  /** what a deadline on a non-business day does */
  shift: "before" | "after";
  /** the meta: this many business days before the Data Legal (0: the same day) */
  targetBusinessDaysBefore: number;
}

export interface DueDates {
  /** the day the rule names before any move, `YYYY-MM-DD` */
  nominal: IsoDay;
  legalDueDate: IsoDay;
  targetDate: IsoDay;
}

export const PERIOD_RE = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function parsePeriod(period: Period): { year: number; month: number } {
  const m = PERIOD_RE.exec(period);
  if (!m) throw new Error(`bad period ${period}`);
  return { year: Number(m[1]), month: Number(m[2]) };
}

export function addMonths(period: Period, n: number): Period {
  const { year, month } = parsePeriod(period);
  const idx = year * 12 + (month - 1) + n;
  return `${String(Math.floor(idx / 12)).padStart(4, "0")}-${String((idx % 12) + 1).padStart(2, "0")}`;
}

/**
 * The rule, stated:
 * 1. The due month is the competência plus `offsetMonths`.
 * 2. A legal day of 1..30 that the due month has is moved to the nearest business day before ("antecipar") or after ("prorrogar") when it is not one.
 * 3. A legal day of 31, or a day the month lacks (30 in February), means "o último dia do mês": the
 *    deadline is the last business day of the due month, whatever the shift says — such deadlines
 *    ("até o último dia útil do mês") never move into the next month.
 * 4. The Data Meta is `targetBusinessDaysBefore` business days before the Data Legal, counted on the
 *    same calendar; it may fall in the previous month (or year) — it is never clamped.
 */
export function dueDates(rule: DueDateRule, period: Period, cal: FiscalCalendar): DueDates {
  const due = parsePeriod(addMonths(period, rule.offsetMonths));
  const last = daysInMonth(due.year, due.month);
  let nominal: IsoDay;
  let legalDueDate: IsoDay;
  if (rule.legalDay >= 31 || rule.legalDay > last) {
    nominal = isoDay(due.year, due.month, last);
    legalDueDate = cal.lastBusinessDayOfMonth(due.year, due.month);
  } else {
    nominal = isoDay(due.year, due.month, rule.legalDay);
    legalDueDate = cal.toBusinessDay(nominal, rule.shift);
  }
  const targetDate = cal.addBusinessDays(legalDueDate, -rule.targetBusinessDaysBefore);
  return { nominal, legalDueDate, targetDate };
}

/** The competência months an obligation applies to, from its periodicity. */
export function monthsOf(
  periodicity: "monthly" | "quarterly" | "yearly" | "custom",
  custom: readonly number[],
) {
  if (periodicity === "monthly") return [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
  if (periodicity === "quarterly") return [3, 6, 9, 12];
  if (periodicity === "yearly") return custom.length ? [custom[0] as number] : [12];
  return [...custom].sort((a, b) => a - b);
}
