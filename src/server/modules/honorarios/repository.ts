/** SQL of honorários: contracts, índices, history, the charges (debts) of a competência, reports. */
import {
  and,
  asc,
  count,
  desc,
  eq,
  gt,
  inArray,
  isNotNull,
  isNull,
  lte,
  or,
  type SQL,
  sql,
} from "drizzle-orm";
import type { Executor } from "../../db/client.js";
import {
  clients,
  debtCategories,
  debtEvents,
  debts,
  feeBillingRuns,
  feeContractEvents,
  feeContracts,
  feeSettings,
  priceIndexValues,
  services,
  users,
} from "../../db/schema/index.js";
import { containsText } from "../../lib/sql.js";

export type ContractRow = typeof feeContracts.$inferSelect;
export type ContractValues = Omit<
  typeof feeContracts.$inferInsert,
  "id" | "officeId" | "version" | "createdAt" | "updatedAt" | "createdBy"
>;
export type ContractEventRow = typeof feeContractEvents.$inferSelect;
export type FeeDebtRow = typeof debts.$inferSelect;

export interface ContractView {
  contract: ContractRow;
  clientName: string;
  clientEmails: string[];
  categoryName: string;
}

const contractColumns = {
  contract: feeContracts,
  clientName: clients.name,
  clientEmails: clients.emails,
  categoryName: debtCategories.name,
};

/** A contract covers some day of [first, last] */
const activeBetween = (first: string, last: string) =>
  and(
    lte(feeContracts.startDate, last),
    or(isNull(feeContracts.endDate), sql`${feeContracts.endDate} >= ${first}`),
  );

export async function listContracts(
  db: Executor,
  f: {
    officeId: string;
    today: string;
    clientIds?: string[];
    q?: string;
    state: "active" | "ended" | "all";
    limit: number;
    offset: number;
  },
) {
  const where = and(
    eq(feeContracts.officeId, f.officeId),
    f.clientIds ? inArray(feeContracts.clientId, f.clientIds) : undefined,
    f.q ? containsText(clients.name, f.q) : undefined,
    f.state === "active"
      ? or(isNull(feeContracts.endDate), sql`${feeContracts.endDate} >= ${f.today}`)
      : f.state === "ended"
        ? sql`${feeContracts.endDate} < ${f.today}`
        : undefined,
  );
  const [items, [total]] = await Promise.all([
    db
      .select(contractColumns)
      .from(feeContracts)
      .innerJoin(clients, eq(clients.id, feeContracts.clientId))
      .innerJoin(debtCategories, eq(debtCategories.id, feeContracts.categoryId))
      .where(where)
      .orderBy(asc(clients.name), asc(feeContracts.startDate), asc(feeContracts.id))
      .limit(f.limit)
      .offset(f.offset),
    db
      .select({ n: count() })
      .from(feeContracts)
      .innerJoin(clients, eq(clients.id, feeContracts.clientId))
      .where(where),
  ]);
  return { items: items as ContractView[], total: total?.n ?? 0 };
}

export async function findContract(db: Executor, officeId: string, id: string, lock = false) {
  const q = db
    .select(contractColumns)
    .from(feeContracts)
    .innerJoin(clients, eq(clients.id, feeContracts.clientId))
    .innerJoin(debtCategories, eq(debtCategories.id, feeContracts.categoryId))
    .where(and(eq(feeContracts.officeId, officeId), eq(feeContracts.id, id)));
  const [row] = lock ? await q.for("update", { of: feeContracts }) : await q;
  return row as ContractView | undefined;
}

export async function insertContract(db: Executor, officeId: string, createdBy: string, v: ContractValues) {
  const [row] = await db
    .insert(feeContracts)
    .values({ ...v, officeId, createdBy })
    .returning();
  if (!row) throw new Error("insert returned nothing");
  return row;
}

/** Updates when the version matches (optimistic concurrency); undefined otherwise. */
export async function updateContract(
  db: Executor,
  officeId: string,
  id: string,
  version: number,
  v: Partial<ContractValues>,
) {
  const [row] = await db
    .update(feeContracts)
    .set({ ...v, version: sql`${feeContracts.version} + 1`, updatedAt: new Date() })
    .where(
      and(eq(feeContracts.officeId, officeId), eq(feeContracts.id, id), eq(feeContracts.version, version)),
    )
    .returning();
  return row;
}

/** The current value of each readjusted contract, in one statement. */
export async function setMonthlyCents(db: Executor, officeId: string, ids: { id: string; cents: number }[]) {
  if (ids.length === 0) return;
  const rows = sql.join(
    ids.map((r) => sql`(${r.id}::uuid, ${r.cents}::bigint)`),
    sql`, `,
  );
  await db.execute(sql`
    update fee_contracts c set monthly_cents = v.cents, version = c.version + 1, updated_at = now()
    from (values ${rows}) as v(id, cents)
    where c.office_id = ${officeId} and c.id = v.id`);
}

