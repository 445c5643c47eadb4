/** E-mail delivery wording shared by the API's messages and the web app. */

const TIME_ZONE = "America/Sao_Paulo";
const timeFmt = new Intl.DateTimeFormat("pt-BR", {
  timeZone: TIME_ZONE,
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
});
const dayFmt = new Intl.DateTimeFormat("pt-BR", {
  timeZone: TIME_ZONE,
  day: "2-digit",
  month: "2-digit",
  year: "numeric",
});

/**
 * "nova tentativa às 14:05" (São Paulo time); "nova tentativa em 06/03/2026 às 08:00" when the
 * attempt is on another day than `now`.
 */
export function nextAttemptText(at: Date | string, now: Date = new Date()): string {
  const d = typeof at === "string" ? new Date(at) : at;
  const time = timeFmt.format(d);
  const day = dayFmt.format(d);
  return day === dayFmt.format(now) ? `nova tentativa às ${time}` : `nova tentativa em ${day} às ${time}`;
}

/** 86400 → "24 h", 90 → "2 min", 30 → "30 s": how long temporary failures were retried. */
export function retryWindowText(seconds: number): string {
  if (seconds >= 3600) {
    const h = Math.round((seconds / 3600) * 10) / 10;
    return `${String(h).replace(".", ",")} h`;
  }
  if (seconds >= 60) return `${Math.round(seconds / 60)} min`;
  return `${seconds} s`;
}
