/**
 * SQL of the finance module. This file holds the reads every part of the module shares (a debt
 * with its names, the settings, the history); list/statement/payment queries live beside them.
 */
import {
  aliasedTable,
  and,
  asc,
  count,
  desc,
  eq,
  gte,
  inArray,
  isNull,
  lte,
  or,
  type SQL,
  sql,
} from "drizzle-orm";
import type { PageQuery } from "../../../shared/api.js";
import type { DebtStatus } from "../../../shared/finance.js";
import type { Executor } from "../../db/client.js";
import {
  clients,
  debtCategories,
  debtEvents,
  debts,
  officeFinanceSettings,
  offices,
  payments,
  receiptCounters,
  tickets,
  users,
} from "../../db/schema/index.js";
import { activeFilter, containsText, offsetOf } from "../../lib/sql.js";

export type DebtRecord = typeof debts.$inferSelect;
export type FinanceSettingsRow = typeof officeFinanceSettings.$inferSelect;
export type DebtEventType = (typeof debtEvents.$inferInsert)["type"];

/** Defaults until the office saves its settings (multa 2%, juros 1% a.m., régua -3/+1/+7). */
export function defaultFinanceSettings(officeId: string): FinanceSettingsRow {
  return {
    officeId,
    pixKey: null,
    pixMerchantName: null,
    pixMerchantCity: null,
    lateFeeBp: 200,
    monthlyInterestBp: 100,
    remindersEnabled: true,
    reminderOffsets: [-3, 1, 7],
    updatedAt: new Date(0),
  };
}

export async function getFinanceSettings(db: Executor, officeId: string): Promise<FinanceSettingsRow> {
  const [row] = await db
    .select()
    .from(officeFinanceSettings)
    .where(eq(officeFinanceSettings.officeId, officeId));
  return row ?? defaultFinanceSettings(officeId);
}

/** The columns a debt is shown with: its client, category and atendimento. */
export const debtColumns = {
  debt: debts,
  clientName: clients.name,
  clientDocument: clients.document,
  clientEmails: clients.emails,
  categoryName: debtCategories.name,
  ticketProtocolYear: tickets.protocolYear,
  ticketProtocolSeq: tickets.protocolSeq,
};
export interface DebtView {
  debt: DebtRecord;
  clientName: string;
  clientDocument: string;
  clientEmails: string[];
  categoryName: string;
  ticketProtocolYear: number | null;
  ticketProtocolSeq: number | null;
}

export async function findDebt(db: Executor, officeId: string, id: string): Promise<DebtView | undefined> {
  const [row] = await db
    .select(debtColumns)
    .from(debts)
    .innerJoin(clients, eq(clients.id, debts.clientId))
    .innerJoin(debtCategories, eq(debtCategories.id, debts.categoryId))
    .leftJoin(tickets, eq(tickets.id, debts.ticketId))
    .where(and(eq(debts.officeId, officeId), eq(debts.id, id)));
  return row;
}

/** The debt locked for the rest of the transaction: payments on one debt are serialised here. */
export async function lockDebt(db: Executor, officeId: string, id: string): Promise<DebtRecord | undefined> {
  const [row] = await db
    .select()
    .from(debts)
    .where(and(eq(debts.officeId, officeId), eq(debts.id, id)))
    .for("update");
  return row;
}

export async function insertDebtEvent(
  db: Executor,
  e: {
    officeId: string;
    debtId: string;
    actorId: string | null;
    type: DebtEventType;
    summary: string;
    data?: Record<string, unknown>;
  },
) {
  await db.insert(debtEvents).values({ ...e, data: e.data ?? {} });
}

export async function listDebtEvents(db: Executor, officeId: string, debtId: string) {
  return db
    .select({
      id: debtEvents.id,
      type: debtEvents.type,
      summary: debtEvents.summary,
      createdAt: debtEvents.createdAt,
      actorId: users.id,
      actorName: users.name,
    })
    .from(debtEvents)
    .leftJoin(users, eq(users.id, debtEvents.actorId))
    .where(and(eq(debtEvents.officeId, officeId), eq(debtEvents.debtId, debtId)))
    .orderBy(asc(debtEvents.createdAt), asc(debtEvents.id));
}

export async function officeName(db: Executor, officeId: string): Promise<string> {
  const [row] = await db.select({ name: offices.name }).from(offices).where(eq(offices.id, officeId));
  return row?.name ?? "";
}

/** The office's three starting categories (also inserted for existing offices by migration 0005). */
export async function insertDefaultCategories(db: Executor, officeId: string) {
  await db
    .insert(debtCategories)
    .values(["Honorários", "Serviço avulso", "Reembolso de taxas"].map((name) => ({ officeId, name })))
    .onConflictDoNothing();
}

