import { boolean, index, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { offices, users } from "./core.js";
import { clients } from "./registry.js";
import { tickets } from "./tickets.js";

/** A client user (role "client") belongs to one or more client companies of the same office. */
export const clientMemberships = pgTable(
  "client_memberships",
  {
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    clientId: uuid("client_id")
      .notNull()
      .references(() => clients.id),
    officeId: uuid("office_id")
      .notNull()
      .references(() => offices.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.clientId] }),
    index("client_memberships_client_idx").on(t.clientId),
  ],
);

/** A single-use, expiring link to set a password. Only the token's SHA-256 is stored. */
export const invitations = pgTable(
  "invitations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    officeId: uuid("office_id")
      .notNull()
      .references(() => offices.id),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    tokenHash: text("token_hash").notNull().unique(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    usedAt: timestamp("used_at", { withTimezone: true }),
    createdBy: uuid("created_by").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("invitations_user_idx").on(t.userId)],
);

/** Chat of an atendimento: staff ↔ client users. Internal notes are staff-only. */
export const messages = pgTable(
  "messages",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    officeId: uuid("office_id")
      .notNull()
      .references(() => offices.id),
    ticketId: uuid("ticket_id")
      .notNull()
      .references(() => tickets.id),
    /** null for a message that arrived by e-mail from an address that is not a user (inboundEmailId) */
    authorId: uuid("author_id").references(() => users.id),
    /** the e-mail this message came from (the original stays viewable) */
    inboundEmailId: uuid("inbound_email_id"),
    body: text("body").notNull(),
    internal: boolean("internal").notNull().default(false),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("messages_ticket_idx").on(t.ticketId, t.createdAt, t.id)],
);

/** How far each person has read the chat of an atendimento (read state of messages). */
export const ticketReads = pgTable(
  "ticket_reads",
  {
    ticketId: uuid("ticket_id")
      .notNull()
      .references(() => tickets.id),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    lastReadAt: timestamp("last_read_at", { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.ticketId, t.userId] })],
);
