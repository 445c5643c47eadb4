import { createHash } from "node:crypto";
import EmailReplyParser from "email-reply-parser";
import type { AddressObject, ParsedMail } from "mailparser";

/** A file that came with an e-mail (bytes in memory: the message was read whole, under the size limit). */
export interface InboundFile {
  name: string;
  contentType: string;
  content: Buffer;
}

/** What the matcher and the handlers need from one incoming message. */
export interface InboundMessage {
  messageId: string;
  fromAddress: string;
  fromName: string;
  /** every To/Cc/Delivered-To address (the reply token travels in one of them) */
  recipients: string[];
  subject: string;
  sentAt: Date | null;
  inReplyTo: string[];
  references: string[];
  headers: [string, string][];
  fullText: string;
  /** the reply itself: quoted history and signature removed */
  visibleText: string;
  files: InboundFile[];
  /** why no automatic answer may go to it (auto-reply, list, bulk, mailer daemon), or null */
  automatic: string | null;
  /** a delivery failure report (DSN): the addresses that failed, or null */
  bounce: { recipients: string[]; reason: string } | null;
}

/** Headers worth keeping with the message (shown in the Caixa de entrada, used by the matcher). */
const KEPT_HEADERS = new Set([
  "from",
  "to",
  "cc",
  "reply-to",
  "subject",
  "date",
  "message-id",
  "in-reply-to",
  "references",
  "auto-submitted",
  "precedence",
  "list-id",
  "x-autoreply",
  "x-autorespond",
  "return-path",
  "delivered-to",
  "content-type",
]);

/** The kept headers of a raw message, unfolded; works on broken MIME too (only the header block). */
export function rawHeaders(raw: Buffer): [string, string][] {
  const text = raw.subarray(0, 64 * 1024).toString("latin1");
  const end = text.search(/\r?\n\r?\n/);
  const block = (end >= 0 ? text.slice(0, end) : text).replace(/\r?\n[ \t]+/g, " ");
  const out: [string, string][] = [];
  for (const line of block.split(/\r?\n/)) {
    const i = line.indexOf(":");
    if (i <= 0) continue;
    const name = line.slice(0, i).trim().toLowerCase();
    if (KEPT_HEADERS.has(name)) out.push([name, decodeWords(line.slice(i + 1).trim()).slice(0, 2000)]);
  }
  return out;
}

/** RFC 2047 words of a header, best effort, for display. */
function decodeWords(s: string): string {
  return s.replace(/=\?([^?]+)\?([QB])\?([^?]*)\?=/gi, (_m, charset: string, enc: string, text: string) => {
    const bytes =
      enc.toUpperCase() === "B"
        ? Buffer.from(text, "base64")
        : Buffer.from(
            text
              .replace(/_/g, " ")
              .replace(/=([0-9A-F]{2})/gi, (_x, h: string) => String.fromCharCode(Number.parseInt(h, 16))),
            "latin1",
          );
    return bytes.toString(/utf-?8/i.test(charset) ? "utf8" : "latin1");
  });
}

/** A Message-ID for messages without one: the same bytes always give the same id (exactly once). */
export function derivedMessageId(raw: Buffer): string {
  return `<sem-id-${createHash("sha256").update(raw).digest("hex").slice(0, 32)}@atende.local>`;
}

const idsOf = (v: string | string[] | undefined): string[] =>
  (Array.isArray(v) ? v : v ? v.split(/\s+/) : []).map((s) => s.trim()).filter((s) => /^<[^<>\s]+>$/.test(s));

function addresses(a: AddressObject | AddressObject[] | undefined): { address: string; name: string }[] {
  const list = Array.isArray(a) ? a : a ? [a] : [];
  return list.flatMap((o) =>
    o.value.flatMap((v) =>
      v.group
        ? v.group.map((g) => ({ address: g.address ?? "", name: g.name ?? "" }))
        : [{ address: v.address ?? "", name: v.name ?? "" }],
    ),
  );
}

const header = (p: ParsedMail, name: string) => {
  const v = p.headers.get(name);
  if (v === undefined || v === null) return "";
  if (typeof v === "string") return v;
  if (typeof v === "object" && "value" in v) return String((v as { value: unknown }).value);
  return String(v);
};

const AUTO_SUBJECT =
  /^(resposta autom[aá]tica|auto(matic)?[ -]?reply|out of (the )?office|aus[eê]ncia|f[eé]rias|fora do escrit[oó]rio|autoreply|auto:)/i;
const DAEMON_SENDER = /^(mailer-daemon|postmaster|no-?reply|nao-?responda|do-?not-?reply)@/i;

function automaticReason(p: ParsedMail, from: string): string | null {
  const auto = header(p, "auto-submitted").toLowerCase();
  if (auto && auto !== "no") return `Auto-Submitted: ${auto}`;
  const precedence = header(p, "precedence").toLowerCase();
  if (["bulk", "junk", "list", "auto_reply"].includes(precedence)) return `Precedence: ${precedence}`;
  if (p.headers.has("list-id") || p.headers.has("list-unsubscribe")) return "lista de e-mails";
  if (p.headers.has("x-autoreply") || p.headers.has("x-autorespond")) return "resposta automática";
  if (AUTO_SUBJECT.test(p.subject ?? "")) return "resposta automática (assunto)";
  if (DAEMON_SENDER.test(from)) return "remetente automático";
  return null;
}