/** Sum of the open balances of the debts posted from each atendimento (the grid's indicator). */
export function openDebtCentsOf(ticketId: unknown) {
  return sql<number>`coalesce((select sum(d.amount_cents - d.paid_cents) from debts d where d.ticket_id = ${ticketId} and d.state = 'open'), 0)`.mapWith(
    Number,
  );
}

// ---------- categories (cadastro) ----------

export type CategoryRow = typeof debtCategories.$inferSelect;
export type CategoryValues = Pick<CategoryRow, "name" | "active">;

export async function listCategories(db: Executor, officeId: string, q: PageQuery) {
  const where = and(
    eq(debtCategories.officeId, officeId),
    activeFilter(debtCategories.active, q.active),
    q.q ? containsText(debtCategories.name, q.q) : undefined,
  );
  const [items, [total]] = await Promise.all([
    db
      .select()
      .from(debtCategories)
      .where(where)
      .orderBy(asc(debtCategories.name), asc(debtCategories.id))
      .limit(q.pageSize)
      .offset(offsetOf(q)),
    db.select({ n: count() }).from(debtCategories).where(where),
  ]);
  return { items, total: total?.n ?? 0 };
}

export async function findCategory(db: Executor, officeId: string, id: string) {
  const [row] = await db
    .select()
    .from(debtCategories)
    .where(and(eq(debtCategories.officeId, officeId), eq(debtCategories.id, id)));
  return row;
}

export async function insertCategory(db: Executor, officeId: string, v: CategoryValues) {
  const [row] = await db
    .insert(debtCategories)
    .values({ ...v, officeId })
    .returning();
  return row as CategoryRow;
}

export async function updateCategory(db: Executor, officeId: string, id: string, v: CategoryValues) {
  const [row] = await db
    .update(debtCategories)
    .set({ ...v, updatedAt: new Date() })
    .where(and(eq(debtCategories.officeId, officeId), eq(debtCategories.id, id)))
    .returning();
  return row;
}

// ---------- settings ----------

export async function saveFinanceSettings(
  db: Executor,
  officeId: string,
  v: Omit<FinanceSettingsRow, "officeId" | "updatedAt">,
): Promise<FinanceSettingsRow> {
  const values = { ...v, updatedAt: new Date() };
  const [row] = await db
    .insert(officeFinanceSettings)
    .values({ ...values, officeId })
    .onConflictDoUpdate({ target: officeFinanceSettings.officeId, set: values })
    .returning();
  if (!row) throw new Error("settings upsert returned nothing");
  return row;
}

// ---------- Movimentar ----------

/** The txids of the list already used by a debt of the office. */
export async function takenTxids(db: Executor, officeId: string, txids: string[]): Promise<string[]> {
  if (txids.length === 0) return [];
  const rows = await db
    .select({ txid: debts.txid })
    .from(debts)
    .where(and(eq(debts.officeId, officeId), inArray(debts.txid, txids)));
  return rows.map((r) => r.txid);
}

export async function insertDebts(db: Executor, values: (typeof debts.$inferInsert)[]) {
  return db.insert(debts).values(values).returning();
}

/**
 * A debt was posted from the atendimento: it has been "movimentado" (Notificar turns grey) and
 * changed for the grid's "updated" order. Its version stays: no field of the form changed.
 */
export async function markTicketMoved(db: Executor, officeId: string, ticketId: string) {
  await db
    .update(tickets)
    .set({ touchedAt: sql`coalesce(${tickets.touchedAt}, now())`, updatedAt: new Date() })
    .where(and(eq(tickets.officeId, officeId), eq(tickets.id, ticketId)));
}

// ---------- contas a receber (list with totals) ----------

export interface DebtListFilter {
  officeId: string;
  /** the office's day, for the shown status */
  today: string;
  statuses: DebtStatus[];
  clientId?: string;
  ticketId?: string;
  dueFrom?: string;
  dueTo?: string;
  q?: string;
  sort: "dueDate" | "amount" | "client" | "createdAt";
  order: "asc" | "desc";
  limit: number;
  offset: number;
}

/**
 * The shown status in SQL: the same exclusive rule as debtStatus() in shared/finance.ts —
 * cancelled; paid; overdue (open balance, due before today); partially paid; open.
 */
