import { bigint, index, pgEnum, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { offices, users } from "./core.js";
import { tickets } from "./tickets.js";

export const attachmentSourceEnum = pgEnum("attachment_source", ["form", "chat", "portal", "email"]);

/** A file of an atendimento. The bytes live in content-addressed storage under sha256. */
export const attachments = pgTable(
  "attachments",
  {
    /** random uuid: unguessable, and never derived from the content */
    id: uuid("id").primaryKey().defaultRandom(),
    officeId: uuid("office_id")
      .notNull()
      .references(() => offices.id),
    ticketId: uuid("ticket_id")
      .notNull()
      .references(() => tickets.id),
    sha256: text("sha256").notNull(),
    sizeBytes: bigint("size_bytes", { mode: "number" }).notNull(),
    name: text("name").notNull(),
    mime: text("mime").notNull(),
    source: attachmentSourceEnum("source").notNull().default("form"),
    /** the chat message the file was sent with, if any */
    messageId: uuid("message_id"),
    /** null for a file that came with a client's e-mail */
    uploadedBy: uuid("uploaded_by").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    deletedAt: timestamp("deleted_at", { withTimezone: true }),
    deletedBy: uuid("deleted_by").references(() => users.id),
  },
  (t) => [
    index("attachments_ticket_idx").on(t.ticketId, t.createdAt),
    index("attachments_sha_idx").on(t.sha256),
  ],
);
