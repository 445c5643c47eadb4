/**
 * SQL of the finance module. This file holds the reads every part of the module shares (a debt
 * with its names, the settings, the history); list/statement/payment queries live beside them.
 */
import { and, asc, eq, sql } from "drizzle-orm";
import type { Executor } from "../../db/client.js";
import {
  clients,
  debtCategories,
  debtEvents,
  debts,
  officeFinanceSettings,
  offices,
  tickets,
  users,
} from "../../db/schema/index.js";

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