export async function serviceNames(db: Executor, officeId: string, ids: string[]) {
  if (ids.length === 0) return new Map<string, string>();
  const rows = await db
    .select({ id: services.id, name: services.name })
    .from(services)
    .where(and(eq(services.officeId, officeId), inArray(services.id, ids)));
  return new Map(rows.map((r) => [r.id, r.name]));
}

export async function clientOfOffice(db: Executor, officeId: string, id: string) {
  const [row] = await db
    .select({ id: clients.id, active: clients.active })
    .from(clients)
    .where(and(eq(clients.officeId, officeId), eq(clients.id, id)));
  return row;
}

// ---------- history ----------

export async function insertContractEvents(db: Executor, rows: (typeof feeContractEvents.$inferInsert)[]) {
  if (rows.length === 0) return [];
  return db.insert(feeContractEvents).values(rows).onConflictDoNothing().returning();
}

export async function listContractEvents(db: Executor, officeId: string, contractId: string) {
  return db
    .select({ event: feeContractEvents, actorName: users.name })
    .from(feeContractEvents)
    .leftJoin(users, eq(users.id, feeContractEvents.actorId))
    .where(and(eq(feeContractEvents.officeId, officeId), eq(feeContractEvents.contractId, contractId)))
    .orderBy(desc(feeContractEvents.createdAt), desc(feeContractEvents.id));
}

/** The reajustes of these contracts, oldest competência first. */
export async function reajusteEvents(db: Executor, officeId: string, contractIds: string[]) {
  if (contractIds.length === 0) return [];
  return db
    .select()
    .from(feeContractEvents)
    .where(
      and(
        eq(feeContractEvents.officeId, officeId),
        inArray(feeContractEvents.contractId, contractIds),
        eq(feeContractEvents.type, "reajuste"),
      ),
    )
    .orderBy(asc(feeContractEvents.period));
}

// ---------- charges (debts of a contract) ----------

export async function feeCharges(db: Executor, officeId: string, contractIds: string[], period?: string) {
  if (contractIds.length === 0) return [];
  return db
    .select()
    .from(debts)
    .where(
      and(
        eq(debts.officeId, officeId),
        inArray(debts.feeContractId, contractIds),
        period ? eq(debts.feePeriod, period) : undefined,
      ),
    )
    .orderBy(desc(debts.feePeriod), asc(debts.feeKind));
}

/**
 * Inserts the charges; one already billed (same contract, competência and kind — another instance,
 * an earlier run) is skipped by the unique key. Returns only the rows this call created.
 */
export async function insertFeeDebts(db: Executor, values: (typeof debts.$inferInsert)[]) {
  if (values.length === 0) return [];
  return db
    .insert(debts)
    .values(values)
    .onConflictDoNothing({
      target: [debts.feeContractId, debts.feePeriod, debts.feeKind],
      where: isNotNull(debts.feeContractId),
    })
    .returning();
}

export async function insertDebtEvents(db: Executor, rows: (typeof debtEvents.$inferInsert)[]) {
  if (rows.length) await db.insert(debtEvents).values(rows);
}

/**
 * A batch of the contracts covering some day of the competência, after `afterId` in id order,
 * locked when billing (a second instance waits here and then sees what the first created).
 */
export async function contractsOfPeriod(
  db: Executor,
  f: { officeId: string; first: string; last: string; afterId: string | null; limit: number; lock: boolean },
) {
  const q = db
    .select(contractColumns)
    .from(feeContracts)
    .innerJoin(clients, eq(clients.id, feeContracts.clientId))
    .innerJoin(debtCategories, eq(debtCategories.id, feeContracts.categoryId))
    .where(
      and(
        eq(feeContracts.officeId, f.officeId),
        activeBetween(f.first, f.last),
        f.afterId ? gt(feeContracts.id, f.afterId) : undefined,
      ),
    )
    .orderBy(asc(feeContracts.id))
    .limit(f.limit);
  return (f.lock ? await q.for("update", { of: feeContracts }) : await q) as ContractView[];
}

export async function insertBillingRun(db: Executor, v: typeof feeBillingRuns.$inferInsert) {
  await db.insert(feeBillingRuns).values(v);
}

// ---------- índices ----------

export async function listIndexValues(db: Executor, officeId: string, index?: "ipca" | "igpm" | "inpc") {
  return db
    .select()
    .from(priceIndexValues)
    .where(
      and(eq(priceIndexValues.officeId, officeId), index ? eq(priceIndexValues.index, index) : undefined),
    )
    .orderBy(asc(priceIndexValues.index), desc(priceIndexValues.period));
}

export async function findIndexValue(
  db: Executor,
  officeId: string,
  index: "ipca" | "igpm" | "inpc",
  period: string,
) {
  const [row] = await db
    .select()
    .from(priceIndexValues)
    .where(
      and(
        eq(priceIndexValues.officeId, officeId),
        eq(priceIndexValues.index, index),
        eq(priceIndexValues.period, period),
      ),
    );
  return row;
}

