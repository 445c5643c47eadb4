import nodemailer from "nodemailer";
import type { Db } from "../../db/client.js";
import { decryptSecret } from "../../lib/secrets.js";
import { recordEmailEvent } from "./outbox.js";
import * as repo from "./repository.js";

/** 1 first attempt + the job's 8 retries */
export const MAX_ATTEMPTS = 9;
const HOLD_SECONDS = 90;

export type DeliveryResult = "sent" | "retry" | "failed" | "skipped" | "busy";

interface SmtpError {
  responseCode?: number;
  response?: string;
  code?: string;
  message?: string;
}

function describeSmtpError(err: SmtpError): string {
  if (err.response) return `o servidor SMTP respondeu: ${err.response}`;
  if (err.code === "ECONNREFUSED") return "o servidor SMTP recusou a conexão";
  if (err.code === "ETIMEDOUT" || err.code === "ETIMEOUT") return "o servidor SMTP não respondeu a tempo";
  if (err.code === "EAUTH") return "usuário ou senha do SMTP recusados";
  return `falha no envio: ${err.message ?? "erro desconhecido"}`;
}

/**
 * Sends one e-mail of the outbox. Safe to call from any instance at any time: the row is claimed
 * first, so it is never sent by two senders at once, and it keeps one Message-ID across attempts.
 */
export async function deliverEmail(db: Db, secretKey: Buffer, emailId: string): Promise<DeliveryResult> {
  const email = await repo.claimEmail(db, emailId, HOLD_SECONDS);
  if (!email) {
    const row = await repo.findEmailAnyOffice(db, emailId);
    return row && (row.state === "sending" || row.state === "queued" || row.state === "retrying")
      ? "busy"
      : "skipped";
  }
  const settings = await repo.getSettings(db, email.officeId);
  if (!settings) {
    const error = "SMTP não configurado no escritório.";
    await db.transaction(async (tx) => {
      await repo.finishEmail(tx, email.id, { state: "not_configured", lastError: error });
      await recordEmailEvent(tx, email, "not_configured", error);
    });
    return "failed";
  }
  const transport = nodemailer.createTransport({
    host: settings.host,
    port: settings.port,
    secure: settings.security === "tls",
    requireTLS: settings.security === "starttls",
    ignoreTLS: settings.security === "none",
    auth:
      settings.username && settings.passwordEnc
        ? { user: settings.username, pass: decryptSecret(secretKey, settings.passwordEnc) }
        : undefined,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  });
  try {
    await transport.sendMail({
      messageId: email.messageId,
      from: { name: settings.fromName, address: settings.fromAddress },
      to: email.toAddresses,
      subject: email.subject,
      html: email.html,
      text: email.text,
      attachments: email.attachments.map((a) => ({
        filename: a.filename,
        contentType: a.contentType,
        content: Buffer.from(a.contentBase64, "base64"),
        cid: a.cid,
      })),
      headers: { "Auto-Submitted": "auto-generated" },
    });
  } catch (e) {
    const err = e as SmtpError;
    const error = describeSmtpError(err);
    // a 5xx answer is final (mailbox or sender refused); anything else is retried with backoff
    const permanent = typeof err.responseCode === "number" && err.responseCode >= 500;
    const final = permanent || email.attempts >= MAX_ATTEMPTS;
    await db.transaction(async (tx) => {
      await repo.finishEmail(tx, email.id, { state: final ? "failed" : "retrying", lastError: error });
      // the history records the first failure and the final one, not every retry
      if (final || email.attempts === 1)
        await recordEmailEvent(tx, email, final ? "failed" : "retrying", error);
    });
    return final ? "failed" : "retry";
  } finally {
    transport.close();
  }
  await db.transaction(async (tx) => {
    await repo.finishEmail(tx, email.id, { state: "sent", lastError: null, sentAt: new Date() });
    await recordEmailEvent(tx, email, "sent", null);
  });
  return "sent";
}

/** Waits for the first attempt so the person sees the real outcome, up to timeoutMs. */
export async function awaitFirstAttempt(db: Db, officeId: string, emailId: string, timeoutMs: number) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const row = await repo.findEmail(db, officeId, emailId);
    if (!row) throw new Error("e-mail vanished");
    const pending = row.state === "queued" || row.state === "sending";
    if (!pending || Date.now() >= until) return row;
    await new Promise((r) => setTimeout(r, 100));
  }
}
