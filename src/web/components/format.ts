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

/** "2026-03-05T13:07:00Z" → "05/03/26 10:07": the narrow form of a grid cell (full form in its title) */
export function formatShortDateTime(iso: string | null | undefined): string {
  if (!iso) return "—";
  const p = parts(dateTime, iso);
  if (!p) return "—";
  return `${p.day}/${p.month}/${p.year?.slice(-2)} ${p.hour}:${p.minute}`;
}

/** "2026-03-05T13:07:00Z" → "05/03/26" */
export function formatShortDate(iso: string | null | undefined): string {
  if (!iso) return "—";
  const p = parts(dateOnly, iso);
  if (!p) return "—";
  return `${p.day}/${p.month}/${p.year?.slice(-2)}`;
}

/** "2026-03-05T13:07:00Z" → "05/03/2026" */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return "—";
  const p = parts(dateOnly, iso);
  if (!p) return "—";
  return `${p.day}/${p.month}/${p.year}`;
}

const sizeFormat = new Intl.NumberFormat("pt-BR", { maximumFractionDigits: 1 });
const SIZE_UNITS = ["KB", "MB", "GB", "TB"] as const;

/** A file size as people read it (1024-based, like the server's limits): 1258291 → "1,2 MB". */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return "—";
  if (bytes < 1024) return `${bytes} ${bytes === 1 ? "byte" : "bytes"}`;
  let value = bytes / 1024;
  let unit = 0;
  // 1023,96 KB would round to "1.024 KB": move to the next unit before that
  while (value >= 1023.95 && unit < SIZE_UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${sizeFormat.format(value)} ${SIZE_UNITS[unit]}`;
}
