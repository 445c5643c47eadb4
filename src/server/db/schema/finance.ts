/**
 * Cobrança de débitos (issue 5): an atendimento's value posted as client debts (Movimentar),
 * payments (baixa) and their reversals (estorno), collection e-mails and the régua de cobrança.
 * Money is integer centavos (bigint); calendar days are `date` in the office's day (São Paulo).
 */
import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  check,
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
import { offices, users } from "./core.js";
import { feeChargeKindEnum, feeContracts } from "./honorarios.js";
import { clients } from "./registry.js";
import { tickets } from "./tickets.js";

const timestamps = {
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
};

/** Office cadastro: Honorários, Serviço avulso, Reembolso de taxas… */
export const debtCategories = pgTable(
  "debt_categories",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    officeId: uuid("office_id")
      .notNull()
      .references(() => offices.id),
    name: text("name").notNull(),
    active: boolean("active").notNull().default(true),
    ...timestamps,
  },
  (t) => [uniqueIndex("debt_categories_office_name_key").on(t.officeId, sql`lower(${t.name})`)],
);

/** Per-office financial settings: PIX receiver, late fee and interest, régua de cobrança. */
export const officeFinanceSettings = pgTable("office_finance_settings", {
  officeId: uuid("office_id")
    .primaryKey()
    .references(() => offices.id),
  /** DICT key as typed by the office, normalised (CPF/CNPJ digits, e-mail lower case, +55 phone, EVP) */
  pixKey: text("pix_key"),
  /** BR Code field 59, up to 25 characters without accents */
  pixMerchantName: text("pix_merchant_name"),
  /** BR Code field 60, up to 15 characters without accents */
  pixMerchantCity: text("pix_merchant_city"),
  /** multa: basis points of the principal paid late (200 = 2%) */
  lateFeeBp: integer("late_fee_bp").notNull().default(200),
  /** juros: basis points per month of 30 days, pro rata per day (100 = 1% a.m.) */
  monthlyInterestBp: integer("monthly_interest_bp").notNull().default(100),
  remindersEnabled: boolean("reminders_enabled").notNull().default(true),
  /** days relative to the due date: -3 = three days before, 1 and 7 = after */
  reminderOffsets: integer("reminder_offsets").array().notNull().default(sql`'{-3,1,7}'::integer[]`),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

export const debtStateEnum = pgEnum("debt_state", ["open", "paid", "cancelled"]);

/**
 * One debt (movimento) of a client: an installment of a Movimentar. The shown status (em aberto,
 * vencido, parcialmente pago, pago, cancelado) derives from state, paid_cents and due_date.
 */
export const debts = pgTable(
  "debts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    officeId: uuid("office_id")
      .notNull()
      .references(() => offices.id),
    clientId: uuid("client_id")
      .notNull()
      .references(() => clients.id),
    /** the atendimento it came from (Movimentar); null for a debt posted on its own */
    ticketId: uuid("ticket_id").references(() => tickets.id),
    categoryId: uuid("category_id")
      .notNull()
      .references(() => debtCategories.id),
    /** the installments of one Movimentar share a group */
    groupId: uuid("group_id").notNull(),
    installmentNumber: integer("installment_number").notNull().default(1),
    installmentCount: integer("installment_count").notNull().default(1),
    description: text("description").notNull(),
    amountCents: bigint("amount_cents", { mode: "number" }).notNull(),
    /** principal settled by payments that were not reversed (never above amount_cents) */
    paidCents: bigint("paid_cents", { mode: "number" }).notNull().default(0),
    dueDate: date("due_date", { mode: "string" }).notNull(),
    state: debtStateEnum("state").notNull().default("open"),
    /** PIX transaction id (BR Code field 62-05): 25 letters and digits, unique per office */
    txid: text("txid").notNull(),
    cancelReason: text("cancel_reason"),
    cancelledAt: timestamp("cancelled_at", { withTimezone: true }),
    paidAt: timestamp("paid_at", { withTimezone: true }),
    createdBy: uuid("created_by").references(() => users.id),
    version: integer("version").notNull().default(1),
    /** honorários: the contract, competência and kind this charge bills (unique: billed once) */
    feeContractId: uuid("fee_contract_id").references(() => feeContracts.id),
    feePeriod: text("fee_period"),
    feeKind: feeChargeKindEnum("fee_kind"),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("debts_fee_charge_key")
      .on(t.feeContractId, t.feePeriod, t.feeKind)
      .where(sql`${t.feeContractId} is not null`),
    index("debts_office_fee_period_idx")
      .on(t.officeId, t.feePeriod)
      .where(sql`${t.feeContractId} is not null`),
    index("debts_office_due_idx").on(t.officeId, t.dueDate, t.id),
    index("debts_office_client_idx").on(t.officeId, t.clientId, t.dueDate),
    index("debts_ticket_idx").on(t.ticketId),
    index("debts_open_due_idx").on(t.dueDate).where(sql`${t.state} = 'open'`),
    uniqueIndex("debts_office_txid_key").on(t.officeId, t.txid),
    check("debts_amount_positive", sql`${t.amountCents} > 0`),
    check("debts_paid_in_range", sql`${t.paidCents} >= 0 and ${t.paidCents} <= ${t.amountCents}`),
  ],
);

export const paymentMethodEnum = pgEnum("payment_method", ["pix", "boleto", "transfer", "cash"]);

/** A payment (baixa). A reversal (estorno) marks it, never deletes it. */
export const payments = pgTable(
  "payments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    officeId: uuid("office_id")
      .notNull()
      .references(() => offices.id),
    debtId: uuid("debt_id")
      .notNull()
      .references(() => debts.id),
    /** what the client paid: principal + late fee + interest */
    amountCents: bigint("amount_cents", { mode: "number" }).notNull(),
    principalCents: bigint("principal_cents", { mode: "number" }).notNull(),
    lateFeeCents: bigint("late_fee_cents", { mode: "number" }).notNull().default(0),
    interestCents: bigint("interest_cents", { mode: "number" }).notNull().default(0),
    paidOn: date("paid_on", { mode: "string" }).notNull(),
    method: paymentMethodEnum("method").notNull(),
    note: text("note"),
    /** sequential receipt number per office, e.g. 2026/000012 */
    receiptYear: integer("receipt_year").notNull(),
    receiptSeq: integer("receipt_seq").notNull(),
    createdBy: uuid("created_by").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    reversedAt: timestamp("reversed_at", { withTimezone: true }),
    reversedBy: uuid("reversed_by").references(() => users.id),
    reversalReason: text("reversal_reason"),
  },
  (t) => [
    index("payments_debt_idx").on(t.debtId, t.createdAt),
    index("payments_office_paid_idx").on(t.officeId, t.paidOn),
    uniqueIndex("payments_receipt_key").on(t.officeId, t.receiptYear, t.receiptSeq),
    check(
      "payments_parts_add_up",
      sql`${t.amountCents} = ${t.principalCents} + ${t.lateFeeCents} + ${t.interestCents} and ${t.principalCents} >= 0 and ${t.lateFeeCents} >= 0 and ${t.interestCents} >= 0 and ${t.amountCents} > 0`,
    ),
  ],
);

