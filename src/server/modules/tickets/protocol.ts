/** Protocol numbers are per office and year: 2026/000123. The year is the office's (São Paulo) year. */
export function formatProtocol(year: number, seq: number): string {
  return `${year}/${String(seq).padStart(6, "0")}`;
}

const yearFmt = new Intl.DateTimeFormat("en-US", { timeZone: "America/Sao_Paulo", year: "numeric" });
export function protocolYear(date: Date): number {
  return Number(yearFmt.format(date));
}

/** "2026/000123" or "2026/123" → { year, seq }; "123" → { seq } */
export function parseProtocol(q: string): { year?: number; seq: number } | null {
  const full = /^(\d{4})\/(\d{1,9})$/.exec(q.trim());
  if (full) return { year: Number(full[1]), seq: Number(full[2]) };
  const seqOnly = /^\d{1,9}$/.exec(q.trim());
  if (seqOnly) return { seq: Number(seqOnly[0]) };
  return null;
}
