import { index, integer, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { offices, users } from "./core.js";

/**
 * An import of clients or services from a spreadsheet: the parsed cells wait here (scoped by office
 * and user, until `expires_at`) between the preview and "Importar"; nothing reaches the cadastro
 * before that. Progress is counted here while the batches commit.
 */
export const dataImports = pgTable(
  "data_imports",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    officeId: uuid("office_id")
      .notNull()
      .references(() => offices.id),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    /** "clients" | "services" */
    kind: text("kind").notNull(),
    fileName: text("file_name").notNull(),
    /** "preview" → "importing" → "done" | "failed" */
    status: text("status").notNull().default("preview"),
    headers: jsonb("headers").$type<string[]>().notNull(),
    /** the cells of every data row, as text */
    cells: jsonb("cells").$type<string[][]>().notNull(),
    /** data row index → why the whole row is refused (a cell with a formula) */
    rowNotes: jsonb("row_notes").$type<Record<string, string>>().notNull().default({}),
    /** field → column index */
    mapping: jsonb("mapping").$type<Record<string, number | null>>().notNull(),
    totalRows: integer("total_rows").notNull(),
    processedRows: integer("processed_rows").notNull().default(0),
    createdCount: integer("created_count").notNull().default(0),
    updatedCount: integer("updated_count").notNull().default(0),
    skippedCount: integer("skipped_count").notNull().default(0),
    error: text("error"),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("data_imports_office_idx").on(t.officeId, t.userId, t.createdAt)],
);
