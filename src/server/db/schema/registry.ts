import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  check,
  index,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { offices } from "./core.js";

const timestamps = {
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
};

export const accountants = pgTable(
  "accountants",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    officeId: uuid("office_id")
      .notNull()
      .references(() => offices.id),
    name: text("name").notNull(),
    crc: text("crc").notNull(),
    cpf: text("cpf").notNull(),
    email: text("email").notNull(),
    phone: text("phone"),
    active: boolean("active").notNull().default(true),
    ...timestamps,
  },
  (t) => [
    index("accountants_office_idx").on(t.officeId, t.name),
    uniqueIndex("accountants_office_crc_key").on(t.officeId, t.crc),
  ],
);

export const services = pgTable(
  "services",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    officeId: uuid("office_id")
      .notNull()
      .references(() => offices.id),
    name: text("name").notNull(),
    priceCents: bigint("price_cents", { mode: "number" }).notNull(),
    active: boolean("active").notNull().default(true),
    ...timestamps,
  },
  (t) => [index("services_office_idx").on(t.officeId, t.name)],
);

export const clients = pgTable(
  "clients",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    officeId: uuid("office_id")
      .notNull()
      .references(() => offices.id),
    name: text("name").notNull(),
    tradeName: text("trade_name"),
    /** normalised CPF (11 digits) or CNPJ (14 characters, alphanumeric allowed) */
    document: text("document").notNull(),
    emails: text("emails").array().notNull().default(sql`'{}'::text[]`),
    phone: text("phone"),
    defaultAccountantId: uuid("default_accountant_id").references(() => accountants.id),
    /** regime tributário: one of TAX_REGIMES (src/shared/brazil.ts) */
    taxRegime: text("tax_regime"),
    /** one of the 27 UFs */
    uf: text("uf"),
    /** the municipality's IBGE code (7 digits, starting with the UF's code) and its name */
    cityIbgeCode: text("city_ibge_code"),
    cityName: text("city_name"),
    active: boolean("active").notNull().default(true),
    ...timestamps,
  },
  (t) => [
    index("clients_office_idx").on(t.officeId, t.name),
    // typo tolerance in the atendimentos search (pg_trgm): "padaira" finds "Padaria Pão Dourado"
    index("clients_office_name_trgm_idx").using(
      "gin",
      t.officeId,
      sql`atende_fts_text(${t.name}) gin_trgm_ops`,
    ),
    uniqueIndex("clients_office_document_key").on(t.officeId, t.document),
    check(
      "clients_tax_regime_check",
      sql`${t.taxRegime} in ('mei', 'simples_nacional', 'lucro_presumido', 'lucro_real', 'pessoa_fisica', 'imune_isenta')`,
    ),
    check(
      "clients_uf_check",
      sql`${t.uf} in ('AC','AL','AM','AP','BA','CE','DF','ES','GO','MA','MG','MS','MT','PA','PB','PE','PI','PR','RJ','RN','RO','RR','RS','SC','SE','SP','TO')`,
    ),
    check("clients_city_ibge_code_check", sql`${t.cityIbgeCode} ~ '^[0-9]{7}$'`),
  ],
);
