import { nextAttemptText, retryWindowText } from "../../../shared/mail.js";
import type { Db, Executor } from "../../db/client.js";
import type { JobQueue } from "../../jobs/queue.js";
import { decryptSecret } from "../../lib/secrets.js";
import { ACCOUNT_EMAIL_KINDS, recordEmailEvent } from "./outbox.js";
import * as repo from "./repository.js";
import { SYSTEM_SMTP_MISSING, type SystemSmtp } from "./system-smtp.js";
import type { TransportPools } from "./transports.js";

/**
 * A sender's claim on an e-mail lasts this long and is renewed every third of it while the SMTP
 * conversation goes on, so a claim left by a dead process expires within this many seconds.
 */
export const DEFAULT_CLAIM_LEASE_SECONDS = 30;

export interface RetryPolicy {
  /** the wait after the first temporary failure, doubled after each one */
  firstDelaySeconds: number;
  /** the longest wait between two attempts */
  maxDelaySeconds: number;
  /** temporary failures are retried for this long after the first one, then the e-mail is "failed" */
  retryForSeconds: number;
}

export interface MailDelivery {
  secretKey: Buffer;
  jobs: JobQueue;
  retry: RetryPolicy;
  /** default DEFAULT_CLAIM_LEASE_SECONDS; tests shorten it */
  claimLeaseSeconds?: number;
  /** sends the e-mails of no office (sign-up); undefined: they are kept as "not configured" */
  systemSmtp?: SystemSmtp;
  /** pooled SMTP transports per office (transports.ts) */
  pools: TransportPools;
  /** the clock of claims, retries and pauses; tests inject a fake one. Default: the system clock */
  now?: () => Date;
  /** after an outcome is recorded (sent, retrying, failed…): the atendimento refreshes live */
  onOutcome?: (email: repo.EmailRow) => void;
}

export type DeliveryResult = "sent" | "retry" | "failed";
/** what a send came to; a retry says when it is due (the dispatcher looks again then) */
export interface SendOutcome {
  result: DeliveryResult;
  retryAt?: Date;
}

interface SmtpError {
  responseCode?: number;
  response?: string;
  code?: string;
  message?: string;
}

function describeSmtpError(err: SmtpError): string {
  if (err.response) return `o servidor SMTP respondeu: ${err.response}`;
  // nodemailer reports a refused or timed-out connection as ESOCKET/ETIMEDOUT with the cause in the message
  const message = err.message ?? "";
  if (err.code === "ECONNREFUSED" || /\bECONNREFUSED\b/.test(message))
    return "o servidor SMTP recusou a conexão";
  if (err.code === "ETIMEDOUT" || err.code === "ETIMEOUT" || /\bETIMEDOUT\b/.test(message))
    return "o servidor SMTP não respondeu a tempo";
  if (err.code === "EAUTH") return "usuário ou senha do SMTP recusados";
  if (err.code === "EENVELOPE") return `endereço inválido: ${err.message ?? "destinatário recusado"}`;
  return `falha no envio: ${err.message ?? "erro desconhecido"}`;
}

/**
 * A 5xx answer (mailbox, sender or password refused) or an address nodemailer cannot use will not
 * change by waiting; anything else — 4xx, connection refused, timeout, TLS — is a temporary failure.
 */
export function isPermanent(err: SmtpError): boolean {
  if (typeof err.responseCode === "number") return err.responseCode >= 500;
  return err.code === "EENVELOPE";
}

/** The wait after the n-th failed attempt: first delay, doubled each time, capped. */
export function retryDelaySeconds(policy: RetryPolicy, failedAttempts: number): number {
  const doubled = policy.firstDelaySeconds * 2 ** Math.min(Math.max(failedAttempts - 1, 0), 30);
  return Math.min(doubled, policy.maxDelaySeconds);
}

/** The office's SMTP settings as a sender. */
function officeSmtp(d: MailDelivery, settings: repo.MailSettingsRow | undefined): SystemSmtp | undefined {
  if (!settings) return undefined;
  return {
    transport: {
      host: settings.host,
      port: settings.port,
      secure: settings.security === "tls",
      requireTLS: settings.security === "starttls",
      ignoreTLS: settings.security === "none",
      auth:
        settings.username && settings.passwordEnc
          ? { user: settings.username, pass: decryptSecret(d.secretKey, settings.passwordEnc) }
          : undefined,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
    },
    from: { name: settings.fromName, address: settings.fromAddress },
  };
}

/**
 * Sends one e-mail the dispatcher claimed (`claimDueEmails`): it is ours until the claim expires,
 * and the dispatcher renews the claim while the SMTP conversation lasts. Sent through the office's
 * pooled transport. A temporary failure schedules the next attempt on the row (`next_attempt_at`) and
 * pauses the whole office (`office_mail_backoff`); a success clears the pause.
 */