/** Inserts a month; returns undefined when the month is already there (typed twice). */
export async function insertIndexValue(db: Executor, v: typeof priceIndexValues.$inferInsert) {
  const [row] = await db.insert(priceIndexValues).values(v).onConflictDoNothing().returning();
  return row;
}

export async function updateIndexValue(
  db: Executor,
  officeId: string,
  index: "ipca" | "igpm" | "inpc",
  period: string,
  ratePpm: number,
) {
  const [row] = await db
    .update(priceIndexValues)
    .set({ ratePpm, updatedAt: new Date() })
    .where(
      and(
        eq(priceIndexValues.officeId, officeId),
        eq(priceIndexValues.index, index),
        eq(priceIndexValues.period, period),
      ),
    )
    .returning();
  return row;
}

export async function upsertIndexValues(db: Executor, rows: (typeof priceIndexValues.$inferInsert)[]) {
  if (rows.length === 0) return;
  await db
    .insert(priceIndexValues)
    .values(rows)
    .onConflictDoUpdate({
      target: [priceIndexValues.officeId, priceIndexValues.index, priceIndexValues.period],
      set: { ratePpm: sql`excluded.rate_ppm`, updatedAt: new Date() },
    });
}

/** Every index rate of the office from `from` on: index → competência → ppm. */
export async function indexRates(db: Executor, officeId: string, from: string) {
  const rows = await db
    .select()
    .from(priceIndexValues)
    .where(and(eq(priceIndexValues.officeId, officeId), sql`${priceIndexValues.period} >= ${from}`));
  const out = new Map<string, Map<string, number>>();
  for (const r of rows) {
    const m = out.get(r.index) ?? new Map<string, number>();
    m.set(r.period, r.ratePpm);
    out.set(r.index, m);
  }
  return out;
}

// ---------- settings ----------

export async function getFeeSettings(db: Executor, officeId: string) {
  const [row] = await db.select().from(feeSettings).where(eq(feeSettings.officeId, officeId));
  return { negativeIndex: row?.negativeIndex ?? ("floor" as const) };
}

export async function saveFeeSettings(db: Executor, officeId: string, negativeIndex: "floor" | "apply") {
  await db
    .insert(feeSettings)
    .values({ officeId, negativeIndex })
    .onConflictDoUpdate({ target: feeSettings.officeId, set: { negativeIndex, updatedAt: new Date() } });
}

// ---------- reports ----------

const sumCents = (expr: SQL) => sql<number>`coalesce(sum(${expr}), 0)`.mapWith(Number);

/** Contracts active on a day with their client and value (carteira). */
export async function activeContractsOn(db: Executor, officeId: string, day: string) {
  return db
    .select({ clientId: feeContracts.clientId, monthlyCents: feeContracts.monthlyCents })
    .from(feeContracts)
    .where(and(eq(feeContracts.officeId, officeId), activeBetween(day, day)));
}

/** Contracts whose last day falls in [first, last] (churn). */
export async function contractsEndedBetween(db: Executor, officeId: string, first: string, last: string) {
  return db
    .select({
      contractId: feeContracts.id,
      clientName: clients.name,
      endDate: feeContracts.endDate,
      monthlyCents: feeContracts.monthlyCents,
    })
    .from(feeContracts)
    .innerJoin(clients, eq(clients.id, feeContracts.clientId))
    .where(
      and(eq(feeContracts.officeId, officeId), sql`${feeContracts.endDate} between ${first} and ${last}`),
    )
    .orderBy(asc(feeContracts.endDate), asc(clients.name));
}

/** What the competência's charges amount to and how much of their principal was received. */
export async function billedVsReceived(db: Executor, officeId: string, period: string) {
  const [row] = await db
    .select({
      billedCents: sumCents(sql`${debts.amountCents}`),
      receivedCents: sumCents(sql`${debts.paidCents}`),
    })
    .from(debts)
    .where(
      and(
        eq(debts.officeId, officeId),
        isNotNull(debts.feeContractId),
        eq(debts.feePeriod, period),
        sql`${debts.state} <> 'cancelled'`,
      ),
    );
  return row ?? { billedCents: 0, receivedCents: 0 };
}

/** Open balances of every debt of the office by client and due date (aging), in SQL totals. */
export async function openBalances(db: Executor, officeId: string) {
  return db
    .select({
      clientId: debts.clientId,
      clientName: clients.name,
      dueDate: debts.dueDate,
      debts: count(),
      balanceCents: sumCents(sql`${debts.amountCents} - ${debts.paidCents}`),
    })
    .from(debts)
    .innerJoin(clients, eq(clients.id, debts.clientId))
    .where(
      and(
        eq(debts.officeId, officeId),
        eq(debts.state, "open"),
        sql`${debts.paidCents} < ${debts.amountCents}`,
      ),
    )
    .groupBy(debts.clientId, clients.name, debts.dueDate);
}