export const receiptCounters = pgTable(
  "receipt_counters",
  {
    officeId: uuid("office_id")
      .notNull()
      .references(() => offices.id),
    year: integer("year").notNull(),
    lastSeq: integer("last_seq").notNull(),
  },
  (t) => [primaryKey({ columns: [t.officeId, t.year] })],
);

export const debtEventTypeEnum = pgEnum("debt_event_type", [
  "created",
  "payment",
  "reversal",
  "cancelled",
  "collection",
  "reminder",
  "email",
]);

/** The debt's history, written in the transaction of each change. */
export const debtEvents = pgTable(
  "debt_events",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    officeId: uuid("office_id")
      .notNull()
      .references(() => offices.id),
    debtId: uuid("debt_id")
      .notNull()
      .references(() => debts.id),
    actorId: uuid("actor_id").references(() => users.id),
    type: debtEventTypeEnum("type").notNull(),
    /** a pt-BR sentence for people, written when the event happens */
    summary: text("summary").notNull(),
    data: jsonb("data").$type<Record<string, unknown>>().notNull().default({}),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("debt_events_debt_idx").on(t.debtId, t.createdAt)],
);

/**
 * One row per (debt, step of the régua): inserted with the reminder e-mail in one transaction, so
 * a step is sent exactly once whatever the restarts; skipped steps are recorded as such.
 */
export const debtReminders = pgTable(
  "debt_reminders",
  {
    debtId: uuid("debt_id")
      .notNull()
      .references(() => debts.id),
    /** days relative to the due date */
    offsetDays: integer("offset_days").notNull(),
    officeId: uuid("office_id")
      .notNull()
      .references(() => offices.id),
    /** the e-mail of this step; null when the step was skipped (a later step was already due) */
    emailId: uuid("email_id"),
    skipped: boolean("skipped").notNull().default(false),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.debtId, t.offsetDays] })],
);
