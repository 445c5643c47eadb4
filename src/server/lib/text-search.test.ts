import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectPostgres, type Database } from "../db/client.js";
import { openTestPglite, TEST_DB } from "../test/harness.js";
import { completionsOf, fuzzySearchWords, parseTextSearch, textSearchQuery } from "./text-search.js";

describe("parseTextSearch", () => {
  it("splits into unaccented lower-case words; the last one is the prefix", () => {
    expect(parseTextSearch("Certidão  NEGATIVA de déb")).toEqual({
      words: ["certidao", "negativa", "de"],
      prefix: "deb",
      completions: completionsOf("deb"),
    });
    expect(parseTextSearch("certid")?.prefix).toBe("certid");
  });

  it("keeps letters and digits only: tsquery operators and quotes are separators", () => {
    expect(parseTextSearch(`'a' & b | !c (d) e:* <-> f\\g "h"`)).toMatchObject({
      words: ["a", "b", "c", "d", "e", "f", "g", "h"],
      prefix: null,
    });
    expect(parseTextSearch("o'brien:*")).toMatchObject({ words: ["o"], prefix: "brien" });
    expect(parseTextSearch("DAS 10/2026")).toMatchObject({ words: ["das", "10"], prefix: "2026" });
  });

  it("has nothing to search in punctuation or blanks", () => {
    for (const q of ["", "   ", "&|!():*<>", "'\"\\", "-- ;"]) expect(parseTextSearch(q), q).toBeNull();
  });

  it("matches a one-letter last word whole, not as a prefix of everything", () => {
    expect(parseTextSearch("imposto d")).toEqual({ words: ["imposto", "d"], prefix: null, completions: [] });
  });

  it("bounds very long input", () => {
    const parsed = parseTextSearch(`${"palavra ".repeat(100)}${"x".repeat(500)}`);
    expect(parsed?.words.length).toBeLessThanOrEqual(11);
    expect(parsed?.prefix?.length).toBeLessThanOrEqual(60);
  });
});

describe("completionsOf", () => {
  it("completes with endings, also when the prefix holds their start", () => {
    expect(completionsOf("mercad")).toContain("mercado");
    expect(completionsOf("recolhime")).toContain("recolhimento");
    expect(completionsOf("acoe")).toContain("acoes");
    expect(completionsOf("mercad")).not.toContain("mercad");
  });
  it("only for prefixes of three letters or more, a to z", () => {
    expect(completionsOf("ac")).toEqual([]);
    expect(completionsOf("2026")).toEqual([]);
  });
});

describe("textSearchQuery against the database (Portuguese stems, unaccent)", () => {
  let database: Database;
  beforeAll(async () => {
    database =
      TEST_DB === "postgres"
        ? connectPostgres(process.env.TEST_DATABASE_URL as string, 1)
        : await openTestPglite();
  });
  afterAll(async () => {
    await database?.close();
  });

  /** whether a text indexed like tickets.search matches what was typed */
  async function matches(text: string, q: string): Promise<boolean> {
    const query = textSearchQuery(q);
    if (!query) return false;
    const rows = await database.db.execute<{ m: boolean }>(
      sql`select to_tsvector('portuguese', atende_fts_text(${text})) @@ ${query} as m`,
    );
    return Boolean((rows as unknown as { rows: { m: boolean }[] }).rows[0]?.m);
  }

  it.each([
    ["Certidão negativa", ["cer", "certid", "certida", "certidã", "certidão", "certidao", "certidoes"]],
    ["Certidões federais", ["certid", "certidõ", "certidõe", "certidoes", "certidao", "federa"]],
    ["Ações trabalhistas", ["ac", "aç", "açõ", "açõe", "acoes", "acao", "trabalhist"]],
    ["Declaração anual", ["decl", "declar", "declaraç", "declaraca", "declaracoes", "declaração"]],
    ["Honorários contábeis", ["contab", "contabe", "contabei", "contábeis", "honorar"]],
    ["Escritório contábil", ["contab", "contabi", "contábil", "escritori"]],
    ["Imposto de renda", ["impost", "imposto", "impostos", "imposto de", "imposto de re"]],
    ["Recolhimento do FGTS", ["recolhim", "recolhime", "recolhimen", "recolhiment", "fgt"]],
    ["Mercado Bom Preço", ["mercad", "mercado", "bom pre", "preç"]],
  ])("%s is found while typing", async (text, prefixes) => {
    for (const q of prefixes) expect(await matches(text, q), `${text} ← ${q}`).toBe(true);
  });

  it.each([
    ["Certidão negativa", ["folha", "certidão x", "negativa certidões xyz", "z"]],
    ["Imposto de renda", ["impostor de renda", "renda imposta x"]],
    // a stem is matched whole: "acao" (stem aca) is no prefix of "Academia" (stem academ)
    ["Academia Corpo em Forma", ["acao", "ação", "acoes"]],
    ["Certificado digital", ["certid", "certidão", "certidoes"]],
  ])("%s is not found by other words", async (text, others) => {
    for (const q of others) expect(await matches(text, q), `${text} ← ${q}`).toBe(false);
  });

  it.each([
    "'",
    "''",
    "\\",
    "\\'",
    "a & b | !c",
    "a:*",
    ":*",
    "(((",
    ")))",
    "<->",
    "<2>",
    "!",
    "'; drop table tickets; --",
    "$1",
    "ŉ ß æ ½ © ™",
    "ﬁscal",
    "\u200b\u00a0",
    "x".repeat(200),
    "ação ".repeat(40),
    "de",
    "de o a",
    "o'brien:*",
  ])("hostile input %j runs without an SQL error", async (q) => {
    await expect(matches("Certidão negativa de débitos", q)).resolves.toBeTypeOf("boolean");
  });
});

describe("fuzzySearchWords", () => {
  it("keeps the words worth a trigram search: folded, with letters, three characters or more", () => {
    expect(fuzzySearchWords("Certidão NEGATVA de 2026")).toEqual(["certidao", "negatva"]);
    expect(fuzzySearchWords("2026/000123")).toEqual([]);
    expect(fuzzySearchWords("a de ")).toEqual([]);
    expect(fuzzySearchWords("'; drop table tickets; --")).toEqual(["drop", "table", "tickets"]);
    expect(fuzzySearchWords("folha folha Folha")).toEqual(["folha"]);
  });
});
