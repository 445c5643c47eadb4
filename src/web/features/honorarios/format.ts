import { formatRatePpm } from "../../../shared/honorarios.js";

const MONTHS = [
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
export const MONTH_OPTIONS = MONTHS.map((label, i) => ({ value: i + 1, label }));

/** 5600 → "0,56" (the percent without its sign), as typed in the forms */
export const ratePpmText = (ppm: number) => formatRatePpm(ppm).replace("%", "");
