/**
 * Search as you type (issue 11): does every prefix of a word find it? For each word of the benchmark
 * vocabulary (bench/lib/words.ts plus common accounting words) and each of its prefixes of two letters
 * or more, whether `textSearchQuery(prefix)` matches the word indexed like `tickets.search`; and how
 * many other words it matches that do not start with the prefix (compared with the stem of the prefix
 * as a tsquery prefix, `stem:*`). Needs only a migrated database.
 *
 *   npx tsx bench/search-coverage.ts --url URL
 */
import { sql } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import pg from "pg";
import { textSearchQuery } from "../src/server/lib/text-search.js";
import { printTable } from "./lib/report.js";
import { parseFlags } from "./lib/target.js";
import * as W from "./lib/words.js";

const EXTRA = `certidão certidões negativa débitos ações declaração declarações contábil contábeis imposto impostos
renda rescisão rescisões férias admissão demissão balanço balancete obrigações acessórias parcelamento
simples nacional sócio sócios alteração contratual procuração eletrônica nota fiscal notas fiscais emissão
retificação pagamento pagamentos guia guias recolhimento previdência trabalhistas rendimentos informe
regularização cadastro inscrição estadual municipal alvará licença funcionamento abertura encerramento
empresa empresas certificado digital apuração tributos tributação`;

const fold = (s: string) =>
  s
    .normalize("NFD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase();

async function main() {
  const { target } = parseFlags({}, "npx tsx bench/search-coverage.ts [--url URL]");
  const texts = [...Object.values(W).flat(2), EXTRA].filter((x): x is string => typeof x === "string");
  const words = [
    ...new Set(texts.flatMap((t) => t.toLowerCase().split(/[^\p{L}\p{N}]+/u)).filter((w) => w.length >= 3)),
  ];
  const pool = new pg.Pool({ connectionString: target.url, max: 1 });
  const dialect = new PgDialect();
  const vocabulary = JSON.stringify(words);
  const run = async (query: ReturnType<typeof sql>) => {
    const q = dialect.sqlToQuery(
      sql`select coalesce(array_agg(w), '{}') as m from json_array_elements_text(${vocabulary}::json) w
          where to_tsvector('portuguese', atende_fts_text(w)) @@ ${query}`,
    );
    return ((await pool.query(q.sql, q.params)).rows[0] as { m: string[] }).m;
  };
  const stats = {
    textSearchQuery: { found: 0, others: 0 },
    "stem:*": { found: 0, others: 0 },
  };
  const misses: string[] = [];
  let prefixes = 0;
  for (const word of words) {
    const indexed = await pool.query("select to_tsvector('portuguese', atende_fts_text($1))::text as v", [
      word,
    ]);
    if (indexed.rows[0].v === "") continue; // a stop word is not indexed
    for (let n = 2; n <= word.length; n++) {
      const p = word.slice(0, n);
      prefixes++;
      const stemPrefix = sql`coalesce((nullif(plainto_tsquery('portuguese', atende_fts_text(${p}))::text, '') || ':*')::tsquery, ''::tsquery)`;
      for (const [name, query] of [
        ["textSearchQuery", textSearchQuery(p) ?? sql`''::tsquery`],
        ["stem:*", stemPrefix],
      ] as const) {
        const m = await run(query);
        if (m.includes(word)) stats[name].found++;
        else if (name === "textSearchQuery") misses.push(`${word} ← ${p}`);
        stats[name].others += m.filter((x) => !fold(x).startsWith(fold(p))).length;
      }
    }
  }
  await pool.end();
  console.log(`${words.length} words, ${prefixes} prefixes`);
  printTable(Object.entries(stats).map(([query, s]) => ({ query, ...s })));
  if (misses.length) console.log(`missed: ${misses.join(", ")}`);
}

await main();