export function debtStatusCondition(status: DebtStatus, today: string): SQL {
  const owing = sql`${debts.state} = 'open' and ${debts.paidCents} < ${debts.amountCents}`;
  switch (status) {
    case "cancelled":
      return sql`${debts.state} = 'cancelled'`;
    case "paid":
      return sql`(${debts.state} = 'paid' or (${debts.state} = 'open' and ${debts.paidCents} >= ${debts.amountCents}))`;
    case "overdue":
      return sql`(${owing} and ${debts.dueDate} < ${today})`;
    case "partially_paid":
      return sql`(${owing} and ${debts.dueDate} >= ${today} and ${debts.paidCents} > 0)`;
    case "open":
      return sql`(${owing} and ${debts.dueDate} >= ${today} and ${debts.paidCents} = 0)`;
  }
}

const debtSortColumns = {
  dueDate: debts.dueDate,
  amount: debts.amountCents,
  client: clients.name,
  createdAt: debts.createdAt,
} as const;

const sumCents = (expr: SQL) => sql<number>`coalesce(sum(${expr}), 0)`.mapWith(Number);

/** Contas a receber's filters as one condition (needs `clients` joined): the list and the export share it. */
export function debtListWhere(f: Omit<DebtListFilter, "sort" | "order" | "limit" | "offset">) {
  return and(
    eq(debts.officeId, f.officeId),
    f.statuses.length ? or(...f.statuses.map((s) => debtStatusCondition(s, f.today))) : undefined,
    f.clientId ? eq(debts.clientId, f.clientId) : undefined,
    f.ticketId ? eq(debts.ticketId, f.ticketId) : undefined,
    f.dueFrom ? gte(debts.dueDate, f.dueFrom) : undefined,
    f.dueTo ? lte(debts.dueDate, f.dueTo) : undefined,
    f.q ? or(containsText(debts.description, f.q), containsText(clients.name, f.q)) : undefined,
  );
}

function debtOrderBy(f: Pick<DebtListFilter, "sort" | "order">) {
  const dir = f.order === "asc" ? asc : desc;
  return [dir(debtSortColumns[f.sort]), dir(debts.id)];
}

/** Every id of Contas a receber as filtered, in its order: an export reads the rows in batches. */
export async function exportDebtIds(
  db: Executor,
  f: Omit<DebtListFilter, "limit" | "offset">,
): Promise<string[]> {
  const rows = await db
    .select({ id: debts.id })
    .from(debts)
    .innerJoin(clients, eq(clients.id, debts.clientId))
    .where(debtListWhere(f))
    .orderBy(...debtOrderBy(f));
  return rows.map((r) => r.id);
}

