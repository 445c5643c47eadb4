/**
 * The office works in America/Sao_Paulo: a date filter "01/03/2026" means that day in São Paulo.
 * Brazil has had no daylight saving time since 2019, but the offset is computed, not assumed.
 */
export function saoPauloDayStart(isoDate: string, addDays = 0): Date {
  const [y, m, d] = isoDate.split("-").map(Number) as [number, number, number];
  const utcMidnight = Date.UTC(y, m - 1, d + addDays);
  const noonOffset = tzOffsetMinutes(new Date(utcMidnight + 12 * 3600_000));
  const guess = utcMidnight - noonOffset * 60_000;
  // the offset in force at that midnight: differs from noon's when the clocks changed in between
  // (on 2018-11-04 midnight was skipped and the day began at 01:00 -02, i.e. 03:00Z)
  const offsetMin = tzOffsetMinutes(new Date(guess));
  return new Date(utcMidnight - offsetMin * 60_000);
}

const fmt = new Intl.DateTimeFormat("en-US", {
  timeZone: "America/Sao_Paulo",
  hourCycle: "h23",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
});

/** Offset of São Paulo from UTC at the instant, in minutes (e.g. -180). */
function tzOffsetMinutes(at: Date): number {
  const p = Object.fromEntries(fmt.formatToParts(at).map((x) => [x.type, x.value]));
  const asUtc = Date.UTC(
    Number(p.year),
    Number(p.month) - 1,
    Number(p.day),
    Number(p.hour),
    Number(p.minute),
    Number(p.second),
  );
  return Math.round((asUtc - at.getTime()) / 60_000);
}
