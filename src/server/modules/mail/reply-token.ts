import { createHmac, timingSafeEqual } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Executor } from "../../db/client.js";
import { officeInboundSettings } from "../../db/schema/index.js";

/**
 * The reply token of an atendimento: its id and an HMAC-SHA256 of office + atendimento under the
 * office's own key (office_inbound_settings.token_key), in lower-case base32, carried in the
 * plus-address of the office's incoming mailbox (`atendimento+<token>@escritorio.com.br`). It cannot
 * be guessed, and a token of another office never verifies (other key, other office in the MAC).
 */
const ALPHABET = "abcdefghijklmnopqrstuvwxyz234567";
const MAC_BYTES = 10;

function base32(buf: Buffer): string {
  let bits = 0;
  let value = 0;
  let out = "";
  for (const byte of buf) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out;
}

function unbase32(s: string): Buffer | null {
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const ch of s) {
    const i = ALPHABET.indexOf(ch);
    if (i < 0) return null;
    value = (value << 5) | i;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

const uuidBytes = (id: string) => Buffer.from(id.replace(/-/g, ""), "hex");
const uuidOf = (b: Buffer) => {
  const h = b.toString("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
};

function mac(keyHex: string, officeId: string, ticketId: string): Buffer {
  return createHmac("sha256", Buffer.from(keyHex, "hex"))
    .update(`reply:${officeId}:${ticketId}`)
    .digest()
    .subarray(0, MAC_BYTES);
}

export function makeReplyToken(keyHex: string, officeId: string, ticketId: string): string {
  return base32(Buffer.concat([uuidBytes(ticketId), mac(keyHex, officeId, ticketId)]));
}

/** The atendimento id of a token signed for this office, or null (forged, altered, another office's). */
export function verifyReplyToken(keyHex: string, officeId: string, token: string): string | null {
  const raw = unbase32(token.toLowerCase());
  if (!raw || raw.length !== 16 + MAC_BYTES) return null;
  const ticketId = uuidOf(raw.subarray(0, 16));
  const expected = mac(keyHex, officeId, ticketId);
  return timingSafeEqual(expected, raw.subarray(16)) ? ticketId : null;
}

/** `local+token@domain` of the mailbox address. */
export function plusAddress(mailbox: string, token: string): string {
  const at = mailbox.lastIndexOf("@");
  return `${mailbox.slice(0, at)}+${token}@${mailbox.slice(at + 1)}`;
}

/** The token of a recipient that is a plus-address of the mailbox (same local part and domain). */
export function tokenOfRecipient(mailbox: string, recipient: string): string | null {
  const at = mailbox.lastIndexOf("@");
  const local = mailbox.slice(0, at).toLowerCase();
  const domain = mailbox.slice(at + 1).toLowerCase();
  const m = /^(.+)\+([a-z2-7]+)@(.+)$/i.exec(recipient.trim());
  if (!m || m[1]?.toLowerCase() !== local || m[3]?.toLowerCase() !== domain) return null;
  return m[2] ?? null;
}

/** The Reply-To of an e-mail about an atendimento, when the office has an incoming mailbox. */
export async function replyAddressFor(db: Executor, officeId: string, ticketId: string) {
  const [s] = await db
    .select({ address: officeInboundSettings.address, key: officeInboundSettings.tokenKey })
    .from(officeInboundSettings)
    .where(eq(officeInboundSettings.officeId, officeId));
  return s ? plusAddress(s.address, makeReplyToken(s.key, officeId, ticketId)) : null;
}
