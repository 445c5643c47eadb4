/**
 * Honorários (issue 16): monthly fee contracts per client, the office's cadastro of monthly index
 * values (IPCA, IGP-M, INPC), the contract's history (each reajuste with its memória de cálculo) and
 * the billing runs of a competência. The charges themselves are debts (finance.ts) carrying
 * (fee_contract_id, fee_period, fee_kind), unique: billing a competência twice creates nothing new.
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
import { debtCategories } from "./finance.js";
import { clients } from "./registry.js";

export const priceIndexEnum = pgEnum("price_index", ["ipca", "igpm", "inpc"]);
export const reajusteKindEnum = pgEnum("reajuste_kind", ["ipca", "igpm", "inpc", "fixed", "none"]);
export const indexWindowEnum = pgEnum("index_window", ["two_months_before", "month_before"]);
export const thirteenthModeEnum = pgEnum("thirteenth_mode", ["none", "december", "split"]);
export const negativeIndexModeEnum = pgEnum("negative_index_mode", ["floor", "apply"]);
export const feeChargeKindEnum = pgEnum("fee_charge_kind", ["monthly", "thirteenth"]);

/** Per-office honorários settings (defaults until saved). */
export const feeSettings = pgTable("fee_settings", {
  officeId: uuid("office_id")
    .primaryKey()
    .references(() => offices.id),
  /** a negative accumulated index: keep the value (floor) or reduce it (apply) */
  negativeIndex: negativeIndexModeEnum("negative_index").notNull().default("floor"),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/** A monthly index value of the office's cadastro: rate in parts per million (0,56% = 5600). */
export const priceIndexValues = pgTable(
  "price_index_values",
  {
    officeId: uuid("office_id")
      .notNull()
      .references(() => offices.id),
    index: priceIndexEnum("index").notNull(),
    /** competência YYYY-MM */
    period: text("period").notNull(),
    ratePpm: integer("rate_ppm").notNull(),
    createdBy: uuid("created_by").references(() => users.id),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.officeId, t.index, t.period] }),
    check("price_index_values_rate_range", sql`${t.ratePpm} > -1000000 and ${t.ratePpm} <= 1000000`),
    check("price_index_values_period_format", sql`${t.period} ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'`),
  ],
);

/** A contrato de honorários of a client. `monthly_cents` is the current value (after reajustes). */
export const feeContracts = pgTable(
  "fee_contracts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    officeId: uuid("office_id")
      .notNull()
      .references(() => offices.id),
    clientId: uuid("client_id")
      .notNull()
      .references(() => clients.id),
    categoryId: uuid("category_id")
      .notNull()
      .references(() => debtCategories.id),
    monthlyCents: bigint("monthly_cents", { mode: "number" }).notNull(),
    /** 1–31; a day the month lacks is its last day */
    dueDay: integer("due_day").notNull(),
    /** the charge of competência M falls due in M+1 (true) or in M */
    dueNextMonth: boolean("due_next_month").notNull().default(true),
    startDate: date("start_date", { mode: "string" }).notNull(),
    endDate: date("end_date", { mode: "string" }),
    /** Serviços the contract includes */
    serviceIds: uuid("service_ids").array().notNull().default(sql`'{}'::uuid[]`),
    notes: text("notes").notNull().default(""),
    reajuste: reajusteKindEnum("reajuste").notNull().default("ipca"),
    fixedRatePpm: integer("fixed_rate_ppm"),
    anniversaryMonth: integer("anniversary_month").notNull(),
    indexWindow: indexWindowEnum("index_window").notNull().default("two_months_before"),
    thirteenth: thirteenthModeEnum("thirteenth").notNull().default("none"),
    thirteenthMonths: integer("thirteenth_months").array().notNull().default(sql`'{}'::integer[]`),
    version: integer("version").notNull().default(1),
    createdBy: uuid("created_by").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("fee_contracts_office_client_idx").on(t.officeId, t.clientId),
    index("fee_contracts_office_start_idx").on(t.officeId, t.startDate, t.id),
    check("fee_contracts_value_positive", sql`${t.monthlyCents} > 0`),
    check("fee_contracts_due_day", sql`${t.dueDay} between 1 and 31`),
    check("fee_contracts_anniversary", sql`${t.anniversaryMonth} between 1 and 12`),
    check("fee_contracts_dates", sql`${t.endDate} is null or ${t.endDate} >= ${t.startDate}`),
  ],
);

export const feeContractEventTypeEnum = pgEnum("fee_contract_event_type", [
  "created",
  "updated",
  "reajuste",
  "ended",
]);

/**
 * The contract's history: values over time. A reajuste row carries its competência and memória;
 * the partial unique index makes a reajuste apply once per (contract, competência).
 */
export const feeContractEvents = pgTable(
  "fee_contract_events",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    officeId: uuid("office_id")
      .notNull()
      .references(() => offices.id),
    contractId: uuid("contract_id")
      .notNull()
      .references(() => feeContracts.id),
    actorId: uuid("actor_id").references(() => users.id),
    type: feeContractEventTypeEnum("type").notNull(),
    /** competência a reajuste takes effect */
    period: text("period"),
    fromCents: bigint("from_cents", { mode: "number" }),
    toCents: bigint("to_cents", { mode: "number" }),
    summary: text("summary").notNull(),
    data: jsonb("data").$type<Record<string, unknown>>().notNull().default({}),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("fee_contract_events_contract_idx").on(t.contractId, t.createdAt),
    uniqueIndex("fee_contract_events_reajuste_key")
      .on(t.contractId, t.period)
      .where(sql`${t.type} = 'reajuste'`),
  ],
);

/** One "Faturar" of a competência (by a person or a bench), with what it created. */
export const feeBillingRuns = pgTable(
  "fee_billing_runs",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    officeId: uuid("office_id")
      .notNull()
      .references(() => offices.id),
    period: text("period").notNull(),
    createdBy: uuid("created_by").references(() => users.id),
    chargesCreated: integer("charges_created").notNull().default(0),
    totalCents: bigint("total_cents", { mode: "number" }).notNull().default(0),
    reajustesApplied: integer("reajustes_applied").notNull().default(0),
    pending: integer("pending").notNull().default(0),
    emailsQueued: integer("emails_queued").notNull().default(0),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("fee_billing_runs_office_period_idx").on(t.officeId, t.period, t.createdAt)],
);
