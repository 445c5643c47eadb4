import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { offices, users } from "./core.js";
import { smtpSecurityEnum } from "./mail.js";
import { clients } from "./registry.js";
import { tickets } from "./tickets.js";

/**
 * Per-office incoming mailbox (IMAP). The password is encrypted at rest like the SMTP one and never
 * returned. The poller's state lives here too: the UID bookmark of the folder, the lease that keeps
 * two instances from reading the mailbox at once, and the last error shown in Configurações.
 */
export const officeInboundSettings = pgTable("office_inbound_settings", {
  officeId: uuid("office_id")
    .primaryKey()
    .references(() => offices.id),
  host: text("host").notNull(),
  port: integer("port").notNull(),
  security: smtpSecurityEnum("security").notNull(),
  username: text("username").notNull(),
  passwordEnc: text("password_enc"),
  folder: text("folder").notNull().default("INBOX"),
  /** the mailbox's own address: replies go to its plus-address (atendimento+<token>@…) */
  address: text("address").notNull(),
  /** a reply to a closed atendimento reopens it (Reaberto) */
  reopenOnReply: boolean("reopen_on_reply").notNull().default(true),
  /** signs the reply tokens of this office (HMAC-SHA256): a token never verifies in another office */
  tokenKey: text("token_key").notNull(),
  /** the folder's UIDVALIDITY when lastUid was read; another value means the UIDs start over */
  uidValidity: bigint("uid_validity", { mode: "number" }),
  /** every message up to this UID is stored (processed or kept in the Caixa de entrada) */
  lastUid: bigint("last_uid", { mode: "number" }).notNull().default(0),
  /** the instance reading the mailbox, until leaseUntil (renewed while it reads) */
  leaseOwner: text("lease_owner"),
  leaseUntil: timestamp("lease_until", { withTimezone: true }),
  /** the next poll is due then (later after failures: backoff) */
  nextPollAt: timestamp("next_poll_at", { withTimezone: true }).notNull().defaultNow(),
  failures: integer("failures").notNull().default(0),
  lastError: text("last_error"),
  lastErrorAt: timestamp("last_error_at", { withTimezone: true }),
  lastSuccessAt: timestamp("last_success_at", { withTimezone: true }),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

export const inboundStatusEnum = pgEnum("inbound_status", [
  /** became a chat message of an existing atendimento */
  "matched",
  /** opened a new atendimento (known sender) */
  "created",
  /** unknown sender: waits in the Caixa de entrada */
  "triage",
  /** larger than the limit: only its headers are kept, in the Caixa de entrada */
  "too_large",
  /** staff linked it to a client: it became an atendimento */
  "linked",
  "discarded",
  /** automatic message (out-of-office, list, bulk) that matched nothing: kept, no reply */
  "ignored",
  /** a delivery failure report (DSN): the failing address is marked */
  "bounce",
]);

/** Every message read from an office's mailbox, once (office + Message-ID). */
export const inboundEmails = pgTable(
  "inbound_emails",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    officeId: uuid("office_id")
      .notNull()
      .references(() => offices.id),
    /** the Message-ID header (or one derived from the content when it has none) */
    messageId: text("message_id").notNull(),
    uidValidity: bigint("uid_validity", { mode: "number" }),
    uid: bigint("uid", { mode: "number" }),
    fromAddress: text("from_address").notNull().default(""),
    fromName: text("from_name").notNull().default(""),
    subject: text("subject").notNull().default(""),
    /** Date header, else when it arrived */
    sentAt: timestamp("sent_at", { withTimezone: true }),
    status: inboundStatusEnum("status").notNull(),
    /** why it went where it went (matching rule, ignored reason, refused attachments) */
    note: text("note"),
    headers: jsonb("headers").$type<[string, string][]>().notNull().default([]),
    /** the reply with quoted history and signature removed, as it went to the chat */
    visibleText: text("visible_text").notNull().default(""),
    /** the whole plain text (or text of the HTML) */
    fullText: text("full_text").notNull().default(""),
    /** the original message (.eml) in the blob store; null when too large */
    rawSha256: text("raw_sha256"),
    sizeBytes: integer("size_bytes").notNull().default(0),
    ticketId: uuid("ticket_id").references(() => tickets.id),
    clientId: uuid("client_id").references(() => clients.id),
    handledBy: uuid("handled_by").references(() => users.id),
    handledAt: timestamp("handled_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("inbound_emails_office_message_key").on(t.officeId, t.messageId),
    index("inbound_emails_office_created_idx").on(t.officeId, t.createdAt.desc()),
    index("inbound_emails_triage_idx")
      .on(t.officeId, t.createdAt.desc())
      .where(sql`${t.status} in ('triage', 'too_large')`),
  ],
);

/** An address that bounced (DSN): shown on the client's record and in the e-mail list. */
export const failingAddresses = pgTable(
  "failing_addresses",
  {
    officeId: uuid("office_id")
      .notNull()
      .references(() => offices.id),
    /** lower case */
    address: text("address").notNull(),
    reason: text("reason").notNull(),
    failedAt: timestamp("failed_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.officeId, t.address] })],
);
