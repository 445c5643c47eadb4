import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  customType,
  date,
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
import { TICKET_STATUSES } from "../../../shared/status.js";
import { offices, users } from "./core.js";
import { obligations } from "./obligations.js";
import { accountants, clients, services } from "./registry.js";

export const ticketStatusEnum = pgEnum("ticket_status", TICKET_STATUSES);
export const ticketEventTypeEnum = pgEnum("ticket_event_type", [
  "created",
  "updated",
  "status_changed",
  "reopened",
  "notified",
  "email",
  "attachment_added",
  "attachment_removed",
  "message",
  "debt_posted",
]);

const tsvector = customType<{ data: string }>({ dataType: () => "tsvector" });

export const tickets = pgTable(
  "tickets",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    officeId: uuid("office_id")
      .notNull()
      .references(() => offices.id),
    protocolYear: integer("protocol_year").notNull(),
    protocolSeq: integer("protocol_seq").notNull(),
    requesterId: uuid("requester_id")
      .notNull()
      .references(() => clients.id),
    /** null for a request opened in the client portal, until the office triages it */
    serviceId: uuid("service_id").references(() => services.id),
    accountantId: uuid("accountant_id").references(() => accountants.id),
    assigneeId: uuid("assignee_id").references(() => users.id),
    subject: text("subject").notNull(),
    description: text("description").notNull().default(""),
    amountCents: bigint("amount_cents", { mode: "number" }).notNull(),
    status: ticketStatusEnum("status").notNull().default("open"),
    /** optimistic concurrency: every update must carry the version it read */
    version: integer("version").notNull().default(1),
    /** set on the first edit or status change: Notificar is only for untouched atendimentos */
    touchedAt: timestamp("touched_at", { withTimezone: true }),
    /** null for an atendimento opened by an e-mail of the client */
    createdBy: uuid("created_by").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    /** Obrigações (ADR 0019): the obligation that generated it, its competência (`YYYY-MM`), dates, checklist */
    obligationId: uuid("obligation_id").references(() => obligations.id),
    period: text("period"),
    legalDueDate: date("legal_due_date", { mode: "string" }),
    targetDate: date("target_date", { mode: "string" }),
    checklist: jsonb("checklist").$type<{ label: string; done: boolean }[]>(),
    search: tsvector("search").generatedAlwaysAs(
      sql`to_tsvector('portuguese'::regconfig, atende_fts_text(subject || ' ' || description))`,
    ),
  },
  (t) => [
    uniqueIndex("tickets_protocol_key").on(t.officeId, t.protocolYear, t.protocolSeq),
    index("tickets_office_created_idx").on(
      t.officeId,
      t.createdAt.desc().nullsFirst(),
      t.id.desc().nullsFirst(),
    ),
    index("tickets_office_updated_idx").on(
      t.officeId,
      t.updatedAt.desc().nullsFirst(),
      t.id.desc().nullsFirst(),
    ),
    index("tickets_office_status_idx").on(
      t.officeId,
      t.status,
      t.createdAt.desc().nullsFirst(),
      t.id.desc().nullsFirst(),
    ),
    index("tickets_office_assignee_idx").on(
      t.officeId,
      t.assigneeId,
      t.createdAt.desc().nullsFirst(),
      t.id.desc().nullsFirst(),
    ),
    index("tickets_office_requester_idx").on(
      t.officeId,
      t.requesterId,
      t.createdAt.desc().nullsFirst(),
      t.id.desc().nullsFirst(),
    ),
    index("tickets_office_service_idx").on(
      t.officeId,
      t.serviceId,
      t.createdAt.desc().nullsFirst(),
      t.id.desc().nullsFirst(),
    ),
    // one atendimento per office × obligation × client × competência: generation is idempotent
    uniqueIndex("tickets_obligation_key")
      .on(t.officeId, t.obligationId, t.requesterId, t.period)
      .where(sql`${t.obligationId} is not null`),
    // calendar and deadline filters read only the office's dated rows
    index("tickets_office_legal_due_idx")
      .on(t.officeId, t.legalDueDate)
      .where(sql`${t.legalDueDate} is not null`),
    // office first (btree_gin): a search reads only the office's matches, not every office's
    index("tickets_office_search_idx").using("gin", t.officeId, t.search),
    // typo tolerance (pg_trgm), only when the full-text search finds nothing: "certidao negatva"
    index("tickets_office_subject_trgm_idx").using(
      "gin",
      t.officeId,
      sql`atende_fts_text(${t.subject}) gin_trgm_ops`,
    ),
  ],
);

export const ticketCounters = pgTable(
  "ticket_counters",
  {
    officeId: uuid("office_id")
      .notNull()
      .references(() => offices.id),
    year: integer("year").notNull(),
    lastSeq: integer("last_seq").notNull(),
  },
  (t) => [primaryKey({ columns: [t.officeId, t.year] })],
);

export const ticketEvents = pgTable(
  "ticket_events",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    officeId: uuid("office_id")
      .notNull()
      .references(() => offices.id),
    ticketId: uuid("ticket_id")
      .notNull()
      .references(() => tickets.id),
    actorId: uuid("actor_id").references(() => users.id),
    type: ticketEventTypeEnum("type").notNull(),
    /** [{ field, from, to }] with raw values; the presenter turns them into labels */
    changes: jsonb("changes").$type<{ field: string; from: unknown; to: unknown }[]>().notNull(),
    /** shown to the client users in the portal (status changes, files, messages); edits and e-mails are not */
    clientVisible: boolean("client_visible").notNull().default(false),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("ticket_events_ticket_idx").on(t.ticketId, t.createdAt)],
);
