/** Dates are shown as dd/mm/aaaa HH:mm in the office's time zone, whatever the browser's is. */
const TIME_ZONE = "America/Sao_Paulo";

const dateTime = new Intl.DateTimeFormat("pt-BR", {
  timeZone: TIME_ZONE,
  day: "2-digit",
  month: "2-digit",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
});

const dateOnly = new Intl.DateTimeFormat("pt-BR", {
  timeZone: TIME_ZONE,
  day: "2-digit",
  month: "2-digit",
  year: "numeric",
});

function parts(format: Intl.DateTimeFormat, iso: string): Record<string, string> | null {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return null;
  const out: Record<string, string> = {};
  for (const p of format.formatToParts(d)) out[p.type] = p.value;
  return out;
}

/** "2026-03-05T13:07:00Z" → "05/03/2026 10:07" */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return "—";
  const p = parts(dateTime, iso);
  if (!p) return "—";
  return `${p.day}/${p.month}/${p.year} ${p.hour}:${p.minute}`;
}

/** "2026-03-05T13:07:00Z" → "05/03/2026" */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return "—";
  const p = parts(dateOnly, iso);
  if (!p) return "—";
  return `${p.day}/${p.month}/${p.year}`;
}