/** The debts of these ids with their names, in the order given. */
export async function debtsByIds(db: Executor, officeId: string, ids: string[]): Promise<DebtView[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .select(debtColumns)
    .from(debts)
    .innerJoin(clients, eq(clients.id, debts.clientId))
    .innerJoin(debtCategories, eq(debtCategories.id, debts.categoryId))
    .leftJoin(tickets, eq(tickets.id, debts.ticketId))
    .where(and(eq(debts.officeId, officeId), inArray(debts.id, ids)));
  const byId = new Map(rows.map((r) => [r.debt.id, r as DebtView]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

export async function listDebts(db: Executor, f: DebtListFilter) {
  const where = debtListWhere(f);
  const [items, [totals]] = await Promise.all([
    db
      .select(debtColumns)
      .from(debts)
      .innerJoin(clients, eq(clients.id, debts.clientId))
      .innerJoin(debtCategories, eq(debtCategories.id, debts.categoryId))
      .leftJoin(tickets, eq(tickets.id, debts.ticketId))
      .where(where)
      .orderBy(...debtOrderBy(f))
      .limit(f.limit)
      .offset(f.offset),
    db
      .select({
        count: count(),
        amountCents: sumCents(sql`${debts.amountCents}`),
        paidCents: sumCents(sql`${debts.paidCents}`),
        balanceCents: sumCents(
          sql`case when ${debts.state} = 'cancelled' then 0 else ${debts.amountCents} - ${debts.paidCents} end`,
        ),
      })
      .from(debts)
      .innerJoin(clients, eq(clients.id, debts.clientId))
      .where(where),
  ]);
  return {
    items: items as DebtView[],
    totals: totals ?? { count: 0, amountCents: 0, paidCents: 0, balanceCents: 0 },
  };
}

// ---------- payments (baixa, estorno) ----------

export type PaymentRecord = typeof payments.$inferSelect;

/** Next receipt number of the office in the year; the counter row serialises concurrent payments. */
export async function nextReceiptSeq(db: Executor, officeId: string, year: number): Promise<number> {
  const [row] = await db
    .insert(receiptCounters)
    .values({ officeId, year, lastSeq: 1 })
    .onConflictDoUpdate({
      target: [receiptCounters.officeId, receiptCounters.year],
      set: { lastSeq: sql`${receiptCounters.lastSeq} + 1` },
    })
    .returning({ seq: receiptCounters.lastSeq });
  if (!row) throw new Error("receipt counter did not return a value");
  return row.seq;
}

export async function insertPayment(db: Executor, values: typeof payments.$inferInsert) {
  const [row] = await db.insert(payments).values(values).returning();
  if (!row) throw new Error("insert returned nothing");
  return row;
}

/**
 * Adds principal settled (negative for a reversal) to a locked debt: paid when nothing is left,
 * open again otherwise. Relative to the stored value, so the CHECK debts_paid_in_range refuses an
 * overpayment even if a caller forgot the lock.
 */
export async function addPaidCents(db: Executor, officeId: string, id: string, deltaCents: number) {
  const settled = sql`${debts.paidCents} + ${deltaCents} >= ${debts.amountCents}`;
  const [row] = await db
    .update(debts)
    .set({
      paidCents: sql`${debts.paidCents} + ${deltaCents}`,
      state: sql`case when ${settled} then 'paid'::debt_state else 'open'::debt_state end`,
      paidAt: sql`case when ${settled} then now() else null end`,
      version: sql`${debts.version} + 1`,
      updatedAt: new Date(),
    })
    .where(and(eq(debts.officeId, officeId), eq(debts.id, id)))
    .returning();
  if (!row) throw new Error("update of a locked debt returned nothing");
  return row;
}

export async function cancelDebtRow(db: Executor, officeId: string, id: string, reason: string) {
  const now = new Date();
  const [row] = await db
    .update(debts)
    .set({
      state: "cancelled",
      cancelReason: reason,
      cancelledAt: now,
      version: sql`${debts.version} + 1`,
      updatedAt: now,
    })
    .where(and(eq(debts.officeId, officeId), eq(debts.id, id)))
    .returning();
  if (!row) throw new Error("update of a locked debt returned nothing");
  return row;
}

export async function findPayment(db: Executor, officeId: string, id: string) {
  const [row] = await db
    .select()
    .from(payments)
    .where(and(eq(payments.officeId, officeId), eq(payments.id, id)));
  return row;
}

export async function markPaymentReversed(
  db: Executor,
  officeId: string,
  id: string,
  v: { by: string; reason: string },
) {
  const [row] = await db
    .update(payments)
    .set({ reversedAt: new Date(), reversedBy: v.by, reversalReason: v.reason })
    .where(and(eq(payments.officeId, officeId), eq(payments.id, id), isNull(payments.reversedAt)))
    .returning();
  return row;
}

const payer = aliasedTable(users, "payment_creator");
const reverser = aliasedTable(users, "payment_reverser");

/** The payments of a debt, newest first, with who registered and who reversed them. */
export async function listPayments(db: Executor, officeId: string, debtId: string) {
  const rows = await db
    .select({
      payment: payments,
      createdByName: payer.name,
      reversedByName: reverser.name,
    })
    .from(payments)
    .leftJoin(payer, eq(payer.id, payments.createdBy))
    .leftJoin(reverser, eq(reverser.id, payments.reversedBy))
    .where(and(eq(payments.officeId, officeId), eq(payments.debtId, debtId)))
    .orderBy(desc(payments.createdAt), desc(payments.receiptYear), desc(payments.receiptSeq));
  // Drizzle cannot type a select over two aliases of one table; the shape is the one selected above
  return rows as unknown as PaymentView[];
}
export interface PaymentView {
  payment: PaymentRecord;
  createdByName: string | null;
  reversedByName: string | null;
}

// ---------- extrato do cliente ----------

export async function findClient(db: Executor, officeId: string, id: string) {
  const [row] = await db
    .select({ id: clients.id, name: clients.name, document: clients.document })
    .from(clients)
    .where(and(eq(clients.officeId, officeId), eq(clients.id, id)));
  return row;
}

/** Every debt and every payment of a client: the statement is built from them. */
export async function statementRows(db: Executor, officeId: string, clientId: string) {
  const [debtRows, paymentRows] = await Promise.all([
    db
      .select()
      .from(debts)
      .where(and(eq(debts.officeId, officeId), eq(debts.clientId, clientId)))
      .orderBy(asc(debts.createdAt), asc(debts.installmentNumber), asc(debts.id)),
    db
      .select({ payment: payments })
      .from(payments)
      .innerJoin(debts, eq(debts.id, payments.debtId))
      .where(and(eq(payments.officeId, officeId), eq(debts.clientId, clientId)))
      .orderBy(asc(payments.createdAt), asc(payments.id)),
  ]);
  return { debts: debtRows, payments: paymentRows.map((r) => r.payment) };
}
