/**
 * The PIX code of a debt: a static BR Code for what settles its balance today (principal, plus
 * multa and juros when overdue), identified by the debt's txid, with its QR code as a PNG.
 */
import type { PixCharge } from "../../../shared/api.js";
import { type AmountDue, amountDue } from "../../../shared/finance.js";
import {
  buildPixPayload,
  normalizePixKey,
  PIX_CITY_MAX,
  PIX_NAME_MAX,
  pixText,
} from "../../../shared/pix.js";
import { singleLineForDisplay } from "../../../shared/text.js";
import { conflict } from "../../lib/errors.js";
import type { DebtRecord, FinanceSettingsRow } from "./repository.js";

export const PIX_QR_CID = "pix-qr@atende";

export interface PixReceiver {
  key: string;
  /** name and city as the BR Code needs them: ASCII, cut to their maximum length */
  name: string;
  city: string;
  /** name and city as the office typed them (accents and all), for people to read */
  displayName: string;
  displayCity: string;
}

/** The office's PIX receiver when key, name and city are all set (and usable), else null. */
export function pixReceiverOf(s: FinanceSettingsRow): PixReceiver | null {
  const key = s.pixKey ? normalizePixKey(s.pixKey)?.key : undefined;
  const name = s.pixMerchantName ? pixText(s.pixMerchantName, PIX_NAME_MAX) : "";
  const city = s.pixMerchantCity ? pixText(s.pixMerchantCity, PIX_CITY_MAX) : "";
  if (!key || !name || !city) return null;
  return {
    key,
    name,
    city,
    displayName: singleLineForDisplay(s.pixMerchantName ?? "") || name,
    displayCity: singleLineForDisplay(s.pixMerchantCity ?? "") || city,
  };
}

export const pixNotConfigured = () =>
  conflict("pix_not_configured", "O escritório ainda não configurou a chave PIX.");
export const nothingOwed = () => conflict("invalid_state", "Este débito não tem saldo a pagar.");

/** What is owed on `today` for a debt: the balance with the office's multa and juros. */
export function dueToday(settings: FinanceSettingsRow, debt: DebtRecord, today: string): AmountDue {
  const balance = debt.state === "open" ? debt.amountCents - debt.paidCents : 0;
  return amountDue(balance, debt.dueDate, today, {
    lateFeeBp: settings.lateFeeBp,
    monthlyInterestBp: settings.monthlyInterestBp,
  });
}

export async function buildPixCharge(
  settings: FinanceSettingsRow,
  debt: DebtRecord,
  today: string,
): Promise<PixCharge & { due: AmountDue }> {
  const receiver = pixReceiverOf(settings);
  if (!receiver) throw pixNotConfigured();
  const due = dueToday(settings, debt, today);
  if (due.totalCents <= 0) throw nothingOwed();
  const payload = buildPixPayload({
    key: receiver.key,
    merchantName: receiver.name,
    merchantCity: receiver.city,
    amountCents: due.totalCents,
    txid: debt.txid,
  });
  const { default: QRCode } = await import("qrcode"); // loaded at the first charge, not at start
  const qrCodeDataUrl = await QRCode.toDataURL(payload, { errorCorrectionLevel: "M", margin: 2, width: 240 });
  return {
    payload,
    qrCodeDataUrl,
    amountCents: due.totalCents,
    txid: debt.txid,
    // the payload is ASCII; the screen and the e-mail show the names as the office wrote them
    receiverName: receiver.displayName,
    receiverCity: receiver.displayCity,
    due,
  };
}

/** The PNG bytes of a data URL made by buildPixCharge. */
export function pngOfDataUrl(dataUrl: string): Buffer {
  const prefix = "data:image/png;base64,";
  if (!dataUrl.startsWith(prefix)) throw new Error("not a PNG data URL");
  return Buffer.from(dataUrl.slice(prefix.length), "base64");
}
