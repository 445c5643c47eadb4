/**
 * Brazilian registry data the client cadastro needs: the 27 UFs with their IBGE codes (the first two
 * digits of every municipality's 7-digit IBGE code) and the tax regimes (regime tributário).
 */

/** UF → IBGE code of the state */
export const UF_IBGE: Readonly<Record<string, string>> = {
  RO: "11",
  AC: "12",
  AM: "13",
  RR: "14",
  PA: "15",
  AP: "16",
  TO: "17",
  MA: "21",
  PI: "22",
  CE: "23",
  RN: "24",
  PB: "25",
  PE: "26",
  AL: "27",
  SE: "28",
  BA: "29",
  MG: "31",
  ES: "32",
  RJ: "33",
  SP: "35",
  PR: "41",
  SC: "42",
  RS: "43",
  MS: "50",
  MT: "51",
  GO: "52",
  DF: "53",
};

export const UFS = Object.keys(UF_IBGE).sort() as readonly string[];

export function isUf(s: string): boolean {
  return Object.hasOwn(UF_IBGE, s);
}

/** The UF whose IBGE code starts the municipality code, or null. */
export function ufOfIbgeCode(code: string): string | null {
  const prefix = code.slice(0, 2);
  return Object.keys(UF_IBGE).find((uf) => UF_IBGE[uf] === prefix) ?? null;
}

export const TAX_REGIMES = [
  "mei",
  "simples_nacional",
  "lucro_presumido",
  "lucro_real",
  "pessoa_fisica",
  "imune_isenta",
] as const;
export type TaxRegime = (typeof TAX_REGIMES)[number];

export const TAX_REGIME_LABELS: Record<TaxRegime, string> = {
  mei: "MEI",
  simples_nacional: "Simples Nacional",
  lucro_presumido: "Lucro Presumido",
  lucro_real: "Lucro Real",
  pessoa_fisica: "Pessoa Física",
  imune_isenta: "Imune/Isenta",
};

const fold = (s: string) =>
  s
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^a-z0-9]/g, "");

/** Words people and exporting systems use for each regime, folded (no accents, no spaces). */
const REGIME_ALIASES: Record<string, TaxRegime> = {
  mei: "mei",
  microempreendedorindividual: "mei",
  simples: "simples_nacional",
  simplesnacional: "simples_nacional",
  sn: "simples_nacional",
  lucropresumido: "lucro_presumido",
  presumido: "lucro_presumido",
  lp: "lucro_presumido",
  lucroreal: "lucro_real",
  real: "lucro_real",
  lr: "lucro_real",
  pessoafisica: "pessoa_fisica",
  pf: "pessoa_fisica",
  imuneisenta: "imune_isenta",
  imune: "imune_isenta",
  isenta: "imune_isenta",
  isento: "imune_isenta",
  imuneouisenta: "imune_isenta",
};

/** "Simples Nacional", "simples", "LUCRO PRESUMIDO", "lucro_real" → the code; unknown → null. */
export function parseTaxRegime(input: string): TaxRegime | null {
  const f = fold(input);
  if (!f) return null;
  return REGIME_ALIASES[f] ?? null;
}
