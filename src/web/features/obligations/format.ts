/** "2026-11-23" → "23/11/2026" (a calendar day: no time zone involved) */
export const dayBR = (d: string) => `${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(0, 4)}`;
/** "2026-10" → "10/2026" */
export const periodBR = (p: string) => `${p.slice(5, 7)}/${p.slice(0, 4)}`;
/** today (São Paulo) as `YYYY-MM-DD` */
export const todaySP = () =>
  new Intl.DateTimeFormat("en-CA", {
    timeZone: "America/Sao_Paulo",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(new Date());
export const MONTH_NAMES = [
  "janeiro",
  "fevereiro",
  "março",
  "abril",
  "maio",
  "junho",
  "julho",
  "agosto",
  "setembro",
  "outubro",
  "novembro",
  "dezembro",
];
