/**
 * The holidays of the fiscal calendar, as data (ADR 0019). Each rule names the law it comes from.
 *
 * The national rules are the federal laws cited (checked). The state and municipal citations were
 * written from the laws' known texts without access to them on the build machine: re-check each
 * before relying on it (ADR 0019 lists this as open). Libraries were read only as a second opinion,
 * and two common library errors are deliberately NOT copied: Corpus Christi and Carnaval are not national
 * holidays (they are pontos facultativos — a per-office setting here — and municipal holidays where a
 * municipal law says so), and 28/10 "Dia do Servidor Público" is not a holiday for businesses.
 * Anything missing here (another city, a holiday decreed for one year) is added by the office in
 * Configurações › Calendário fiscal, for the whole office, one UF or one município.
 */

export type HolidayRule =
  | { kind: "fixed"; month: number; day: number; name: string; since?: number; source: string }
  | { kind: "easter"; offset: number; name: string; source: string };

const fixed = (month: number, day: number, name: string, source: string, since?: number): HolidayRule => ({
  kind: "fixed",
  month,
  day,
  name,
  source,
  ...(since !== undefined ? { since } : {}),
});
const easter = (offset: number, name: string, source: string): HolidayRule => ({
  kind: "easter",
  offset,
  name,
  source,
});

/** National holidays: Lei 662/1949 (as amended by Lei 10.607/2002), Lei 6.802/1980, Lei 14.759/2023. */
export const NATIONAL_HOLIDAYS: readonly HolidayRule[] = [
  fixed(1, 1, "Confraternização Universal", "Lei 662/1949, art. 1º (red. Lei 10.607/2002)"),
  fixed(4, 21, "Tiradentes", "Lei 662/1949, art. 1º (red. Lei 10.607/2002)"),
  fixed(5, 1, "Dia do Trabalho", "Lei 662/1949, art. 1º (red. Lei 10.607/2002)"),
  fixed(9, 7, "Independência do Brasil", "Lei 662/1949, art. 1º (red. Lei 10.607/2002)"),
  fixed(10, 12, "Nossa Senhora Aparecida", "Lei 6.802/1980"),
  fixed(11, 2, "Finados", "Lei 662/1949, art. 1º (red. Lei 10.607/2002)"),
  fixed(11, 15, "Proclamação da República", "Lei 662/1949, art. 1º (red. Lei 10.607/2002)"),
  fixed(11, 20, "Dia Nacional de Zumbi e da Consciência Negra", "Lei 14.759/2023 (desde 2024)", 2024),
  fixed(12, 25, "Natal", "Lei 662/1949, art. 1º (red. Lei 10.607/2002)"),
  // Religious holiday by Lei 9.093/1995, art. 2º (declared by the municipalities, which all keep it);
  // listed as a national holiday in every annual federal portaria of feriados.
  easter(-2, "Sexta-feira Santa (Paixão de Cristo)", "Lei 9.093/1995, art. 2º"),
];

/** Pontos facultativos (federal portaria each year): non-business days only if the office says so. */
export const CARNAVAL: readonly HolidayRule[] = [
  easter(-48, "Carnaval (segunda-feira)", "ponto facultativo (portaria federal anual)"),
  easter(-47, "Carnaval (terça-feira)", "ponto facultativo (portaria federal anual)"),
];
export const CORPUS_CHRISTI: HolidayRule = easter(
  60,
  "Corpus Christi",
  "ponto facultativo (portaria federal anual); feriado municipal onde a lei local diz",
);

