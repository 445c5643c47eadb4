/**
 * Obrigações e prazos (issue 15, ADR 0019): the office's recurring duties per client (DAS, DCTFWeb…),
 * the office's fiscal-calendar settings and its own holidays. The generated atendimentos are tickets
 * rows with obligation_id, period, legal_due_date and target_date (see tickets.ts).
 */
import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  check,
  date,
  index,
  integer,
  pgTable,
  text,
  timestamp,
  uuid,
} from "drizzle-orm/pg-core";
import { offices, users } from "./core.js";
import { services } from "./registry.js";

const timestamps = {
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
};

/** Per-office calendar settings: the pontos facultativos the office treats as non-business days. */
export const fiscalCalendarSettings = pgTable("fiscal_calendar_settings", {
  officeId: uuid("office_id")
    .primaryKey()
    .references(() => offices.id),
  carnaval: boolean("carnaval").notNull().default(true),
  corpusChristi: boolean("corpus_christi").notNull().default(false),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/** A holiday the office adds: for every client, a UF's or one município's; one day or every year. */
export const officeHolidays = pgTable(
  "office_holidays",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    officeId: uuid("office_id")
      .notNull()
      .references(() => offices.id),
    date: date("date", { mode: "string" }).notNull(),
    recurring: boolean("recurring").notNull().default(false),
    name: text("name").notNull(),
    uf: text("uf"),
    cityIbgeCode: text("city_ibge_code"),
    ...timestamps,
  },
  (t) => [index("office_holidays_office_idx").on(t.officeId, t.date)],
);

export const obligations = pgTable(
  "obligations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    officeId: uuid("office_id")
      .notNull()
      .references(() => offices.id),
    name: text("name").notNull(),
    /** fiscal, contabil, pessoal, societario */
    department: text("department").notNull(),
    /** applies to the clients of these regimes (TAX_REGIMES)… */
    taxRegimes: text("tax_regimes").array().notNull().default(sql`'{}'::text[]`),
    /** …and to these chosen clients */
    clientIds: uuid("client_ids").array().notNull().default(sql`'{}'::uuid[]`),
    /** monthly, quarterly, yearly, custom */
    periodicity: text("periodicity").notNull(),
    /** the competência months (1..12) it applies to, derived from the periodicity */
    months: integer("months").array().notNull(),
    offsetMonths: integer("offset_months").notNull(),
    legalDay: integer("legal_day").notNull(),
    /** before (antecipar) | after (prorrogar) */
    shift: text("shift").notNull(),
    targetBusinessDays: integer("target_business_days").notNull().default(0),
    assigneeId: uuid("assignee_id").references(() => users.id),
    serviceId: uuid("service_id").references(() => services.id),
    amountCents: bigint("amount_cents", { mode: "number" }).notNull().default(0),
    checklist: text("checklist").array().notNull().default(sql`'{}'::text[]`),
    active: boolean("active").notNull().default(true),
    /** deleted by the office: no more generation; the atendimentos already generated are kept */
    deletedAt: timestamp("deleted_at", { withTimezone: true }),
    ...timestamps,
  },
  (t) => [
    index("obligations_office_idx").on(t.officeId, t.name),
    check("obligations_legal_day_check", sql`${t.legalDay} between 1 and 31`),
    check("obligations_offset_check", sql`${t.offsetMonths} between 0 and 12`),
    check("obligations_target_check", sql`${t.targetBusinessDays} between 0 and 20`),
    check("obligations_shift_check", sql`${t.shift} in ('before', 'after')`),
  ],
);

/** Last competência generated per office by the scheduled job (one run per office and competência). */
export const obligationRuns = pgTable(
  "obligation_runs",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    officeId: uuid("office_id")
      .notNull()
      .references(() => offices.id),
    period: text("period").notNull(),
    created: integer("created").notNull(),
    /** null: the scheduled job */
    actorId: uuid("actor_id").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("obligation_runs_office_idx").on(t.officeId, t.period)],
);
