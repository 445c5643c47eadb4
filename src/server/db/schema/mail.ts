import { sql } from "drizzle-orm";
import {
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { offices, users } from "./core.js";
import { debts } from "./finance.js";
import { tickets } from "./tickets.js";

export const smtpSecurityEnum = pgEnum("smtp_security", ["none", "starttls", "tls"]);

/** Per-office SMTP settings; the password is encrypted at rest (AES-256-GCM) and never returned. */
export const officeMailSettings = pgTable("office_mail_settings", {
  officeId: uuid("office_id")
    .primaryKey()
    .references(() => offices.id),
  host: text("host").notNull(),
  port: integer("port").notNull(),
  security: smtpSecurityEnum("security").notNull(),
  username: text("username"),
  passwordEnc: text("password_enc"),
  fromName: text("from_name").notNull(),
  fromAddress: text("from_address").notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

export const emailStateEnum = pgEnum("email_state", [
  "queued",
  "sending",
  "sent",
  "retrying",
  "failed",
  "not_configured",
  "no_recipient",
]);
export const emailKindEnum = pgEnum("email_kind", [
  "status_changed",
  "ticket_notice",
  "test",
  "invitation",
  "message_digest",
  "collection",
  "collection_reminder",
  "signup_confirmation",
  "signup_existing",
  "password_reset",
  "inbound_ack",
]);

/** A file sent with an e-mail; `cid` makes it inline (the PIX QR code image in a cobrança). */
export interface EmailAttachment {
  filename: string;
  contentType: string;
  contentBase64: string;
  cid?: string;
}

/** The durable outbox: one row per e-mail, written in the transaction of the change that causes it. */
export const emails = pgTable(
  "emails",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** null for the installation's own e-mails (sign-up), sent through SMTP_URL */
    officeId: uuid("office_id").references(() => offices.id),
    ticketId: uuid("ticket_id").references(() => tickets.id),
    /** a cobrança or reminder of this debt */
    debtId: uuid("debt_id").references(() => debts.id),
    kind: emailKindEnum("kind").notNull(),
    toAddresses: text("to_addresses").array().notNull().default(sql`'{}'::text[]`),
    subject: text("subject").notNull(),
    html: text("html").notNull(),
    text: text("text").notNull(),
    attachments: jsonb("attachments").$type<EmailAttachment[]>().notNull().default([]),
    /** the plus-address of the office's incoming mailbox with the atendimento's signed token */
    replyTo: text("reply_to"),
    /** stable across retries, so a receiver can recognise a duplicate */
    messageId: text("message_id").notNull(),
    state: emailStateEnum("state").notNull().default("queued"),
    /**
     * higher goes first (EMAIL_PRIORITY): what a person waits for (status change, Notificar) before
     * bulk (cobrança batches, régua, digests); any retry goes after every first attempt
     */
    priority: smallint("priority").notNull().default(10),
    attempts: integer("attempts").notNull().default(0),
    lastError: text("last_error"),
    /** a sender holds the row until then; a crashed sender's claim expires */
    lockedUntil: timestamp("locked_until", { withTimezone: true }),
    /** a temporary failure: the next attempt is due then (shown as "nova tentativa às HH:MM") */
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }),
    /** the first temporary failure of this round of attempts; retried until MAIL_RETRY_FOR_HOURS after it */
    retryingSince: timestamp("retrying_since", { withTimezone: true }),
    sentAt: timestamp("sent_at", { withTimezone: true }),
    createdBy: uuid("created_by").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("emails_message_id_key").on(t.messageId),
    index("emails_office_created_idx").on(t.officeId, t.createdAt.desc()),
    index("emails_ticket_idx").on(t.ticketId, t.createdAt),
    index("emails_debt_idx").on(t.debtId, t.createdAt),
    /** the few e-mails being sent, found at start to recover those of a crashed sender */
    index("emails_sending_idx").on(t.lockedUntil).where(sql`${t.state} = 'sending'`),
    /** the dispatcher's claim: due e-mails per office, by priority then age (ADR 0018) */
    index("emails_due_idx")
      .on(t.officeId, t.priority.desc(), t.createdAt)
      .where(sql`${t.state} in ('queued', 'retrying')`),
  ],
);

/**
 * An office whose SMTP server answered with a temporary failure (421, 4xx, refused, timeout): the
 * whole office pauses until `pausedUntil`, doubling per consecutive failure; a success clears it.
 */
export const officeMailBackoff = pgTable("office_mail_backoff", {
  officeId: uuid("office_id")
    .primaryKey()
    .references(() => offices.id),
  failures: integer("failures").notNull(),
  pausedUntil: timestamp("paused_until", { withTimezone: true }).notNull(),
  lastError: text("last_error"),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});