/** State holidays (data magna and others) by UF, each from its state law. */
export const STATE_HOLIDAYS: Readonly<Record<string, readonly HolidayRule[]>> = {
  AC: [
    fixed(6, 15, "Aniversário do Acre", "Lei estadual 14/1964"),
    fixed(11, 17, "Tratado de Petrópolis", "Lei estadual 1.411/2001"),
  ],
  AL: [fixed(9, 16, "Emancipação Política de Alagoas", "Constituição do Estado de Alagoas")],
  AM: [fixed(9, 5, "Elevação do Amazonas a Província", "Lei estadual 25/1977")],
  AP: [fixed(10, 5, "Criação do Estado do Amapá", "Constituição do Estado do Amapá")],
  BA: [fixed(7, 2, "Independência da Bahia", "Constituição do Estado da Bahia, art. 6º")],
  CE: [fixed(3, 25, "Data Magna do Ceará", "Lei estadual 13.603/2005")],
  DF: [fixed(11, 30, "Dia do Evangélico", "Lei distrital 963/1995")],
  MA: [fixed(7, 28, "Adesão do Maranhão à Independência", "Lei estadual 2.457/1964")],
  MS: [fixed(10, 11, "Criação do Estado de Mato Grosso do Sul", "Lei estadual 10/1979")],
  PA: [fixed(8, 15, "Adesão do Pará à Independência", "Lei estadual 5.999/1996")],
  PB: [fixed(8, 5, "Fundação do Estado da Paraíba", "Lei estadual 3.489/1967")],
  PE: [fixed(3, 6, "Data Magna de Pernambuco", "Lei estadual 13.835/2009")],
  PI: [fixed(10, 19, "Dia do Piauí", "Lei estadual 176/1937")],
  PR: [fixed(12, 19, "Emancipação Política do Paraná", "Lei estadual 4.658/1962")],
  RJ: [fixed(4, 23, "Dia de São Jorge", "Lei estadual 5.198/2008")],
  RN: [fixed(10, 3, "Mártires de Cunhaú e Uruaçu", "Lei estadual 8.913/2006")],
  RO: [fixed(1, 4, "Criação do Estado de Rondônia", "Lei estadual 2.291/2010")],
  RR: [fixed(10, 5, "Criação do Estado de Roraima", "Constituição do Estado de Roraima")],
  RS: [fixed(9, 20, "Revolução Farroupilha", "Lei estadual 4.850/1964")],
  SE: [fixed(7, 8, "Emancipação Política de Sergipe", "Lei estadual 2.525/1986")],
  SP: [fixed(7, 9, "Revolução Constitucionalista de 1932", "Lei estadual 9.497/1997")],
  TO: [fixed(10, 5, "Criação do Estado do Tocantins", "Lei estadual 98/1989")],
};

export interface CityHolidays {
  name: string;
  uf: string;
  holidays: readonly HolidayRule[];
}

/** Municipal holidays of state capitals (IBGE code → holidays), each from its municipal law. */
export const CITY_HOLIDAYS: Readonly<Record<string, CityHolidays>> = {
  "3550308": {
    name: "São Paulo",
    uf: "SP",
    holidays: [
      fixed(1, 25, "Aniversário de São Paulo", "Lei municipal 14.485/2007"),
      easter(60, "Corpus Christi", "Lei municipal 14.485/2007"),
    ],
  },
  "3304557": {
    name: "Rio de Janeiro",
    uf: "RJ",
    holidays: [fixed(1, 20, "Dia de São Sebastião", "Lei municipal 2.981/1999")],
  },
  "3106200": {
    name: "Belo Horizonte",
    uf: "MG",
    holidays: [
      easter(60, "Corpus Christi", "Lei municipal 8.176/2001"),
      fixed(8, 15, "Assunção de Nossa Senhora", "Lei municipal 8.176/2001"),
      fixed(12, 8, "Imaculada Conceição", "Lei municipal 8.176/2001"),
    ],
  },
  "4106902": {
    name: "Curitiba",
    uf: "PR",
    holidays: [
      easter(60, "Corpus Christi", "Lei municipal 2.367/1963"),
      fixed(9, 8, "Nossa Senhora da Luz dos Pinhais", "Lei municipal 2.367/1963"),
    ],
  },
  "4314902": {
    name: "Porto Alegre",
    uf: "RS",
    holidays: [
      fixed(2, 2, "Nossa Senhora dos Navegantes", "Lei municipal 8.138/1998"),
      easter(60, "Corpus Christi", "Lei municipal 8.138/1998"),
    ],
  },
  "2927408": {
    name: "Salvador",
    uf: "BA",
    holidays: [
      fixed(6, 24, "São João", "Lei municipal 4.211/1990"),
      fixed(12, 8, "Nossa Senhora da Conceição da Praia", "Lei municipal 4.211/1990"),
    ],
  },
  "2611606": {
    name: "Recife",
    uf: "PE",
    holidays: [
      fixed(6, 24, "São João", "Lei municipal 15.431/1990"),
      fixed(7, 16, "Nossa Senhora do Carmo", "Lei municipal 15.431/1990"),
      fixed(12, 8, "Nossa Senhora da Conceição", "Lei municipal 15.431/1990"),
    ],
  },
  "2304400": {
    name: "Fortaleza",
    uf: "CE",
    holidays: [fixed(8, 15, "Nossa Senhora da Assunção", "Lei municipal 8.005/1997")],
  },
};
