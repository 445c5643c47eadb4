import { and, eq, inArray, lt, sql } from "drizzle-orm";
import type { Executor } from "../../db/client.js";
import { accountants, clients, dataImports, services } from "../../db/schema/index.js";
import type { ClientImportValues, ServiceImportValues } from "./evaluate.js";
import { accountantNameKey, crcKey, serviceKey } from "./evaluate.js";

export type ImportRow = typeof dataImports.$inferSelect;
export type NewImport = Omit<typeof dataImports.$inferInsert, "id" | "createdAt" | "updatedAt">;

export async function insert(db: Executor, v: NewImport) {
  const [row] = await db.insert(dataImports).values(v).returning();
  return row as ImportRow;
}

/** An import of this person in this office that has not expired; `lock` holds it for one batch. */
export async function find(db: Executor, officeId: string, userId: string, id: string, lock = false) {
  const q = db
    .select()
    .from(dataImports)
    .where(
      and(
        eq(dataImports.officeId, officeId),
        eq(dataImports.userId, userId),
        eq(dataImports.id, id),
        sql`${dataImports.expiresAt} > now()`,
      ),
    );
  const [row] = lock ? await q.for("update") : await q;
  return row;
}

export async function update(db: Executor, id: string, v: Partial<NewImport>) {
  await db
    .update(dataImports)
    .set({ ...v, updatedAt: new Date() })
    .where(eq(dataImports.id, id));
}

/** Expired imports of the office: their cells are not kept longer than needed. */
export async function deleteExpired(db: Executor, officeId: string) {
  await db
    .delete(dataImports)
    .where(and(eq(dataImports.officeId, officeId), lt(dataImports.expiresAt, new Date())));
}

/** folded name and CRC → id of the office's accountants */
export async function accountantKeys(db: Executor, officeId: string) {
  const rows = await db
    .select({ id: accountants.id, name: accountants.name, crc: accountants.crc })
    .from(accountants)
    .where(eq(accountants.officeId, officeId));
  const out = new Map<string, string>();
  for (const r of rows) {
    out.set(crcKey(r.crc), r.id);
    out.set(accountantNameKey(r.name), r.id);
  }
  return out;
}

export async function existingClientDocuments(db: Executor, officeId: string, docs: string[]) {
  const out = new Set<string>();
  for (let i = 0; i < docs.length; i += 5000) {
    const rows = await db
      .select({ d: clients.document })
      .from(clients)
      .where(and(eq(clients.officeId, officeId), inArray(clients.document, docs.slice(i, i + 5000))));
    for (const r of rows) out.add(r.d);
  }
  return out;
}

/** folded service name → id (the oldest service of that name) */
export async function serviceKeys(db: Executor, officeId: string) {
  const rows = await db
    .select({ id: services.id, name: services.name })
    .from(services)
    .where(eq(services.officeId, officeId))
    .orderBy(services.createdAt);
  const out = new Map<string, string>();
  for (const r of rows) if (!out.has(serviceKey(r.name))) out.set(serviceKey(r.name), r.id);
  return out;
}

const CLIENT_COLUMNS: Record<keyof ClientImportValues, string> = {
  name: "name",
  tradeName: "trade_name",
  document: "document",
  emails: "emails",
  phone: "phone",
  defaultAccountantId: "default_accountant_id",
  taxRegime: "tax_regime",
  uf: "uf",
  cityIbgeCode: "city_ibge_code",
  cityName: "city_name",
};

/**
 * Inserts new clients and updates existing ones by CNPJ/CPF in one statement: re-importing the same
 * file never duplicates. Only the columns the person mapped (`fields`) are overwritten on update.
 * Returns how many rows were created and updated.
 */
export async function upsertClients(
  db: Executor,
  officeId: string,
  rows: ClientImportValues[],
  fields: (keyof ClientImportValues)[],
) {
  if (rows.length === 0) return { created: 0, updated: 0 };
  const set: Record<string, unknown> = { updatedAt: sql`now()` };
  for (const f of fields) {
    if (f === "document") continue;
    set[f] = sql.raw(`excluded.${CLIENT_COLUMNS[f]}`);
  }
  const out = await db
    .insert(clients)
    .values(rows.map((r) => ({ ...r, officeId, active: true })))
    .onConflictDoUpdate({ target: [clients.officeId, clients.document], set })
    .returning({ inserted: sql<boolean>`(xmax = 0)` });
  const created = out.filter((r) => r.inserted).length;
  return { created, updated: out.length - created };
}

/** New services inserted, existing ones (same name, case and accents aside) get the new price. */
export async function upsertServices(db: Executor, officeId: string, rows: ServiceImportValues[]) {
  if (rows.length === 0) return { created: 0, updated: 0 };
  const known = await serviceKeys(db, officeId);
  const fresh = rows.filter((r) => !known.has(serviceKey(r.name)));
  const existing = rows.filter((r) => known.has(serviceKey(r.name)));
  if (fresh.length > 0) {
    await db.insert(services).values(fresh.map((r) => ({ ...r, officeId, active: true })));
  }
  for (const r of existing) {
    await db
      .update(services)
      .set({ name: r.name, priceCents: r.priceCents, updatedAt: new Date() })
      .where(and(eq(services.officeId, officeId), eq(services.id, known.get(serviceKey(r.name)) as string)));
  }
  return { created: fresh.length, updated: existing.length };
}
