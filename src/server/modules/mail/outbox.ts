import { randomUUID } from "node:crypto";
import type { EmailState } from "../../../shared/api.js";
import type { Executor } from "../../db/client.js";
import type { EmailAttachment } from "../../db/schema/index.js";
import { EMAIL_PRIORITY, type JobQueue } from "../../jobs/queue.js";
import { insertDebtEvent } from "../finance/repository.js";
import { insertEvent } from "../tickets/repository.js";
import { replyAddressFor } from "./reply-token.js";
import * as repo from "./repository.js";
import type { EmailContent } from "./templates.js";
import { EMAIL_STATE_LABELS_FOR_HISTORY } from "./wording.js";

/**
 * E-mails about a person's access (an invitation, a password reset): when the office has no SMTP yet
 * they go out through the installation's sender, so that a new office can invite its team and a person
 * can recover a password. Every other e-mail speaks for the office and needs the office's own SMTP.
 */
/** E-mails nobody is waiting for at the screen: they go after the ones a person just caused. */
export const BULK_EMAIL_KINDS: ReadonlySet<string> = new Set(["collection_reminder", "message_digest"]);

export const ACCOUNT_EMAIL_KINDS: ReadonlySet<string> = new Set(["invitation", "password_reset"]);

/**
 * Writes an e-mail to the outbox in the caller's transaction, with its delivery job, and records it
 * in the atendimento's history. An e-mail that cannot go out (no recipient, no SMTP) is kept with
 * that state, never dropped, and shown on the admin page.
 */
export async function queueEmail(
  tx: Executor,
  /** kept for the callers: the row itself is the queue now, woken by `jobs.wake` after the commit */
  _jobs: JobQueue,
  e: {
    /** null: an e-mail of the installation (sign-up), sent through its own SMTP (system-smtp.ts) */
    officeId: string | null;
    ticketId: string | null;
    /** a cobrança or reminder: the delivery is recorded in the debt's history */
    debtId?: string | null;
    kind: repo.EmailRow["kind"];
    to: string[];
    content: EmailContent;
    /** files sent with it; `cid` ones are inline images (the PIX QR code) */
    attachments?: EmailAttachment[];
    createdBy: string | null;
    /** default: by kind — régua reminders and digests are bulk, everything else a person waits for */
    priority?: number;
    /** one of many queued at once (the honorários billing's cobranças): after what people wait for */
    bulk?: boolean;
  },
) {
  const settings = e.officeId ? await repo.getSettings(tx, e.officeId) : undefined;
  // the installation's SMTP is checked by the sender (it knows the configuration); an account e-mail
  // of an office without SMTP may go out through it
  const configured = e.officeId === null || settings !== undefined || ACCOUNT_EMAIL_KINDS.has(e.kind);
  const state: EmailState = e.to.length === 0 ? "no_recipient" : configured ? "queued" : "not_configured";
  const domain = settings?.fromAddress.split("@")[1] ?? "atende.local";
  const row = await repo.insertEmail(tx, {
    officeId: e.officeId,
    ticketId: e.ticketId,
    debtId: e.debtId ?? null,
    kind: e.kind,
    toAddresses: e.to,
    subject: e.content.subject,
    html: e.content.html,
    text: e.content.text,
    attachments: e.attachments ?? [],
    messageId: `<${randomUUID()}@${domain}>`,
    replyTo: e.officeId && e.ticketId ? await replyAddressFor(tx, e.officeId, e.ticketId) : null,
    state,
    // what a person just did (status change, cobrança…) goes before bulk (régua, digests)
    priority:
      e.priority ?? (e.bulk || BULK_EMAIL_KINDS.has(e.kind) ? EMAIL_PRIORITY.bulk : EMAIL_PRIORITY.person),
    lastError:
      state === "no_recipient"
        ? "O cliente não tem e-mail válido cadastrado."
        : state === "not_configured"
          ? "SMTP não configurado no escritório."
          : null,
    createdBy: e.createdBy,
  });
  // the row is the queue: the dispatcher claims it (ADR 0018); the caller wakes it after the commit
  if (e.ticketId || row.debtId) await recordEmailEvent(tx, row, state, row.lastError);
  return row;
}

export async function recordEmailEvent(
  tx: Executor,
  row: repo.EmailRow,
  state: EmailState,
  error: string | null,
) {
  const to = row.toAddresses.join(", ") || "sem destinatário";
  if (!row.officeId) return;
  if (row.debtId) {
    await insertDebtEvent(tx, {
      officeId: row.officeId,
      debtId: row.debtId,
      actorId: null,
      type: "email",
      summary: `E-mail "${row.subject}": ${EMAIL_STATE_LABELS_FOR_HISTORY[state]} (${to})${error ? `: ${error}` : ""}`,
      data: { emailId: row.id, state },
    });
  }
  if (!row.ticketId) return;
  await insertEvent(tx, {
    officeId: row.officeId,
    ticketId: row.ticketId,
    actorId: null,
    type: "email",
    changes: [
      {
        field: "email",
        from: row.subject,
        to: `${EMAIL_STATE_LABELS_FOR_HISTORY[state]} (${to})${error ? `: ${error}` : ""}`,
      },
    ],
  });
}