/** Failed recipients of a DSN (multipart/report; report-type=delivery-status), RFC 3464. */
function bounceOf(p: ParsedMail, raw: Buffer, from: string): InboundMessage["bounce"] {
  const ct = header(p, "content-type").toLowerCase();
  const report = p.attachments.find((a) => a.contentType === "message/delivery-status");
  const isReport =
    /multipart\/report/.test(ct) || /report-type=.?delivery-status/i.test(raw.toString("latin1", 0, 8192));
  if (!report && !isReport) return null;
  const status = report ? report.content.toString("utf8") : raw.toString("utf8");
  const recipients: string[] = [];
  let reason = "";
  for (const block of status.split(/\r?\n\r?\n/)) {
    const action = /^Action:\s*(\S+)/im.exec(block)?.[1]?.toLowerCase();
    const rcpt = /^Final-Recipient:\s*[^;]*;\s*(\S+)/im.exec(block)?.[1];
    if (rcpt && (action === "failed" || action === undefined)) {
      recipients.push(rcpt.replace(/[<>]/g, "").toLowerCase());
      reason ||=
        /^Diagnostic-Code:\s*[^;]*;\s*(.+)$/im.exec(block)?.[1]?.trim() ??
        /^Status:\s*(\S+)/im.exec(block)?.[1] ??
        "";
    }
  }
  if (recipients.length === 0 && !DAEMON_SENDER.test(from)) return null;
  return { recipients: [...new Set(recipients)], reason: reason.slice(0, 500) || "endereço recusado" };
}

/** Cuts what email-reply-parser does not know: Outlook's pt-BR "Mensagem original" block. */
const ORIGINAL_MARKER = /^\s*-{2,}\s*(mensagem original|original message)\s*-{2,}\s*$/im;

export function visibleReply(text: string): string {
  const cut = text.search(ORIGINAL_MARKER);
  const head = cut >= 0 ? text.slice(0, cut) : text;
  let visible = head;
  try {
    visible = new EmailReplyParser().read(head).getVisibleText();
  } catch {
    // the parser is best effort: the whole text is better than nothing
  }
  return visible.replace(/\s+$/, "").trim();
}

/** Text of an HTML body, for messages without a text part. */
function htmlToText(html: string): string {
  return html
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, "")
    .replace(/<br\s*\/?>|<\/p>|<\/div>/gi, "\n")
    .replace(/<blockquote[\s\S]*?<\/blockquote>/gi, "")
    .replace(/<[^>]+>/g, "")
    .replace(/&nbsp;/g, " ")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&")
    .replace(/\n{3,}/g, "\n\n");
}

/**
 * Parses one raw message with mailparser. Malformed MIME does not throw: mailparser reads what it
 * can, and a message that cannot be read at all throws here and is kept in triage by the caller.
 */
export async function parseInbound(raw: Buffer): Promise<InboundMessage> {
  // mailparser (and its charset tables) loads at the first incoming e-mail, not at the server's start
  const { simpleParser } = await import("mailparser");
  const p = await simpleParser(raw, { skipImageLinks: true, skipTextLinks: true, skipHtmlToText: true });
  const from = addresses(p.from)[0] ?? { address: "", name: "" };
  const fromAddress = from.address.toLowerCase();
  const deliveredTo = header(p, "delivered-to");
  const recipients = [
    ...addresses(p.to).map((a) => a.address),
    ...addresses(p.cc).map((a) => a.address),
    ...(deliveredTo ? [deliveredTo] : []),
  ].filter(Boolean);
  const fullText = (p.text ?? (typeof p.html === "string" ? htmlToText(p.html) : "")).replace(/\r\n/g, "\n");
  const bounce = bounceOf(p, raw, fromAddress);
  const files: InboundFile[] = p.attachments
    .filter((a) => !a.related && a.contentType !== "message/delivery-status")
    .map((a, i) => ({
      name: a.filename || `anexo-${i + 1}`,
      contentType: a.contentType,
      content: a.content,
    }));
  return {
    messageId: p.messageId && /^<[^<>\s]+>$/.test(p.messageId) ? p.messageId : derivedMessageId(raw),
    fromAddress,
    fromName: from.name,
    recipients,
    subject: p.subject ?? "",
    sentAt: p.date && !Number.isNaN(p.date.getTime()) ? p.date : null,
    inReplyTo: idsOf(p.inReplyTo),
    references: idsOf(p.references),
    headers: rawHeaders(raw),
    fullText,
    visibleText: visibleReply(fullText),
    files,
    automatic: bounce ? "aviso de falha de entrega" : automaticReason(p, fromAddress),
    bounce,
  };
}
