/**
 * One rule for the text people send (every string of the API contract: bodies, query strings, route
 * params, settings), used by the Zod schemas of `shared/api.ts` on the server and in the browser:
 *
 * - **Refused** (400 with "<Campo> contém caracteres não permitidos"), in every field:
 *   - lone UTF-16 surrogates ("\ud800", "a\ud83d"): not text at all. PostgreSQL's jsonb rejects them
 *     (a 500 on the history event) and a text column silently stores U+FFFD instead;
 *   - control characters that are not line layout: NUL (PostgreSQL cannot store it in text or
 *     jsonb), the other C0 controls, DEL and the C1 controls. Nobody types them; they only arrive
 *     pasted from binary data or sent on purpose.
 * - **Normalised**, the line layout characters (TAB, LF, VT, FF, CR, NEL U+0085, LS U+2028, PS U+2029):
 *   - single-line fields (names, subjects, e-mails, settings, searches): each run of them, with the
 *     spaces around it, becomes one space — "Padaria\r\nPão" is saved as "Padaria Pão", the way a
 *     pasted line is joined, and no stray glyph reaches a PDF, an e-mail header or a grid cell;
 *   - multi-line fields (descriptions, chat messages, notes, reasons): every line break becomes
 *     "\n" (CRLF, CR, NEL, LS, PS, VT, FF); TAB is kept.
 * - Passwords are never normalised (they must match byte for byte) but follow the refusals.
 */
import { z } from "zod";

/** A lone (unpaired) UTF-16 surrogate: `\p{Surrogate}` under the `u` flag matches only unpaired ones. */
const LONE_SURROGATE = /\p{Surrogate}/u;
/** C0 controls except TAB, LF, VT, FF, CR; DEL; C1 controls except NEL (\p{Cc} is C0, DEL and C1) */
const FORBIDDEN_CONTROL = /(?![\t\n\v\f\r\u0085])\p{Cc}/u;
const FORBIDDEN_CONTROLS = /(?![\t\n\v\f\r\u0085])\p{Cc}/gu;
/** line layout characters of a single-line field, with the spaces around them */
const LAYOUT_RUN = /\s*[\t\n\v\f\r\u0085\u2028\u2029]+\s*/g;
/** line breaks of a multi-line field other than LF */
const LINE_BREAK = /\r\n|[\v\f\r\u0085\u2028\u2029]/g;

/** True when the text carries a lone surrogate or a control character that is refused everywhere. */
export function hasForbiddenChars(s: string): boolean {
  return LONE_SURROGATE.test(s) || FORBIDDEN_CONTROL.test(s);
}

/** Single-line field: every run of layout characters (and the spaces around it) becomes one space. */
export function normalizeSingleLine(s: string): string {
  return s.replace(LAYOUT_RUN, " ");
}

/** Multi-line field: CRLF, CR and the other line breaks become LF; TAB stays. */
export function normalizeMultiLine(s: string): string {
  return s.replace(LINE_BREAK, "\n");
}

/**
 * For text already stored (rows older than the rule) shown where a control character is a stray
 * glyph (a PDF, a one-line label): lone surrogates and refused controls are dropped, layout becomes
 * one space, and the ends are trimmed.
 */
export function singleLineForDisplay(s: string): string {
  return normalizeSingleLine(s.replace(FORBIDDEN_CONTROLS, "").replace(/\p{Surrogate}/gu, "")).trim();
}

/** "o nome" → "Nome", "a descrição" → "Descrição" */
export function fieldLabel(label: string): string {
  const w = label.replace(/^(o|a|os|as) /, "");
  return w.charAt(0).toUpperCase() + w.slice(1);
}

export const forbiddenCharsMessage = (label?: string) =>
  label
    ? `${fieldLabel(label)} contém caracteres não permitidos`
    : "O texto contém caracteres não permitidos";

type StringParams = Parameters<typeof z.string>[0];

/**
 * A single-line string: refuses lone surrogates and control characters, joins lines with a space.
 * Chain `.trim()`, `.min()`, `.max()`… after it: they see the normalised text.
 */
export function singleLineString(label?: string, params?: StringParams) {
  return z
    .string(params)
    .refine((s) => !hasForbiddenChars(s), { error: forbiddenCharsMessage(label), abort: true })
    .overwrite(normalizeSingleLine);
}

/** A multi-line string: refuses lone surrogates and control characters, keeps "\n" (CRLF → LF). */
export function multiLineString(label?: string, params?: StringParams) {
  return z
    .string(params)
    .refine((s) => !hasForbiddenChars(s), { error: forbiddenCharsMessage(label), abort: true })
    .overwrite(normalizeMultiLine);
}

/** A secret (password): refused like any text, never normalised. */
export function secretString(label?: string, params?: StringParams) {
  return z.string(params).refine((s) => !hasForbiddenChars(s), {
    error: forbiddenCharsMessage(label),
    abort: true,
  });
}

/**
 * Where a value that passed its schema still carries refused characters (a field declared without
 * these builders): the dotted path of the first one, or null. Walks objects and arrays.
 */
export function findForbiddenText(value: unknown, path = ""): string | null {
  if (typeof value === "string") return hasForbiddenChars(value) ? path || "_" : null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findForbiddenText(value[i], path ? `${path}.${i}` : String(i));
      if (found) return found;
    }
    return null;
  }
  if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      const found = findForbiddenText(v, path ? `${path}.${k}` : k);
      if (found) return found;
    }
  }
  return null;
}