export async function sendClaimed(db: Db, d: MailDelivery, email: repo.EmailRow): Promise<SendOutcome> {
  const now = d.now ?? (() => new Date());
  const own = email.officeId ? officeSmtp(d, await repo.getSettings(db, email.officeId)) : undefined;
  // an office's own e-mails go out only through its SMTP; e-mails about a person's account (an
  // invitation, a password reset) fall back to the installation's sender, so that a new office can
  // invite its team and a user can recover a password before the office configured its SMTP
  const smtp = own ?? (!email.officeId || ACCOUNT_EMAIL_KINDS.has(email.kind) ? d.systemSmtp : undefined);
  if (!smtp) {
    const error = email.officeId ? "SMTP não configurado no escritório." : SYSTEM_SMTP_MISSING;
    await db.transaction(async (tx) => {
      await repo.finishEmail(tx, email.id, { state: "not_configured", lastError: error });
      await recordEmailEvent(tx, email, "not_configured", error);
    });
    d.onOutcome?.(email);
    return { result: "failed" };
  }
  // the office's pause (421…) belongs to its own server, not to the installation's
  const pausable = own && email.officeId ? email.officeId : undefined;
  const { transport, release } = await d.pools.acquire(own ? (email.officeId as string) : "system", smtp);
  try {
    await transport.sendMail({
      messageId: email.messageId,
      from: smtp.from,
      to: email.toAddresses,
      subject: email.subject,
      // replies reach the office's incoming mailbox with the atendimento's signed token (inbound/)
      ...(email.replyTo ? { replyTo: email.replyTo } : {}),
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
    release();
    const err = e as SmtpError;
    const result = await recordFailure(db, d, email, describeSmtpError(err), isPermanent(err), pausable);
    d.onOutcome?.(email);
    return result;
  }
  release();
  await db.transaction(async (tx) => {
    await repo.finishEmail(tx, email.id, { state: "sent", lastError: null, sentAt: now() });
    await recordEmailEvent(tx, email, "sent", null);
    if (pausable) await repo.clearBackoff(tx, pausable);
  });
  d.onOutcome?.(email);
  return { result: "sent" };
}

/**
 * A temporary failure of the office's server pauses the whole office: its other e-mails would meet
 * the same 421. The first failure after a pause ended doubles the pause (first retry delay, doubling,
 * capped like an e-mail's retries); failures of sends that were already under way when the office
 * paused do not extend it.
 */
async function pauseOffice(tx: Executor, d: MailDelivery, officeId: string, error: string, now: Date) {
  const current = await repo.getBackoff(tx, officeId);
  if (current && current.pausedUntil > now) {
    await repo.upsertBackoff(tx, { ...current, lastError: error });
    return current.pausedUntil;
  }
  const failures = (current?.failures ?? 0) + 1;
  const pausedUntil = new Date(now.getTime() + retryDelaySeconds(d.retry, failures) * 1000);
  await repo.upsertBackoff(tx, { officeId, failures, pausedUntil, lastError: error });
  return pausedUntil;
}

async function recordFailure(
  db: Db,
  d: MailDelivery,
  email: repo.EmailRow,
  error: string,
  permanent: boolean,
  pausable: string | undefined,
): Promise<SendOutcome> {
  const now = (d.now ?? (() => new Date()))();
  const since = email.retryingSince ?? now;
  const giveUpAt = new Date(since.getTime() + d.retry.retryForSeconds * 1000);
  if (permanent || now >= giveUpAt) {
    const lastError = permanent
      ? error
      : `${error} (novas tentativas durante ${retryWindowText(d.retry.retryForSeconds)}, sem sucesso)`;
    await db.transaction(async (tx) => {
      await repo.finishEmail(tx, email.id, { state: "failed", lastError, retryingSince: null });
      await recordEmailEvent(tx, email, "failed", lastError);
    });
    return { result: "failed" };
  }
  // the last attempt is at the end of the window, never after it
  const wait = retryDelaySeconds(d.retry, email.attempts);
  const next = new Date(Math.min(now.getTime() + wait * 1000, giveUpAt.getTime()));
  let retryAt = next;
  await db.transaction(async (tx) => {
    await repo.finishEmail(tx, email.id, {
      state: "retrying",
      lastError: error,
      nextAttemptAt: next,
      retryingSince: since,
    });
    const pausedUntil = pausable ? await pauseOffice(tx, d, pausable, error, now) : undefined;
    retryAt = pausedUntil && pausedUntil > next ? pausedUntil : next;
    // the history records the first failure of a round and the final outcome, not every retry
    if (!email.retryingSince)
      await recordEmailEvent(tx, email, "retrying", `${error}; ${nextAttemptText(next)}`);
  });
  return { result: "retry", retryAt };
}

/**
 * E-mails left "sending" by a process that died mid-send. A live sender's claim is renewed every few
 * seconds, so a claim that has expired belongs to a dead one: the e-mail goes back to "retrying", due
 * now, with the same Message-ID (the server may have accepted it before the crash, so it may arrive
 * twice, recognisably). Run at start and then every claim lease by the dispatcher.
 */
export async function recoverInterruptedSends(db: Db) {
  const note =
    "envio interrompido (o Atende parou durante o envio); nova tentativa com o mesmo Message-ID — se o servidor já o tinha aceitado, o destinatário pode recebê-lo duas vezes";
  const released = await db.transaction(async (tx) => {
    const rows = await repo.releaseAbandonedSends(tx, note);
    for (const row of rows) await recordEmailEvent(tx, row, "retrying", note);
    return rows;
  });
  return released.length;
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
