/** Longest stored name, in characters (code points), extension included. */
export const MAX_FILE_NAME_CHARS = 200;
/** The name of a file that arrives without a usable one. */
export const DEFAULT_FILE_NAME = "arquivo";
/** An extension longer than this is part of the name, not an extension. */
const MAX_EXTENSION_CHARS = 16;

/**
 * Invisible characters that disguise a name: zero-width (U+200B–U+200F, U+2060–U+2064, U+FEFF),
 * bidirectional overrides and isolates (U+202A–U+202E, U+2066–U+2069: "fatura‮fdp.exe" shows as
 * "fatura exe.pdf") and the soft hyphen.
 */
const INVISIBLE = /[\u00AD\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/g;
/** C0 controls, DEL and C1 controls */
const CONTROL = /\p{Cc}/gu;

/**
 * The name a file is stored and offered for download under: Unicode NFC, without invisible or
 * control characters, without any path (a client's "../../etc/passwd" or "C:\x\y.pdf" keeps only the
 * last part), trimmed, without trailing dots (Windows drops them: "nota.exe." would run as nota.exe),
 * at most 200 characters keeping the extension, and "arquivo" when nothing is left.
 */
export function normalizeFileName(raw: string | undefined | null): string {
  let s = (raw ?? "").normalize("NFC").replace(INVISIBLE, "").replace(CONTROL, "");
  s = s.split(/[/\\]/).pop() ?? "";
  s = s.trim().replace(/[.\s]+$/u, "");
  if (/^\.*$/.test(s)) return DEFAULT_FILE_NAME;
  return truncateKeepingExtension(s, MAX_FILE_NAME_CHARS);
}

function truncateKeepingExtension(name: string, max: number): string {
  const chars = Array.from(name); // code points: never cut a surrogate pair
  if (chars.length <= max) return name;
  const dot = name.lastIndexOf(".");
  const ext = dot > 0 ? Array.from(name.slice(dot)) : [];
  const keepExt = ext.length > 1 && ext.length <= MAX_EXTENSION_CHARS + 1;
  const base = keepExt ? Array.from(name.slice(0, dot)) : chars;
  const room = max - (keepExt ? ext.length : 0);
  const cut = base.slice(0, room).join("").trimEnd().replace(/\.+$/, "");
  return (cut || DEFAULT_FILE_NAME) + (keepExt ? ext.join("") : "");
}

/** The extension in lowercase without the dot ("" when there is none): "Nota.PDF" → "pdf". */
export { extensionOf } from "../../../shared/file-types.js";

/**
 * `Content-Disposition: attachment` with an ASCII fallback for old clients and the exact UTF-8 name
 * in `filename*` (RFC 6266 / RFC 8187): "Relatório de ações.pdf" →
 * `attachment; filename="Relatorio de acoes.pdf"; filename*=UTF-8''Relat%C3%B3rio%20de%20a%C3%A7%C3%B5es.pdf`
 */
export function contentDisposition(name: string): string {
  const ascii =
    name
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "")
      .replace(/[^\x20-\x7e]/g, "_")
      .replace(/["\\%]/g, "_")
      .trim() || DEFAULT_FILE_NAME;
  const encoded = encodeURIComponent(name).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
