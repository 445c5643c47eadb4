/**
 * The one rule for calendar dates people send (filters, due dates, payment days): `YYYY-MM-DD`, a
 * real day of the calendar (2026-02-30 is refused, not rolled over to March) and within
 * 01/01/1900–31/12/2999. The bounds keep every date the office works with and keep the arithmetic
 * done on them (the day after a filter's end, installments months ahead, days of interest) inside
 * what JavaScript dates, `YYYY-MM-DD` strings and PostgreSQL all handle: "9999-12-31" plus one day
 * is no date any of them agrees on.
 */
import { z } from "zod";

export const MIN_ISO_DATE = "1900-01-01";
export const MAX_ISO_DATE = "2999-12-31";

/** True for a `YYYY-MM-DD` string within the bounds (the calendar check is the schema's). */
export const isDateInRange = (isoDate: string) => isoDate >= MIN_ISO_DATE && isoDate <= MAX_ISO_DATE;

/** A calendar day, `YYYY-MM-DD`, between 1900-01-01 and 2999-12-31, with pt-BR messages. */
export const dateOnly = z.iso
  .date({ error: "Data inválida (use AAAA-MM-DD)" })
  .refine(isDateInRange, { error: "A data deve estar entre 01/01/1900 e 31/12/2999" });

/** An instant, ISO 8601 with its offset, on a day within the same bounds (as written, before the offset). */
export const dateTimeInRange = z.iso
  .datetime({ offset: true, error: "Data e hora inválidas" })
  .refine((s) => isDateInRange(s.slice(0, 10)), { error: "A data deve estar entre 01/01/1900 e 31/12/2999" });
