import { type SQL, sql } from "drizzle-orm";

/**
 * Search as you type over a Portuguese full-text column (`to_tsvector('portuguese', atende_fts_text(…))`,
 * ADR 0006): every word typed must match, and the last one may still be incomplete, so it matches as
 * a prefix ("certid" finds "Certidão", "declar" finds "Declarações").
 *
 * The document holds stems ("certidão" → `certida`, "mercado" → `merc`), so the last word matches when
 * any of these does:
 * - the word as typed, unaccented, as a tsquery prefix (`certid:*`): the prefix is still shorter than
 *   the stem of the word being typed;
 * - its own stem, whole ("acao" → `aca`): the word is complete;
 * - the stems of the word completed with common Portuguese endings, whole ("mercad" + "o" → `merc`,
 *   "açõe" + "s" → `aca`): the prefix already reaches into the ending the stemmer removes.
 * Stems match whole, not as prefixes: `aca:*` would find "Academia" for "acao", `cert:*` (from
 * "certid" + "os") would find "Certificado" for "certid".
 *
 * The input is reduced to words of letters and digits before it reaches SQL, and every word becomes a
 * tsquery only through `plainto_tsquery` (which never fails on its input): quotes, `&|!():*<>`,
 * backslashes or a search of punctuation only can neither break the query nor inject operators.
 */

/** Beyond these, more words only slow the query down without narrowing it in practice. */
const MAX_WORDS = 12;
const MAX_WORD_LENGTH = 60;
/** A last word shorter than this matches whole (a one-letter prefix would match nearly everything). */
const MIN_PREFIX_LENGTH = 2;
/** Completions with endings only from this length ("açõ" + "es" still needs them). */
const MIN_COMPLETION_LENGTH = 3;

/**
 * Word endings the Portuguese stemmer removes, to complete a prefix that stops in the middle of one
 * ("recolhime" + "nto", "ativid" + "ade"). Unaccented, lower case.
 */
const ENDINGS = [
  "o",
  "a",
  "os",
  "as",
  "e",
  "es",
  "s",
  "ao",
  "oes",
  "ade",
  "idade",
  "mento",
  "ario",
  "aria",
  "ico",
  "ica",
  "ista",
  "ivo",
  "iva",
  "ado",
  "ada",
  "ido",
  "ida",
  "ante",
  "ente",
  "ais",
  "eis",
  "vel",
  "ncia",
  "dor",
  "dora",
];

export interface ParsedTextSearch {
  /** the words that must match whole (unaccented, lower case) */
  words: string[];
  /** the last word, matched as a prefix; null when it is too short to be a useful prefix */
  prefix: string | null;
  /** the prefix completed with common endings, to be stemmed by the database */
  completions: string[];
}

/** Lower case, without accents: "Certidões" → "certidoes" (the database unaccents again, harmlessly). */
function fold(s: string): string {
  return s
    .normalize("NFD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase();
}

/** Splits what a person typed into searchable words; null when it holds no letter or digit at all. */
export function parseTextSearch(q: string): ParsedTextSearch | null {
  const words = (fold(q).match(/[\p{L}\p{N}]+/gu) ?? [])
    .slice(0, MAX_WORDS)
    .map((w) => w.slice(0, MAX_WORD_LENGTH));
  const last = words.at(-1);
  if (last === undefined) return null;
  if (last.length < MIN_PREFIX_LENGTH) return { words, prefix: null, completions: [] };
  return { words: words.slice(0, -1), prefix: last, completions: completionsOf(last) };
}

/** "mercad" → ["mercado", "mercada", …]; "recolhime" → […, "recolhimento", …] (overlapping endings). */
export function completionsOf(prefix: string): string[] {
  if (prefix.length < MIN_COMPLETION_LENGTH || !/^[a-z]+$/.test(prefix)) return [];
  const out = new Set<string>();
  for (const ending of ENDINGS) {
    // the prefix may already hold the start of the ending: "recolhime" + "mento" → "recolhimento"
    for (let typed = Math.min(ending.length - 1, prefix.length - 1); typed >= 0; typed--) {
      if (prefix.endsWith(ending.slice(0, typed))) out.add(prefix + ending.slice(typed));
    }
  }
  out.delete(prefix);
  return [...out];
}

/**
 * The tsquery (an SQL expression) for what a person typed, or null when it holds no word to search.
 * `column @@ textSearchQuery(q)` uses the column's GIN index.
 */
export function textSearchQuery(q: string): SQL | null {
  const parsed = parseTextSearch(q);
  if (!parsed) return null;
  const whole = sql`plainto_tsquery('portuguese', atende_fts_text(${parsed.words.join(" ")}))`;
  if (!parsed.prefix) return whole;
  // a last word that is a stop word ("imposto de") is either complete — and ignored, like any stop
  // word — or the start of a longer word: matching it whole keeps the results of the words before it
  const ignoreStopWord = parsed.words.length > 0;
  const prefixes = sql`(
    select string_agg(distinct '(' || t || ')', ' | ')::tsquery
    from (
      select nullif(plainto_tsquery('simple', atende_fts_text(${parsed.prefix}))::text, '') || ':*' as t
      union all
      select plainto_tsquery('portuguese', atende_fts_text(c))::text
        from json_array_elements_text(${JSON.stringify([parsed.prefix, ...parsed.completions])}::json) as c
    ) as alternatives
    where t <> ''
      and not (${ignoreStopWord} and plainto_tsquery('portuguese', atende_fts_text(${parsed.prefix}))::text = '')
  )`;
  return sql`(${whole} && coalesce(${prefixes}, ''::tsquery))`;
}

/** Typo tolerance: words shorter than this carry too few trigrams to tell a typo from another word. */
const MIN_FUZZY_WORD_LENGTH = 3;
/** More words than this in a search that found nothing are not worth a slower fallback. */
const MAX_FUZZY_WORDS = 6;
/**
 * How close a typed word must be to some part of a subject or client name (pg_trgm's
 * word_similarity, 0..1): "padaira" is 0.5 to "Padaria", "negatva" 0.63 to "Negativa", while
 * unrelated words stay below 0.3. pg_trgm's default (0.6) misses a swapped pair of letters.
 */
export const FUZZY_WORD_SIMILARITY = 0.5;

/**
 * The words of a search for the typo-tolerant fallback (pg_trgm over the subject and the client's
 * name): lower case, without accents, with letters, long enough to have trigrams of their own.
 * Empty when nothing is worth searching that way (digits, a protocol number, short words).
 */
export function fuzzySearchWords(q: string): string[] {
  const words = (fold(q).match(/[\p{L}\p{N}]+/gu) ?? [])
    .filter((w) => w.length >= MIN_FUZZY_WORD_LENGTH && /\p{L}/u.test(w))
    .map((w) => w.slice(0, MAX_WORD_LENGTH));
  return [...new Set(words)].slice(0, MAX_FUZZY_WORDS);
}
