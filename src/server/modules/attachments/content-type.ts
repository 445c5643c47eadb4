import { fileTypeFromBuffer, supportedExtensions } from "file-type";
import { isExecutableName } from "../../../shared/file-types.js";
import { fileTypeMismatch, fileTypeRefused } from "./errors.js";
import { extensionOf } from "./file-name.js";

/** How much of the start of a file the type check reads (file-type needs 4100 bytes for most). */
export const HEAD_BYTES = 64 * 1024;

export const OCTET_STREAM = "application/octet-stream";

const words = (list: string) => new Set(list.split(/\s+/).filter(Boolean));

/** Detected types refused whatever the name. */
const EXECUTABLE_TYPES = words("exe elf macho class lnk apk jar crx xpi deb rpm dmg chm swf cab");

/**
 * Names of one family: a detected type agrees with any extension of its family (a .docx is detected
 * as a zip, a .doc as "cfb", an .ofx or .svg as xml, a raw photo as tif).
 */
const FAMILIES: string[][] = [
  "jpg jpeg jpe jfif pjpeg pjp",
  "png apng",
  "tif tiff dng nef arw cr2 orf rw2 raf",
  "ico cur",
  "heic heif avif",
  "jp2 j2c j2k jpx jpm mj2",
  "pdf ai",
  "ps eps",
  "zip docx docm dotx dotm xlsx xlsm xltx xltm pptx pptm potx potm ppsx ppsm vsdx odt ott ods ots odp " +
    "otp odg otg odf sxw sxc epub xps oxps 3mf kmz cbz numbers pages key",
  "cfb doc dot xls xlt xla ppt pps pot msg pub vsd mpp wps oft",
  "xml ofx qfx svg html htm xhtml xht xsd xsl xslt rss atom kml gpx plist nfe cte mdfe",
  "mp4 m4v m4a m4p m4b m4r mov qt 3gp 3g2 f4v f4p f4a f4b",
  "ogg oga ogv ogx ogm opus spx",
  "mkv mka mks webm",
  "mpg mpeg mpe m1v m2v mp1 mp2 mp3",
  "asf wmv wma",
  "aif aiff aifc",
  "gz tgz gzip",
  "bz2 tbz tbz2",
  "xz txz",
  "ttf otf ttc",
  "mid midi",
  "rm rmvb ra",
].map((f) => [...words(f)]);
const familyOf = new Map<string, Set<string>>();
for (const f of FAMILIES) {
  const set = new Set(f);
  for (const ext of f) familyOf.set(ext, set);
}

/** Plain-text extensions, with the type they are stored under (never detected from content). */
const TEXT_MIME: Record<string, string> = {
  txt: "text/plain",
  text: "text/plain",
  log: "text/plain",
  csv: "text/csv",
  tsv: "text/tab-separated-values",
  json: "application/json",
  md: "text/markdown",
  xml: "application/xml",
  ofx: "application/x-ofx",
  qfx: "application/x-ofx",
  nfe: "application/xml",
  cte: "application/xml",
  rtf: "application/rtf",
  vcf: "text/vcard",
  ics: "text/calendar",
};

/** Detected types that are text: a .txt or .csv that holds XML or a vCard is still text. */
const TEXTUAL_TYPES = new Set(["xml", "vtt", "ics", "vcf", "rtf", "reg", "ps", "eps"]);

/** Office documents a generic container (zip, cfb, xml) is better stored as. */
const CONTAINER_MIME: Record<string, string> = {
  doc: "application/msword",
  dot: "application/msword",
  xls: "application/vnd.ms-excel",
  xlt: "application/vnd.ms-excel",
  ppt: "application/vnd.ms-powerpoint",
  pps: "application/vnd.ms-powerpoint",
  msg: "application/vnd.ms-outlook",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  pptx: "application/vnd.openxmlformats-officedocument.presentationml.presentation",
  odt: "application/vnd.oasis.opendocument.text",
  ods: "application/vnd.oasis.opendocument.spreadsheet",
  odp: "application/vnd.oasis.opendocument.presentation",
  ...TEXT_MIME,
};

/**
 * Extensions that say nothing about the content: any content may wear them, so they never
 * contradict a detected type.
 */
const GENERIC_EXTENSIONS = new Set(["dat", "data", "tmp", "bak", "old", "dump", "raw"]);

/** Names whose content a browser would run as a page; always stored and served as octet-stream. */
const ACTIVE_EXTENSIONS = new Set(["html", "htm", "xhtml", "xht", "shtml", "mht", "mhtml", "svg", "svgz"]);
const ACTIVE_MIME =
  /^(text\/html|image\/svg\+xml|application\/xhtml\+xml|text\/xsl|application\/xslt\+xml)\b/i;

/** Whether a claimed extension promises some type we can check the content against. */
function isKnownExtension(ext: string): boolean {
  if (!ext || GENERIC_EXTENSIONS.has(ext)) return false;
  return supportedExtensions.has(ext) || familyOf.has(ext) || ext in TEXT_MIME;
}

function agrees(ext: string, detected: string): boolean {
  if (ext === detected) return true;
  if (familyOf.get(detected)?.has(ext)) return true;
  return ext in TEXT_MIME && TEXTUAL_TYPES.has(detected);
}

/** A MIME type that may be sent as Content-Type; HTML, SVG and the like become octet-stream. */
export function safeMime(mime: string | undefined): string {
  if (!mime || ACTIVE_MIME.test(mime)) return OCTET_STREAM;
  return mime;
}

/** Refuses a name whose extension runs when opened. */
export function assertExtensionAllowed(name: string): void {
  if (isExecutableName(name)) throw fileTypeRefused(name);
}

/** Magic numbers of programs: PE ("MZ"), ELF, Mach-O (32/64 bit, both byte orders, fat) and scripts ("#!"). */
function looksExecutable(head: Uint8Array): boolean {
  const b = (i: number) => head[i] ?? -1;
  if (b(0) === 0x4d && b(1) === 0x5a) return true; // MZ
  if (b(0) === 0x7f && b(1) === 0x45 && b(2) === 0x4c && b(3) === 0x46) return true; // \x7fELF
  if (b(0) === 0x23 && b(1) === 0x21) return true; // #!
  const magic = ((b(0) << 24) | (b(1) << 16) | (b(2) << 8) | b(3)) >>> 0;
  return [0xfeedface, 0xfeedfacf, 0xcefaedfe, 0xcffaedfe, 0xcafebabe, 0xbebafeca].includes(magic);
}

/**
 * Checks the start of a file against its name and returns the MIME type to store. Refuses
 * executables by content, and content of a known type that contradicts a known extension
 * (a PNG named .pdf). The type comes from the content; plain text from the extension.
 */
export async function classifyContent(name: string, head: Uint8Array): Promise<string> {
  const ext = extensionOf(name);
  if (looksExecutable(head)) throw fileTypeRefused(name);
  const detected = head.length > 0 ? await fileTypeFromBuffer(head) : undefined;
  if (detected && EXECUTABLE_TYPES.has(detected.ext)) throw fileTypeRefused(name);
  if (detected && isKnownExtension(ext) && !agrees(ext, detected.ext))
    throw fileTypeMismatch(name, detected.ext);

  if (ACTIVE_EXTENSIONS.has(ext)) return OCTET_STREAM;
  if (!detected) return TEXT_MIME[ext] ?? OCTET_STREAM;
  if (["zip", "cfb", "xml"].includes(detected.ext) && CONTAINER_MIME[ext]) return CONTAINER_MIME[ext];
  return safeMime(detected.mime);
}
